//! The update form: an entry's fields as the form shows them, read from a file or from a
//! submitted form, and written back into the file's front matter.

use crate::content::keys;
use std::collections::BTreeMap;

use serde::Serialize;
use toml_edit::{DocumentMut, Item, Table};

use super::fields::Field;
use super::form::Fields;
use super::forms::update as d;
use super::problems::Problem;
use super::toml::{drop_if_empty, new_table, set, shown, table_mut, tables_mut, text, New};

/// One document already attached, as the form shows it.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct DocumentField {
    /// Its title.
    pub title: String,
    /// Where it is, in words: its file's name, or its address.
    pub target: String,
    /// Ticked: take it off the update.
    pub remove: bool,
}

/// The document being added.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct NewDocument {
    /// Its title.
    pub title: String,
    /// A file already under `content/` chosen for it.
    pub existing: String,
    /// The upload kept for it, and the browser's name for it.
    pub token: String,
    /// See `token`.
    pub filename: String,
    /// The upload (its token) whose warning for screen readers the author has seen: saved as
    /// it is on the next Save.
    pub checked: String,
}

/// A note about a change after publication.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Note {
    /// When.
    pub date: String,
    /// What changed.
    pub note: String,
}

/// How an action is going, as the form shows it: a rating's slug and why, if it is not plain.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Rated {
    pub status: String,
    pub note: String,
}

/// Every field of the update form, as text.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct UpdateForm {
    /// The file, relative to the site root; empty for a new update.
    pub file: String,
    /// The file's version when the form was opened (see [`super::write::version`]).
    pub version: String,
    /// The title.
    pub title: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// A kind's slug.
    pub kind: String,
    /// Area slugs.
    pub areas: Vec<String>,
    /// The summary (empty: the body's first paragraph).
    pub summary: String,
    /// The markdown.
    pub body: String,
    /// Not published yet.
    pub draft: bool,
    /// A survey's or consultation's dates.
    pub opens: String,
    /// See `opens`.
    pub closes: String,
    /// A meeting's day and, if known, its time (`HH:MM`).
    pub event_date: String,
    /// See `event_date`.
    pub event_time: String,
    /// When it ends (`HH:MM` on its day).
    pub event_end: String,
    /// `event_end` as the file has it when it is on another day (an event over several days),
    /// which the end time cannot show: kept while the end time is left empty.
    pub event_end_kept: String,
    /// Where a meeting is.
    pub location: String,
    /// The overall outcome's slug.
    pub outcome: String,
    /// The inspectors' judgement of each area (area slug → status slug).
    pub judgements: BTreeMap<String, String>,
    /// The council's own rating of each area.
    pub progress: BTreeMap<String, String>,
    /// How each action of the plan is going (action id → rating and note), in the council's
    /// words.
    pub actions: BTreeMap<String, Rated>,
    /// The documents attached already.
    pub documents: Vec<DocumentField>,
    /// The document being added.
    pub new_document: NewDocument,
    /// The notes written already.
    pub history: Vec<Note>,
    /// The note being added.
    pub new_note: Note,
}

