//! Serve rebuilds only what an edit to an action, a report on one, a measure or its figures file
//! affects, and what it serves is exactly what a full build gives.

use std::collections::BTreeSet;

use super::tests::Serving;

const CSV: &str = "content/measures/ehc-plans-20-weeks.csv";
const AREA: &str = "content/areas/waiting-times.md";
const REPORT: &str = "content/updates/2025/2025-06-20-stocktake.md";

fn read(s: &Serving, path: &str) -> String {
    std::fs::read_to_string(s.root().join(path)).unwrap()
}

fn set(paths: &[&str]) -> BTreeSet<String> {
    paths.iter().map(|p| p.to_string()).collect()
}

#[test]
fn a_corrected_figure_renders_only_the_measure_s_pages() {
    let mut s = Serving::start_with("framework-2023");
    let csv = read(&s, CSV);
    s.write(CSV, &csv.replace("2024-10,31,", "2024-10,31.5,"));
    assert_eq!(s.changed(&[CSV]), None);
    s.assert_same_as_full_build("a figure corrected");
    assert_eq!(
        s.rendered_only("a figure corrected"),
        set(&[
            "areas/waiting-times/index.html",
            "data.json",
            // The home page says how many measures met their target.
            "index.html",
            "measures/ehc-plans-20-weeks.csv",
            "measures/ehc-plans-20-weeks/index.html",
            "measures/index.html",
            // The plan names the measure its action links (by title): rendered again too.
            "plan/index.html",
            // When each page last changed (the figure's period is not new: the same days).
            "sitemap.xml",
            // Its description of the open data lists every measure's file (by title).
            "subscribe/index.html",
        ])
    );
}

/// A figure for a new period changes when the site last changed, which every page says.
#[test]
fn a_figure_for_a_new_period_matches_a_full_build() {
    let mut s = Serving::start_with("framework-2023");
    let csv = read(&s, CSV);
    s.write(CSV, &format!("{csv}2025-10,64,\r\n"));
    assert_eq!(s.changed(&[CSV]), None);
    s.assert_same_as_full_build("a figure added");
}

#[test]
fn a_broken_figure_is_reported_at_its_row_until_it_is_fixed() {
    let mut s = Serving::start_with("framework-2023");
    let csv = read(&s, CSV);
    s.write(CSV, &format!("{csv}2025-10,lots,\r\n"));
    let errors = s.changed(&[CSV]).expect("an error");
    assert!(
        errors.contains("ehc-plans-20-weeks.csv:14:1")
            && errors.contains("row 14, column 2 (value): `lots` is not a number"),
        "{errors}"
    );
    s.write(CSV, &csv);
    assert_eq!(s.changed(&[CSV]), None);
    s.assert_same_as_full_build("the figure fixed");
}

#[test]
fn a_report_on_an_action_renders_its_area_the_plan_and_the_calendars() {
    let mut s = Serving::start_with("framework-2023");
    let text = read(&s, REPORT);
    s.write(
        REPORT,
        &text.replace(
            "transition-reviews = \"complete\"",
            "transition-reviews = \"at-risk\"",
        ),
    );
    assert_eq!(s.changed(&[REPORT]), None);
    s.assert_same_as_full_build("a rating changed");
    let rendered = s.rendered_only("a rating changed");
    for path in [
        "areas/preparing-for-adulthood/index.html",
        "plan/index.html",
        "calendar.ics",
        "updates/stocktake/index.html",
    ] {
        assert!(rendered.contains(path), "{path} not in {rendered:?}");
    }
    assert!(
        !rendered.contains("areas/communication/index.html"),
        "{rendered:?}"
    );
    assert!(!rendered.contains("measures/index.html"), "{rendered:?}");
}

#[test]
fn an_action_s_new_due_date_renders_the_plan_not_the_measures() {
    let mut s = Serving::start_with("framework-2023");
    let text = read(&s, AREA);
    s.write(
        AREA,
        &text.replace("due = \"2025-09\"", "due = \"2026-12\""),
    );
    assert_eq!(s.changed(&[AREA]), None);
    s.assert_same_as_full_build("a due date moved");
    let rendered = s.rendered_only("a due date moved");
    assert!(
        rendered.contains("plan/index.html") && rendered.contains("calendar.ics"),
        "{rendered:?}"
    );
    assert!(
        !rendered.contains("measures/longest-wait/index.html"),
        "{rendered:?}"
    );
    // An unknown action in a report is found as soon as the action goes.
    s.write(
        AREA,
        &text.replace("id = \"assessment-backlog\"", "id = \"backlog\""),
    );
    let errors = s.changed(&[AREA]).expect("an error");
    assert!(
        errors.contains("unknown action \"assessment-backlog\""),
        "{errors}"
    );
    s.write(AREA, &text);
    assert_eq!(s.changed(&[AREA]), None);
    s.assert_same_as_full_build("the action back");
}

#[test]
fn a_new_measure_and_a_deleted_one_match_a_full_build() {
    let mut s = Serving::start_with("framework-2023");
    let new = "content/measures/new-places.md";
    s.write(new, "+++\ntitle = \"New specialist school places\"\nunit = \"places\"\nareas = [\"preparing-for-adulthood\"]\nvalues = [{ date = \"2025-01\", value = 120 }]\n+++\nPlaces opened since the inspection.\n");
    assert_eq!(s.changed(&[new]), None);
    s.assert_same_as_full_build("a measure added");
    std::fs::remove_file(s.root().join(new)).unwrap();
    assert_eq!(s.changed(&[new]), None);
    s.assert_same_as_full_build("a measure deleted");
}

#[test]
fn a_measure_s_new_title_shows_on_the_plan_and_the_areas_that_link_it() {
    let mut s = Serving::start_with("framework-2023");
    let path = "content/measures/longest-wait.md";
    let text = read(&s, path);
    s.write(
        path,
        &text.replace("Longest current wait", "Longest wait today"),
    );
    assert_eq!(s.changed(&[path]), None);
    s.assert_same_as_full_build("a measure renamed");
}

#[test]
fn an_area_s_calendar_goes_with_its_last_open_action_and_the_subscribe_page_follows() {
    let mut s = Serving::start_with("framework-2023");
    let text = read(&s, REPORT);
    s.write(
        REPORT,
        &text.replace(
            "transition-reviews = \"complete\"",
            "transition-reviews = \"complete\"\nnamed-contact = \"complete\"",
        ),
    );
    assert_eq!(s.changed(&[REPORT]), None);
    s.assert_same_as_full_build("the last open action of an area completed");
}
