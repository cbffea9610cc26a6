//! A change to a file in words: which fields changed, from what to what, and a sentence for the
//! commit ("Changed the title of the update “Attendance data software goes live”").
//!
//! People who sign off read this, not a diff of TOML: each field is named as the forms name it,
//! and a text is compared paragraph by paragraph.

use std::path::Path;

use serde::Serialize;

use super::forms;
pub use super::words::Words;
use super::words::{capital, lower_first};
use crate::source::frontmatter::{split, Source};

/// One field that changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    /// Its name as the forms give it: "Title", "Our own rating › Waiting times".
    pub field: String,
    /// What it said before (`None`: it was not there).
    pub before: Option<String>,
    /// What it says now (`None`: it was taken out).
    pub after: Option<String>,
}

/// A file's fields: its front matter flattened, and its text.
fn fields_of(words: &Words, path: &str, bytes: Option<&[u8]>) -> Vec<(String, String)> {
    let Some(bytes) = bytes else {
        return Vec::new();
    };
    let Ok(text) = std::str::from_utf8(bytes) else {
        return vec![("File".into(), format!("a file of {}", size(bytes.len())))];
    };
    let mut found = Vec::new();
    let names = Names {
        noun: noun(path),
        words,
    };
    if path.ends_with(".toml") {
        names.flatten_text(text, &mut found);
    } else if path.ends_with(".md") {
        let source = Source {
            path: Path::new(path),
            text,
        };
        match split(&source, true) {
            Ok(cut) => {
                names.flatten_text(cut.front_matter, &mut found);
                paragraphs("Text", cut.body, &mut found);
            }
            Err(_) => paragraphs("Text", text, &mut found),
        }
    } else if path.ends_with(".csv") {
        for (i, row) in text.lines().enumerate().skip(1) {
            found.push((format!("Figures › row {i}"), row.to_string()));
        }
    } else {
        found.push(("File".into(), format!("a file of {}", size(bytes.len()))));
    }
    found
}

fn size(bytes: usize) -> String {
    if bytes < 1024 {
        format!("{bytes} bytes")
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

/// Names a file's keys as the form of its kind does ([`forms::label_of`]), and its values as
/// the site says them ([`Words`]).
struct Names<'w> {
    noun: &'static str,
    words: &'w Words,
}

impl Names<'_> {
    fn flatten_text(&self, toml_text: &str, into: &mut Vec<(String, String)>) {
        // toml_edit keeps the file's order, so fields are listed as the file has them.
        match toml_text.parse::<toml_edit::DocumentMut>() {
            Ok(doc) => self.flatten_table("", &[], doc.as_table().iter(), into),
            Err(_) => into.push(("Settings".into(), toml_text.trim().to_string())),
        }
    }

    /// The name of the key at `path`, under the name `prefix` of the table it is in.
    fn join(&self, prefix: &str, path: &[&str]) -> String {
        let key = path.last().copied().unwrap_or_default();
        // A table's key that is a thing of the site (an area, an action) is named by its title.
        let thing = match path {
            [table, key] => self.words.thing(table, key),
            _ => None,
        };
        let label = thing
            .or_else(|| forms::label_of(self.noun, path))
            .map(|l| l.rsplit(" › ").next().unwrap_or(&l).to_string())
            .unwrap_or_else(|| humane(key));
        match prefix {
            "" => label,
            _ => format!("{prefix} › {label}"),
        }
    }

    fn flatten_table<'a>(
        &self,
        prefix: &str,
        path: &[&str],
        items: impl Iterator<Item = (&'a str, &'a toml_edit::Item)>,
        into: &mut Vec<(String, String)>,
    ) {
        for (k, item) in items {
            let mut here = path.to_vec();
            here.push(k);
            match item {
                toml_edit::Item::ArrayOfTables(list) => {
                    for (i, t) in list.iter().enumerate() {
                        // An id is made from the title: the title already names the change.
                        let fields: Vec<_> = t.iter().filter(|(k, _)| *k != "id").collect();
                        let name = self.element(prefix, k, i, t);
                        self.flatten_table(&name, &[k], fields.into_iter(), into);
                    }
                }
                _ => self.flatten(prefix, &here, item, into),
            }
        }
    }

    fn flatten(
        &self,
        prefix: &str,
        path: &[&str],
        item: &toml_edit::Item,
        into: &mut Vec<(String, String)>,
    ) {
        use toml_edit::{Item, Value};
        let name = self.join(prefix, path);
        match item {
            Item::Table(t) => self.flatten_table(&name, path, t.iter(), into),
            Item::Value(Value::InlineTable(t)) => {
                for (k, v) in t.iter() {
                    let mut here = path.to_vec();
                    here.push(k);
                    self.flatten(&name, &here, &Item::Value(v.clone()), into);
                }
            }
            Item::Value(Value::Array(a)) => {
                let words: Vec<String> = a.iter().map(plain).collect();
                let words: Vec<String> = words.iter().map(|w| self.words.value(path, w)).collect();
                into.push((name, words.join(", ")));
            }
            Item::Value(v) => into.push((name, self.words.value(path, &plain(v)))),
            // Lists of tables are named by their key, in `flatten_table`.
            Item::None | Item::ArrayOfTables(_) => {}
        }
    }

    /// One of a list of tables (an area's actions, an update's notes), as the forms name it:
    /// by its title when it has one ("Action “Publish one dashboard”"), else by its place.
    fn element(&self, prefix: &str, key: &str, i: usize, table: &toml_edit::Table) -> String {
        let one = forms::label_of(self.noun, &[key]).unwrap_or_else(|| humane(key));
        let title = table.get("title").and_then(|t| t.as_str());
        let own = match title {
            Some(t) => format!("{one} “{t}”"),
            None => format!("{one} {}", i + 1),
        };
        match prefix {
            "" => own,
            _ => format!("{prefix} › {own}"),
        }
    }
}

