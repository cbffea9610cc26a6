//! What an edit changes in the built site: which outputs must be rendered again.
//!
//! A [`Shape`] is what a later rebuild must remember of a built site: the facts every page may
//! show (the site view), the published entries in their order (shared with the model, not
//! copied), which files show each [`Key`] (from the registry of pages), and every address. An
//! edit is turned into the keys it changed (an entry's text, its card, its link, its judgements,
//! an action, a measure...); the outputs to render are the files that show one of them, before
//! or after the edit, and every file that came or went. No address is written here: the registry
//! owns them. When in doubt it renders more, never less.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::content::sources::Touched;
use crate::content::{Action, Entry, HOME_TEXT};
use crate::error::Diagnostic;
use crate::render::addresses;
use crate::render::registry::Key;
use crate::render::shows::Shown;
use crate::render::views::Views;
use crate::render::{output_path, Scope, Theme};
use crate::site::addresses::{area_path, measure_path, page_path, Addressed};
use crate::site::Site;

/// What a later rebuild must know about a built site to tell which pages an edit affects.
pub struct Shape {
    /// The site view every page is given: when it changes, every page may change.
    frame: tera::Value,
    /// When each page last changed, which every page says.
    last: crate::render::lastmod::LastChanged,
    /// Published entries, in the site's order.
    entries: Vec<Arc<Entry>>,
    /// Area source file → slug.
    areas: HashMap<PathBuf, String>,
    /// Free page source file → slug.
    pages: HashMap<PathBuf, String>,
    /// Measure source file → slug.
    measures: HashMap<PathBuf, String>,
    /// Area slug → its actions, to tell whether an edit to the area changed the plan.
    actions: HashMap<String, Vec<Action>>,
    /// What the registry says of its pages: kept from one rebuild to the next when an edit
    /// changed nothing it depends on.
    layout: Arc<Layout>,
}

/// What the registry says of a built site's pages: which files show each key, every address,
/// and the errors of addresses taken twice.
pub struct Layout {
    /// Which files show each key, from the registry of pages.
    shown: Shown,
    /// Every file of the output.
    paths: BTreeSet<String>,
    /// The sitemap's pages.
    sitemap: Vec<String>,
    /// The feeds and calendars.
    channels: Vec<String>,
    /// Two files at one address, a free page at an address of the site's own.
    pub clashes: Vec<Diagnostic>,
    /// Where `@/` links lead (see [`Site::link_targets`]).
    targets: Arc<BTreeMap<String, String>>,
}

impl Layout {
    /// Asks the registry about every page of `site` (and every file of `theme`).
    pub fn of(site: &Site, theme: &Theme) -> Layout {
        let index = addresses::index(site, theme);
        Layout {
            clashes: addresses::clashes(&index.addresses, site),
            shown: index.shown,
            paths: index.addresses.into_iter().map(|a| a.path).collect(),
            sitemap: crate::render::registry::sitemap(site),
            channels: index.channels,
            targets: Arc::clone(site.shared_link_targets()),
        }
    }

    /// The layout of `site` (the site served was `old`, and the edits since are `touched`): the
    /// old one when every edit changed only the words of updates (title, summary, text), which
    /// no address and no list of what a page shows depends on; else asked of the registry again.
    pub fn after(
        old: Option<&Shape>,
        site: &Site,
        theme: &Theme,
        touched: &Touched,
    ) -> Arc<Layout> {
        match old.filter(|old| words_only(old, site, touched)) {
            Some(old) => {
                site.reuse_link_targets(&old.layout.targets);
                Arc::clone(&old.layout)
            }
            None => Arc::new(Layout::of(site, theme)),
        }
    }
}

/// Whether the edits `touched` changed only the words (title, summary, text) of updates
/// published before and after, in the same place of the timeline.
fn words_only(old: &Shape, site: &Site, touched: &Touched) -> bool {
    let Touched {
        config,
        home,
        kinds,
        data,
        assets,
        problems,
    } = touched;
    let others = kinds.every().count() != kinds.entries.len();
    if *config || *home || others || !data.is_empty() || !assets.is_empty() || *problems {
        return false;
    }
    let text = |e: &Entry| Entry {
        title: String::new(),
        body: String::new(),
        body_line: 0,
        summary: String::new(),
        summary_line: None,
        warnings: Vec::new(),
        ..e.clone()
    };
    old.entries.len() == site.entries.len()
        && kinds.entries.iter().all(|source| {
            let find = |entries: &[Arc<Entry>]| {
                let source = source.as_os_str();
                entries.iter().position(|e| e.source.as_os_str() == source)
            };
            match (find(&old.entries), find(&site.entries)) {
                (Some(i), Some(j)) => i == j && text(&old.entries[i]) == text(&site.entries[j]),
                _ => false,
            }
        })
}

