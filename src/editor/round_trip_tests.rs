//! What the editor writes, the build reads back: for each kind of content the editor edits (an
//! update, an area with its actions, a free page, the home page), a form with every field filled
//! is written as the editor writes it, then parsed as `build` parses it, and every value arrives.
//! A field renamed in the parser but not in the editor fails here (as an unknown field), as does
//! one the editor writes in a shape the parser does not read.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use toml_edit::DocumentMut;

use super::pages::{ActionField, PageForm};
use super::update::{NewDocument, Note, UpdateForm};
use crate::config::Config;
use crate::content::{Area, Entry, EntryContext, Page};
use crate::source::frontmatter::Source;

/// The file the editor writes: its front matter, then the body.
fn file(doc: &DocumentMut, body: &str) -> String {
    format!("+++\n{doc}+++\n{body}")
}

fn config() -> Config {
    let text = "title = \"T\"\norganisation = \"O\"\ndescription = \"D\"\nbase_url = \"https://x.example/\"\nframework = \"2023\"\n";
    Config::parse(Path::new("content/site.toml"), text).unwrap()
}

#[test]
fn an_update_written_by_the_editor_is_read_back_whole() {
    let form = UpdateForm {
        title: "Monitoring visit".into(),
        date: "2025-05-02".into(),
        kind: "inspection".into(),
        areas: vec!["waiting".into(), "transitions".into()],
        summary: "Inspectors came back.".into(),
        body: "What they found.\n".into(),
        draft: true,
        opens: "2025-05-03".into(),
        closes: "2025-06-01".into(),
        event_date: "2025-05-20".into(),
        event_time: "18:30".into(),
        event_end: "20:00".into(),
        location: "Town Hall".into(),
        outcome: "widespread-failings".into(),
        judgements: BTreeMap::from([("waiting".into(), "effective-action".into())]),
        progress: BTreeMap::from([("transitions".into(), "on-track".into())]),
        new_document: NewDocument {
            title: "Letter".into(),
            ..NewDocument::default()
        },
        new_note: Note {
            date: "2025-05-10".into(),
            note: "A date corrected.".into(),
        },
        ..UpdateForm::default()
    };
    let mut doc = DocumentMut::new();
    form.apply(&mut doc, Some("documents/letter.pdf"));
    let text = file(&doc, &form.body);
    let config = config();
    let areas: BTreeSet<String> = ["waiting".into(), "transitions".into()].into();
    let ctx = EntryContext {
        config: &config,
        areas: &areas,
    };
    let path = Path::new("content/updates/2025-05-02-monitoring-visit.md");
    let e = Entry::parse(&Source { path, text: &text }, &ctx)
        .unwrap_or_else(|d| panic!("{d:?}\n{text}"));
    assert_eq!(
        (e.title.as_str(), e.date.to_string(), e.kind.as_str()),
        ("Monitoring visit", "2025-05-02".into(), "inspection")
    );
    assert_eq!(e.areas, ["waiting", "transitions"]);
    assert_eq!(
        (e.summary.as_str(), e.body.as_str(), e.draft),
        ("Inspectors came back.", "What they found.\n", true)
    );
    let day = |d: Option<time::Date>| d.map(|d| d.to_string());
    assert_eq!(
        (day(e.opens), day(e.closes)),
        (Some("2025-05-03".into()), Some("2025-06-01".into()))
    );
    assert!(
        e.event.is_some() && e.location.as_deref() == Some("Town Hall"),
        "{text}"
    );
    assert_eq!(e.outcome.as_deref(), Some("widespread-failings"));
    let judged: Vec<(&str, &str)> = e
        .judgements
        .iter()
        .map(|j| (j.area.as_str(), j.status.as_str()))
        .collect();
    assert_eq!(judged, [("waiting", "effective-action")]);
    let rated: Vec<(&str, &str)> = e
        .progress
        .iter()
        .map(|j| (j.area.as_str(), j.status.as_str()))
        .collect();
    assert_eq!(rated, [("transitions", "on-track")]);
    assert_eq!(e.documents.len(), 1);
    assert_eq!(e.documents[0].title, "Letter");
    assert_eq!(
        e.documents[0].target,
        crate::content::document::Target::File("documents/letter.pdf".into())
    );
    assert_eq!(e.history.len(), 1);
    assert_eq!(
        (e.history[0].date.to_string(), e.history[0].note.as_str()),
        ("2025-05-10".into(), "A date corrected.")
    );
    // And the form reads back what it wrote.
    let again = UpdateForm::read(&doc, &e.body);
    assert_eq!(
        (&again.title, &again.event_time, &again.judgements),
        (&form.title, &form.event_time, &form.judgements)
    );
    assert_eq!(again.event_end, "20:00");
    // An end on another day is kept while the end time is left empty.
    let mut doc = DocumentMut::new();
    let over_days = UpdateForm {
        event_end: String::new(),
        event_end_kept: "2025-05-22".into(),
        ..form.clone()
    };
    over_days.apply(&mut doc, None);
    let again = UpdateForm::read(&doc, "");
    assert_eq!(
        (again.event_end.as_str(), again.event_end_kept.as_str()),
        ("", "2025-05-22")
    );
    assert!(
        doc.to_string().contains("event_end = 2025-05-22\n"),
        "{doc}"
    );
    assert!(text.contains("event_end = 2025-05-20T20:00:00\n"), "{text}");
}

