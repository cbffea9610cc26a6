//! Addresses that last: an update whose address changed since the last build, with nothing to
//! send readers from the old one, is a warning (links in emails, bookmarks and search results
//! would break).
//!
//! Only the last build can say what was published, so this reads two of its files in the output
//! folder, when sendsite wrote it: the sitemap (every address) and the feeds (which address each
//! permanent id had). Ids do not change when an address does, so a feed tells which update an old
//! address belonged to.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::error::Diagnostic;
use crate::output::MARKER;
use crate::site::Site;

/// The warnings for the updates' addresses of the last build into `previous` that this site no
/// longer has (as a page or an alias).
pub fn moved(site: &Site, ids: &[String], previous: &Path, root: &Path) -> Vec<Diagnostic> {
    if !previous.join(MARKER).is_file() {
        return Vec::new();
    }
    let base = site.config.base_url.as_str();
    let Ok(sitemap) = std::fs::read_to_string(previous.join("sitemap.xml")) else {
        return Vec::new();
    };
    let published: Vec<String> = locs(&sitemap)
        .filter_map(|url| url.strip_prefix(base).map(str::to_string))
        .filter(|path| path.starts_with("updates/") && path != "updates/")
        .collect();
    let mut now: BTreeSet<String> = crate::render::registry::sitemap(site).into_iter().collect();
    now.extend(site.entries.iter().flat_map(|e| e.aliases.iter().cloned()));
    let owners = feed_links(previous, base);
    let mut found = Vec::new();
    for old in published.iter().filter(|p| !now.contains(*p)) {
        let entry = owners
            .get(old)
            .and_then(|id| ids.iter().position(|i| i == id))
            .map(|i| &site.entries[i]);
        found.push(match entry {
            Some(e) => Diagnostic::warning(
                &e.source,
                format!(
                    "this update's address changed from /{old} to /{} since the last build, and nothing sends readers from the old one",
                    e.path()
                ),
            )
            .hint(format!("add aliases = [\"/{old}\"] so that links and bookmarks to the old address still work")),
            None => Diagnostic::warning(
                previous.strip_prefix(root).unwrap_or(previous).join("sitemap.xml"),
                format!("the last build published /{old}, which this site no longer has"),
            )
            .hint("if the update was renamed, list the old address in its `aliases`; if it was removed on purpose, nothing needs doing"),
        });
    }
    found
}

/// The `<loc>` addresses of a sitemap.
fn locs(sitemap: &str) -> impl Iterator<Item = &str> {
    sitemap
        .split("<loc>")
        .skip(1)
        .filter_map(|rest| rest.split("</loc>").next())
}

/// Site-relative address → permanent id, from every RSS feed of the last build.
fn feed_links(previous: &Path, base: &str) -> BTreeMap<String, String> {
    let mut owners = BTreeMap::new();
    let feeds = walkdir::WalkDir::new(previous)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.file_name() == "feed.xml");
    for feed in feeds {
        let Ok(bytes) = std::fs::read(feed.path()) else {
            continue;
        };
        let Ok(channel) = rss::Channel::read_from(&bytes[..]) else {
            continue;
        };
        for item in channel.items() {
            let (Some(link), Some(guid)) = (item.link(), item.guid()) else {
                continue;
            };
            if let Some(path) = link.strip_prefix(base) {
                owners.insert(path.to_string(), guid.value().to_string());
            }
        }
    }
    owners
}