fn plain(value: &toml_edit::Value) -> String {
    use toml_edit::Value;
    match value {
        Value::String(s) => s.value().clone(),
        Value::Datetime(d) => d.value().to_string(),
        Value::Boolean(b) => if *b.value() { "yes" } else { "no" }.into(),
        Value::Integer(n) => n.value().to_string(),
        Value::Float(n) => n.value().to_string(),
        other => other.to_string().trim().to_string(),
    }
}

/// A key no form shows, in words ("aliases" → "Aliases").
fn humane(key: &str) -> String {
    capital(&key.replace(['_', '-'], " "))
}

fn paragraphs(field: &str, text: &str, into: &mut Vec<(String, String)>) {
    for (i, p) in text
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .enumerate()
    {
        into.push((format!("{field} › paragraph {}", i + 1), p.to_string()));
    }
}

/// What changed between two versions of the file at `path` (`None`: it did not exist).
pub fn changes(
    words: &Words,
    path: &str,
    before: Option<&[u8]>,
    after: Option<&[u8]>,
) -> Vec<FieldChange> {
    let old = fields_of(words, path, before);
    let new = fields_of(words, path, after);
    let mut list = Vec::new();
    // Paragraphs are compared by their words, not their places: one added at the top is one
    // change, not every paragraph after it.
    let is_text = |f: &str| f.starts_with("Text › ") || f.starts_with("Figures › ");
    for (field, value) in &old {
        let now = new.iter().find(|(f, _)| f == field).map(|(_, v)| v);
        if is_text(field) {
            if !new.iter().any(|(f, v)| is_text(f) && v == value) {
                list.push(FieldChange {
                    field: field.clone(),
                    before: Some(value.clone()),
                    after: None,
                });
            }
        } else if now != Some(value) {
            list.push(FieldChange {
                field: field.clone(),
                before: Some(value.clone()),
                after: now.cloned(),
            });
        }
    }
    for (field, value) in &new {
        let had = if is_text(field) {
            old.iter().any(|(f, v)| is_text(f) && v == value)
        } else {
            old.iter().any(|(f, _)| f == field)
        };
        if !had {
            list.push(FieldChange {
                field: field.clone(),
                before: None,
                after: Some(value.clone()),
            });
        }
    }
    list
}

/// What the file at `path` is, in words: "update", "area", "site settings".
fn noun(path: &str) -> &'static str {
    match path.split('/').collect::<Vec<_>>().as_slice() {
        ["content", "site.toml"] => "site settings",
        ["content", "_index.md"] => "home page",
        ["content", "updates", ..] => "update",
        ["content", "areas", ..] => "area",
        ["content", "pages", ..] => "page",
        ["content", "measures", .., f] if f.ends_with(".csv") => "figures of the measure",
        ["content", "measures", ..] => "measure",
        ["content", "documents", ..] => "document",
        _ => "file",
    }
}

