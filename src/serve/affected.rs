//! What an edit changes in the built site: which outputs must be rendered again.
//!
//! A [`Shape`] is what a later rebuild must remember of a built site: the facts every page may
//! show (the site view: navigation, areas with their statuses and counts, kinds, free pages) and
//! the published entries in their order (shared with the model, not copied). Comparing an edited
//! entry before and after tells which pages show what changed: its own page always; the lists
//! only if its card changed (title, date, kind, areas, summary); its neighbours only if its link
//! did. The result is the [`Scope`] to render. When in doubt it renders more, never less.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::content::sources::Touched;
use crate::content::{area_path, kind_path, page_path, Action, Entry, HOME_TEXT};
use crate::render::registry::{shown_by, Key};
use crate::render::views::Views;
use crate::render::{output_path, Scope};
use crate::site::Site;

/// What a later rebuild must know about a built site to tell which pages an edit affects.
pub struct Shape {
    /// The site view every page is given: when it changes, every page may change.
    frame: tera::Value,
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
    /// What each page shows beyond the site view and the cards, from the registry of pages.
    shown: std::collections::BTreeMap<Key, BTreeSet<String>>,
}

impl Shape {
    /// Remembers what later rebuilds need of `site`.
    pub fn of(site: &Site) -> Shape {
        Shape {
            frame: tera::to_value(Views::new(site).site_view()).unwrap_or_default(),
            entries: site.entries.clone(),
            areas: site
                .areas
                .iter()
                .map(|a| (a.source.clone(), a.slug.clone()))
                .collect(),
            pages: site
                .pages
                .iter()
                .map(|p| (p.source.clone(), p.slug.clone()))
                .collect(),
            measures: site
                .measures
                .iter()
                .map(|m| (m.source.clone(), m.slug.clone()))
                .collect(),
            actions: site
                .areas
                .iter()
                .map(|a| (a.slug.clone(), a.actions.clone()))
                .collect(),
            shown: shown_by(site),
        }
    }

    /// The page (its output path, `…/index.html`) that the source file at `source` makes in the
    /// site served, if it publishes one: what the editor sends the browser to after a save.
    pub fn page_of(&self, source: &Path) -> Option<String> {
        let folder = if source == Path::new(HOME_TEXT) {
            String::new()
        } else if let Some(e) = self.entries.iter().find(|e| e.source == source) {
            e.path()
        } else if let Some(slug) = self.areas.get(source) {
            area_path(slug)
        } else {
            page_path(self.pages.get(source)?)
        };
        Some(format!("{folder}index.html"))
    }

    /// The source file of the page at output path `page`, if a file makes it: where the editor's
    /// "Edit this page" link of that page leads.
    pub fn source_of(&self, page: &str) -> Option<PathBuf> {
        let folder = page.strip_suffix("index.html")?;
        if folder.is_empty() {
            return Some(PathBuf::from(HOME_TEXT));
        }
        let find = |map: &HashMap<PathBuf, String>, path: fn(&str) -> String| {
            map.iter()
                .find(|(_, slug)| path(slug) == folder)
                .map(|(source, _)| source.clone())
        };
        self.entries
            .iter()
            .find(|e| e.path() == folder)
            .map(|e| e.source.clone())
            .or_else(|| find(&self.areas, area_path))
            .or_else(|| find(&self.pages, page_path))
    }

    /// The outputs that show `key`.
    fn showing(&self, key: &Key) -> impl Iterator<Item = String> + '_ {
        self.shown.get(key).into_iter().flatten().cloned()
    }

    /// Every calendar an action's due date can be in: the site's and each area's.
    fn calendars(&self) -> impl Iterator<Item = String> + '_ {
        let areas = self
            .actions
            .keys()
            .map(|slug| format!("{}calendar.ics", area_path(slug)));
        std::iter::once("calendar.ics".to_string()).chain(areas)
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

    fn slugs(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|e| e.slug.as_str())
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
}

/// The outputs to render again after an edit that `touched` these files, `old` being the shape of
/// the site being served and `new` the shape of the site just modelled.
pub fn affected(old: &Shape, new: &Shape, touched: &Touched) -> Scope {
    if touched.config || old.frame != new.frame {
        return Scope::All;
    }
    let mut out = BTreeSet::new();
    if !touched.entries.is_empty() {
        for source in &touched.entries {
            let sides = Sides {
                old: old.find(source),
                new: new.find(source),
            };
            entry_outputs(old, new, &sides, &mut out);
        }
        if !old.slugs().eq(new.slugs()) {
            out.insert("sitemap.xml".to_string());
        }
    }
    for shape in [old, new] {
        let areas = touched.areas.iter().filter_map(|s| shape.areas.get(s));
        for slug in areas {
            out.insert(output_path(&area_path(slug)));
            if old.actions.get(slug) != new.actions.get(slug) {
                plan_outputs(old, new, action_ids(old, new, slug), &mut out);
            }
        }
        for slug in touched
            .measures
            .iter()
            .filter_map(|s| shape.measures.get(s))
        {
            out.extend(shape.showing(&Key::Measure(slug.clone())));
            out.extend(shape.showing(&Key::Measures));
        }
        let pages = touched.pages.iter().filter_map(|s| shape.pages.get(s));
        out.extend(pages.map(|slug| format!("{slug}/index.html")));
    }
    if touched.home {
        out.insert("index.html".to_string());
    }
    let slugs = |shape: &Shape| shape.measures.values().cloned().collect::<BTreeSet<_>>();
    if !touched.measures.is_empty() && slugs(old) != slugs(new) {
        out.insert("sitemap.xml".to_string());
    }
    out.extend(touched.assets.iter().cloned());
    Scope::Only(out)
}

