//! Calendars as a calendar app sees them: the fixture site `feeds` is built by the real binary
//! and each `.ics` file is read back with the `ical` crate's RFC 5545 parser.

mod common;

use std::path::Path;

use common::{build_ok, copy_fixture, read};
use ical::parser::ical::component::{IcalCalendar, IcalEvent};
use ical::property::Property;

const PAGE: &str = "https://www.council.example/northby/send/updates/";
const TAG: &str = "tag:www.council.example\\,";

fn parse(out: &Path, path: &str) -> IcalCalendar {
    let text = read(out, path);
    let mut calendars = ical::IcalParser::new(text.as_bytes());
    let calendar = calendars
        .next()
        .unwrap_or_else(|| panic!("{path} holds no calendar"));
    assert!(
        calendars.next().is_none(),
        "{path} holds more than one calendar"
    );
    calendar.unwrap_or_else(|e| panic!("{path} does not parse: {e}"))
}

/// A property as one unfolded line, `NAME;PARAM=VALUE:value` (values still escaped).
fn line(p: &Property) -> String {
    let params: String = p
        .params
        .iter()
        .flatten()
        .map(|(k, v)| format!(";{k}={}", v.join(",")))
        .collect();
    format!("{}{params}:{}", p.name, p.value.as_deref().unwrap_or(""))
}

fn lines(event: &IcalEvent) -> Vec<String> {
    let mut list: Vec<String> = event.properties.iter().map(line).collect();
    list.sort();
    list
}

fn uids(calendar: &IcalCalendar) -> Vec<String> {
    calendar
        .events
        .iter()
        .map(|e| {
            e.properties
                .iter()
                .find(|p| p.name == "UID")
                .and_then(|p| p.value.clone())
                .unwrap_or_default()
        })
        .collect()
}

fn sorted(list: &[&str]) -> Vec<String> {
    let mut list: Vec<String> = list.iter().map(|s| s.to_string()).collect();
    list.sort();
    list
}

#[test]
fn windows_and_meetings_are_events_with_stable_uids_and_content_dates() {
    let dir = copy_fixture("feeds");
    let out = build_ok(dir.path(), &[]);
    let cal = parse(&out, "calendar.ics");
    assert_eq!(cal.events.len(), 4);
    let survey = format!("UID:{TAG}2021-03-20:northby/send/updates/survey#window");
    assert_eq!(
        lines(&cal.events[0]),
        sorted(&[
            "DESCRIPTION:Opens 20 March 2021. Closes 30 April 2021.\\n\\nA survey for parents and carers.\\n\\nMore: https://www.council.example/northby/send/updates/survey/",
            "DTEND;VALUE=DATE:20210501",
            "DTSTAMP:20210320T000000Z",
            "DTSTART;VALUE=DATE:20210320",
            "SUMMARY:Survey open: Tell us about EHC plans: parent survey",
            "TRANSP:TRANSPARENT",
            &survey,
            &format!("URL:{PAGE}survey/"),
        ])
    );
    // 18:30 in June is BST, so 17:30 UTC; the event was published on 15 June, midnight BST.
    let board = format!("UID:{TAG}2021-06-15:northby/send/updates/board#meeting");
    assert_eq!(
        lines(&cal.events[1]),
        sorted(&[
            "DESCRIPTION:The board meets in public.\\n\\nMore: https://www.council.example/northby/send/updates/board/",
            "DTEND:20210620T183000Z",
            "DTSTAMP:20210614T230000Z",
            "DTSTART:20210620T173000Z",
            "LOCATION:Council House\\, Northby\\; Room 2",
            "SUMMARY:Improvement board meeting",
            &board,
            &format!("URL:{PAGE}board/"),
        ])
    );
    // Only a closing day: one all-day event, ending (exclusively) the day after.
    let consultation = lines(&cal.events[2]);
    for expected in [
        "DTSTART;VALUE=DATE:20221010",
        "DTEND;VALUE=DATE:20221011",
        "DTSTAMP:20220904T230000Z",
        "SUMMARY:Consultation closes: Consultation on the local offer",
        "UID:urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66#window",
    ] {
        assert!(
            consultation.contains(&expected.to_string()),
            "{expected} not in {consultation:#?}"
        );
    }
    // A meeting on a day without a time is an all-day event.
    let forum = lines(&cal.events[3]);
    for expected in [
        "DTSTART;VALUE=DATE:20221212",
        "DTEND;VALUE=DATE:20221213",
        "LOCATION:Northby Library",
    ] {
        assert!(
            forum.contains(&expected.to_string()),
            "{expected} not in {forum:#?}"
        );
    }
}

