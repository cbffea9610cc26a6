//! Load: the `content/` folder → [`Content`], every file read and validated.
//!
//! This stage reads the disk once (one walk, [`sources`]), parses files in parallel, and collects
//! every problem of every file before it gives up. `build`, `check`, `serve` and the editor all
//! read through [`sources::Sources`], so they find the same problems. It knows nothing of pages or URLs: relations across
//! files (duplicate slugs, statuses) are the model's business (`site`).

pub mod action;
pub mod area;
pub mod document;
pub mod entry;
pub mod figures;
pub mod inspect;
pub mod isolated;
pub mod keys;
pub mod kinds;
pub mod measure;
pub mod page;
pub mod sources;

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::error::{Diagnostic, Diagnostics};
pub use crate::source::read_source;
pub use action::{Action, ActionReport};
pub use area::Area;
pub use entry::{Entry, EntryContext, Judgement};
pub use kinds::{Item, Items, Kind, KindOf, Paths, Reading};
pub use measure::{Better, Measure};
pub use page::Page;

/// Everything under `content/`, parsed and checked file by file.
#[derive(Debug, Clone)]
pub struct Content {
    /// `site.toml`.
    pub config: Config,
    /// `_index.md` (an empty page when the file is absent).
    pub home: Page,
    /// The files of each kind ([`kinds`]), each kind in path order.
    pub items: Items,
    /// `measures/*.csv`: figures files, read by the measures that name them, never copied.
    pub data: Vec<PathBuf>,
    /// Every other file, as paths relative to `content/` with forward slashes: copied as is.
    pub assets: Vec<String>,
}

impl Content {
    /// Every warning found while reading the files (each file keeps its own, so that serve,
    /// which keeps files between rebuilds, reports them as `build` does).
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.config
            .warnings
            .iter()
            .chain(&self.home.warnings)
            .chain(self.items.warnings())
    }
}

/// Reads and validates the content folder under `root`, or returns every error found.
pub fn load(root: &Path) -> Result<Content, Diagnostics> {
    sources::Sources::load(root).content()
}

/// Reads the content folder, keeping every file that is valid beside the errors of those that
/// are not, so that checks across files can still run and report in the same pass.
/// The content is `None` only when `site.toml` itself cannot be read.
pub fn load_partial(root: &Path) -> (Option<Content>, Diagnostics) {
    sources::Sources::load(root).partial()
}

/// Reads one entry and the size (and page count) of each document file it attaches.
pub fn load_entry(root: &Path, path: &Path, ctx: &EntryContext) -> Result<Entry, Vec<Diagnostic>> {
    let entry = Entry::from_file(root, path, ctx)?;
    with_documents(root, path, entry, |_| false)
}

/// Parses an entry from its text as read from `path`, and reads its documents as
/// [`load_entry`] does, except those for which `pending` holds.
pub fn entry_from_text(
    root: &Path,
    path: &Path,
    text: crate::source::Text,
    ctx: &EntryContext,
    pending: impl Fn(&str) -> bool,
) -> Result<Entry, Vec<Diagnostic>> {
    let entry = Entry::from_text(path, text, ctx)?;
    with_documents(root, path, entry, pending)
}

/// Reads the size (and page count) of each document file `entry` attaches, except those for
/// which `pending` holds: files the editor will write when the entry is saved.
pub fn with_documents(
    root: &Path,
    path: &Path,
    mut entry: Entry,
    pending: impl Fn(&str) -> bool,
) -> Result<Entry, Vec<Diagnostic>> {
    let content_dir = root.join("content");
    let mut errors = Vec::new();
    for document in &mut entry.documents {
        if matches!(&document.target, document::Target::File(f) if pending(f)) {
            continue;
        }
        match document.read_metadata(&content_dir, path) {
            Ok(warning) => entry.warnings.extend(warning),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(entry)
    } else {
        Err(errors)
    }
}

/// The home page's text, relative to the site root (its source whether or not the file exists).
pub const HOME_TEXT: &str = "content/_index.md";

/// The home page of a site without `_index.md`.
pub fn empty_home() -> Page {
    Page {
        source: PathBuf::from(HOME_TEXT),
        slug: String::new(),
        title: None,
        body: String::new(),
        body_line: 1,
        warnings: Vec::new(),
    }
}

/// The error for a file whose name cannot be part of a web address.
pub fn not_utf8_name(shown: &Path) -> Diagnostic {
    Diagnostic::error(
        shown,
        "this file name is not UTF-8 text, so it cannot be a web address",
    )
    .hint("rename the file using letters, digits and `-`")
}

/// The error for a site without a content folder.
pub fn no_content_folder(root: &Path) -> Diagnostic {
    Diagnostic::error(
        "content",
        format!("there is no content folder in {}", root.display()),
    )
    .hint("run sendsite in the folder that holds content/, or pass --root DIR")
}

/// The error for a file or folder under `content/` that cannot be read.
pub fn unreadable(root: &Path, error: &walkdir::Error) -> Diagnostic {
    let path = error
        .path()
        .map(|p| relative(root, p))
        .unwrap_or_else(|| PathBuf::from("content"));
    Diagnostic::error(path, format!("cannot read: {error}"))
}

/// The error for a symbolic link in `content/`: sources must be real files inside the site.
pub fn linked_file(shown: &Path) -> Diagnostic {
    Diagnostic::error(shown, "this file is a link to somewhere else")
        .hint("copy the file itself into content/ instead of linking to it")
}

/// What a file under `content/` is, decided by where it sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// `site.toml`.
    Config,
    /// `_index.md`.
    Home,
    /// A file of one of the kinds ([`kinds`]): an area, an update, a page, a measure.
    Kind(KindOf),
    /// `measures/*.csv`: a measure's figures.
    Data,
    /// Anything else: copied as it is.
    Asset,
}

/// The role of a file, from its path relative to `content/`.
pub fn role(rel: &Path) -> Role {
    // Split as text: asked of every file at every load, and paths split into parts are slow.
    let Some(text) = rel.to_str() else {
        return Role::Asset;
    };
    let parts: Vec<&str> = text
        .split(['/', std::path::MAIN_SEPARATOR])
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    match parts.as_slice() {
        ["site.toml"] => Role::Config,
        ["_index.md"] => Role::Home,
        ["measures", name] if name.to_ascii_lowercase().ends_with(".csv") => Role::Data,
        _ => KindOf::of(&parts).map_or(Role::Asset, Role::Kind),
    }
}

/// An asset's output path: its path relative to `content/`, with forward slashes.
pub fn asset_path(rel: &Path) -> String {
    rel.iter()
        .filter_map(|p| p.to_str())
        .collect::<Vec<_>>()
        .join("/")
}

/// Hidden files and editors' temporary files are never content.
pub fn is_hidden(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name.starts_with('#')
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}
