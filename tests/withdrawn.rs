//! A withdrawn update as parents and their tools meet it: the page kept at its address and
//! saying when and why, its card marked in every list, its feed item retitled, a withdrawn
//! meeting cancelled in calendars, the open data saying so, and what it recorded no longer
//! counting (the area's own rating and the plan go back to the update before it).

mod common;

use common::{build_ok, copy_fixture, read};

#[test]
fn a_withdrawn_update_keeps_its_page_and_says_when_and_why() {
    let site = copy_fixture("withdrawn");
    let out = build_ok(site.path(), &[]);
    let page = read(&out, "updates/progress-april-2025/index.html");
    assert!(page.contains(
        "<title>Withdrawn: Progress update: April 2025 – Eastwold SEND improvement</title>"
    ));
    let notice = page
        .split("<div class=\"notice withdrawn\"")
        .nth(1)
        .unwrap();
    assert!(notice.starts_with(" role=\"note\" aria-labelledby=\"withdrawn-heading\">"));
    assert!(notice
        .contains("This update was withdrawn on <time datetime=\"2025-05-12\">12 May 2025</time>"));
    assert!(notice.contains("The figures in this update counted assessments twice."));
    assert!(
        page.find("class=\"notice withdrawn\"") < page.find("<dl class=\"facts\">"),
        "the notice comes before anything it says"
    );
    assert!(page
        .contains("<li><time datetime=\"2025-05-12\">12 May 2025</time>: withdrawn. The figures"));
    assert!(page.contains("<dt>Last updated</dt><dd><time datetime=\"2025-05-12\">"));
    // What it said is still there, as a record.
    assert!(page.contains("The backlog of assessments waiting over 20 weeks is cleared."));
    for list in [
        "updates/index.html",
        "index.html",
        "areas/waiting-times/index.html",
    ] {
        let html = read(&out, list);
        assert_eq!(
            html.matches("<strong class=\"withdrawn-tag\">Withdrawn</strong>")
                .count(),
            2,
            "{list}: both withdrawn updates are marked"
        );
    }
}

#[test]
fn what_a_withdrawn_update_recorded_no_longer_counts() {
    let site = copy_fixture("withdrawn");
    let out = build_ok(site.path(), &[]);
    let area = read(&out, "areas/waiting-times/index.html");
    assert!(
        area.contains("own-rating own-poor\">Off track</span>"),
        "the rating of February stands, not the withdrawn one of April"
    );
    assert!(!area.contains("own-rating own-good\">On track</span>"));
    let data: serde_json::Value = serde_json::from_str(&read(&out, "data.json")).unwrap();
    assert_eq!(data["areas"][0]["own_rating"]["slug"], "off-track");
    assert_eq!(
        data["actions"][0]["status"], "off-track",
        "the withdrawn 'complete' does not count"
    );
    let withdrawn: Vec<&serde_json::Value> = data["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e.get("withdrawn").is_some())
        .collect();
    assert_eq!(withdrawn.len(), 2);
    assert_eq!(withdrawn[1]["withdrawn"]["date"], "2025-05-12");
    assert!(withdrawn[1]["withdrawn"]["reason"]
        .as_str()
        .unwrap()
        .starts_with("The figures"));
}

#[test]
fn feeds_and_calendars_say_it_was_withdrawn() {
    let site = copy_fixture("withdrawn");
    let out = build_ok(site.path(), &[]);
    for feed in ["feed.xml", "atom.xml"] {
        let xml = read(&out, feed);
        assert!(
            xml.contains("<title>Withdrawn: Progress update: April 2025</title>"),
            "{feed}"
        );
        assert!(
            xml.contains("Withdrawn on 12 May 2025: The figures"),
            "{feed}: the summary says why"
        );
    }
    let atom = read(&out, "atom.xml");
    let item = atom
        .split("<entry>")
        .find(|e| e.contains("progress-april-2025"))
        .unwrap();
    assert!(
        item.contains("<updated>2025-05-12T00:00:00+01:00</updated>"),
        "{item}"
    );
    let calendar = read(&out, "calendar.ics").replace("\r\n ", "");
    let meeting = calendar
        .split("BEGIN:VEVENT")
        .find(|e| e.contains("parents-meeting"))
        .unwrap();
    assert!(meeting.contains("STATUS:CANCELLED"), "{meeting}");
    assert!(meeting.contains("SUMMARY:Withdrawn: Meeting for parents and carers"));
    assert!(meeting.contains("DESCRIPTION:Withdrawn on 20 May 2025: The meeting is cancelled"));
}