#[test]
fn the_calendar_names_itself_and_follows_the_line_rules() {
    let dir = copy_fixture("feeds");
    let out = build_ok(dir.path(), &[]);
    let cal = parse(&out, "calendar.ics");
    let props: Vec<String> = cal.properties.iter().map(line).collect();
    for expected in [
        "VERSION:2.0",
        "PRODID:-//sendsite//sendsite//EN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Northby SEND progress & news",
        "REFRESH-INTERVAL;VALUE=DURATION:PT12H",
    ] {
        assert!(
            props.contains(&expected.to_string()),
            "{expected} not in {props:#?}"
        );
    }
    let text = read(&out, "calendar.ics");
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n") && text.ends_with("END:VCALENDAR\r\n"));
    for l in text.split("\r\n") {
        assert!(
            !l.contains('\n') && l.len() <= 75,
            "line breaks the RFC 5545 rules: {l:?}"
        );
    }
    assert!(text.contains("\r\n "), "long lines are folded");
}

#[test]
fn areas_with_dates_have_their_own_calendar_and_others_none() {
    let dir = copy_fixture("feeds");
    let out = build_ok(dir.path(), &[]);
    let leadership = uids(&parse(&out, "areas/leadership/calendar.ics"));
    assert_eq!(
        leadership,
        [format!(
            "{TAG}2021-06-15:northby/send/updates/board#meeting"
        )]
    );
    let plans = uids(&parse(&out, "areas/plans/calendar.ics"));
    assert_eq!(
        plans,
        [
            format!("{TAG}2021-03-20:northby/send/updates/survey#window"),
            "urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66#window".to_string()
        ]
    );
    assert!(!out.join("areas/quiet/calendar.ics").exists());
    assert!(!out.join("kinds/meeting/calendar.ics").exists());
    let named = parse(&out, "areas/plans/calendar.ics");
    let name = named
        .properties
        .iter()
        .find(|p| p.name == "X-WR-CALNAME")
        .and_then(|p| p.value.clone());
    assert_eq!(
        name.as_deref(),
        Some("Northby SEND progress & news: EHC plans")
    );
}

#[test]
fn a_site_without_dates_has_no_calendar() {
    let dir = copy_fixture("feeds");
    for file in [
        "2021/2021-03-20-survey.md",
        "2021/2021-06-15-board.md",
        "2022/2022-09-05-pinned.md",
        "2022/2022-11-30-forum.md",
    ] {
        std::fs::remove_file(dir.path().join("content/updates").join(file)).unwrap();
    }
    let out = build_ok(dir.path(), &[]);
    assert!(!out.join("calendar.ics").exists());
    let page = read(&out, "subscribe/index.html");
    assert!(
        page.contains("<p>There are no dates in our calendar yet."),
        "{page}"
    );
}

#[test]
fn a_window_that_closes_before_it_opens_is_an_error() {
    let dir = copy_fixture("feeds");
    let file = "content/updates/2021/2021-03-20-survey.md";
    common::write(
        dir.path(),
        file,
        &read(dir.path(), file).replace("closes = 2021-04-30", "closes = 2021-03-01"),
    );
    let err = common::build_err(dir.path(), &[]);
    assert!(
        err.contains(
            "2021-03-20-survey.md:8:10: closes: 2021-03-01 is before the day it opens (2021-03-20)"
        ),
        "{err}"
    );
}
