//! What the Review and publish page lists: each item of the site that differs from the live
//! site (an update, an area, a measure with its figures, a page, a document, the settings)
//! once, with everything changed in it since the last publication combined, who changed it and
//! when, its fields in the forms' words, and the words of a changed text marked.
//!
//! An item is a file, except a measure, whose figures (`.csv`) are part of it: approving one
//! without the other would publish a chart that does not match its page.

use std::collections::BTreeMap;

use serde::Serialize;

use super::diff::{changes, named, FieldChange, Words};
use super::history::when;
use super::marks::{marked, Piece};
use super::words::capital;
use crate::team::history::History;
use crate::team::pending::Pending;

/// Past this many items (or on a first publication) the page lists them by kind, each kind
/// openable, without their fields: a page of a thousand tables helps nobody check it.
pub(super) const SHOWN_ITEMS: usize = 20;

/// One field of an item that changed, as the page shows it.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Shown {
    field: String,
    before: Option<String>,
    after: Option<String>,
    /// The text now, its words added and removed marked (a text changed, not put in or out).
    marks: Option<Vec<Piece>>,
}

/// A document's file, as the page describes it.
#[derive(Debug, Clone, Serialize)]
pub(super) struct FileFacts {
    format: String,
    size: String,
    /// "12 pages", or empty when not known.
    pages: String,
    /// "Tagged for screen readers", "Not tagged…", or empty when not a PDF.
    tagged: String,
    /// Where a signed-in person opens it.
    link: String,
}

/// One item waiting for approval.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Item {
    /// What the form sends for it: its first file.
    pub key: String,
    /// Its files.
    #[serde(skip)]
    pub paths: Vec<String>,
    /// "Update “Attendance data software goes live”".
    pub title: String,
    /// "updates", "areas", …: how the summary groups it.
    pub kind: &'static str,
    /// "New", "Removed" or "Changed".
    pub state: &'static str,
    /// Who changed it since the last publication, in the order they first did.
    pub by: Vec<String>,
    /// When it was first and last changed since, in words.
    pub since: String,
    pub last: String,
    /// How many saves changed it.
    pub saves: usize,
    /// The saves, by id, newest first.
    #[serde(skip)]
    pub commits: Vec<String>,
    /// Its fields that changed (empty when summarised).
    pub fields: Vec<Shown>,
    /// A document's file before and after.
    pub before_file: Option<FileFacts>,
    pub after_file: Option<FileFacts>,
    /// Its slug, for saying that another item needs it.
    #[serde(skip)]
    pub slug: String,
}

/// The key that groups a file into its item: a measure's figures go with the measure that
/// names them (`data = "…"`), else with the measure of the same name.
fn key_of(path: &str, words: &Words) -> String {
    let figures =
        path.starts_with("content/measures/") && path.to_ascii_lowercase().ends_with(".csv");
    if !figures {
        return path.to_string();
    }
    match words.measure_of(path) {
        Some(md) => md.to_string(),
        None => format!("{}.md", &path[..path.len() - 4]),
    }
}

/// How the summary groups a file's item, and what it calls the group.
pub(super) fn kind_of(path: &str) -> &'static str {
    match path.split('/').nth(1) {
        _ if !path.starts_with("content/") => "Other files",
        Some("updates") => "Updates",
        Some("areas") => "Areas",
        Some("measures") => "Measures",
        Some("pages") => "Pages",
        Some("documents") => "Documents",
        Some("site.toml") => "Site settings",
        Some("_index.md") => "Home page",
        _ => "Other files",
    }
}

/// Where the page reads the files of the two versions.
pub(super) struct Versions<'h> {
    pub history: &'h History,
    /// The last publication's version, if any.
    pub published: Option<String>,
    /// The version the page shows.
    pub version: String,
    /// The address a document of a version is opened at: `…file?at=<commit>&file=<path>`.
    pub file_link: String,
}

impl Versions<'_> {
    fn before(&self, path: &str) -> Option<Vec<u8>> {
        let at = self.published.as_deref()?;
        self.history.file_at(at, path).ok().flatten()
    }

    fn after(&self, path: &str) -> Option<Vec<u8>> {
        self.history.file_at(&self.version, path).ok().flatten()
    }
}

