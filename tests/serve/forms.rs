//! Every form read and checked from its description, over HTTP: dates taken as people type
//! them and shown back in words, every mistake of a form named at once in the form's words,
//! and the measure form's preview.

use super::common::copy_fixture;
use super::editor::Editor;
use super::settings::{changed, fields_of};

const AREA: &str = "content/areas/communication.md";

fn send(editor: &Editor, path: &str, fields: &[(String, String)]) -> super::harness::Reply {
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    editor.send(path, &pairs)
}

fn area_form(editor: &Editor) -> String {
    editor
        .get(&format!("page?file={}", AREA.replace('/', "%2F")))
        .text()
}

#[test]
fn an_action_s_due_date_is_taken_as_people_write_it_and_shown_back_in_words() {
    let site = copy_fixture("framework-2023");
    let editor = Editor::open(site.path());
    let form = area_form(&editor);
    assert!(
        form.contains("value=\"September 2024\""),
        "a month is shown in words, never 2024-09: {form}"
    );
    let fields = changed(
        &form,
        &[
            ("action-0-due", "March 2027"),
            ("action-1-due", "31/07/2027"),
            ("new-action-title", "Publish one dashboard"),
            ("new-action-due", "31 July 2027"),
        ],
    );
    let saved = send(&editor, "page", &fields);
    assert_eq!(saved.status, 303, "{}", saved.text());
    let file = std::fs::read_to_string(site.path().join(AREA)).unwrap();
    for written in [
        "due = \"2027-03\"",
        "due = 2027-07-31\nowner = \"Head of SEND\"",
        "title = \"Publish one dashboard\"\ndue = 2027-07-31",
    ] {
        assert!(file.contains(written), "{written}\n{file}");
    }
    let form = area_form(&editor);
    for shown in ["value=\"March 2027\"", "value=\"31 July 2027\""] {
        assert!(form.contains(shown), "{shown}\n{form}");
    }
}

#[test]
fn every_mistake_of_a_form_is_named_at_once_at_its_field_in_the_form_s_words() {
    let site = copy_fixture("framework-2023");
    let editor = Editor::open(site.path());
    let before = std::fs::read(site.path().join(AREA)).unwrap();

    // An area: two actions' dates, and an action given a date but nothing to do.
    let fields = changed(
        &area_form(&editor),
        &[
            ("action-0-due", "soon"),
            ("action-1-title", ""),
            ("new-action-due", "July 2027"),
        ],
    );
    let refused = send(&editor, "page", &fields);
    assert_eq!(refused.status, 422);
    let page = refused.text();
    for said in [
        "href=\"#f-action-0-due\">Enter when action 1 is due as a month or a day, for example March 2026 or 31/03/2026: “soon” is not one.",
        "href=\"#f-action-1-title\">Enter what will be done, or leave the action",
        "href=\"#f-new-action-title\">Enter what will be done, or leave the action",
    ] {
        assert!(page.contains(said), "{said}\n{page}");
    }
    assert_eq!(std::fs::read(site.path().join(AREA)).unwrap(), before);

    // An update: no title, a day that is not one, a survey closing before it opens.
    let update = [
        ("file", ""),
        ("version", ""),
        ("title", ""),
        ("date", "31/13/2025"),
        ("kind", "survey"),
        ("body", "Tell us."),
        ("opens", "01/04/2025"),
        ("closes", "1 March 2025"),
        // A month where a day is needed: named as typed, never as the file would write it.
        ("new-note-date", "March 2025"),
        ("new-note-note", "Dates corrected."),
        ("action", "save"),
    ];
    let fields: Vec<(String, String)> = update
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let refused = send(&editor, "update", &fields);
    assert_eq!(refused.status, 422);
    let page = refused.text();
    for said in [
        "href=\"#f-title\">Enter the title.",
        "href=\"#f-date\">Enter the date as a day, for example 14/03/2025 or 14 March 2025: “31/13/2025” is not one.",
        "href=\"#f-closes\">The day it closes must be on or after the day it opens (1 April 2025).",
        "href=\"#f-new-note-date\">Enter the date of the change as a day, for example 14/03/2025 or 14 March 2025: “March 2025” is not one.",
        // What was typed is shown back as typed, or in words: never as the file writes it.
        "value=\"31/13/2025\"",
        "value=\"1 April 2025\"",
    ] {
        assert!(page.contains(said), "{said}\n{page}");
    }
    assert!(!page.contains("2025-04-01"), "{page}");

    // The settings: three mistakes, three messages.
    let fields = changed(
        &editor.get("settings").text(),
        &[
            ("title", ""),
            ("email", "send at example"),
            ("reading_age", "40"),
        ],
    );
    let refused = send(&editor, "settings", &fields);
    assert_eq!(refused.status, 422);
    let page = refused.text();
    for at in [
        "#f-title\">Enter the site title",
        "#f-email\"",
        "#f-reading-age\"",
    ] {
        assert!(page.contains(at), "{at}\n{page}");
    }
}

#[test]
fn a_measure_is_previewed_as_it_would_be_and_nothing_is_saved() {
    let site = copy_fixture("framework-2023");
    let editor = Editor::open(site.path());
    let file = "content/measures/ehc-plans-20-weeks.md";
    let form = editor
        .get(&format!("measure?file={}", file.replace('/', "%2F")))
        .text();
    assert!(form.contains("id=\"ed-live\""), "a live preview: {form}");
    let mut fields = changed(&form, &[("title", "EHC plans issued on time")]);
    // The form's own text box (the figures) as sent, then Preview rather than Save.
    fields.retain(|(n, _)| n != "action");
    fields.push(("action".into(), "preview".into()));
    let before = std::fs::read(site.path().join(file)).unwrap();
    let previewed = send(&editor, "measure", &fields);
    assert_eq!(previewed.status, 200, "{}", previewed.text());
    let page = previewed.text();
    let preview = page
        .split("<h2 id=\"preview-title\">Preview (not saved yet)</h2>")
        .nth(1)
        .unwrap_or_else(|| panic!("no preview: {page}"));
    assert!(preview.contains("EHC plans issued on time"), "{preview}");
    assert_eq!(std::fs::read(site.path().join(file)).unwrap(), before);
    assert!(fields_of(&page)
        .iter()
        .any(|(n, v)| n == "title" && v == "EHC plans issued on time"));
}