impl UpdateForm {
    /// The form for an update written in `front_matter`, with its `body`.
    pub fn read(front_matter: &DocumentMut, body: &str) -> UpdateForm {
        let t = front_matter.as_table();
        let (event_date, event_time) = match shown(t, keys::entry::EVENT).split_once('T') {
            Some((day, time)) => (day.to_string(), time.chars().take(5).collect()),
            None => (shown(t, keys::entry::EVENT), String::new()),
        };
        let written_end = shown(t, keys::entry::EVENT_END);
        let (event_end, event_end_kept) = match written_end.split_once('T') {
            Some((day, time)) if day == event_date => {
                (time.chars().take(5).collect(), String::new())
            }
            _ => (String::new(), written_end),
        };
        let strings = |key: &str| -> BTreeMap<String, String> {
            t.get(key)
                .and_then(Item::as_table)
                .map(|table| {
                    table
                        .iter()
                        .filter_map(|(k, v)| Some((k.to_string(), v.as_str()?.to_string())))
                        .collect()
                })
                .unwrap_or_default()
        };
        let tables = |key: &str| -> Vec<Table> {
            t.get(key)
                .and_then(Item::as_array_of_tables)
                .map(|a| a.iter().cloned().collect())
                .unwrap_or_default()
        };
        UpdateForm {
            title: text(t, keys::entry::TITLE),
            date: shown(t, keys::entry::DATE),
            kind: text(t, keys::entry::KIND),
            areas: t
                .get(keys::entry::AREAS)
                .and_then(Item::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default(),
            summary: text(t, keys::entry::SUMMARY),
            body: body.replace("\r\n", "\n"),
            draft: t
                .get(keys::entry::DRAFT)
                .and_then(Item::as_bool)
                .unwrap_or(false),
            opens: shown(t, keys::entry::OPENS),
            closes: shown(t, keys::entry::CLOSES),
            event_date,
            event_time,
            event_end,
            event_end_kept,
            location: text(t, keys::entry::LOCATION),
            outcome: text(t, keys::entry::OUTCOME),
            judgements: strings(keys::entry::JUDGEMENTS),
            progress: strings(keys::entry::PROGRESS),
            actions: reports(t),
            documents: tables(keys::entry::DOCUMENTS)
                .iter()
                .map(|d| DocumentField {
                    title: text(d, keys::document::TITLE),
                    // Named as people know it: its file's name, or its address.
                    target: [keys::document::FILE, keys::document::URL]
                        .iter()
                        .map(|key| text(d, key))
                        .find(|value| !value.is_empty())
                        .map(|value| match value.contains("://") {
                            true => value,
                            false => value.rsplit('/').next().unwrap_or(&value).to_string(),
                        })
                        .unwrap_or_else(|| "named only, not published here".into()),
                    remove: false,
                })
                .collect(),
            history: tables(keys::entry::HISTORY)
                .iter()
                .map(|h| Note {
                    date: shown(h, keys::history::DATE),
                    note: text(h, keys::history::NOTE),
                })
                .collect(),
            ..UpdateForm::default()
        }
    }

    /// The form as submitted, read by its description ([`d`]); `areas` are the site's area
    /// slugs and `actions` its action ids (no other key is taken). Dates written as people
    /// write them are taken in the files' form.
    pub fn submitted(fields: &Fields, areas: &[String], actions: &[String]) -> UpdateForm {
        let v = |f: &'static Field| f.one().read_value(fields);
        let count = |name: &str| fields.get(name).parse::<usize>().unwrap_or(0).min(1000);
        let per_area = |f: &'static Field| -> BTreeMap<String, String> {
            areas
                .iter()
                .map(|a| (a.clone(), f.about(a, "").read(fields)))
                .filter(|(_, v)| !v.is_empty())
                .collect()
        };
        let nth = |f: &'static Field, i: usize| f.nth(i).read_value(fields);
        UpdateForm {
            file: fields.get("file"),
            version: fields.get("version"),
            title: v(&d::TITLE),
            date: v(&d::DATE),
            kind: v(&d::KIND),
            areas: fields
                .all(d::AREAS.name)
                .into_iter()
                .filter(|a| areas.contains(a))
                .collect(),
            summary: v(&d::SUMMARY),
            body: v(&d::BODY),
            draft: !v(&d::DRAFT).is_empty(),
            opens: v(&d::OPENS),
            closes: v(&d::CLOSES),
            event_date: v(&d::EVENT_DATE),
            event_time: v(&d::EVENT_TIME),
            event_end: v(&d::EVENT_END),
            event_end_kept: v(&d::EVENT_END_KEPT),
            location: v(&d::LOCATION),
            outcome: v(&d::OUTCOME),
            judgements: per_area(&d::JUDGEMENT),
            progress: per_area(&d::PROGRESS),
            actions: actions
                .iter()
                .map(|id| {
                    let rated = Rated {
                        status: d::RATING.about(id, "").read(fields),
                        note: d::RATING_NOTE.about(id, "").read(fields),
                    };
                    (id.clone(), rated)
                })
                .collect(),
            documents: (0..count("documents"))
                .map(|i| DocumentField {
                    title: nth(&d::DOCUMENT_TITLE, i),
                    target: nth(&d::DOCUMENT_TARGET, i),
                    remove: !nth(&d::DOCUMENT_REMOVE, i).is_empty(),
                })
                .collect(),
            new_document: NewDocument {
                title: v(&d::NEW_DOCUMENT_TITLE),
                existing: v(&d::NEW_DOCUMENT_EXISTING),
                token: fields.get("new-document-token"),
                filename: fields.get("new-document-filename"),
                checked: fields.get("new-document-checked"),
            },
            history: (0..count("notes"))
                .map(|i| Note {
                    date: nth(&d::NOTE_DATE, i),
                    note: nth(&d::NOTE_NOTE, i),
                })
                .collect(),
            new_note: Note {
                date: v(&d::NEW_NOTE_DATE),
                note: v(&d::NEW_NOTE_NOTE),
            },
        }
    }