#[test]
fn an_area_and_its_actions_written_by_the_editor_are_read_back_whole() {
    // The editor keeps an area's number as it is: the file it opens has it. Its type is a field.
    let mut doc: DocumentMut = "number = 2\ntype = \"improvement\"\n".parse().unwrap();
    let form = PageForm {
        what: "Area".into(),
        title: "Waiting times".into(),
        area_type: "priority-action".into(),
        finding: "Families wait too long.".into(),
        body: "What we are doing.\n".into(),
        new_action: ActionField {
            title: "Hire two psychologists".into(),
            due: "2026-03".into(),
            owner: "Head of SEND".into(),
            ..ActionField::default()
        },
        ..PageForm::default()
    };
    form.apply(
        "Area",
        &mut doc,
        &BTreeSet::from(["hire-two-psychologists".to_string()]),
    );
    let text = file(&doc, &form.body);
    let path = Path::new("content/areas/waiting.md");
    let a = Area::parse(&Source { path, text: &text }).unwrap_or_else(|d| panic!("{d:?}\n{text}"));
    assert_eq!(
        (a.title.as_str(), a.finding.as_str(), a.number),
        ("Waiting times", "Families wait too long.", 2)
    );
    assert_eq!(a.area_type.as_deref(), Some("priority-action"));
    assert_eq!(a.actions.len(), 1, "{text}");
    let action = &a.actions[0];
    // A new action's id is made from its title, never one the site already has.
    assert_eq!(action.id, "hire-two-psychologists-2");
    assert_eq!(
        (action.title.as_str(), action.owner.as_deref()),
        ("Hire two psychologists", Some("Head of SEND"))
    );
    assert_eq!(a.body, "What we are doing.\n");
}

#[test]
fn a_page_and_the_home_page_written_by_the_editor_are_read_back_whole() {
    for (kind, path, home) in [
        ("Page", "content/pages/about.md", false),
        ("Home page", "content/_index.md", true),
    ] {
        let form = PageForm {
            what: kind.into(),
            title: "About this site".into(),
            body: "Who we are.\n".into(),
            ..PageForm::default()
        };
        let mut doc = DocumentMut::new();
        form.apply(kind, &mut doc, &BTreeSet::new());
        let text = file(&doc, &form.body);
        let p = Page::parse(
            &Source {
                path: Path::new(path),
                text: &text,
            },
            home,
        )
        .unwrap_or_else(|d| panic!("{d:?}\n{text}"));
        assert_eq!(
            (p.title.as_deref(), p.body.as_str()),
            (Some("About this site"), "Who we are.\n"),
            "{kind}"
        );
    }
}
