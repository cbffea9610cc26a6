//! Calendars as parents' apps and tools read them: every `.ics` file of two fixture sites is read
//! with Python's `icalendar` and checked against the RFC 5545 rules apps rely on
//! (`tests/rfc5545.py` names each rule's section); meetings end when `event_end` says, or an hour
//! after they start; actions' UIDs do not change with the site's address; each area's calendar
//! can be subscribed to in one tap (`webcal://`).

mod common;

use std::path::Path;
use std::process::Command;

use common::{build_err, build_ok, copy_fixture, read, write};

/// Builds `root` as on `today` into `<root>/<out>`, asserting success.
fn built_on(root: &Path, today: &str, extra: &[&str], out: &str) -> std::path::PathBuf {
    let folder = root.join(out);
    let mut args = vec!["build", "--root", root.to_str().unwrap(), "--today", today];
    args.extend_from_slice(extra);
    args.extend_from_slice(&["--output", folder.to_str().unwrap()]);
    let result = common::sendsite(&args);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    folder
}

/// The faults `tests/rfc5545.py` finds in every calendar of `out`, built on `today`.
fn faults(out: &Path, today: &str) -> (usize, String) {
    let files: Vec<_> = walkdir::WalkDir::new(out)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_name() == "calendar.ics")
        .map(|e| e.path().to_path_buf())
        .collect();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/rfc5545.py");
    let run = Command::new("python3")
        .arg(script)
        .arg(today)
        .args(&files)
        .output()
        .expect("python3 with icalendar (PyPI), which .ci/run installs");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    (files.len(), String::from_utf8(run.stdout).unwrap())
}

#[test]
fn every_calendar_keeps_the_rules_of_rfc_5545_read_by_icalendar() {
    for (fixture, today, at_least) in [
        ("feeds", "2023-01-01", 3),
        // Actions due after the build's day, some rated: their stamps are not in the future.
        ("framework-2023", "2025-01-01", 3),
    ] {
        let dir = copy_fixture(fixture);
        let out = built_on(dir.path(), today, &[], "public");
        let (count, found) = faults(&out, today);
        assert!(count >= at_least, "{fixture}: {count} calendars");
        assert_eq!(found, "", "{fixture}");
    }
}

#[test]
fn a_checker_that_finds_nothing_is_not_trusted_blindly() {
    // The same checker reports a calendar that breaks the rules: an event without an end, a
    // stamp after the build's day, a UID that is a web address.
    let dir = tempfile::tempdir().unwrap();
    let bad = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//x//EN\r\nBEGIN:VEVENT\r\nUID:https://www.council.example/plan/#a\r\nDTSTAMP:20300101T000000Z\r\nDTSTART:20250101T100000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    std::fs::write(dir.path().join("calendar.ics"), bad).unwrap();
    let (_, found) = faults(dir.path(), "2025-01-01");
    for fault in [
        "no DTEND",
        "after the build's day",
        "not a tag: or urn: URI",
    ] {
        assert!(found.contains(fault), "{fault} not in {found}");
    }
}

#[test]
fn a_meeting_ends_at_its_event_end_or_an_hour_after_it_starts() {
    let dir = copy_fixture("feeds");
    let file = "content/updates/2021/2021-06-15-board.md";
    let text = read(dir.path(), file);
    let out = build_ok(dir.path(), &[]);
    let cal = read(&out, "calendar.ics");
    assert!(cal.contains("DTEND:20210620T183000Z"), "an hour: {cal}");
    write(
        dir.path(),
        file,
        &text.replace(
            "event = 2021-06-20T18:30:00",
            "event = 2021-06-20T18:30:00\nevent_end = 2021-06-20T20:00:00",
        ),
    );
    let out = build_ok(dir.path(), &[]);
    let cal = read(&out, "calendar.ics");
    assert!(cal.contains("DTEND:20210620T190000Z"), "{cal}");
    let page = read(&out, "updates/board/index.html");
    assert!(
        page.contains("6:30pm</time> to <time datetime=\"2021-06-20T20:00\">8pm</time>"),
        "{page}"
    );
    let feed = read(&out, "feed.xml");
    assert!(feed.contains("When: 20 June 2021, 6:30pm to 8pm"), "{feed}");

    for (end, message) in [
        (
            "2021-06-20",
            "event_end: 2021-06-20 is a day, but the meeting starts at a time",
        ),
        (
            "2021-06-20T18:00:00",
            "event_end: the meeting ends before it starts",
        ),
        (
            "2021-06-20T18:30:00",
            "event_end: the meeting ends before it starts",
        ),
    ] {
        write(
            dir.path(),
            file,
            &text.replace(
                "event = 2021-06-20T18:30:00",
                &format!("event = 2021-06-20T18:30:00\nevent_end = {end}"),
            ),
        );
        let err = build_err(dir.path(), &[]);
        assert!(
            err.contains(&format!("2021-06-15-board.md:7:13: {message}")),
            "{err}"
        );
    }
}

#[test]
fn actions_have_tag_uids_made_like_the_updates_ids() {
    let dir = copy_fixture("framework-2023");
    let out = built_on(dir.path(), "2025-01-01", &[], "public");
    let staging = ["--base-url", "https://staging.council.example/other/"];
    let moved = built_on(dir.path(), "2025-01-01", &staging, "moved");
    let uids = |cal: &str| -> Vec<String> {
        cal.lines()
            .filter(|l| l.starts_with("UID:") && l.contains("action-"))
            .map(str::to_string)
            .collect()
    };
    let here = uids(&read(&out, "calendar.ics"));
    assert!(!here.is_empty());
    for uid in &here {
        assert!(uid.starts_with("UID:tag:"), "{uid}");
        assert!(!uid.contains("https:"), "{uid}");
    }
    // The path and host of the address are in the tag, as for updates: a staging copy has its
    // own; the same site built again has the same.
    let again = built_on(dir.path(), "2025-01-01", &[], "again");
    let again = uids(&read(&again, "calendar.ics"));
    assert_eq!(here, again);
    assert_ne!(here, uids(&read(&moved, "calendar.ics")));
}

#[test]
fn each_areas_calendar_can_be_subscribed_to_in_one_tap() {
    let dir = copy_fixture("feeds");
    let out = build_ok(dir.path(), &[]);
    let page = read(&out, "subscribe/index.html");
    assert!(
        page.contains("<a href=\"webcal://www.council.example/northby/send/areas/plans/calendar.ics\">Calendar for area"),
        "{page}"
    );
}
