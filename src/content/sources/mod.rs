//! The one reader: the site's source files, parsed one by one, kept between rebuilds.
//!
//! `build` and `check` read the folder once through [`Sources::load`]; `serve` keeps the
//! [`Sources`] and, after an edit, reads again only the files that changed; the editor asks what
//! the content would be if one file held its unsaved text ([`Sources::with_text`]). All three get
//! their [`Content`] and errors from [`Sources::partial`], so they report exactly the same
//! problems. It knows nothing of pages: what to render again is the registry's business.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

mod parts;
mod touched;

use super::{Area, Content, Entry, EntryContext, Item, KindOf, Page, Reading, Role};
use crate::config::Config;
use crate::content;
use crate::error::{Diagnostic, Diagnostics};
use parts::Parts;
pub use touched::Touched;

/// What the editor will write along with a file it tries: documents it will upload (as their
/// paths under `content/`), and other files with their text (a measure's figures).
#[derive(Debug, Default, Clone)]
pub struct Unsaved {
    /// Documents, by path under `content/`: taken as there.
    pub documents: BTreeSet<String>,
    /// Files by path relative to the site root, with their text.
    pub files: BTreeMap<PathBuf, String>,
}

/// One file under `content/`, as it was last read.
#[derive(Clone)]
enum Parsed {
    Home(Result<Page, Diagnostic>),
    /// A file of one of the kinds.
    Item(Item),
    /// A file of a kind checked against the site that cannot be checked while `site.toml` has
    /// errors; read again once it is fixed.
    Unchecked(KindOf),
    /// A measure's figures file: read by the measure that names it.
    Data,
    Asset(String),
    /// A file that is not allowed where it is (a link), or a folder that cannot be read.
    Problem(Diagnostic),
}

/// A path relative to the site root, in the order `Path` gives (part by part), found by
/// comparing bytes with `/` below every other byte: the same order, without splitting both paths
/// into parts at every comparison, which was most of the time a large site took to load.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Key(PathBuf);

impl Ord for Key {
    fn cmp(&self, other: &Key) -> std::cmp::Ordering {
        fn bytes(k: &Key) -> impl Iterator<Item = u8> + '_ {
            let b = k.0.as_os_str().as_encoded_bytes();
            b.iter().map(|&c| if c == b'/' { 0 } else { c })
        }
        bytes(self).cmp(bytes(other))
    }
}

impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Key) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Looked up by `&Path`, whose order is the same.
impl std::borrow::Borrow<Path> for Key {
    fn borrow(&self) -> &Path {
        &self.0
    }
}

/// What kind of file a path is, when the walk that found it said (a link is not followed).
type Kind = Option<std::fs::FileType>;

/// Every source file of a site, parsed, keyed by its path relative to the site root.
#[derive(Clone)]
pub struct Sources {
    root: PathBuf,
    config: Result<Config, Vec<Diagnostic>>,
    files: BTreeMap<Key, Parsed>,
}

impl Sources {
    /// Reads and parses every source file under `root`.
    pub fn load(root: &Path) -> Sources {
        let mut sources = Sources {
            root: root.to_path_buf(),
            config: Err(Vec::new()),
            files: BTreeMap::new(),
        };
        // Nothing to tell anyone about what changed: every file is new.
        let everything = BTreeSet::from([PathBuf::from("content")]);
        sources.read_again(&everything, true, false);
        sources
    }

    /// Reads again the files at (or under) `paths`, and `site.toml` if `config` is set; forgets
    /// files that are gone. Entries are checked again when what they are checked against changes.
    pub fn update(&mut self, paths: &BTreeSet<PathBuf>, config: bool) -> Touched {
        self.read_again(paths, config, true)
    }

