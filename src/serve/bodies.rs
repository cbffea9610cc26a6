//! Every entry's body, rendered once and kept while the entry is unchanged.
//!
//! The cache is keyed by the entry itself (its shared `Arc`): a file read again is a new entry
//! and misses; an entry left alone keeps its HTML, found without hashing paths (slow on large
//! sites). The cache holds the entries it keys, so no key's address can be reused while it is
//! kept. Markdown is rendered here only for entries that have no body yet; nothing else is.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use crate::check::plain::Plain;
use crate::content::Entry;
use crate::error::{Diagnostic, Diagnostics};
use crate::render::{Bodies, BodyRenderer};
use crate::site::Site;

/// A rendered body, the entry it belongs to, and the warning rendering it gave.
struct Cached {
    /// Held only to keep the key's address from being reused.
    _entry: Arc<Entry>,
    html: String,
    warning: Vec<Diagnostic>,
    /// The plain-English warnings, reported on the rebuild that read the entry (on every
    /// rebuild, a large site's thousands would bury what the author just wrote).
    plain: Vec<Diagnostic>,
    /// Whether this rebuild rendered it.
    fresh: bool,
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

    /// The bodies of `site`, in its order, moved out of the cache (new ones rendered, in
    /// parallel); every warning they carry is added to `warnings`. Give them back after rendering.
    pub fn take(&mut self, site: &Site, warnings: &mut Diagnostics) -> Bodies {
        let renderer = BodyRenderer::new(site);
        // Serve shows the plain-English warnings of `check` too, worked out once per edit.
        let terms = Plain::terms(&site.config);
        let plain = Plain::of(&site.config, &terms);
        let missing: Vec<(usize, Cached)> = site
            .entries
            .par_iter()
            .filter(|e| !self.map.contains_key(&key(e)))
            .map(|e| {
                let (html, warning) = renderer.render(&e.source, &e.body, e.body_line);
                let plain = plain.check(&e.source, &e.body, e.body_line);
                (
                    key(e),
                    Cached {
                        _entry: Arc::clone(e),
                        html,
                        warning,
                        plain,
                        fresh: true,
                    },
                )
            })
            .collect();
        self.map.extend(missing);
        let mut entries = Vec::with_capacity(site.entries.len());
        for e in &site.entries {
            let cached = self.map.get_mut(&key(e));
            entries.push(cached.map_or_else(String::new, |c| {
                warnings.extend(c.warning.clone());
                if std::mem::take(&mut c.fresh) {
                    warnings.extend(c.plain.clone());
                }
                std::mem::take(&mut c.html)
            }));
        }
        for (source, body, line) in other_bodies(site) {
            warnings.extend(plain.check(source, body, line));
        }
        Bodies::with_entries(site, &renderer, entries, warnings)
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

/// Every text of the site but the entries': the home page's, the areas', the pages', the measures'.
fn other_bodies(site: &Site) -> Vec<(&std::path::Path, &str, usize)> {
    let mut out = vec![(
        site.home.source.as_path(),
        site.home.body.as_str(),
        site.home.body_line,
    )];
    out.extend(
        site.areas
            .iter()
            .map(|a| (a.source.as_path(), a.body.as_str(), a.body_line)),
    );
    out.extend(
        site.pages
            .iter()
            .map(|p| (p.source.as_path(), p.body.as_str(), p.body_line)),
    );
    out.extend(
        site.measures
            .iter()
            .map(|m| (m.source.as_path(), m.body.as_str(), m.body_line)),
    );
    out
}