    /// Every problem of the form's own fields, in its words, each at its field, all at once:
    /// what the build would report only one at a time, or in the words of the file.
    pub fn own_problems(&self) -> Vec<Problem> {
        let mut found: Vec<Problem> = [
            (d::TITLE.one(), &self.title),
            (d::KIND.one(), &self.kind),
            (d::DATE.one(), &self.date),
            (d::OPENS.one(), &self.opens),
            (d::CLOSES.one(), &self.closes),
            (d::EVENT_DATE.one(), &self.event_date),
            (d::NEW_NOTE_DATE.one(), &self.new_note.date),
        ]
        .into_iter()
        .chain((self.history.iter().enumerate()).map(|(i, n)| (d::NOTE_DATE.nth(i), &n.date)))
        .filter_map(|(at, value)| at.problem(value))
        .collect();
        // Said with the day as people read it, never as the file writes it.
        let as_day = |s: &str| crate::source::dates::parse_dated_text(s).ok();
        if let (Some(o), Some(c)) = (as_day(&self.opens), as_day(&self.closes)) {
            if c < o {
                let why = format!(
                    "The day it closes must be on or after the day it opens ({})",
                    o.text()
                );
                found.push(d::CLOSES.one().says(why));
            }
        }
        found
    }

    /// Writes the form into `doc`, changing only what differs; `attach` is the file (under
    /// `content/`) of the document being added, if it has one.
    pub fn apply(&self, doc: &mut DocumentMut, attach: Option<&str>) {
        let optional = |s: &str, make: fn(String) -> New| (!s.is_empty()).then(|| make(s.into()));
        let root = doc.as_table_mut();
        set(
            root,
            keys::entry::TITLE,
            Some(New::Text(self.title.clone())),
        );
        set(root, keys::entry::DATE, optional(&self.date, New::Date));
        set(root, keys::entry::KIND, optional(&self.kind, New::Text));
        let areas = (!self.areas.is_empty()).then(|| New::List(self.areas.clone()));
        set(root, keys::entry::AREAS, areas);
        set(
            root,
            keys::entry::SUMMARY,
            optional(&self.summary, New::Text),
        );
        let was_draft = root.get(keys::entry::DRAFT).is_some();
        if self.draft || was_draft {
            set(root, keys::entry::DRAFT, Some(New::Flag(self.draft)));
        }
        set(root, keys::entry::OPENS, optional(&self.opens, New::Date));
        set(root, keys::entry::CLOSES, optional(&self.closes, New::Date));
        let event = match (self.event_date.as_str(), self.event_time.as_str()) {
            ("", _) => None,
            (day, "") => Some(New::Date(day.into())),
            (day, time) => Some(New::Date(format!("{day}T{time}:00"))),
        };
        set(root, keys::entry::EVENT, event);
        let end = match (self.event_date.as_str(), self.event_end.as_str()) {
            ("", _) => None,
            // Another day, as the file had it: kept as written.
            (_, "") => optional(&self.event_end_kept, New::Date),
            (day, time) => Some(New::Date(format!("{day}T{time}:00"))),
        };
        set(root, keys::entry::EVENT_END, end);
        set(
            root,
            keys::entry::LOCATION,
            optional(&self.location, New::Text),
        );
        set(
            root,
            keys::entry::OUTCOME,
            optional(&self.outcome, New::Text),
        );
        for (key, values) in [
            (keys::entry::JUDGEMENTS, &self.judgements),
            (keys::entry::PROGRESS, &self.progress),
        ] {
            apply_map(doc, key, values);
        }
        apply_reports(doc, &self.actions);
        self.apply_documents(doc, attach);
        self.apply_history(doc);
    }