/// How many items `pending` makes, grouped as [`items`] groups them.
pub(super) fn count(pending: &[Pending], words: &Words) -> usize {
    let keys: std::collections::BTreeSet<String> =
        pending.iter().map(|p| key_of(&p.path, words)).collect();
    keys.len()
}

/// The items of `pending`, in the order of their kind and file, each with its fields when
/// `detailed`.
pub(super) fn items(
    versions: &Versions,
    words: &Words,
    pending: &[Pending],
    detailed: bool,
) -> Vec<Item> {
    let mut grouped: BTreeMap<String, Vec<&Pending>> = BTreeMap::new();
    for p in pending {
        grouped.entry(key_of(&p.path, words)).or_default().push(p);
    }
    let mut list: Vec<Item> = grouped
        .into_iter()
        .map(|(key, files)| item(versions, words, key, &files, detailed))
        .collect();
    list.sort_by(|a, b| (order(a.kind), &a.key).cmp(&(order(b.kind), &b.key)));
    list
}

/// The order kinds are listed in: what parents read most first.
fn order(kind: &str) -> usize {
    const ORDER: [&str; 8] = [
        "Site settings",
        "Home page",
        "Updates",
        "Areas",
        "Measures",
        "Pages",
        "Documents",
        "Other files",
    ];
    ORDER.iter().position(|k| *k == kind).unwrap_or(ORDER.len())
}

fn item(
    versions: &Versions,
    words: &Words,
    key: String,
    files: &[&Pending],
    detailed: bool,
) -> Item {
    let main = files.iter().find(|p| p.path == key).unwrap_or(&files[0]);
    let is_new = files.iter().all(|p| !p.published);
    let is_gone = files.iter().all(|p| !p.kept) && main.path == key;
    let mut changes: Vec<&crate::team::history::Change> =
        files.iter().flat_map(|p| &p.changes).collect();
    // A save of a measure and its figures is one save.
    changes.sort_by(|a, b| (b.when, &b.id).cmp(&(a.when, &a.id)));
    changes.dedup_by(|a, b| a.id == b.id);
    let mut by: Vec<String> = Vec::new();
    for c in changes.iter().rev() {
        if !by.contains(&c.author) {
            by.push(c.author.clone());
        }
    }
    let bytes = if is_gone {
        versions.before(&key)
    } else {
        versions.after(&key)
    };
    let title = match (kind_of(&key), &bytes) {
        ("Site settings", _) => "The site settings".to_string(),
        ("Home page", _) => "The home page".to_string(),
        (_, Some(b)) => capital(named(&key, b).trim_start_matches("the ")),
        (_, None) => key.clone(),
    };
    let mut item = Item {
        key: key.clone(),
        paths: files.iter().map(|p| p.path.clone()).collect(),
        title,
        kind: kind_of(&key),
        state: match (is_new, is_gone) {
            (true, _) => "New",
            (_, true) => "Removed",
            _ => "Changed",
        },
        by,
        since: changes.last().map_or_else(String::new, |c| when(c.when)),
        last: changes.first().map_or_else(String::new, |c| when(c.when)),
        saves: changes.len(),
        commits: changes.iter().map(|c| c.id.clone()).collect(),
        fields: Vec::new(),
        before_file: None,
        after_file: None,
        slug: slug_of(&key),
    };
    if !detailed {
        return item;
    }
    if item.kind == "Documents" {
        let facts = |at: Option<&String>, bytes: Option<Vec<u8>>| {
            Some(file_facts(&key, &bytes?, &versions.file_link, at?))
        };
        item.before_file = facts(versions.published.as_ref(), versions.before(&key));
        item.after_file = facts(Some(&versions.version), versions.after(&key));
        return item;
    }
    for path in &item.paths {
        let (before, after) = (versions.before(path), versions.after(path));
        let list = changes_of(words, path, before.as_deref(), after.as_deref());
        item.fields.extend(list);
    }
    item
}

