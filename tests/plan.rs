//! Plans and measures as readers see them: the invented Northmere site (`tests/fixtures/
//! framework-2023`) built and its pages, calendars and figures read back.

mod common;

use std::path::Path;

use common::{copy_fixture, sendsite, without_terms};

/// Builds a copy of the 2023 fixture as on `today`; returns the output folder, stdout and stderr.
fn build_on(root: &Path, today: &str) -> (std::path::PathBuf, String, String) {
    let out = root.join("public");
    let result = sendsite(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--today",
        today,
        "--output",
        out.to_str().unwrap(),
    ]);
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    assert!(result.status.success(), "{}", text(&result.stderr));
    (out, text(&result.stdout), text(&result.stderr))
}

fn read(out: &Path, path: &str) -> String {
    std::fs::read_to_string(out.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The text of the first element `<tag ...>` whose start tag contains `marker`, up to `</tag>`.
fn element<'a>(html: &'a str, tag: &str, marker: &str) -> &'a str {
    let start = html
        .match_indices(&format!("<{tag}"))
        .map(|(i, _)| i)
        .find(|&i| html[i..].split('>').next().unwrap().contains(marker))
        .unwrap_or_else(|| panic!("no <{tag} {marker}>"));
    let end = html[start..].find(&format!("</{tag}>")).unwrap() + start;
    &html[start..end]
}

/// An action's block on an area's page: from its start tag to the next action or the section's end.
fn action<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("id=\"action-{id}\""))
        .unwrap_or_else(|| panic!("no action {id}"));
    let rest = &html[start + 1..];
    let end = [rest.find("<li class=\"action"), rest.find("</section>")]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(rest.len());
    &html[start..start + 1 + end]
}

/// The value of `name="..."` in a start tag.
fn attribute<'a>(tag: &'a str, name: &str) -> &'a str {
    let key = format!(" {name}=\"");
    let at = tag
        .find(&key)
        .unwrap_or_else(|| panic!("no {name} in {tag}"))
        + key.len();
    &tag[at..at + tag[at..].find('"').unwrap()]
}

/// The text inside an element (its start tag dropped).
fn inner(element: &str) -> &str {
    &element[element.find('>').unwrap() + 1..]
}

#[test]
fn the_plan_counts_in_words_and_overdue_follows_the_day_of_the_build() {
    let site = copy_fixture("framework-2023");
    let (out, stdout, _) = build_on(site.path(), "2026-03-31");
    let plan = read(&out, "plan/index.html");
    assert!(
        plan.contains("<strong>7 actions: 4 complete, 1 not reported on yet, 2 overdue.</strong>"),
        "{plan}"
    );
    assert!(
        stdout.contains("Next action falls due on 2026-03-31: rebuild the site the day after"),
        "{stdout}"
    );
    // The day after the due date, the action is overdue, and nothing else falls due.
    let (out, stdout, _) = build_on(site.path(), "2026-04-01");
    let plan = read(&out, "plan/index.html");
    assert!(
        plan.contains("<strong>7 actions: 4 complete, 3 overdue.</strong>"),
        "{plan}"
    );
    assert!(!stdout.contains("Next action"), "{stdout}");
    let area = read(&out, "areas/preparing-for-adulthood/index.html");
    let action = action(&area, "adult-services-pathway");
    assert!(
        action.contains("<strong class=\"overdue\">Overdue</strong>"),
        "{action}"
    );
    assert!(
        action.contains("Not reported on yet") && action.contains("Director of Adult Social Care"),
        "{action}"
    );
}

#[test]
fn an_area_lists_its_actions_and_an_entry_the_ratings_it_reported() {
    let site = copy_fixture("framework-2023");
    let (out, _, _) = build_on(site.path(), "2026-01-15");
    let area = without_terms(&read(&out, "areas/waiting-times/index.html"));
    let backlog = action(&area, "assessment-backlog");
    for said in [
        "Clear the backlog of EHC needs assessments waiting over 20 weeks",
        "<time datetime=\"2025-03-31\">31 March 2025</time>",
        "<dd>Head of SEND</dd>",
        "<span class=\"own-rating own-good\">Complete</span>",
        "</time>: Complete, in <a href=\"/send/updates/stocktake/\">",
        "31 March 2025</time>: Off track (New date: June 2025, because two assessors left in January.)",
        "<a href=\"/send/measures/longest-wait/\">Longest current wait for an EHC needs assessment</a>",
    ] {
        assert!(backlog.contains(said), "missing {said:?} in {backlog}");
    }
    assert!(
        !backlog.contains("Overdue"),
        "a complete action is never overdue"
    );
    let entry = read(&out, "updates/progress-march-2025/index.html");
    let reports = element(&entry, "section", "aria-labelledby=\"actions-heading\"");
    assert!(
        reports.contains(
            "<a href=\"/send/areas/waiting-times/#action-assessment-backlog\">Clear the backlog"
        ) && reports
            .contains("<span class=\"own-rating own-poor\">Off track</span>. New date: June 2025"),
        "{reports}"
    );
    // Custom words of `[statuses]` are the rating's words too.
    assert!(reports.contains("At risk of delay"), "{reports}");
}

