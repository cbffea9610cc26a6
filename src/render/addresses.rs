//! Every address the site publishes, and who makes it, known without rendering anything.
//!
//! The registry's pages, the feeds and calendars of the catalogue, the files copied from
//! `content/` and the theme's files: `build` and `serve` find two files at one address here (an
//! alias or a copied file that takes a page's place), and serve asks it what exists.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::shows;
use super::{channels, output_path, registry, theme, Theme};
use crate::error::Diagnostic;
use crate::site::addresses::Addressed;
use crate::site::Site;

/// One file of the output folder.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Address {
    /// Its path in the output folder (`updates/x/index.html`, `feed.xml`).
    pub path: String,
    /// The file under `content/` it is copied from (relative to `content/`), if it is copied.
    pub copied: Option<String>,
}

/// Every file the site publishes, sorted by path (two makers of one path are both listed).
pub fn every(site: &Site, theme: &Theme) -> Vec<Address> {
    index(site, theme).addresses
}

/// What serve needs of a built site's addresses, made in one pass over the registry.
pub struct Index {
    /// Every file the site publishes, as [`every`] gives them.
    pub addresses: Vec<Address>,
    /// Which files show each key of the model.
    pub shown: shows::Shown,
    /// The feeds and calendars, in the catalogue's order: when they change, the pages that show
    /// [`shows::Key::Channels`] change.
    pub channels: Vec<String>,
}

/// Every file the site publishes (as [`every`]), and which files show each key of the model:
/// the registry's pages, and the calendars (the plan's due dates). Made in one pass, as serve
/// needs both after every save; it renders again the files that show what an edit changed.
pub fn index(site: &Site, theme: &Theme) -> Index {
    let made = |path: String| Address { path, copied: None };
    let mut shown = shows::Shown::default();
    let mut all = Vec::new();
    let mut feeds = Vec::new();
    for (kind, i, address) in registry::every_page(site) {
        let path = output_path(&address);
        shown.add(path.clone(), (kind.shows)(site, i));
        all.push(made(path));
    }
    for ch in channels::channels(site) {
        feeds.push(format!("{}feed.xml", ch.dir));
        feeds.push(format!("{}atom.xml", ch.dir));
        if ch.links.calendar.is_some() {
            let calendar = format!("{}calendar.ics", ch.dir);
            shown.add(calendar.clone(), shows::calendar());
            feeds.push(calendar);
        }
    }
    all.extend(feeds.iter().cloned().map(made));
    all.extend(site.assets.iter().map(|a| Address {
        path: a.clone(),
        copied: Some(a.clone()),
    }));
    let statics = theme.statics.iter();
    all.extend(statics.map(|(name, _)| made(format!("{}/{name}", theme::STATIC_FOLDER))));
    all.sort();
    Index {
        addresses: all,
        shown,
        channels: feeds,
    }
}

/// Two files at one path would overwrite each other, a file cannot also be a folder (an alias
/// `/feed.xml/` beside the feed `feed.xml`), and a free page cannot take a folder of the site's
/// own pages: an error naming the file that caused it.
pub fn clashes(addresses: &[Address], site: &Site) -> Vec<Diagnostic> {
    let mut found = taken(site);
    let by_path: BTreeMap<&str, &Address> =
        addresses.iter().map(|a| (a.path.as_str(), a)).collect();
    let folder_clashes = addresses.iter().filter_map(|a| {
        let folder = ancestors(&a.path).find(|f| by_path.contains_key(f))?;
        Some([by_path[folder], a])
    });
    let same_path = addresses
        .windows(2)
        .filter(|p| p[0].path == p[1].path)
        .map(|p| [&p[0], &p[1]]);
    for pair in same_path.chain(folder_clashes) {
        let path = &pair[0].path;
        let culprit = pair
            .iter()
            .find_map(|a| a.copied.as_ref().map(|c| Path::new("content").join(c)))
            .or_else(|| alias_owner(site, path))
            .unwrap_or_else(|| PathBuf::from("content"));
        found.push(
            Diagnostic::error(culprit, format!("two files would be published at \"{path}\""))
                .hint("an alias, a page or a file under content/ takes the address of another page: change one of them"),
        );
    }
    found
}

/// Free pages at the address of a folder of the site's own pages (`/plan/`).
fn taken(site: &Site) -> Vec<Diagnostic> {
    let reserved = registry::reserved();
    let taken = site.pages.iter().filter(|p| {
        let path = p.path();
        reserved.contains(path.trim_end_matches('/'))
    });
    taken
        .map(|page| {
            let message = format!(
                "the page address /{}/ is used by sendsite itself",
                page.slug
            );
            Diagnostic::error(&page.source, message)
                .hint("rename the file, e.g. content/pages/about-updates.md")
        })
        .collect()
}

/// The folders a path is inside: `a/b/c.html` → `a/b`, `a`.
fn ancestors(path: &str) -> impl Iterator<Item = &str> {
    path.char_indices()
        .rev()
        .filter(|(_, c)| *c == '/')
        .map(move |(i, _)| &path[..i])
}

/// The entry whose alias is published at `path`, or inside the folder `path`.
fn alias_owner(site: &Site, path: &str) -> Option<PathBuf> {
    let entry = site.entries.iter().find(|e| {
        e.aliases
            .iter()
            .any(|a| format!("{a}index.html") == path || a.trim_end_matches('/') == path)
    })?;
    Some(entry.source.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The addresses known without rendering are exactly the files a full render writes, on the
    /// example site and on a site of every framework and kind of content.
    #[test]
    fn every_address_is_a_file_rendered_and_every_file_rendered_is_known() {
        let here = Path::new(env!("CARGO_MANIFEST_DIR"));
        let options = crate::site::BuildOptions {
            drafts: false,
            future: false,
            today: time::macros::date!(2026 - 11 - 01),
        };
        for root in [
            here.to_path_buf(),
            here.join("tests/fixtures/framework-2023"),
        ] {
            let rendered = crate::build::render_site(&root, &options, None)
                .unwrap_or_else(|d| panic!("{:?}", d.sorted()));
            let theme = Theme::load(&root).unwrap();
            let known: Vec<String> = every(&rendered.site, &theme)
                .into_iter()
                .map(|a| a.path)
                .collect();
            let written: Vec<String> = rendered.outputs.iter().map(|o| o.path.clone()).collect();
            assert!(written.len() > 50, "{}", root.display());
            assert_eq!(known, written, "{}", root.display());
        }
    }
}