    fn apply_documents(&self, doc: &mut DocumentMut, attach: Option<&str>) {
        let adding = !self.new_document.title.is_empty() || attach.is_some();
        if self.documents.is_empty() && !adding {
            return;
        }
        let Some(tables) = tables_mut(doc, keys::entry::DOCUMENTS) else {
            return;
        };
        for (i, field) in self.documents.iter().enumerate().rev() {
            if i >= tables.len() {
                continue;
            }
            if field.remove {
                tables.remove(i);
            } else if let Some(table) = tables.get_mut(i) {
                set(
                    table,
                    keys::document::TITLE,
                    Some(New::Text(field.title.clone())),
                );
            }
        }
        if adding {
            let mut table = new_table();
            set(
                &mut table,
                keys::document::TITLE,
                Some(New::Text(self.new_document.title.clone())),
            );
            if let Some(file) = attach {
                set(
                    &mut table,
                    keys::document::FILE,
                    Some(New::Text(file.into())),
                );
            }
            tables.push(table);
        }
        if tables.is_empty() {
            doc.remove(keys::entry::DOCUMENTS);
        }
    }

    fn apply_history(&self, doc: &mut DocumentMut) {
        let adding = !self.new_note.date.is_empty() || !self.new_note.note.is_empty();
        if self.history.is_empty() && !adding {
            return;
        }
        let Some(tables) = tables_mut(doc, keys::entry::HISTORY) else {
            return;
        };
        for (i, note) in self.history.iter().enumerate().rev() {
            let Some(table) = tables.get_mut(i) else {
                continue;
            };
            if note.date.is_empty() && note.note.is_empty() {
                tables.remove(i);
                continue;
            }
            set(
                table,
                keys::history::DATE,
                Some(New::Date(note.date.clone())),
            );
            set(
                table,
                keys::history::NOTE,
                Some(New::Text(note.note.clone())),
            );
        }
        if adding {
            let mut table = new_table();
            set(
                &mut table,
                keys::history::DATE,
                Some(New::Date(self.new_note.date.clone())),
            );
            set(
                &mut table,
                keys::history::NOTE,
                Some(New::Text(self.new_note.note.clone())),
            );
            tables.push(table);
        }
        if tables.is_empty() {
            doc.remove(keys::entry::HISTORY);
        }
    }
}

/// The `[actions]` table as the form shows it: `id = "rating"` or `id = { status, note }`.
fn reports(t: &Table) -> BTreeMap<String, Rated> {
    let Some(table) = t.get(keys::entry::ACTIONS).and_then(Item::as_table_like) else {
        return BTreeMap::new();
    };
    let field = |v: &Item, key: &str| {
        v.as_table_like()
            .and_then(|t| t.get(key))
            .and_then(Item::as_str)
            .unwrap_or_default()
            .to_string()
    };
    table
        .iter()
        .map(|(id, v)| {
            let rated = match v.as_str() {
                Some(status) => Rated {
                    status: status.to_string(),
                    note: String::new(),
                },
                None => Rated {
                    status: field(v, "status"),
                    note: field(v, "note"),
                },
            };
            (id.to_string(), rated)
        })
        .collect()
}