/// Every page that shows something of the edited entry that changed, before and after the edit.
fn entry_outputs(old: &Shape, new: &Shape, sides: &Sides, out: &mut BTreeSet<String>) {
    let link = sides.differ(|e| (&e.title, &e.slug, e.date));
    let moved =
        sides.old.map(|(i, _)| old.neighbours(i)) != sides.new.map(|(i, _)| new.neighbours(i));
    let card = link || moved || sides.differ(|e| (&e.kind, &e.areas, &e.summary));
    // What the inspectors or the council said: the areas' pages, the home page's outcome box and
    // /inspections/ show it. A monitoring outcome judges every area for priority action, and
    // the areas' latest statuses are in the site view, so those changes render everything.
    let judged = link || sides.differ(|e| (&e.judgements, &e.outcome, &e.progress, &e.kind));
    let documents = sides.differ(|e| &e.documents) || (link && has_documents(sides));
    let aliases = link || sides.differ(|e| &e.aliases);
    // The open data holds every update's facts (not its text).
    if link || card || judged || documents || aliases || sides.differ(|e| &e.actions) {
        out.insert("data.json".to_string());
    }
    // How the plan's actions are going: the areas' pages, the plan and the calendars show it.
    if sides.differ(|e| &e.actions) || (link && has_reports(sides)) {
        let ids = [sides.old, sides.new]
            .into_iter()
            .flatten()
            .flat_map(|(_, e)| e.actions.iter().map(|r| r.action.clone()))
            .collect();
        plan_outputs(old, new, ids, out);
    }
    for (shape, side) in [(old, sides.old), (new, sides.new)] {
        let Some((i, e)) = side else { continue };
        out.insert(output_path(&e.path()));
        if link || moved {
            out.extend(
                shape
                    .neighbours(i)
                    .into_iter()
                    .flatten()
                    .map(|slug| format!("updates/{slug}/index.html")),
            );
        }
        if card {
            out.extend(["index.html", "updates/index.html"].map(String::from));
            out.insert(output_path(&kind_path(&e.kind)));
            out.extend(e.areas.iter().map(|a| output_path(&area_path(a))));
        }
        if judged {
            let areas = e.judgements.iter().chain(&e.progress);
            out.extend(areas.map(|j| output_path(&area_path(&j.area))));
            // A monitoring outcome is in the history of every area it judges.
            if e.outcome.is_some() || sides.differ(|e| &e.outcome) {
                out.extend(
                    shape
                        .areas
                        .values()
                        .map(|slug| output_path(&area_path(slug))),
                );
            }
            out.insert("index.html".to_string());
            out.insert("inspections/index.html".to_string());
        }
        if documents {
            out.insert("documents/index.html".to_string());
            // The statement lists the documents screen readers may not read well.
            out.insert("accessibility/index.html".to_string());
        }
        if aliases {
            out.extend(e.aliases.iter().map(|a| output_path(a)));
            // The server files hold a redirect for every alias.
            out.extend([".htaccess", "_redirects"].map(String::from));
        }
    }
}

/// Every page that shows one of these actions or the plan as a whole, and every calendar.
fn plan_outputs(old: &Shape, new: &Shape, ids: BTreeSet<String>, out: &mut BTreeSet<String>) {
    for shape in [old, new] {
        out.extend(shape.showing(&Key::Plan));
        for id in &ids {
            out.extend(shape.showing(&Key::Action(id.clone())));
        }
        out.extend(shape.calendars());
    }
    // An area's calendar may come or go with its last open action: the subscribe page links it.
    out.insert("subscribe/index.html".to_string());
    if old.shown.contains_key(&Key::Plan) != new.shown.contains_key(&Key::Plan) {
        out.insert("sitemap.xml".to_string());
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

fn has_reports(sides: &Sides) -> bool {
    [sides.old, sides.new]
        .into_iter()
        .flatten()
        .any(|(_, e)| !e.actions.is_empty())
}

fn has_documents(sides: &Sides) -> bool {
    [sides.old, sides.new]
        .into_iter()
        .flatten()
        .any(|(_, e)| !e.documents.is_empty())
}
