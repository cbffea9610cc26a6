//! Measures in the browser's form over HTTP: a new measure made with rows pasted from a
//! spreadsheet, its figures written as a CSV file beside it, an existing measure's figure
//! changed, and bad rows named by row, all at once, with nothing saved.

use super::common::copy_fixture;
use super::editor::Editor;
use super::harness::{eventually, page, version_of};

/// Three rows as a spreadsheet copies them: headings, tabs, dates as people write them.
const PASTED: &str = "Month\tFigure\tNote\nMarch 2026\t41.5\t\n30/04/2026\t44%\tAfter the new team started\n2026-05\t47\t\n";

fn new_measure(figures: &str) -> Vec<(&'static str, String)> {
    vec![
        ("file", String::new()),
        ("version", String::new()),
        ("title", "Families who say they were listened to".into()),
        ("unit", "%".into()),
        ("target", "75".into()),
        ("target_date", "March 2027".into()),
        ("better", "higher".into()),
        ("areas", "communication".into()),
        (
            "source",
            "The council's termly survey of parents and carers.".into(),
        ),
        (
            "body",
            "Of the families who answered, how many said they were listened to.".into(),
        ),
        ("figures", figures.into()),
        ("action", "save".into()),
    ]
}

fn send(editor: &Editor, fields: &[(&str, String)]) -> super::harness::Reply {
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    editor.send("measure", &pairs)
}

#[test]
fn a_new_measure_is_made_from_rows_pasted_from_a_spreadsheet() {
    let site = copy_fixture("framework-2023");
    let editor = Editor::open(site.path());
    let list = editor.get("").text();
    assert!(
        list.contains("href=\"/send/__sendsite/edit/measure\""),
        "{list}"
    );
    let form = editor.get("measure");
    assert_eq!(form.status, 200, "{}", form.text());
    assert!(form
        .text()
        .contains("<label class=\"ed-label\" for=\"f-figures\">Figures</label>"));

    let saved = send(&editor, &new_measure(PASTED));
    assert_eq!(saved.status, 303, "{}", saved.text());
    let md = site
        .path()
        .join("content/measures/families-who-say-they-were-listened-to.md");
    let csv = site
        .path()
        .join("content/measures/families-who-say-they-were-listened-to.csv");
    assert_eq!(
        std::fs::read_to_string(&csv).unwrap(),
        "date,value,note\n2026-03,41.5,\n2026-04-30,44,After the new team started\n2026-05,47,\n"
    );
    let text = std::fs::read_to_string(&md).unwrap();
    assert!(
        text.contains("target = 75\ntarget_date = \"2027-03\"\nbetter = \"higher\"\n"),
        "{text}"
    );
    assert!(
        text.contains("data = \"families-who-say-they-were-listened-to.csv\"\n"),
        "{text}"
    );
    eventually("the preview has the measure's page", || {
        page(
            &editor.server,
            "/send/measures/families-who-say-they-were-listened-to/",
        )
        .contains("After the new team started")
    });

    // One figure changed in the form: only the CSV's row changes.
    let file = "content/measures/families-who-say-they-were-listened-to.md";
    let form = editor
        .get(&format!("measure?file={}", file.replace('/', "%2F")))
        .text();
    assert!(
        form.contains("2026-05,47,"),
        "the form shows the figures: {form}"
    );
    let version = version_of(&form);
    let mut fields = new_measure(
        "date,value,note\n2026-03,41.5,\n2026-04-30,44,After the new team started\n2026-05,48,\n",
    );
    fields[0].1 = file.into();
    fields[1].1 = version;
    let saved = send(&editor, &fields);
    assert_eq!(saved.status, 303, "{}", saved.text());
    assert!(std::fs::read_to_string(&csv)
        .unwrap()
        .ends_with("2026-05,48,\n"));
}

#[test]
fn bad_rows_of_figures_are_named_by_row_all_at_once_and_nothing_is_saved() {
    let site = copy_fixture("framework-2023");
    let before = std::fs::read_dir(site.path().join("content/measures"))
        .unwrap()
        .count();
    let editor = Editor::open(site.path());
    let mut fields = new_measure("March 2026\t41.5\n14/03/26\t40\nApril 2026\tforty\n");
    fields[2].1 = String::new();
    let refused = send(&editor, &fields);
    assert_eq!(refused.status, 422);
    let page = refused.text();
    for words in [
        "Figures, row 2: “14/03/26” is not a date",
        "Figures, row 3: “forty” is not a number",
    ] {
        assert!(page.contains(words), "{words}\n{page}");
    }
    assert!(
        page.contains("href=\"#f-title\""),
        "the empty title too, at once: {page}"
    );
    assert_eq!(
        std::fs::read_dir(site.path().join("content/measures"))
            .unwrap()
            .count(),
        before
    );
}

#[test]
fn a_target_in_words_and_a_target_without_a_direction_are_named_at_once_in_form_words() {
    let site = copy_fixture("framework-2023");
    let editor = Editor::open(site.path());
    let form = editor.get("measure").text();
    assert!(
        form.contains("name=\"figures\" rows=\"12\"")
            && !form.contains("date,value,note</textarea>"),
        "the figures box of a new measure is empty: {form}"
    );
    let mut fields = new_measure("Month,Figure\nMarch 2026,41.5\n");
    fields[4].1 = "about 500".into(); // target
    fields[6].1 = String::new(); // better
    let refused = send(&editor, &fields);
    assert_eq!(refused.status, 422);
    let page = refused.text();
    for words in [
        "href=\"#f-target\">Enter the target as a number, for example 500 or 60%",
        "href=\"#f-better\">Choose whether higher or lower figures are better",
    ] {
        assert!(page.contains(words), "{words}\n{page}");
    }
    assert!(!page.contains("expected f64"), "{page}");
}

#[test]
fn a_figure_the_build_refuses_is_named_by_the_line_it_was_pasted_on() {
    let site = copy_fixture("framework-2023");
    let editor = Editor::open(site.path());
    // A heading and a blank line before the second March: it is line 4 as pasted.
    let refused = send(
        &editor,
        &new_measure("Month\tFigure\nMarch 2026\t41\n\nMarch 2026\t44\n"),
    );
    assert_eq!(refused.status, 422);
    let page = refused.text();
    assert!(page.contains("Figures, row 4:"), "{page}");
}