/// What the form of the file at `path` calls its title ("Title", "Site title").
fn title_label(path: &str) -> String {
    forms::label_of(noun(path), &["title"]).unwrap_or_else(|| "Title".into())
}

/// The file at `path` holding `bytes`, in words: "the update “Attendance data software”".
pub fn named(path: &str, bytes: &[u8]) -> String {
    let title = fields_of(&Words::default(), path, Some(bytes))
        .into_iter()
        .find(|(f, _)| *f == title_label(path));
    match title {
        Some((_, t)) => format!("the {} “{t}”", noun(path)),
        None => format!(
            "the {} {}",
            noun(path),
            path.rsplit('/').next().unwrap_or(path)
        ),
    }
}

/// An update that only rates one action of the plan: "Rated “Publish one dashboard”: On
/// track", or that the rating was taken back.
fn rated(names: &Names, list: &[FieldChange]) -> Option<String> {
    let group = names.join("", &["actions"]);
    let mut parts = list
        .iter()
        .map(|c| c.field.split(" › ").collect::<Vec<_>>());
    let first = parts.next()?;
    let (Some(&top), Some(&action)) = (first.first(), first.get(1)) else {
        return None;
    };
    let same = |p: &Vec<&str>| p.first() == Some(&top) && p.get(1) == Some(&action);
    if top != group
        || !list
            .iter()
            .map(|c| c.field.split(" › ").collect())
            .all(|p| same(&p))
    {
        return None;
    }
    let status = names.join("", &["actions", "x", "status"]);
    let status = status.rsplit(" › ").next().unwrap_or_default();
    let is_rating = |c: &&FieldChange| {
        let p: Vec<&str> = c.field.split(" › ").collect();
        p.len() == 2 || p.get(2) == Some(&status)
    };
    // Written anew as a rating with a reason, the old plain rating is taken out: the new counts.
    let mut ratings = list.iter().filter(is_rating);
    let rating = ratings
        .clone()
        .find(|c| c.after.is_some())
        .or_else(|| ratings.next());
    Some(match rating.map(|c| &c.after) {
        Some(Some(now)) => format!("Rated {action}: {now}"),
        Some(None) => format!("Took back the rating of {action}"),
        None => format!("Changed why {action} is rated as it is"),
    })
}

/// The sentence a commit says: what happened to the file at `path`, named by its title.
pub fn describe(words: &Words, path: &str, before: Option<&[u8]>, after: Option<&[u8]>) -> String {
    let noun = noun(path);
    let title = |bytes: Option<&[u8]>| {
        fields_of(words, path, bytes)
            .into_iter()
            .find(|(f, _)| *f == title_label(path))
            .map(|(_, t)| t)
    };
    let name = title(after).or_else(|| title(before)).map_or_else(
        || path.rsplit('/').next().unwrap_or(path).to_string(),
        |t| format!("“{t}”"),
    );
    let list = changes(words, path, before, after);
    let top = |c: &FieldChange| c.field.split(" › ").next().unwrap_or("").to_string();
    match (before, after) {
        (None, _) => return format!("Added the {noun} {name}"),
        (_, None) => return format!("Deleted the {noun} {name}"),
        _ => {}
    }
    if noun == "document" {
        return format!("Replaced the document {name}");
    }
    let names = Names { noun, words };
    let reason = names.join(&names.join("", &["withdrawn"]), &["withdrawn", "reason"]);
    let withdrawn = |c: &FieldChange| c.field == reason;
    if let Some(c) = list.iter().find(|c| withdrawn(c)) {
        match (&c.before, &c.after) {
            (None, Some(_)) => return format!("Withdrew the {noun} {name}"),
            (Some(_), None) => return format!("Took back the withdrawal of the {noun} {name}"),
            _ => {}
        }
    }
    if let Some(rated) = rated(&names, &list) {
        return rated;
    }
    // One element of a list added or taken out whole: said as such.
    if let Some(first) = list.first().map(top).filter(|t| t.contains('“')) {
        let one = list.iter().all(|c| top(c) == first);
        let thing = lower_first(&first);
        if one && list.iter().all(|c| c.before.is_none()) {
            return format!("Added the {thing} to the {noun} {name}");
        }
        if one && list.iter().all(|c| c.after.is_none()) {
            return format!("Took the {thing} off the {noun} {name}");
        }
    }
    let mut fields: Vec<String> = Vec::new();
    for c in &list {
        let f = lower_first(&top(c));
        let f = if f.starts_with("text") {
            "text".to_string()
        } else {
            f
        };
        if !fields.contains(&f) {
            fields.push(f);
        }
    }
    let what = match fields.len() {
        0 => return format!("Saved the {noun} {name} unchanged"),
        1 => fields[0].clone(),
        2 | 3 => format!(
            "{} and {}",
            fields[..fields.len() - 1].join(", "),
            fields[fields.len() - 1]
        ),
        n => format!("{}, {} and {} more", fields[0], fields[1], n - 2),
    };
    if noun == "site settings" {
        return format!("Changed the site settings: {what}");
    }
    format!("Changed the {what} of the {noun} {name}")
}