    /// [`Sources::update`]; `record`: note what was read in the `Touched` (not on a first load,
    /// where every file is new and every entry is read anyway).
    fn read_again(&mut self, paths: &BTreeSet<PathBuf>, config: bool, record: bool) -> Touched {
        let mut touched = Touched {
            config,
            ..Touched::default()
        };
        if config {
            self.config = Config::load(&self.root);
        }
        let mut found_files: Vec<(Key, Kind)> = Vec::new();
        for path in paths {
            self.forget_missing(path, &mut touched);
            touched.problems |= self.forget_problems(path);
            for found in self.files_at(path) {
                match found {
                    Ok((file, kind)) => found_files.push((Key(file), kind)),
                    Err(problem) => {
                        touched.problems = true;
                        self.files
                            .insert(Key(problem.file.clone()), Parsed::Problem(problem));
                    }
                }
            }
        }
        // Ten thousand files are sorted and told apart as a list, each path's role worked out
        // once, and made maps in one step (a map built from a sorted list is built in order, not
        // searched ten thousand times).
        found_files.sort_by(|a, b| a.0.cmp(&b.0));
        found_files.dedup_by(|a, b| a.0.cmp(&b.0).is_eq());
        let areas_before = self.area_slugs();
        let (areas, rest): (Vec<_>, Vec<_>) = found_files
            .into_iter()
            .map(|(key, kind)| {
                let role = role(&key.0);
                (key, kind, role)
            })
            .partition(|(_, _, role)| *role == Role::Kind(KindOf::Area));
        self.read(
            areas.into_iter().map(|(k, t, _)| (k.0, t)).collect(),
            record.then_some(&mut touched),
        );
        let mut assets = touched.assets.clone();
        assets.extend(
            (rest.iter())
                .filter(|(_, _, role)| *role == Role::Asset)
                .map(|(p, _, _)| content::asset_path(under_content(&p.0))),
        );
        let data: BTreeSet<PathBuf> = (rest.iter())
            .filter(|(_, _, role)| *role == Role::Data)
            .map(|(p, _, _)| p.0.clone())
            .chain(touched.data.iter().cloned())
            .collect();
        let mut rest: BTreeMap<Key, Kind> = rest.into_iter().map(|(k, t, _)| (k, t)).collect();
        let unknown = |paths: Vec<PathBuf>| paths.into_iter().map(|p| (Key(p), None));
        if config || self.area_slugs() != areas_before {
            // Every file checked against the site is read again: on the first load, each is in
            // `rest` already.
            if record {
                rest.extend(unknown(
                    self.paths_where(|_, kind| kind.checked_against_site()),
                ));
            }
        }
        // A file copied as it is or a figures file changed, came or went: the files that use or
        // read it are read again, and those with errors (they may name it).
        if !assets.is_empty() || !data.is_empty() {
            rest.extend(unknown(self.paths_where(|item, _| {
                item.map_or(true, |item| {
                    item.errors().is_some()
                        || assets.iter().any(|a| item.uses(a))
                        || item.reads().is_some_and(|d| data.contains(d))
                })
            })));
        }
        self.read(
            rest.into_iter().map(|(k, t)| (k.0, t)).collect(),
            record.then_some(&mut touched),
        );
        self.check_content_folder();
        touched
    }

    /// The content as the folder holds it now: every file that is valid, beside the errors of
    /// those that are not, so that checks across files still run and report in the same pass.
    /// The content is `None` only when `site.toml` itself cannot be read.
    pub fn partial(&self) -> (Option<Content>, Diagnostics) {
        self.assemble(None)
    }

    /// The content, or every error: what `build` refuses to build.
    pub fn content(&self) -> Result<Content, Diagnostics> {
        match self.partial() {
            (Some(content), diagnostics) if !diagnostics.has_errors() => Ok(content),
            (_, diagnostics) => Err(diagnostics),
        }
    }