impl Shape {
    /// Remembers what later rebuilds need of `site`, whose pages are laid out as `layout` says.
    pub fn of(site: &Site, layout: Arc<Layout>) -> Shape {
        let by_source = |items: &mut dyn Iterator<Item = (&PathBuf, &String)>| {
            items.map(|(p, s)| (p.clone(), s.clone())).collect()
        };
        Shape {
            frame: tera::to_value(Views::new(site).site_view()).unwrap_or_default(),
            last: crate::render::lastmod::LastChanged::of(site),
            entries: site.entries.clone(),
            areas: by_source(&mut site.areas.iter().map(|a| (&a.source, &a.slug))),
            pages: by_source(&mut site.pages.iter().map(|p| (&p.source, &p.slug))),
            measures: by_source(&mut site.measures.iter().map(|m| (&m.source, &m.slug))),
            actions: site
                .areas
                .iter()
                .map(|a| (a.slug.clone(), a.actions.clone()))
                .collect(),
            layout,
        }
    }
}

impl crate::editor::Pages for Shape {
    /// The page (its output path, `…/index.html`) that the source file at `source` makes in the
    /// site served, if it publishes one: what the editor sends the browser to after a save.
    fn page_of(&self, source: &Path) -> Option<String> {
        let folder = if source == Path::new(HOME_TEXT) {
            String::new()
        } else if let Some(e) = self.entries.iter().find(|e| e.source == source) {
            e.path()
        } else if let Some(slug) = self.areas.get(source) {
            area_path(slug)
        } else if let Some(slug) = self.measures.get(source) {
            measure_path(slug)
        } else {
            page_path(self.pages.get(source)?)
        };
        Some(output_path(&folder))
    }

    /// The source file of the page at output path `page`, if a file makes it: where the editor's
    /// "Edit this page" link of that page leads.
    fn source_of(&self, page: &str) -> Option<PathBuf> {
        if page == output_path("") {
            return Some(PathBuf::from(HOME_TEXT));
        }
        let find = |map: &HashMap<PathBuf, String>, path: fn(&str) -> String| {
            map.iter()
                .find(|(_, slug)| output_path(&path(slug)) == page)
                .map(|(source, _)| source.clone())
        };
        self.entries
            .iter()
            .find(|e| output_path(&e.path()) == page)
            .map(|e| e.source.clone())
            .or_else(|| find(&self.areas, area_path))
            .or_else(|| find(&self.measures, measure_path))
            .or_else(|| find(&self.pages, page_path))
    }
}

impl Shape {
    /// The outputs that show `key`.
    fn showing(&self, key: &Key) -> impl Iterator<Item = &String> + '_ {
        self.layout.shown.showing(key)
    }

    /// The entry from `source` and its index, if it is published. A scan comparing the paths'
    /// bytes: edits touch few entries, and paths compared part by part are slow.
    fn find(&self, source: &Path) -> Option<(usize, &Entry)> {
        let source = source.as_os_str();
        self.entries
            .iter()
            .position(|e| e.source.as_os_str() == source)
            .map(|i| (i, &*self.entries[i]))
    }

    /// The slugs of the entries before and after the one at `i`.
    fn neighbours(&self, i: usize) -> [Option<&str>; 2] {
        [i.checked_sub(1), Some(i + 1)]
            .map(|n| n.and_then(|n| self.entries.get(n)).map(|e| e.slug.as_str()))
    }
}

