//! The permanent identifier of each entry, shared by feeds (RSS `guid`, Atom `id`) and calendars
//! (`UID`).
//!
//! Feed readers decide what is new by these ids, so an id must not change when the site is
//! rebuilt, the entry is edited or its address changes. An id is therefore not the entry's URL:
//! it is a `tag:` URI (RFC 4151) made of the site's host, the entry's date and the entry's first
//! slug: the slug of its first alias when it has one, else the slug its file name makes. A new
//! `slug = "..."` (a new address) therefore never changes it. Both rules give the id every site
//! has published so far for entries without a `slug`, and for entries renamed with an alias as
//! docs/content.md says. An author may pin an id of their own with `id = "..."`. This module only
//! derives and checks ids.

use std::collections::BTreeMap;

use crate::content::entry::file_slug;
use crate::content::Entry;
use crate::error::Diagnostic;
use crate::render::dates::iso;
use crate::site::Site;

/// The id of every entry, in the order of `Site::entries`; an error names each id used twice.
pub fn entry_ids(site: &Site) -> Result<Vec<String>, Vec<Diagnostic>> {
    let url = url::Url::parse(&site.config.base_url).map_err(|e| {
        vec![Diagnostic::error(
            "content/site.toml",
            format!(
                "base_url \"{}\" is not a web address: {e}",
                site.config.base_url
            ),
        )
        .hint("write the full address of the site, e.g. https://www.example.gov.uk/send-progress/")]
    })?;
    let host = url.host_str().unwrap_or_default();
    let ids: Vec<String> = site
        .entries
        .iter()
        .map(|e| entry_id(host, &site.config.base_path, e))
        .collect();
    let errors = duplicates(site, &ids);
    if errors.is_empty() {
        Ok(ids)
    } else {
        Err(errors)
    }
}

/// `tag:<host>,<date>:<path>updates/<first slug>`, or the entry's own `id`.
///
/// The site's path is part of it so that two sites on one host never share ids.
pub fn entry_id(host: &str, base_path: &str, entry: &Entry) -> String {
    if let Some(id) = &entry.id {
        return id.clone();
    }
    let path = base_path.trim_start_matches('/');
    format!(
        "tag:{host},{}:{path}updates/{}",
        iso(entry.date),
        first_slug(entry)
    )
}

/// The slug an entry was first published under: its first alias's last segment, else the slug
/// its file name makes (not its `slug` field, which a rename changes), else its slug.
fn first_slug(entry: &Entry) -> String {
    let first = entry
        .aliases
        .first()
        .and_then(|a| a.trim_end_matches('/').rsplit('/').next())
        .filter(|s| !s.is_empty());
    match first {
        Some(alias) => alias.to_string(),
        None => Some(file_slug(&entry.source))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| entry.slug.clone()),
    }
}

/// One error for each entry whose id an earlier entry (by file name) already has.
fn duplicates(site: &Site, ids: &[String]) -> Vec<Diagnostic> {
    // Ten thousand ids are nearly always all different: that is found without sorting the
    // entries by file name, which only naming the ones used twice needs.
    let mut distinct = std::collections::HashSet::with_capacity(ids.len());
    if ids.iter().all(|id| distinct.insert(id.as_str())) {
        return Vec::new();
    }
    let mut by_path: Vec<(&Entry, &String)> = site.entries.iter().map(|e| &**e).zip(ids).collect();
    by_path.sort_by(|a, b| a.0.source.cmp(&b.0.source));
    let mut seen: BTreeMap<&str, &Entry> = BTreeMap::new();
    let mut errors = Vec::new();
    for (entry, id) in by_path {
        if let Some(first) = seen.get(id.as_str()) {
            errors.push(
                Diagnostic::error(&entry.source, format!("this entry's feed id \"{id}\" is the same as another entry's"))
                    .hint(format!(
                        "{} has it too; give one of them its own `id = \"...\"`, or correct its `aliases`",
                        first.source.display()
                    )),
            );
        } else {
            seen.insert(id, entry);
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;
    use time::macros::date;

    fn entry(slug: &str, aliases: &[&str], id: Option<&str>) -> Entry {
        Entry {
            source: PathBuf::from(format!("content/updates/2022-11-20-{slug}.md")),
            title: "T".into(),
            date: date!(2022 - 11 - 20),
            kind: "news".into(),
            areas: vec![],
            summary: String::new(),
            summary_line: None,
            slug: slug.into(),
            draft: false,
            judgements: vec![],
            outcome: None,
            progress: vec![],
            actions: vec![],
            documents: vec![],
            opens: None,
            closes: None,
            event: None,
            event_end: None,
            location: None,
            history: vec![],
            withdrawn: None,
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            id: id.map(str::to_string),
            body: String::new(),
            body_line: 1,
            warnings: vec![],
        }
    }

    #[test]
    fn a_new_slug_keeps_the_id_the_file_name_made() {
        let first = entry("revisit", &[], None);
        let renamed = Entry {
            slug: "revisit-report-2022".into(),
            ..first.clone()
        };
        let id = |e: &Entry| entry_id("www.example.gov.uk", "/send/", e);
        assert_eq!(id(&renamed), id(&first));
        assert_eq!(
            id(&first),
            "tag:www.example.gov.uk,2022-11-20:send/updates/revisit"
        );
    }

    #[test]
    fn the_id_is_a_tag_uri_of_host_date_and_slug() {
        let id = entry_id("www.example.gov.uk", "/send/", &entry("revisit", &[], None));
        assert_eq!(id, "tag:www.example.gov.uk,2022-11-20:send/updates/revisit");
        assert_eq!(
            entry_id("x.org", "/", &entry("a", &[], None)),
            "tag:x.org,2022-11-20:updates/a"
        );
    }

    #[test]
    fn a_renamed_entry_keeps_the_id_of_its_first_slug() {
        let id = entry_id(
            "x.org",
            "/",
            &entry("new-name", &["updates/old-name/", "updates/middle/"], None),
        );
        assert_eq!(id, "tag:x.org,2022-11-20:updates/old-name");
    }

    #[test]
    fn a_pinned_id_wins() {
        assert_eq!(
            entry_id(
                "x.org",
                "/",
                &entry("a", &["updates/b/"], Some("urn:uuid:1"))
            ),
            "urn:uuid:1"
        );
    }
}