/// Writes `[actions]`: one key per action the form rated, a table when it has a note; an
/// action left unrated is taken out; a report that says the same as before, and one of an action
/// the form does not show, is left as written.
fn apply_reports(doc: &mut DocumentMut, values: &BTreeMap<String, Rated>) {
    let before = reports(doc.as_table());
    let changed = |(id, rated): &(&String, &Rated)| match before.get(*id) {
        Some(old) => old != *rated,
        None => !rated.status.is_empty() || !rated.note.is_empty(),
    };
    let changed: Vec<(&String, &Rated)> = values.iter().filter(changed).collect();
    if changed.is_empty() {
        return;
    }
    let table = table_mut(doc, keys::entry::ACTIONS);
    for (id, rated) in changed {
        if rated.status.is_empty() && rated.note.is_empty() {
            table.remove(id);
            continue;
        }
        match rated.note.is_empty() {
            true => set(table, id, Some(New::Text(rated.status.clone()))),
            false => {
                let mut report = toml_edit::InlineTable::new();
                report.insert("status", rated.status.as_str().into());
                report.insert("note", rated.note.as_str().into());
                table.insert(id, toml_edit::value(report));
            }
        }
    }
    drop_if_empty(doc, keys::entry::ACTIONS);
}

/// Writes `[judgements]` or `[progress]`: one key per area given, others as they were.
fn apply_map(doc: &mut DocumentMut, key: &str, values: &BTreeMap<String, String>) {
    let existing: Vec<String> = doc
        .get(key)
        .and_then(Item::as_table)
        .map(|t| t.iter().map(|(k, _)| k.to_string()).collect())
        .unwrap_or_default();
    if existing.is_empty() && values.is_empty() {
        return;
    }
    let table = table_mut(doc, key);
    for area in existing.iter().filter(|k| !values.contains_key(*k)) {
        table.remove(area);
    }
    for (area, value) in values {
        set(table, area, Some(New::Text(value.clone())));
    }
    drop_if_empty(doc, key);
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"title = "Survey of parents"  # shown on the timeline
date = 2025-03-01
kind = "survey"
areas = ["send-support"]
opens = 2025-03-01
closes = 2025-04-01

[[documents]]
title = "Questions"
file = "documents/questions.pdf"
"#;

    #[test]
    fn reading_and_writing_back_unchanged_changes_nothing() {
        let mut doc: DocumentMut = FILE.parse().unwrap();
        let form = UpdateForm::read(&doc, "Body\n");
        assert_eq!(form.title, "Survey of parents");
        assert_eq!(form.documents[0].target, "questions.pdf");
        form.apply(&mut doc, None);
        assert_eq!(doc.to_string(), FILE);
    }

    #[test]
    fn a_new_update_is_laid_out_as_the_content_reference_shows() {
        let mut doc = DocumentMut::new();
        let form = UpdateForm {
            title: "Board meeting".into(),
            date: "2025-05-02".into(),
            kind: "meeting".into(),
            areas: vec!["a".into(), "b".into()],
            event_date: "2025-05-20".into(),
            event_time: "18:30".into(),
            location: "Town Hall".into(),
            progress: BTreeMap::from([("a".into(), "on-track".into())]),
            new_document: NewDocument {
                title: "Agenda".into(),
                ..NewDocument::default()
            },
            ..UpdateForm::default()
        };
        form.apply(&mut doc, Some("documents/agenda.pdf"));
        assert_eq!(
            doc.to_string(),
            "title = \"Board meeting\"\ndate = 2025-05-02\nkind = \"meeting\"\nareas = [\"a\", \"b\"]\nevent = 2025-05-20T18:30:00\nlocation = \"Town Hall\"\n\n[progress]\na = \"on-track\"\n\n[[documents]]\ntitle = \"Agenda\"\nfile = \"documents/agenda.pdf\"\n"
        );
    }
}
