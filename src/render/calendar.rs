//! iCalendar files (RFC 5545): `/calendar.ics` for the site and one per area that has dates.
//!
//! A survey or consultation window (`opens`–`closes`) is an all-day event whose `DTEND` is the
//! day after it closes (iCalendar ends are exclusive). A meeting (`event`) is an all-day event
//! when only its day is known; with a time it starts at that UK clock time, written in UTC
//! (`DTSTART:20210620T173000Z`). UTC needs no `VTIMEZONE` block, which some calendar apps
//! ignore or mishandle, and every app shows it at the right moment in the phone's own time zone;
//! a floating time would be wrong for anyone whose phone is set to another zone. A meeting ends
//! at its `event_end`, or one hour after it starts: an event with no end lasts no time at all
//! (RFC 5545 section 3.6.1), and apps then guess, each its own way.
//!
//! The due date of each action that is not complete is an all-day event too, in the site's
//! calendar and its area's, so that families can see what is due and when.
//!
//! `UID`s are `tag:` URIs that never change: an entry's permanent id, and for an action its id
//! under the site's host and path, like an update's (not the address of its page). `DTSTAMP` is
//! the entry's last change (an action's last rating, or the day its area was named), never later
//! than the build's day, as RFC 5545 section 3.8.7.2 has it: the files are the same on every
//! build. The `icalendar`
//! crate escapes and folds the lines.

use chrono::{Days, NaiveDate, TimeDelta, Utc};
use icalendar::{Calendar, Component, Event, EventLike, Property};
use time::Date;

use super::channels::Channel;
use super::dates::DateView;
use super::{uktime, Output};
use crate::content::Entry;
use crate::site::addresses::Addressed;
use crate::site::Site;

/// How often calendar apps should fetch the file again: every 12 hours.
const REFRESH: &str = "PT12H";

/// The site's calendar and each area's, for those with any dates.
pub fn render(site: &Site, ids: &[String], channels: &[Channel]) -> Vec<Output> {
    channels
        .iter()
        .filter(|ch| ch.links.calendar.is_some())
        .map(|ch| {
            Output::bytes(
                format!("{}calendar.ics", ch.dir),
                calendar(site, ch, ids).to_string(),
            )
        })
        .collect()
}

/// One calendar: the events of the channel's entries, earliest first.
fn calendar(site: &Site, ch: &Channel, ids: &[String]) -> Calendar {
    let mut events: Vec<(NaiveDate, String, Event)> = ch
        .entries
        .iter()
        .flat_map(|&i| events(site, &site.entries[i], &ids[i]))
        .chain(action_events(site, ch))
        .collect();
    events.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    let mut cal = Calendar::empty();
    for (key, value) in [
        ("VERSION", "2.0"),
        ("PRODID", "-//sendsite//sendsite//EN"),
        ("CALSCALE", "GREGORIAN"),
        ("METHOD", "PUBLISH"),
    ] {
        cal.append_property(Property::new(key, value));
    }
    cal.name(&text(&ch.title))
        .description(&text(&ch.description));
    // Apps that subscribe fetch the file again this often (RFC 7986, and Outlook's older name).
    cal.append_property(
        Property::new("REFRESH-INTERVAL", REFRESH)
            .add_parameter("VALUE", "DURATION")
            .done(),
    );
    cal.append_property(Property::new("X-PUBLISHED-TTL", REFRESH));
    for (_, _, event) in events {
        cal.push(event);
    }
    cal
}

/// An entry's events, each with its first day and UID for sorting.
fn events(site: &Site, entry: &Entry, id: &str) -> Vec<(NaiveDate, String, Event)> {
    let url = format!("{}updates/{}/", site.config.base_url, entry.slug);
    let kind = site.config.kind_label(&entry.kind);
    let mut list = Vec::new();
    if let Some((first, last)) = window(entry) {
        let summary = match (entry.opens, entry.closes) {
            (Some(_), Some(_)) => format!("{kind} open: {}", entry.title),
            (Some(_), None) => format!("{kind} opens: {}", entry.title),
            _ => format!("{kind} closes: {}", entry.title),
        };
        let mut event = base_event(site, entry, &format!("{id}#window"), &summary, &url);
        event
            .starts(first)
            .ends(next_day(last))
            .add_property("TRANSP", "TRANSPARENT");
        list.push((first, format!("{id}#window"), event.done()));
    }
    if let Some(when) = &entry.event {
        let mut event = base_event(site, entry, &format!("{id}#meeting"), &entry.title, &url);
        let day = uktime::naive_date(when.date);
        let end = entry.event_end.as_ref();
        match when.time {
            Some(_) => {
                let start = uktime::london(when.date, when.time).with_timezone(&Utc);
                let end = match end {
                    Some(end) => uktime::london(end.date, end.time).with_timezone(&Utc),
                    None => start + TimeDelta::hours(1),
                };
                event.starts(start).ends(end)
            }
            None => {
                let last = end.map_or(day, |end| uktime::naive_date(end.date));
                event.starts(day).ends(next_day(last))
            }
        };
        if let Some(place) = &entry.location {
            event.location(&text(place));
        }
        list.push((day, format!("{id}#meeting"), event.done()));
    }
    list
}

