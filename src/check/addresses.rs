//! Addresses that last: an update whose address changed since the last build, with nothing to
//! send readers from the old one, is a warning (links in emails, bookmarks and search results
//! would break).
//!
//! Only the last build can say what was published, so this reads its files in the output folder,
//! when sendsite wrote it: the sitemap (every address), and `data.json` and the feeds (which
//! address each permanent id had). Ids do not change when an address does, so they tell which
//! update an old address belonged to. They also show an id that changed: an update published
//! with a `slug` and no alias before ids were made from file names has a new id now, which would
//! tell every subscriber about it again, and the warning says which id to pin.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::error::Diagnostic;
use crate::output::MARKER;
use crate::site::addresses::Addressed;
use crate::site::Site;

/// The warnings for the updates' addresses of the last build into `previous` that this site no
/// longer has (as a page or an alias).
pub fn moved(site: &Site, previous: &Path, root: &Path) -> Vec<Diagnostic> {
    if !previous.join(MARKER).is_file() {
        return Vec::new();
    }
    // Worked out only when there is a last build to compare with.
    let Ok(ids) = crate::render::entry_ids(site) else {
        return Vec::new();
    };
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
    let mut owners = feed_links(previous, base);
    owners.extend(data_links(previous, base));
    let mut found = Vec::new();
    for (entry, id) in site.entries.iter().zip(&ids) {
        let Some(before) = owners.get(&entry.path()).filter(|b| *b != id) else {
            continue;
        };
        found.push(
            Diagnostic::warning(
                &entry.source,
                format!("this update's feed id was \"{before}\" in the last build and is \"{id}\" now, so feed readers and calendars would show it again as new"),
            )
            .hint(format!("keep the published id: add id = \"{before}\"")),
        );
    }
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

/// Site-relative address → permanent id, from the last build's `data.json` (every update).
fn data_links(previous: &Path, base: &str) -> BTreeMap<String, String> {
    let Ok(bytes) = std::fs::read(previous.join("data.json")) else {
        return BTreeMap::new();
    };
    let Ok(data) = serde_json::from_slice::<serde_json::Value>(&bytes) else {
        return BTreeMap::new();
    };
    let entries = data.get("entries").and_then(|e| e.as_array());
    entries
        .into_iter()
        .flatten()
        .filter_map(|e| {
            let url = e.get("url")?.as_str()?.strip_prefix(base)?;
            Some((url.to_string(), e.get("id")?.as_str()?.to_string()))
        })
        .collect()
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