    /// The partial content with the file at `over.0` taken as parsed to `over.1`.
    fn assemble(&self, over: Option<(&Path, &Parsed)>) -> (Option<Content>, Diagnostics) {
        let mut diagnostics = Diagnostics::new();
        let mut parts = Parts::default();
        let new_file = over.filter(|(path, _)| !self.files.contains_key(*path));
        let files = self.files.iter().map(|(Key(path), parsed)| match over {
            Some((p, o)) if p == path => (path.as_path(), o),
            _ => (path.as_path(), parsed),
        });
        for (path, parsed) in files.chain(new_file) {
            parts.add(path, parsed, &mut diagnostics);
        }
        if new_file.is_some() {
            parts.sort();
        }
        let config = match &self.config {
            Ok(config) => config.clone(),
            Err(errors) => {
                diagnostics.extend(errors.iter().cloned());
                return (None, diagnostics);
            }
        };
        (Some(parts.into_content(config)), diagnostics)
    }

    /// The settings, when `site.toml` is valid.
    pub fn config(&self) -> Option<&Config> {
        self.config.as_ref().ok()
    }

    /// Every file as last read, by path relative to the site root: what the editor lists.
    pub fn files(&self) -> impl Iterator<Item = (&PathBuf, Known<'_>)> {
        self.files
            .iter()
            .map(|(Key(path), parsed)| (path, known(parsed)))
    }