/// The due dates of the channel's actions that are not complete, as all-day events.
fn action_events(site: &Site, ch: &Channel) -> Vec<(NaiveDate, String, Event)> {
    super::channels::open_actions(site, ch.scope)
        .into_iter()
        .map(|state| {
            let area = &site.areas[state.area];
            let action = &area.actions[state.index];
            let url = format!(
                "{}{}#action-{}",
                site.config.base_url,
                area.path(),
                action.id
            );
            let uid = action_uid(site, &action.id);
            let day = uktime::naive_date(action.due.last());
            let mut description = format!("{}.", area.title);
            if let Some(owner) = &action.owner {
                description.push_str(&format!(" Owner: {owner}."));
            }
            if let Some(c) = state.current() {
                let label = site.config.vocabulary.label(&c.status);
                description.push_str(&format!(
                    " Latest rating by the council: {label} ({}).",
                    DateView::new(c.date).text
                ));
            }
            description.push_str(&format!("\n\nMore: {url}"));
            // The stamp is the last report's day; for an action not reported on yet, the day of
            // the inspection that named its area (or the site's first update): the same on every
            // build, whatever its day.
            let named = site
                .found_at(&area.slug)
                .or(site.entries.len().checked_sub(1));
            let first = named.map_or(action.due.last(), |i| site.entries[i].date);
            let stamp = state.current().map_or(first, |c| c.date);
            let event = Event::new()
                .uid(&uid)
                .timestamp(stamp_of(site, stamp))
                .summary(&text(&format!("Action due: {}", action.title)))
                .description(&text(&description))
                .url(&url)
                .starts(day)
                .ends(next_day(day))
                .add_property("TRANSP", "TRANSPARENT")
                .done();
            (day, uid, event)
        })
        .collect()
}

/// An action's `UID`: `tag:<host>,2016:<path>plan/action-<id>`. An action id is unique in the
/// site and chosen by its author; the host and the site's path keep two sites apart. RFC 4151's
/// date only has to be one on which the host was the council's: 2016, the year of the first
/// SEND inspections, never changes with the plan.
fn action_uid(site: &Site, id: &str) -> String {
    let host = url::Url::parse(&site.config.base_url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_default();
    let path = site.config.base_path.trim_start_matches('/');
    format!("tag:{host},2016:{path}plan/action-{id}")
}

/// A `DTSTAMP`: the day of the last change, or the build's day if that is later (a rating
/// dated ahead, an embargoed entry in a `--future` build).
fn stamp_of(site: &Site, changed: Date) -> chrono::DateTime<Utc> {
    uktime::london(changed.min(site.today), None).with_timezone(&Utc)
}

/// The properties every event of an entry has.
fn base_event(site: &Site, entry: &Entry, uid: &str, summary: &str, url: &str) -> Event {
    let last_change = entry.updated();
    let mut description = entry.summary.clone();
    if let (Some(opens), Some(closes)) = (entry.opens, entry.closes) {
        let (opens, closes) = (DateView::new(opens).text, DateView::new(closes).text);
        description = format!("Opens {opens}. Closes {closes}.\n\n{description}");
    }
    description = format!("{description}\n\nMore: {url}")
        .trim_start()
        .to_string();
    let mut event = Event::new();
    event
        .uid(uid)
        .timestamp(stamp_of(site, last_change))
        .url(url);
    // A withdrawn meeting or survey stays in calendars, marked cancelled (RFC 5545 STATUS), so
    // nobody turns up to it or wonders where it went.
    match &entry.withdrawn {
        Some(w) => {
            let when = DateView::new(w.date).text;
            let why = format!("Withdrawn on {when}: {}\n\n{description}", w.reason);
            event
                .summary(&text(&format!("Withdrawn: {summary}")))
                .description(&text(&why))
                .status(icalendar::EventStatus::Cancelled)
        }
        None => event
            .summary(&text(summary))
            .description(&text(&description)),
    };
    event.done()
}

/// Text for a calendar property: every kind of line break becomes `\n`, which the `icalendar`
/// crate escapes; a raw carriage return would end the line and could start a property of its
/// own (RFC 5545 section 3.1), and other control characters are not allowed at all.
fn text(value: &str) -> String {
    let lines = value
        .replace("\r\n", "\n")
        .replace(['\r', '\u{2028}', '\u{2029}', '\u{b}', '\u{c}'], "\n");
    lines
        .chars()
        .filter(|&c| c == '\n' || c == '\t' || !c.is_control())
        .collect()
}

/// The first and last day of a survey or consultation window (one day if only one end is known).
fn window(entry: &Entry) -> Option<(NaiveDate, NaiveDate)> {
    let first = entry.opens.or(entry.closes)?;
    let last = entry.closes.or(entry.opens)?;
    Some((
        uktime::naive_date(first),
        uktime::naive_date(last.max(first)),
    ))
}

fn next_day(day: NaiveDate) -> NaiveDate {
    day.checked_add_days(Days::new(1)).unwrap_or(day)
}
