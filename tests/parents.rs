//! What a parent reads in the first thirty seconds: no page contradicts itself, the framework's
//! words are explained, a 2023 site speaks only of 2023 things, the home and area pages say
//! whether it is getting better, and the subscribe page is short. Each test builds a fixture (or
//! the starter) and reads the page's text as a person would, without its markup.

mod common;

use std::path::Path;

use common::{build_ok, copy_fixture, read, sendsite, write};

/// A page's text inside `<main>`, tags taken out and spaces collapsed; text in a closed
/// `<details>` (its summary aside) and hidden meanings left out, as a reader first sees it.
fn text_of(out: &Path, path: &str) -> String {
    let html = read(out, path);
    let main = &html[html.find("<main").unwrap()..html.find("</main>").unwrap()];
    let mut text = String::new();
    let mut rest = main;
    let mut hidden = 0usize;
    while let Some(open) = rest.find('<') {
        if hidden == 0 {
            text.push_str(&rest[..open]);
        }
        let close = rest[open..].find('>').map_or(rest.len(), |i| open + i + 1);
        let tag = &rest[open..close];
        // A term's meaning is in a popover: out of sight until its term is pressed.
        let starts_hidden = tag.starts_with("<div class=\"term-meaning")
            || (tag.starts_with("<details") && !tag.contains(" open"));
        if starts_hidden {
            hidden += 1;
        } else if hidden > 0 && (tag == "</div>" || tag == "</details>") {
            hidden -= 1;
        } else if hidden > 0 && tag == "<summary>" && hidden == 1 {
            // A closed disclosure's summary is read.
            let end = rest[close..].find("</summary>").map_or(0, |i| i);
            text.push_str(&rest[close..close + end]);
        }
        text.push(' ');
        rest = &rest[close..];
    }
    let text = text
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
        .replace("&quot;", "\"");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The 2023 fixture built on 4 December 2026.
fn framework_2023() -> (tempfile::TempDir, std::path::PathBuf) {
    let site = copy_fixture("framework-2023");
    let out = build(site.path(), "2026-12-04");
    (site, out)
}

/// Builds `root` as if today were `today`.
fn build(root: &Path, today: &str) -> std::path::PathBuf {
    let run = sendsite(&["build", "--root", root.to_str().unwrap(), "--today", today]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    root.join("public")
}

/// A new site from `sendsite init` (the 2023 framework).
fn starter() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let run = sendsite(&["init", dir.path().join("site").to_str().unwrap()]);
    assert!(run.status.success());
    dir
}

#[test]
fn an_overdue_action_rated_before_it_fell_due_says_so_with_its_measure() {
    let (_site, out) = framework_2023();
    let area = text_of(&out, "areas/waiting-times/index.html");
    // In the plan's section (the summary at the top names it too, as overdue).
    let plan = &area[area.find("What the council said it would do").unwrap()..];
    let action = &plan[plan.find("Issue 60% of new EHC plans").unwrap()..];
    assert!(action.starts_with("Issue 60% of new EHC plans within 20 weeks Due September 2025 Overdue Owner Head of SEND Progress Last rated on track in March 2025, before it fell due; no rating since (the council's rating, in Progress update: March 2025 ) Measure New EHC plans issued within 20 weeks : its target is met"), "{action}");
    assert!(!action[..400].contains("Progress On track"), "{action}");
}

#[test]
fn areas_are_counted_within_their_type() {
    let (_site, out) = framework_2023();
    let second = text_of(&out, "areas/preparing-for-adulthood/index.html");
    assert!(
        second.starts_with("Area for priority action , 2 of 2 Preparing for adulthood"),
        "{second}"
    );
    let improvement = text_of(&out, "areas/communication/index.html");
    assert!(
        improvement.starts_with("Area for improvement , 1 of 2"),
        "{improvement}"
    );
}

#[test]
fn a_date_that_has_passed_is_said_as_passed() {
    let dir = starter();
    let root = dir.path().join("site");
    let later = text_of(&build(&root, "2026-12-04"), "index.html");
    assert!(later.contains("A monitoring inspection was expected by July 2025, within 18 months of the report; it has not been announced yet."), "{later}");
    assert!(
        !later.contains("usually takes place within 18 months"),
        "{later}"
    );
    let before = text_of(&build(&root, "2024-06-01"), "index.html");
    assert!(before.contains("A monitoring inspection usually takes place within 18 months of the report: by July 2025."), "{before}");
}

#[test]
fn an_area_just_named_says_when_it_was_named_not_that_it_is_unjudged() {
    let dir = starter();
    let out = build(&dir.path().join("site"), "2026-12-04");
    let area = text_of(&out, "areas/waiting-times/index.html");
    assert!(area.contains("Inspectors Named an area for priority action on 15 January 2024 in Inspection report published ; no inspection has judged its progress since."), "{area}");
    let home = text_of(&out, "index.html");
    assert!(home.contains("Inspectors: named it an area for priority action on 15 January 2024 ; not judged since."), "{home}");
    for text in [&area, &home] {
        assert!(!text.contains("Not yet judged"), "{text}");
    }
}

#[test]
fn the_full_and_the_monitoring_inspection_are_told_apart() {
    let (_site, out) = framework_2023();
    let home = text_of(&out, "index.html");
    let full = home
        .find("Outcome of the full inspection: Widespread or systemic failings")
        .expect("the full inspection's outcome, named as such");
    let monitoring = home.find("The monitoring inspection that reported on 10 September 2025, after the full inspection, found: Effective action").expect("the monitoring inspection's, named as such");
    assert!(full < monitoring);
    assert!(home.contains("This is the most recent inspection."));
}

#[test]
fn the_framework_s_words_are_explained_on_first_use_and_in_the_glossary() {
    let (site, out) = framework_2023();
    let glossary = text_of(&out, "glossary/index.html");
    for (term, meaning) in sendsite::vocabulary::glossary::AREA_SEND {
        assert!(glossary.contains(term), "{term}");
        assert!(glossary.contains(meaning), "{term}: {meaning}");
    }
    let home = read(&out, "index.html");
    for term in [
        "effective-action",
        "monitoring-inspection",
        "widespread-or-systemic-failings",
    ] {
        let button = common::term_button(term);
        assert_eq!(home.matches(&button).count(), 1, "{term} is explained once");
        assert_eq!(
            home.matches(&format!("id=\"term-meaning-{term}\"")).count(),
            1,
            "{term}"
        );
    }
    let area = read(&out, "areas/waiting-times/index.html");
    assert!(area.contains(&common::term_button("area-for-priority-action")));
    // A council's own words for a term replace the built-in ones.
    let settings = std::fs::read_to_string(site.path().join("content/site.toml")).unwrap();
    let reworded = settings.replacen(
        "[glossary]\n",
        "[glossary]\n\"effective action\" = \"Our own words.\"\n",
        1,
    );
    assert_ne!(reworded, settings, "the fixture has a [glossary]");
    write(site.path(), "content/site.toml", &reworded);
    let out = build_ok(site.path(), &[]);
    let glossary = text_of(&out, "glossary/index.html");
    assert!(
        glossary.contains("effective action Our own words."),
        "{glossary}"
    );
    assert!(
        !glossary.contains("The good result of a return visit"),
        "{glossary}"
    );
}

#[test]
fn a_2023_site_has_no_written_statement_of_action() {
    let dir = starter();
    let out = build(&dir.path().join("site"), "2026-12-04");
    let home = text_of(&out, "index.html");
    assert!(!home.contains("significant weakness"), "{home}");
    let (_site, out) = framework_2023();
    assert!(!out.join("kinds/wsoa-update").exists());
    for page in ["subscribe/index.html", "kinds/index.html"] {
        assert!(
            !read(&out, page).contains("Written Statement of Action"),
            "{page}"
        );
    }
    // A 2016 site keeps it.
    let small = copy_fixture("small");
    assert!(build_ok(small.path(), &[])
        .join("kinds/wsoa-update/index.html")
        .is_file());
}

#[test]
fn the_home_and_area_pages_say_whether_it_is_getting_better() {
    let (_site, out) = framework_2023();
    let home = read(&out, "index.html");
    assert!(home.contains("<a href=\"/send/plan/\">7 actions: 4 complete, 3 overdue</a>. <a href=\"/send/measures/\">1 of 2 measures met their target</a>."), "{home}");
    let text = text_of(&out, "index.html");
    let better = text.find("Is it getting better?").unwrap();
    assert!(better < text.find("Areas for priority action").unwrap());
    let area = text_of(&out, "areas/waiting-times/index.html");
    let summary = area.find("Inspectors Effective action judged on 10 September 2025 in Monitoring inspection letter The council says On track (the council's rating, 31 March 2025 ) Its plan says otherwise: Issue 60% of new EHC plans within 20 weeks is Overdue . The plan 3 actions: 2 complete, 1 overdue . 1 of 2 measures met their target .").expect(&area);
    assert!(summary < area.find("Status over time").unwrap());
}

#[test]
fn the_subscribe_page_is_short_and_starts_with_email() {
    let (_site, out) = framework_2023();
    let page = text_of(&out, "subscribe/index.html");
    let words = page.split_whitespace().count();
    assert!(words <= 450, "{words} words: {page}");
    assert!(page.find("Get updates by email").unwrap() < page.find("A feed is a list").unwrap());
    let html = read(&out, "subscribe/index.html");
    for id in [
        "area-waiting-times",
        "kind-meeting",
        "area-waiting-times-calendar",
    ] {
        assert!(
            html.contains(&format!("id=\"{id}\"")),
            "the old address #{id} still leads somewhere"
        );
    }
    let example = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let built = sendsite(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        example.path().join("out").to_str().unwrap(),
        "--today",
        "2026-11-01",
    ]);
    assert!(built.status.success());
    let words = text_of(&example.path().join("out"), "subscribe/index.html")
        .split_whitespace()
        .count();
    assert!(
        words <= 450,
        "the example's subscribe page has {words} words"
    );
}

#[test]
fn a_small_chart_says_its_scale_beside_it() {
    let (_site, out) = framework_2023();
    let area = text_of(&out, "areas/waiting-times/index.html");
    assert!(area.contains("Latest: 62% in September 2025"), "{area}");
    assert!(
        area.contains("The chart runs from 0% to 80%, Oct 2024 to Sep 2025."),
        "{area}"
    );
}

#[test]
fn every_page_links_an_icon_inside_the_site() {
    let (_site, out) = framework_2023();
    assert!(out.join("static/favicon.svg").is_file());
    for page in [
        "index.html",
        "areas/waiting-times/index.html",
        "subscribe/index.html",
        "404.html",
    ] {
        let html = read(&out, page);
        assert!(
            html.contains(
                "<link rel=\"icon\" href=\"/send/static/favicon.svg\" type=\"image/svg+xml\">"
            ),
            "{page}"
        );
    }
}