    /// The file at `path` (relative to the site root), if the preview has read one there.
    pub fn get(&self, path: &Path) -> Option<Known<'_>> {
        self.files.get(path).map(known)
    }

    /// The content as it would be if the file at `path` held `text` (files the editor will write
    /// with it, `unsaved`, taken as there), partial as [`Sources::partial`] gives it, and the
    /// warnings of reading the text.
    pub fn with_text(
        &self,
        path: &Path,
        text: crate::source::Text,
        unsaved: &Unsaved,
    ) -> (Option<Content>, Diagnostics) {
        let mut warnings: Diagnostics = text.warnings.iter().cloned().collect();
        if role(path) == Role::Config {
            let (content, diagnostics) = self.with_config(Config::parse(path, &text.text));
            warnings.extend(diagnostics);
            return (content, warnings);
        }
        let checked = matches!(role(path), Role::Kind(k) if k.checked_against_site());
        if checked && self.config.is_err() {
            // Nothing to check the file against.
            warnings.push(super::entry::unchecked(path));
            return (None, warnings);
        }
        let slugs = self.area_slugs();
        let ctx = self.config.as_ref().ok().map(|config| EntryContext {
            config,
            areas: &slugs,
        });
        let pending = |f: &str| unsaved.documents.contains(f);
        let reading = Reading {
            root: &self.root,
            site: ctx.as_ref(),
            pending: &pending,
            unsaved: &unsaved.files,
        };
        let parsed = parse_text(&reading, path, text);
        let (content, diagnostics) = match &parsed {
            Some(parsed) => self.assemble(Some((path, parsed))),
            None => self.partial(),
        };
        warnings.extend(diagnostics);
        (content, warnings)
    }

    /// The content as it would be with these settings: every file checked against them is
    /// read again (from disk) and checked against these.
    fn with_config(
        &self,
        config: Result<Config, Vec<Diagnostic>>,
    ) -> (Option<Content>, Diagnostics) {
        let mut trial = Sources {
            root: self.root.clone(),
            config,
            files: self.files.clone(),
        };
        let checked = trial.paths_where(|_, kind| kind.checked_against_site());
        trial.read(checked.into_iter().map(|p| (p, None)).collect(), None);
        trial.partial()
    }

    /// The files now at `path`: the file itself, or every file below a folder (hidden ones
    /// skipped), and an error for each that cannot be read.
    fn files_at(&self, path: &Path) -> Vec<Result<(PathBuf, Kind), Diagnostic>> {
        let full = self.root.join(path);
        let Ok(meta) = full.symlink_metadata() else {
            return Vec::new();
        };
        if hidden(path) {
            return Vec::new();
        }
        if !meta.is_dir() {
            return vec![Ok((path.to_path_buf(), Some(meta.file_type())))];
        }
        // In the order the folders give: the caller sorts them (walkdir's sorting, folder by
        // folder, took three times as long as the walk itself).
        let walker = walkdir::WalkDir::new(&full).into_iter();
        let walker = walker.filter_entry(|e| e.depth() == 0 || !content::is_hidden(e.file_name()));
        walker
            .filter(|item| !item.as_ref().is_ok_and(|e| e.file_type().is_dir()))
            .map(|item| match item {
                Ok(e) => Ok((
                    e.path()
                        .strip_prefix(&self.root)
                        .unwrap_or(e.path())
                        .to_path_buf(),
                    Some(e.file_type()),
                )),
                Err(e) => Err(content::unreadable(&self.root, &e)),
            })
            .collect()
    }

    /// Drops the errors about unreadable files at or under `path`: reading it again finds them.
    /// True if there were any.
    fn forget_problems(&mut self, path: &Path) -> bool {
        let problems: Vec<PathBuf> = self
            .known_under(path)
            .filter(|(_, p)| matches!(p, Parsed::Problem(_)))
            .map(|(k, _)| k.clone())
            .collect();
        let any = !problems.is_empty();
        for key in problems {
            self.files.remove(key.as_path());
        }
        any
    }

    /// The known files at or under `path`.
    fn known_under<'a>(
        &'a self,
        path: &'a Path,
    ) -> impl Iterator<Item = (&'a PathBuf, &'a Parsed)> + 'a {
        use std::ops::Bound;
        self.files
            .range::<Path, _>((Bound::Included(path), Bound::Unbounded))
            .map(|(Key(k), parsed)| (k, parsed))
            .take_while(move |(k, _)| k.starts_with(path))
    }

    /// Drops every known file at or under `path` that no longer exists.
    fn forget_missing(&mut self, path: &Path, touched: &mut Touched) {
        let gone: Vec<PathBuf> = self
            .known_under(path)
            .map(|(k, _)| k)
            .filter(|k| self.root.join(k).symlink_metadata().is_err())
            .cloned()
            .collect();
        for key in gone {
            if let Some(parsed) = self.files.remove(key.as_path()) {
                touched.record(&key, &parsed);
            }
        }
    }

    /// Reads and parses these files, in parallel, and records them.
    fn read(&mut self, paths: Vec<(PathBuf, Kind)>, touched: Option<&mut Touched>) {
        let slugs = self.area_slugs();
        let parsed: Vec<(PathBuf, Option<Parsed>)> = {
            let ctx = self.config.as_ref().ok().map(|config| EntryContext {
                config,
                areas: &slugs,
            });
            let reading = Reading {
                root: &self.root,
                site: ctx.as_ref(),
                pending: &|_| false,
                unsaved: &BTreeMap::new(),
            };
            paths
                .into_par_iter()
                .map(|(p, kind)| {
                    let parsed = parse(&reading, &p, kind);
                    (p, parsed)
                })
                .collect()
        };
        let Some(touched) = touched else {
            // Nothing to note: the files, read in their order, are merged in one step.
            let mut read: BTreeMap<Key, Parsed> = (parsed.into_iter())
                .filter_map(|(path, parsed)| Some((Key(path), parsed?)))
                .collect();
            self.files.append(&mut read);
            return;
        };
        for (path, parsed) in parsed {
            let Some(parsed) = parsed else { continue };
            touched.record(&path, &parsed);
            if let Some(old) = self.files.insert(Key(path.clone()), parsed) {
                touched.record(&path, &old);
            }
        }
    }

    fn area_slugs(&self) -> BTreeSet<String> {
        self.files
            .values()
            .filter_map(|p| match p {
                Parsed::Item(Item::Area(Ok(a))) => Some(a.slug.clone()),
                _ => None,
            })
            .collect()
    }

    /// The files of a kind for which `wanted` holds, given the file as read (`None` if it
    /// could not be checked yet) and its kind.
    fn paths_where(&self, wanted: impl Fn(Option<&Item>, KindOf) -> bool) -> Vec<PathBuf> {
        self.files
            .iter()
            .filter_map(|(Key(path), parsed)| match parsed {
                Parsed::Item(item) => wanted(Some(item), item.kind()).then(|| path.clone()),
                Parsed::Unchecked(kind) => wanted(None, *kind).then(|| path.clone()),
                _ => None,
            })
            .collect()
    }

    /// Records (or clears) the error for a site without a content folder.
    fn check_content_folder(&mut self) {
        let key = PathBuf::from("content");
        if self.root.join(&key).is_dir() {
            self.files.remove(key.as_path());
        } else {
            self.files.insert(
                Key(key),
                Parsed::Problem(content::no_content_folder(&self.root)),
            );
        }
    }
}

