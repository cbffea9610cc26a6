//! When each page last changed, from the dated content it shows, never from the day of the
//! build: an update's page when the update last did (its date, a later history note or its
//! withdrawal); an area's or a kind's page when the newest of its updates did; a measure's page
//! when its newest figure was added (the end of the period it measures, or the build's day if
//! that is earlier); any other page when the site did (the newest of all of these). Search
//! engines read it as the sitemap's `lastmod`; the same content gives the same dates on any day
//! after the last figure's period.

use std::collections::BTreeMap;

use time::Date;

use super::dates::iso;
use crate::site::addresses::{kind_path, Addressed};
use crate::site::Site;

/// The last change of each page that has one of its own, by its site-relative address, and of
/// the site as a whole. `serve` keeps the one it served: when it differs after an edit, every
/// page is rendered again (each says when it last changed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastChanged {
    pages: BTreeMap<String, Date>,
    site: Option<Date>,
}

impl LastChanged {
    pub fn of(site: &Site) -> LastChanged {
        let newest = |list: Option<&Vec<usize>>| {
            list.into_iter()
                .flatten()
                .map(|&i| site.entries[i].updated())
                .max()
        };
        let mut pages = BTreeMap::new();
        for e in &site.entries {
            pages.insert(e.path(), e.updated());
        }
        for a in &site.areas {
            if let Some(date) = newest(site.by_area.get(&a.slug)) {
                pages.insert(a.path(), date);
            }
        }
        for (kind, list) in &site.by_kind {
            if let Some(date) = newest(Some(list)) {
                pages.insert(kind_path(kind), date);
            }
        }
        for m in &site.measures {
            if let Some(date) = newest_figure(site, m) {
                pages.insert(format!("measures/{}/", m.slug), date);
            }
        }
        LastChanged {
            site: site_changed(site),
            pages,
        }
    }

    /// The day the page at `path` last changed, as `2025-03-31`; `None` for a site with no
    /// updates yet.
    pub fn of_page(&self, path: &str) -> Option<String> {
        self.day_of(path).map(iso)
    }

    /// The day the page at `path` last changed.
    pub fn day_of(&self, path: &str) -> Option<Date> {
        self.pages.get(path).copied().or(self.site)
    }
}

/// When a measure's newest figure was added: the last day of the period it is for, at the
/// latest the build's day (a month's figure can be published before the month ends).
fn newest_figure(site: &Site, m: &crate::content::Measure) -> Option<Date> {
    let last = m.values.iter().map(|f| f.date.last()).max()?;
    Some(last.min(site.today))
}

/// When the site last changed: its newest update or figure.
pub fn site_changed(site: &Site) -> Option<Date> {
    let updates = site.entries.iter().map(|e| e.updated());
    let figures = site.measures.iter().filter_map(|m| newest_figure(site, m));
    updates.chain(figures).max()
}
