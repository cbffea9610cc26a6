//! What an edit changes in the built site: which outputs must be rendered again.
//!
//! A [`Shape`] is the little a later rebuild needs to remember of a built site: the facts every
//! page may show (the site view: navigation, areas with their statuses and counts, kinds, free
//! pages) and, per published entry, its place in the order and the pages that list it. Comparing
//! the shapes before and after an edit, with the files the edit touched, gives the [`Scope`] to
//! render. When in doubt it renders more, never less; it never renders anything itself.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use super::sources::Touched;
use crate::render::views::Views;
use crate::render::{output_path, Scope};
use crate::site::Site;

/// What a later rebuild must know about a built site to tell which pages an edit affects.
pub struct Shape {
    /// The site view every page is given: when it changes, every page may change.
    frame: tera::Value,
    /// Published entries, in the site's order.
    entries: Vec<EntryShape>,
    /// Entry source file → its index in `entries`.
    index: HashMap<PathBuf, usize>,
    /// Area source file → slug.
    areas: HashMap<PathBuf, String>,
    /// Free page source file → slug.
    pages: HashMap<PathBuf, String>,
}

/// The pages one entry appears on.
struct EntryShape {
    slug: String,
    kind: String,
    /// Its areas and the areas it judges (their pages list it, or show it in the status history).
    areas: Vec<String>,
    aliases: Vec<String>,
}

impl Shape {
    /// Remembers what later rebuilds need of `site`.
    pub fn of(site: &Site) -> Shape {
        let frame = tera::to_value(Views::new(site).site_view()).unwrap_or_default();
        let entries: Vec<EntryShape> = site.entries.iter().map(|e| EntryShape {
            slug: e.slug.clone(),
            kind: e.kind.clone(),
            areas: e.areas.iter().chain(e.judgements.iter().map(|j| &j.area)).cloned().collect(),
            aliases: e.aliases.clone(),
        }).collect();
        Shape {
            frame,
            entries,
            index: site.entries.iter().enumerate().map(|(i, e)| (e.source.clone(), i)).collect(),
            areas: site.areas.iter().map(|a| (a.source.clone(), a.slug.clone())).collect(),
            pages: site.pages.iter().map(|p| (p.source.clone(), p.slug.clone())).collect(),
        }
    }

    /// Every page that shows the entry from `source`: its own, its neighbours' (their links to
    /// it), its kind's and areas' pages, and its old addresses.
    fn entry_outputs(&self, source: &Path, out: &mut BTreeSet<String>) {
        let Some(&i) = self.index.get(source) else { return };
        for n in [i.checked_sub(1), Some(i), Some(i + 1)].into_iter().flatten() {
            if let Some(e) = self.entries.get(n) {
                out.insert(format!("updates/{}/index.html", e.slug));
            }
        }
        let e = &self.entries[i];
        out.insert(format!("kinds/{}/index.html", e.kind));
        out.extend(e.areas.iter().map(|a| format!("areas/{a}/index.html")));
        out.extend(e.aliases.iter().map(|a| output_path(a)));
    }

    fn slugs(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|e| e.slug.as_str())
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
        // The lists of every entry; the sitemap only if the addresses or their order changed.
        out.extend(["index.html", "updates/index.html", "documents/index.html"].map(String::from));
        if !old.slugs().eq(new.slugs()) {
            out.insert("sitemap.xml".to_string());
        }
    }
    for shape in [old, new] {
        for source in &touched.entries {
            shape.entry_outputs(source, &mut out);
        }
        let areas = touched.areas.iter().filter_map(|s| shape.areas.get(s));
        out.extend(areas.map(|slug| format!("areas/{slug}/index.html")));
        let pages = touched.pages.iter().filter_map(|s| shape.pages.get(s));
        out.extend(pages.map(|slug| format!("{slug}/index.html")));
    }
    if touched.home {
        out.insert("index.html".to_string());
    }
    out.extend(touched.assets.iter().cloned());
    Scope::Only(out)
}