/// A file as the editor sees it.
pub enum Known<'a> {
    /// An update (`None`: it has errors, or cannot be checked yet).
    Entry(Option<&'a Arc<Entry>>),
    /// An area.
    Area(Option<&'a Area>),
    /// A free page.
    Page(Option<&'a Page>),
    /// A measure.
    Measure(Option<&'a super::Measure>),
    /// The home page's text.
    Home,
    /// A file copied as it is, by its output path.
    Asset(&'a str),
    /// Anything else (settings, figures, problems).
    Other,
}

/// What the editor sees of a parsed file.
fn known(parsed: &Parsed) -> Known<'_> {
    match parsed {
        Parsed::Item(Item::Entry(r)) => Known::Entry(r.as_ref().ok()),
        Parsed::Unchecked(KindOf::Entry) => Known::Entry(None),
        Parsed::Item(Item::Area(r)) => Known::Area(r.as_ref().ok()),
        Parsed::Item(Item::Page(r)) => Known::Page(r.as_ref().ok()),
        Parsed::Item(Item::Measure(r)) => Known::Measure(r.as_ref().ok()),
        Parsed::Home(_) => Known::Home,
        Parsed::Asset(output) => Known::Asset(output),
        _ => Known::Other,
    }
}

/// Parses one file by its role (`kind`: its file type, if known); `None` for `site.toml`,
/// which is read on its own.
fn parse(reading: &Reading, path: &Path, kind: Kind) -> Option<Parsed> {
    let kind = match kind {
        Some(kind) => kind,
        None => reading.root.join(path).symlink_metadata().ok()?.file_type(),
    };
    if kind.is_symlink() {
        return Some(Parsed::Problem(content::linked_file(path)));
    }
    if !kind.is_file() {
        return Some(Parsed::Problem(crate::source::not_a_file(path)));
    }
    if path.to_str().is_none() {
        return Some(Parsed::Problem(content::not_utf8_name(path)));
    }
    Some(match role(path) {
        Role::Config => return None,
        Role::Data => Parsed::Data,
        Role::Asset => Parsed::Asset(content::asset_path(under_content(path))),
        Role::Kind(k) if k.checked_against_site() && reading.site.is_none() => Parsed::Unchecked(k),
        role @ (Role::Home | Role::Kind(_)) => {
            match crate::source::read_source(reading.root, path) {
                Ok(text) => parse_text(reading, path, text)?,
                Err(error) => match role {
                    Role::Kind(k) => Parsed::Item(k.failed(vec![error])),
                    _ => Parsed::Home(Err(error)),
                },
            }
        }
    })
}

/// Parses the text of the home page or of a file of a kind (one checked against the site is
/// unchecked when `site.toml` has errors). Serve's reads from disk and the editor's unsaved text
/// both come through here, so both are parsed exactly alike. `None` for other roles.
fn parse_text(reading: &Reading, path: &Path, text: crate::source::Text) -> Option<Parsed> {
    Some(match role(path) {
        Role::Home => Parsed::Home(Page::from_text(path, text, true)),
        Role::Kind(k) if k.checked_against_site() && reading.site.is_none() => Parsed::Unchecked(k),
        Role::Kind(k) => Parsed::Item(k.read(reading, path, text)),
        _ => return None,
    })
}

fn under_content(path: &Path) -> &Path {
    path.strip_prefix("content").unwrap_or(path)
}

fn role(path: &Path) -> Role {
    content::role(under_content(path))
}

/// Whether any part of the path below `content/` is hidden or an editor's temporary file.
fn hidden(path: &Path) -> bool {
    under_content(path).iter().any(content::is_hidden)
}