#[test]
fn due_dates_of_actions_not_complete_are_all_day_events() {
    let site = copy_fixture("framework-2023");
    let (out, _, _) = build_on(site.path(), "2026-01-15");
    let due = |path: &str| -> Vec<(String, String)> {
        let text = read(&out, path);
        let mut found = Vec::new();
        for cal in ical::IcalParser::new(text.as_bytes()) {
            for event in cal.unwrap().events {
                let get = |name: &str| {
                    event
                        .properties
                        .iter()
                        .find(|p| p.name == name)
                        .and_then(|p| p.value.clone())
                        .unwrap_or_default()
                };
                if get("SUMMARY").starts_with("Action due: ") {
                    let summary = get("SUMMARY")[12..].replace("\\,", ",");
                    found.push((summary, get("DTSTART")));
                }
            }
        }
        found.sort();
        found
    };
    assert_eq!(
        due("calendar.ics"),
        [
            (
                "Give every family one named contact during their child's EHC needs assessment"
                    .to_string(),
                "20251231".to_string()
            ),
            (
                "Issue 60% of new EHC plans within 20 weeks".into(),
                "20250930".into()
            ),
            (
                "Publish one pathway into adult health and social care, agreed by every partner"
                    .into(),
                "20260331".into()
            ),
        ]
    );
    assert_eq!(due("areas/communication/calendar.ics").len(), 1);
}

#[test]
fn a_chart_says_in_words_what_it_draws_and_every_figure_is_a_point() {
    let site = copy_fixture("framework-2023");
    let (out, _, _) = build_on(site.path(), "2026-01-15");
    let page = read(&out, "measures/ehc-plans-20-weeks/index.html");
    let svg = element(&page, "svg", "class=\"chart\"");
    let start = svg.split('>').next().unwrap();
    assert_eq!(attribute(start, "role"), "img");
    let name = element(
        svg,
        "title",
        &format!("id=\"{}\"", attribute(start, "aria-labelledby")),
    );
    assert_eq!(inner(name), "New EHC plans issued within 20 weeks");
    let desc = element(
        svg,
        "desc",
        &format!("id=\"{}\"", attribute(start, "aria-describedby")),
    );
    assert_eq!(
        inner(desc),
        "Rose from 31% in October 2024 to 62% in September 2025. Target: 60% by September 2025, met."
    );
    assert!(
        svg.contains("class=\"target\"")
            && svg.contains("stroke-dasharray")
            && svg.contains(">Target 60%</text>")
    );
    // Every row of the table is a point, at a height proportional to its figure.
    let table = element(&page, "table", "class=\"figures\"");
    let rows: Vec<(String, f64)> = table
        .split("<tr><td>")
        .skip(1)
        .map(|row| {
            let date = attribute(row, "datetime").to_string();
            let value = row.split("<td>").nth(1).unwrap().split('<').next().unwrap();
            (date, value.trim_end_matches('%').parse().unwrap())
        })
        .collect();
    assert_eq!(rows.len(), 12);
    let points: Vec<(String, f64, f64)> = svg
        .split("<circle")
        .skip(1)
        .map(|c| {
            let (date, value, y) = (
                attribute(c, "data-date"),
                attribute(c, "data-value"),
                attribute(c, "cy"),
            );
            (date.to_string(), value.parse().unwrap(), y.parse().unwrap())
        })
        .collect();
    let pairs: Vec<(String, f64)> = points.iter().map(|p| (p.0.clone(), p.1)).collect();
    assert_eq!(pairs, rows, "the points are the table's figures");
    let (a, b) = (&points[0], &points[points.len() - 1]);
    let slope = (b.2 - a.2) / (b.1 - a.1);
    for p in &points {
        let expected = a.2 + slope * (p.1 - a.1);
        assert!(
            (p.2 - expected).abs() < 0.05,
            "{} is drawn at {} not {expected}",
            p.0,
            p.2
        );
    }
    assert!(slope < 0.0, "a higher figure is drawn higher up");
}

