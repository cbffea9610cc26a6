//! The 2023 area SEND framework, as a parent reads it: what the home page says happened and
//! what usually happens next, derived only from published, dated entries.

mod common;

use common::{build_ok, copy_fixture, on_site, read, without_terms, write};

const MONITORING: &str = "content/updates/2025/2025-09-10-monitoring-inspection.md";

/// The lines of "What happens next" on the home page, as text.
fn next_steps(home: &str) -> Vec<String> {
    let list = home
        .split("<ul class=\"next-steps\">")
        .nth(1)
        .unwrap_or("")
        .split("</ul>")
        .next()
        .unwrap_or("");
    list.split("<li>")
        .skip(1)
        .map(|li| {
            let text = li.split("</li>").next().unwrap();
            let mut plain = String::new();
            let mut in_tag = false;
            for c in text.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => plain.push(c),
                    _ => {}
                }
            }
            plain.trim().to_string()
        })
        .collect()
}

#[test]
fn what_happens_next_comes_from_the_outcome_and_its_date() {
    let site = copy_fixture("framework-2023");
    std::fs::remove_file(site.path().join(MONITORING)).unwrap();
    let home = read(&build_ok(site.path(), &[]), "index.html");
    assert_eq!(
        next_steps(&home),
        [
            "A monitoring inspection was expected by September 2025, within 18 months of the report; it has not been announced yet.",
            "The next full inspection usually takes place by March 2027."
        ]
    );
    assert!(without_terms(&home)
        .contains("<strong class=\"tag tag-poor\">Widespread or systemic failings</strong>"));
}

#[test]
fn a_monitoring_inspection_counts_only_once_published() {
    let site = copy_fixture("framework-2023");
    let text = std::fs::read_to_string(site.path().join(MONITORING)).unwrap();
    write(
        site.path(),
        MONITORING,
        &text.replace(
            "kind = \"monitoring-inspection\"",
            "kind = \"monitoring-inspection\"\ndraft = true",
        ),
    );
    let out = build_ok(site.path(), &[]);
    let home = read(&out, "index.html");
    assert!(
        next_steps(&home)[0].starts_with("A monitoring inspection was expected by September 2025"),
        "{home}"
    );
    let area = without_terms(&read(&out, "areas/waiting-times/index.html"));
    assert!(
        area.contains("; no inspection has judged its progress since."),
        "a draft's outcome judges nothing: {area}"
    );
    let home = read(&build_ok(site.path(), &["--drafts"]), "index.html");
    assert_eq!(next_steps(&home)[0], "The monitoring inspection that reported on 10 September 2025, after the full inspection, found: Effective action (Monitoring inspection letter). This is the most recent inspection.");
}

#[test]
fn a_monitoring_inspection_without_an_outcome_is_announced() {
    let site = copy_fixture("framework-2023");
    let text = std::fs::read_to_string(site.path().join(MONITORING)).unwrap();
    write(
        site.path(),
        MONITORING,
        &text.replace("outcome = \"effective-action\"\n", ""),
    );
    // Built on 1 November 2026, fourteen months on (tests/over_time.rs has the first three).
    let home = read(&build_ok(site.path(), &[]), "index.html");
    assert_eq!(
        next_steps(&home),
        [
            "A monitoring inspection was announced in September 2025 (Monitoring inspection letter); its outcome has not been published here yet.",
            "The next full inspection usually takes place by March 2027."
        ]
    );
}

#[test]
fn next_inspection_replaces_the_usual_timings() {
    let site = copy_fixture("framework-2023");
    let settings = std::fs::read_to_string(site.path().join("content/site.toml")).unwrap();
    let said = "Ofsted has told us the full inspection will be in the spring term of 2027.";
    write(
        site.path(),
        "content/site.toml",
        &settings.replace(
            "framework = \"2023\"",
            &format!("framework = \"2023\"\nnext_inspection = \"{said}\""),
        ),
    );
    let home = read(&build_ok(site.path(), &[]), "index.html");
    assert_eq!(next_steps(&home), [said]);
}

#[test]
fn the_councils_own_rating_never_looks_like_an_inspectors_tag() {
    let site = copy_fixture("framework-2023");
    let out = build_ok(site.path(), &[]);
    let area = without_terms(&read(&out, "areas/waiting-times/index.html"));
    assert!(
        area.contains("<p class=\"caption\">Area for priority action, 1 of 2</p>"),
        "{area}"
    );
    assert!(
        area.contains(
            "<dt>Inspectors</dt><dd><strong class=\"tag tag-good\">Effective action</strong>"
        ),
        "{area}"
    );
    assert!(area.contains("<span class=\"label\">Latest:</span> <span class=\"own-rating own-good\">On track</span> <span class=\"status-source\">(the council's rating, <time datetime=\"2025-03-31\">31 March 2025</time>)</span>"), "{area}");
    assert!(
        area.contains(
            "<li><time datetime=\"2024-09-30\">30 September 2024</time>: At risk of delay, in"
        ),
        "a relabelled rating: {area}"
    );
    let own = area
        .split("id=\"own-heading\"")
        .nth(1)
        .unwrap()
        .split("</section>")
        .next()
        .unwrap();
    assert!(!own.contains("class=\"tag"), "{own}");
    assert!(area
        .contains("Found at the inspection of <time datetime=\"2024-03-15\">15 March 2024</time>"));
}

#[test]
fn the_outcome_is_in_the_feed_and_on_the_inspections_page() {
    let site = copy_fixture("framework-2023");
    let out = build_ok(site.path(), &[]);
    let feed = feed_rs::parser::parse(read(&out, "feed.xml").as_bytes()).unwrap();
    let report = feed
        .entries
        .iter()
        .find(|e| e.title.as_ref().unwrap().content == "Area SEND inspection report")
        .unwrap();
    let body = &report.content.as_ref().unwrap().body.as_ref().unwrap();
    assert!(body.contains("Inspection outcome: Widespread or systemic failings. There are widespread and/or systemic failings"), "{body}");
    let inspections = read(&out, "inspections/index.html");
    let newest = inspections
        .find("Effective action</strong> in <a href=\"/send/updates/monitoring-inspection/\">")
        .unwrap();
    let oldest = inspections.find("Widespread or systemic failings</strong> in <a href=\"/send/updates/inspection-report/\">").unwrap();
    assert!(newest < oldest, "newest first");
    let sitemap = read(&out, "sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://www.northmere.example/send/inspections/</loc>"),
        "{sitemap}"
    );
}

#[test]
fn a_2016_site_without_a_framework_builds_as_one() {
    let site = copy_fixture("small");
    let result = on_site("check", site.path(), &[]);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let home = read(&build_ok(site.path(), &[]), "index.html");
    assert!(home.contains(
        "<h2 id=\"areas-significant-weakness-heading\">Areas of significant weakness</h2>"
    ));
    assert!(!home.contains("Latest inspection outcome"));
}

#[test]
fn the_latest_monitoring_inspection_is_the_one_spoken_of() {
    let site = copy_fixture("framework-2023");
    write(
        site.path(),
        "content/updates/2025/2025-03-01-monitoring-announced.md",
        "+++\ntitle = \"Monitoring inspection announced\"\ndate = 2025-03-01\nkind = \"monitoring-inspection\"\n+++\nInspectors will visit.\n",
    );
    let home = read(&build_ok(site.path(), &[]), "index.html");
    assert_eq!(next_steps(&home)[0], "The monitoring inspection that reported on 10 September 2025, after the full inspection, found: Effective action (Monitoring inspection letter). This is the most recent inspection.");
}