/// One edited entry in the site before and after the edit (absent if unpublished or new).
struct Sides<'a> {
    old: Option<(usize, &'a Entry)>,
    new: Option<(usize, &'a Entry)>,
}

impl<'a> Sides<'a> {
    /// Whether what `f` picks out of the entry changed.
    fn differ<T: PartialEq>(&self, f: impl Fn(&'a Entry) -> T) -> bool {
        self.old.map(|(_, e)| f(e)) != self.new.map(|(_, e)| f(e))
    }

    fn both(&self) -> impl Iterator<Item = &'a Entry> {
        [self.old, self.new].into_iter().flatten().map(|(_, e)| e)
    }
}

/// The outputs to render again after an edit that `touched` these files, `old` being the shape of
/// the site being served and `new` the shape of the site just modelled.
pub fn affected(old: &Shape, new: &Shape, touched: &Touched) -> Scope {
    // Every page says when it (or the site) last changed.
    if touched.config || old.frame != new.frame || old.last != new.last {
        return Scope::All;
    }
    let mut keys = BTreeSet::new();
    for source in &touched.kinds.entries {
        let sides = Sides {
            old: old.find(source),
            new: new.find(source),
        };
        entry_keys(&sides, old, new, source, &mut keys);
    }
    // Every page that shows a file's own text.
    keys.extend(touched.kinds.every().map(|s| Key::source(s)));
    if touched.home {
        keys.insert(Key::source(Path::new(HOME_TEXT)));
    }
    for shape in [old, new] {
        for slug in touched
            .kinds
            .areas
            .iter()
            .filter_map(|s| shape.areas.get(s))
        {
            if old.actions.get(slug) != new.actions.get(slug) {
                keys.insert(Key::Plan);
                keys.extend(action_ids(old, new, slug).into_iter().map(Key::Action));
            }
        }
        for slug in touched
            .kinds
            .measures
            .iter()
            .filter_map(|s| shape.measures.get(s))
        {
            keys.insert(Key::Measure(slug.clone()));
            keys.insert(Key::Measures);
        }
    }
    let (before, after) = (&old.layout, &new.layout);
    if before.sitemap != after.sitemap {
        keys.insert(Key::Pages);
    }
    if before.channels != after.channels {
        keys.insert(Key::Channels);
    }
    let mut out: BTreeSet<String> = before
        .paths
        .symmetric_difference(&after.paths)
        .cloned()
        .collect();
    for key in &keys {
        out.extend(old.showing(key).chain(new.showing(key)).cloned());
    }
    out.extend(touched.assets.iter().cloned());
    Scope::Only(out)
}

/// What an edit to the entry at `source` changed: its own text always; its link if its title,
/// address or date changed or it moved; its card if that or its kind, areas, summary or the days
/// its survey or meeting is about changed (the card says where it stands);
/// its judgements; the documents; the redirects; its facts; the actions it reports on.
fn entry_keys(sides: &Sides, old: &Shape, new: &Shape, source: &Path, keys: &mut BTreeSet<Key>) {
    keys.insert(Key::source(source));
    let link = sides.differ(|e| (&e.title, &e.slug, e.date));
    let moved =
        sides.old.map(|(i, _)| old.neighbours(i)) != sides.new.map(|(i, _)| new.neighbours(i));
    let card = link
        || moved
        || sides.differ(|e| (&e.kind, &e.areas, &e.summary))
        || sides.differ(|e| (e.opens, e.closes, e.event, e.withdrawn.is_some()));
    let judged = link || sides.differ(|e| (&e.judgements, &e.outcome, &e.progress, &e.kind));
    let documents =
        sides.differ(|e| &e.documents) || (link && sides.both().any(|e| !e.documents.is_empty()));
    let aliases = link || sides.differ(|e| &e.aliases);
    let actions =
        sides.differ(|e| &e.actions) || (link && sides.both().any(|e| !e.actions.is_empty()));
    for e in sides.both() {
        let slug = || e.slug.clone();
        if link || moved {
            keys.insert(Key::Link(slug()));
        }
        if card {
            keys.insert(Key::Card(slug()));
            keys.insert(Key::Cards);
        }
        if judged {
            keys.insert(Key::Judgements(slug()));
        }
        if actions {
            keys.insert(Key::Plan);
            keys.extend(e.actions.iter().map(|r| Key::Action(r.action.clone())));
        }
    }
    if documents {
        keys.insert(Key::Documents);
    }
    if aliases {
        keys.insert(Key::Redirects);
    }
    // The open data holds every update's facts (not its text).
    if card || judged || documents || aliases || actions {
        keys.insert(Key::Facts);
    }
}

/// The ids of an area's actions that an edit added, removed or changed (where an action is
/// written in the file is not a change anyone sees).
fn action_ids(old: &Shape, new: &Shape, slug: &str) -> BTreeSet<String> {
    let seen = |a: &Action| {
        (
            a.id.clone(),
            a.title.clone(),
            a.due,
            a.owner.clone(),
            a.measure.clone(),
        )
    };
    let of = |s: &Shape| -> BTreeSet<_> {
        s.actions
            .get(slug)
            .into_iter()
            .flatten()
            .map(seen)
            .collect()
    };
    let (before, after) = (of(old), of(new));
    before
        .symmetric_difference(&after)
        .map(|a| a.0.clone())
        .collect()
}