#[test]
fn measures_say_their_latest_figure_change_and_target_in_words() {
    let site = copy_fixture("framework-2023");
    let (out, _, _) = build_on(site.path(), "2026-01-15");
    let list = read(&out, "measures/index.html");
    assert!(list.contains("<strong class=\"figure\">62%</strong> in <time datetime=\"2025-09\">September 2025</time> (up 3.5 percentage points since August 2025, better)."), "{list}");
    assert!(
        list.contains("60% by September 2025. <strong class=\"target-state\">Target met</strong>"),
        "{list}"
    );
    assert!(list.contains("<strong class=\"figure\">27 weeks</strong> in <time datetime=\"2025-09\">September 2025</time> (down 2 weeks since August 2025, better)."), "{list}");
    assert!(
        list.contains(
            // Its day has passed: missed, not "not met yet".
            "20 weeks by December 2025. <strong class=\"target-state\">Target missed</strong>"
        ),
        "{list}"
    );
    let wait = read(&out, "measures/longest-wait/index.html");
    assert!(wait.contains("Fell from 46 weeks in October 2024 to 27 weeks in September 2025. Target: 20 weeks by December 2025, missed."));
    // The area's page shows its measures, each with a small chart of its own.
    let area = read(&out, "areas/waiting-times/index.html");
    assert_eq!(area.matches("<svg class=\"chart\"").count(), 2);
    assert!(area.contains("id=\"chart-longest-wait-title\""));
}

#[test]
fn the_figures_download_as_csv_oldest_first() {
    let site = copy_fixture("framework-2023");
    let (out, _, _) = build_on(site.path(), "2026-01-15");
    let csv = read(&out, "measures/ehc-plans-20-weeks.csv");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 13);
    assert_eq!(lines[0], "date,value,note");
    assert_eq!(lines[1], "2024-10,31,");
    assert_eq!(lines[12], "2025-09,62,\"Provisional, checked in October\"");
    assert_eq!(
        read(&out, "measures/longest-wait.csv").lines().nth(4),
        Some("2025-01,44,Two assessors left.")
    );
    // The source file, kept newest first, is never published as it is.
    assert!(!out.join("measures/ehc-plans-20-weeks.csv.orig").exists());
    let page = read(&out, "measures/ehc-plans-20-weeks/index.html");
    assert!(page.contains("<a href=\"/send/measures/ehc-plans-20-weeks.csv\">Download the figures"));
}

#[test]
fn one_figure_is_said_in_words_and_a_stray_figures_file_is_a_warning() {
    let site = copy_fixture("framework-2023");
    let measures = site.path().join("content/measures");
    std::fs::write(
        measures.join("new-places.md"),
        "+++\ntitle = \"New specialist school places\"\nunit = \"places\"\nvalues = [{ date = \"2025-01\", value = 120 }]\n+++\n",
    )
    .unwrap();
    std::fs::write(measures.join("old-export.csv"), "date,value\n2025-01,3\n").unwrap();
    let (out, _, stderr) = build_on(site.path(), "2026-01-15");
    let page = read(&out, "measures/new-places/index.html");
    assert!(!page.contains("<svg"), "one figure draws no line");
    assert!(
        page.contains("<p>One figure so far: 120 places in January 2025.</p>"),
        "{page}"
    );
    assert!(
        stderr.contains("warning: content/measures/old-export.csv: no measure reads this figures file, so it is not published"),
        "{stderr}"
    );
    assert!(!out.join("measures/old-export.csv").exists());
}

#[test]
fn the_sitemap_and_the_statement_know_the_new_pages() {
    let site = copy_fixture("framework-2023");
    let (out, _, _) = build_on(site.path(), "2026-01-15");
    let sitemap = read(&out, "sitemap.xml");
    for path in ["plan/", "measures/", "measures/longest-wait/"] {
        assert!(
            sitemap.contains(&format!(
                "<loc>https://www.northmere.example/send/{path}</loc>"
            )),
            "{path}"
        );
    }
    assert!(!sitemap.contains(".csv"), "figures files are not pages");
    let statement = read(&out, "accessibility/index.html");
    assert!(statement.contains("<li>the plan: every action, its due date and how it is going</li>"));
    assert!(statement
        .contains("<li>a page for each measure, with a chart and a table of every figure</li>"));
    // A site with neither has no such pages, links or lines.
    let bristol = read(
        &common::build_ok(copy_fixture("small").path(), &[]),
        "index.html",
    );
    assert!(!bristol.contains("/plan/") && !bristol.contains("/measures/"));
}