/// The fields of the file at `path` that differ, a paragraph taken out and one put in at the
/// same place shown as one paragraph changed, its words marked.
fn changes_of(
    words: &Words,
    path: &str,
    before: Option<&[u8]>,
    after: Option<&[u8]>,
) -> Vec<Shown> {
    let mut list: Vec<FieldChange> = changes(words, path, before, after);
    let mut paired: Vec<FieldChange> = Vec::new();
    while let Some(c) = (!list.is_empty()).then(|| list.remove(0)) {
        if c.after.is_none() {
            if let Some(i) = list
                .iter()
                .position(|o| o.field == c.field && o.before.is_none())
            {
                let put = list.remove(i);
                paired.push(FieldChange {
                    after: put.after,
                    ..c
                });
                continue;
            }
        }
        paired.push(c);
    }
    paired
        .into_iter()
        .map(|c| {
            let marks = match (&c.before, &c.after) {
                (Some(b), Some(a)) if a.contains(' ') || b.contains(' ') => marked(b, a),
                _ => None,
            };
            Shown {
                field: c.field,
                before: c.before,
                after: c.after,
                marks,
            }
        })
        .collect()
}

/// A document's file described: its format, size, pages and whether a PDF is tagged.
fn file_facts(path: &str, bytes: &[u8], link: &str, at: &str) -> FileFacts {
    let ext = path.rsplit('.').next().unwrap_or("").to_ascii_uppercase();
    let kb = bytes.len().div_ceil(1024);
    let size = if kb >= 1024 {
        format!("{:.1} MB", kb as f64 / 1024.0)
    } else {
        format!("{kb} KB")
    };
    let (mut pages, mut tagged) = (String::new(), String::new());
    if ext == "PDF" {
        if let Ok((n, access)) = read_pdf(bytes) {
            pages = format!("{n} page{}", if n == 1 { "" } else { "s" });
            tagged = if access.tagged {
                "Tagged for screen readers".into()
            } else {
                "Not tagged: a screen reader cannot follow it".into()
            };
        }
    }
    let query: String = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("at", at)
        .append_pair("file", path)
        .finish();
    FileFacts {
        format: ext,
        size,
        pages,
        tagged,
        link: format!("{link}?{query}"),
    }
}

/// A PDF read as the build reads it: in a process of its own, from a private file.
fn read_pdf(bytes: &[u8]) -> Result<(u32, crate::content::inspect::Access), String> {
    use std::io::Write;
    let mut file = super::form::private_file().map_err(|e| e.to_string())?;
    file.write_all(bytes).map_err(|e| e.to_string())?;
    crate::content::isolated::read(file.path(), bytes.len() as u64)
}

/// The slug of the item at `path`, as other files name it: its file's name without extension.
fn slug_of(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    match path.starts_with("content/documents/") {
        true => name.to_string(),
        false => name.rsplit_once('.').map_or(name, |(s, _)| s).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_measure_and_its_figures_are_one_item() {
        assert_eq!(
            key_of("content/measures/waits.csv", &Words::default()),
            "content/measures/waits.md"
        );
        assert_eq!(
            key_of("content/updates/a.md", &Words::default()),
            "content/updates/a.md"
        );
        // A measure names its figures: they go with it, whatever the file is called.
        let named =
            Words::default().with_figures("content/measures/2025.csv", "content/measures/waits.md");
        assert_eq!(
            key_of("content/measures/2025.csv", &named),
            "content/measures/waits.md"
        );
        assert_eq!(
            key_of("content/measures/Waits.CSV", &Words::default()),
            "content/measures/Waits.md"
        );
        assert_eq!(kind_of("content/site.toml"), "Site settings");
        assert_eq!(kind_of("content/updates/2025/a.md"), "Updates");
        assert_eq!(slug_of("content/areas/new-area.md"), "new-area");
        assert_eq!(slug_of("content/documents/plan.pdf"), "plan.pdf");
    }

    #[test]
    fn a_changed_paragraph_is_one_change_with_its_words_marked() {
        let before = "+++\ntitle = \"A\"\n+++\nWe will publish a plan.\n";
        let after = "+++\ntitle = \"A\"\n+++\nWe will now publish a plan.\n";
        let list = changes_of(
            &Words::default(),
            "content/updates/a.md",
            Some(before.as_bytes()),
            Some(after.as_bytes()),
        );
        assert_eq!(list.len(), 1, "{list:?}");
        let marks = list[0].marks.as_ref().unwrap();
        let added: Vec<&str> = marks
            .iter()
            .filter(|p| p.kind == "added")
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(added, ["now "]);
    }
}