#[cfg(test)]
mod tests {
    use super::*;

    const BEFORE: &str = "+++\ntitle = \"Attendance data software\"\ndate = 2025-01-02\nkind = \"news\"\n[progress]\nwaiting-times = \"on-track\"\n+++\nFirst paragraph.\n\nSecond paragraph.\n";

    #[test]
    fn a_change_is_named_by_its_fields_in_the_forms_words() {
        let after = BEFORE
            .replace(
                "Attendance data software",
                "Attendance data software goes live",
            )
            .replace("on-track", "at-risk")
            .replace("Second paragraph.", "A new second paragraph.");
        let list = changes(
            &Words::default(),
            "content/updates/x.md",
            Some(BEFORE.as_bytes()),
            Some(after.as_bytes()),
        );
        let fields: Vec<&str> = list.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "Title",
                "Our own assessment › Waiting times",
                "Text › paragraph 2",
                "Text › paragraph 2"
            ]
        );
        assert_eq!(list[0].before.as_deref(), Some("Attendance data software"));
        assert_eq!(
            list[0].after.as_deref(),
            Some("Attendance data software goes live")
        );
        assert_eq!(list[2].after, None);
        assert_eq!(list[3].before, None);
        assert_eq!(
            describe(
            &Words::default(),
            "content/updates/x.md", Some(BEFORE.as_bytes()), Some(after.as_bytes())),
            "Changed the title, our own assessment and text of the update “Attendance data software goes live”"
        );
        let retitled = BEFORE.replace(
            "Attendance data software",
            "Attendance data software goes live",
        );
        assert_eq!(
            describe(
                &Words::default(),
                "content/updates/x.md",
                Some(BEFORE.as_bytes()),
                Some(retitled.as_bytes())
            ),
            "Changed the title of the update “Attendance data software goes live”"
        );
    }

    #[test]
    fn adding_deleting_and_withdrawing_are_said_as_such() {
        let path = "content/updates/x.md";
        assert_eq!(
            describe(&Words::default(), path, None, Some(BEFORE.as_bytes())),
            "Added the update “Attendance data software”"
        );
        assert_eq!(
            describe(&Words::default(), path, Some(BEFORE.as_bytes()), None),
            "Deleted the update “Attendance data software”"
        );
        let withdrawn = BEFORE.replace(
            "+++\nFirst",
            "[withdrawn]\ndate = 2025-02-01\nreason = \"Wrong.\"\n+++\nFirst",
        );
        assert_eq!(
            describe(
                &Words::default(),
                path,
                Some(BEFORE.as_bytes()),
                Some(withdrawn.as_bytes())
            ),
            "Withdrew the update “Attendance data software”"
        );
        let settings = (
            "title = \"A\"\nemail = \"a@b.example\"\n",
            "title = \"B\"\nemail = \"a@b.example\"\n",
        );
        assert_eq!(
            describe(
                &Words::default(),
                "content/site.toml",
                Some(settings.0.as_bytes()),
                Some(settings.1.as_bytes())
            ),
            "Changed the site settings: site title"
        );
    }
}
