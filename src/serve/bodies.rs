//! Every entry's body, rendered and read once and kept while the entry is unchanged.
//!
//! The cache is keyed by the entry itself (its shared `Arc`): a file read again is a new entry
//! and misses; an entry left alone keeps its HTML and what `check` reads in it (its
//! [`Reading`]), found without hashing paths (slow on large sites). The cache holds the entries
//! it keys, so no key's address can be reused while it is kept. Markdown is parsed here only for
//! entries that have no body yet; nothing else is.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use crate::check::plain::Plain;
use crate::check::{self, Hints, Published, Reading};
use crate::content::Entry;
use crate::error::{Diagnostic, Diagnostics};
use crate::render::{Bodies, BodyRenderer};
use crate::site::Site;

/// A rendered body, the entry it belongs to, and what rendering and reading it found.
struct Cached {
    /// Held only to keep the key's address from being reused.
    _entry: Arc<Entry>,
    html: String,
    warning: Vec<Diagnostic>,
    /// What `check` finds in the body itself, and its links.
    reading: Reading,
    /// Whether its warnings are still to be reported: on the rebuild that read the entry only
    /// (on every rebuild, a large site's thousands would bury what the author just wrote).
    /// Its errors are reported on every rebuild until they are fixed.
    fresh: bool,
    /// Its links checked against the site as published at a generation: what leads nowhere,
    /// and the files they reach. Checked again only when the site changed in a way a link can see.
    links: Option<(u64, Vec<Diagnostic>, BTreeSet<String>)>,
}

/// Rendered bodies of the entries of the site being served.
#[derive(Default)]
pub struct BodyCache {
    map: HashMap<usize, Cached>,
}

fn key(entry: &Arc<Entry>) -> usize {
    Arc::as_ptr(entry) as usize
}

impl BodyCache {
    /// Forgets every body (the base path, which links are made with, may have changed).
    pub fn clear(&mut self) {
        self.map.clear();
    }

    /// The bodies of `site`, in its order, moved out of the cache (new ones rendered and read, in
    /// parallel); the diagnostics of rendering them, as `build` gives them, are added to
    /// `warnings`. Give them back after rendering.
    pub fn take(&mut self, site: &Site, warnings: &mut Diagnostics) -> Bodies {
        let renderer = BodyRenderer::new(site);
        let terms = Plain::terms(&site.config);
        let words = Plain::of(&site.config, &terms);
        let missing: Vec<(usize, Cached)> = site
            .entries
            .par_iter()
            .filter(|e| !self.map.contains_key(&key(e)))
            .map(|e| {
                let body = renderer.render_outlined(&e.source, &e.body, e.body_line);
                let reading = check::read_outlined(&check::entry_body(e), &body.outline, &words);
                let (html, warning) = (body.html, body.found);
                let cached = Cached {
                    _entry: Arc::clone(e),
                    html,
                    warning,
                    reading,
                    fresh: true,
                    links: None,
                };
                (key(e), cached)
            })
            .collect();
        self.map.extend(missing);
        let mut entries = Vec::with_capacity(site.entries.len());
        for e in &site.entries {
            let cached = self.map.get_mut(&key(e));
            entries.push(cached.map_or_else(String::new, |c| {
                warnings.extend(c.warning.clone());
                std::mem::take(&mut c.html)
            }));
        }
        Bodies::with_entries(site, &renderer, entries, None, warnings)
    }

    /// What `check` finds in the bodies of `site` as `published`: the problems of each body (an
    /// entry's warnings once, its errors every time) and every link that leads nowhere.
    pub fn findings(&mut self, site: &Site, published: &Published) -> Vec<Diagnostic> {
        let terms = Plain::terms(&site.config);
        let words = Plain::of(&site.config, &terms);
        let bodies = check::body_refs(site);
        let (mut hints, mut linked) = (Hints::new(), BTreeSet::new());
        let generation = published.generation();
        let mut found = Vec::new();
        for body in &bodies {
            let cached = body
                .entry
                .and_then(|i| self.map.get_mut(&key(&site.entries[i])));
            let Some(c) = cached else {
                let reading = check::read(body, &words);
                found.extend(reading.problems.iter().cloned());
                found.extend(check::body_links(
                    body,
                    &reading,
                    published,
                    &mut hints,
                    &mut linked,
                ));
                continue;
            };
            let fresh = std::mem::take(&mut c.fresh);
            let shown = c.reading.problems.iter();
            found.extend(shown.filter(|d| fresh || d.is_error()).cloned());
            let kept = c.links.as_ref().filter(|(at, ..)| *at == generation);
            if kept.is_none() {
                let mut reached = BTreeSet::new();
                let broken =
                    check::body_links(body, &c.reading, published, &mut hints, &mut reached);
                c.links = Some((generation, broken, reached));
            }
            if let Some((_, broken, reached)) = &c.links {
                found.extend(broken.iter().cloned());
                linked.extend(reached.iter().cloned());
            }
        }
        found.extend(check::unlinked(site, &linked));
        found
    }

    /// Puts the bodies back after rendering, and forgets entries that left the site.
    pub fn give_back(&mut self, site: &Site, bodies: Bodies) {
        for (entry, html) in site.entries.iter().zip(bodies.entries) {
            if let Some(cached) = self.map.get_mut(&key(entry)) {
                cached.html = html;
            }
        }
        if self.map.len() > site.entries.len() {
            let current: HashSet<usize> = site.entries.iter().map(key).collect();
            self.map.retain(|k, _| current.contains(k));
        }
    }
}
