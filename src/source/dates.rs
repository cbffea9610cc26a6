//! Dates as people write them in front matter, read strictly with helpful errors.
//!
//! Accepts a TOML date (`date = 2022-11-23`) or the same in quotes; for meetings, a date-time.
//! Everything else (`20/01/2021`, `20 January 2021`, `2022-02-30`) is an error that says how to
//! write it.

use serde::Serialize;
use time::{Date, Month};

/// A meeting's time: a day, and a time of day when one was given (never a made-up midnight).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct EventTime {
    /// The day of the event.
    #[serde(skip)]
    pub date: Date,
    /// Hour and minute, when given.
    pub time: Option<(u8, u8)>,
}

/// Reads a front-matter value as a calendar date; the error is a message and a hint.
pub fn parse_date(value: &toml::Value) -> Result<Date, (String, String)> {
    match value {
        toml::Value::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => {
            let d = dt.date.ok_or_else(|| not_a_date(&dt.to_string()))?;
            make_date(d.year.into(), d.month, d.day)
        }
        toml::Value::Datetime(dt) => Err((
            format!("`{dt}` has a time, but this field is a day"),
            "write just the day, e.g. 2022-11-23".into(),
        )),
        toml::Value::String(s) => parse_date_text(s),
        other => Err(not_a_date(&other.to_string())),
    }
}

/// Reads a meeting time: a date, or a local date-time (`2020-02-03T18:00:00`).
pub fn parse_event(value: &toml::Value) -> Result<EventTime, (String, String)> {
    match value {
        toml::Value::Datetime(dt) if dt.time.is_some() && dt.offset.is_none() => {
            let d = dt.date.ok_or_else(|| not_a_date(&dt.to_string()))?;
            let t = dt.time.expect("checked above");
            let date = make_date(d.year.into(), d.month, d.day)?;
            Ok(EventTime {
                date,
                time: Some((t.hour, t.minute)),
            })
        }
        toml::Value::Datetime(dt) if dt.offset.is_some() => Err((
            format!("`{dt}` has a time zone offset"),
            "write the local UK time without an offset, e.g. 2020-02-03T18:00:00".into(),
        )),
        other => parse_date(other).map(|date| EventTime { date, time: None }),
    }
}

/// A day (`2025-03-31`) or a whole month (`"2025-03"`): when an action is due, when a target is
/// to be met, when a figure was measured. Plans and spreadsheets often give only the month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Dated {
    /// The first day it covers (the day itself, or the 1st of the month).
    pub first: Date,
    /// Whether only the month was given.
    pub month: bool,
}

impl Dated {
    /// The last day it covers: the day itself, or the last day of the month. An action due in
    /// March is overdue from 1 April.
    pub fn last(&self) -> Date {
        if !self.month {
            return self.first;
        }
        let days = self.first.month().length(self.first.year());
        self.first.replace_day(days).unwrap_or(self.first)
    }

    /// `2025-03-31` or `2025-03`, as written in files and `datetime` attributes.
    pub fn iso(&self) -> String {
        let (y, m) = (self.first.year(), u8::from(self.first.month()));
        match self.month {
            true => format!("{y:04}-{m:02}"),
            false => format!("{y:04}-{m:02}-{:02}", self.first.day()),
        }
    }

    /// `31 March 2025` or `March 2025`, for people.
    pub fn text(&self) -> String {
        let d = self.first;
        match self.month {
            true => format!("{} {}", d.month(), d.year()),
            false => format!("{} {} {}", d.day(), d.month(), d.year()),
        }
    }
}

/// Reads a front-matter value as a day or a month: a TOML date, or a string `"2025-03-31"` or
/// `"2025-03"` (TOML has no bare year-month).
pub fn parse_dated(value: &toml::Value) -> Result<Dated, (String, String)> {
    match value {
        toml::Value::String(s) => parse_dated_text(s),
        other => parse_date(other).map(|first| Dated {
            first,
            month: false,
        }),
    }
}

/// Reads `2025-03-31` or `2025-03` (a spreadsheet cell, a quoted string).
pub fn parse_dated_text(s: &str) -> Result<Dated, (String, String)> {
    let parts: Vec<&str> = s.trim().split('-').collect();
    if let [y, m] = parts[..] {
        if let (4, 2, Ok(y), Ok(m)) = (y.len(), m.len(), y.parse::<i32>(), m.parse::<u8>()) {
            if !(1..=12).contains(&m) {
                return Err((
                    format!("{y:04}-{m:02} is not a month in the calendar"),
                    "a month is written year-month, e.g. \"2025-03\" for March 2025".into(),
                ));
            }
            return make_date(y, m, 1).map(|first| Dated { first, month: true });
        }
    }
    parse_date_text(s)
        .map(|first| Dated {
            first,
            month: false,
        })
        .map_err(|(m, hint)| match m.contains("is not a date") {
            true => (
                m,
                format!("{hint}, or a month as year-month, e.g. \"2025-03\""),
            ),
            false => (m, hint),
        })
}

fn parse_date_text(s: &str) -> Result<Date, (String, String)> {
    let parts: Vec<&str> = s.trim().split('-').collect();
    if let [y, m, d] = parts[..] {
        if y.len() == 4 && m.len() == 2 && d.len() == 2 {
            if let (Ok(y), Ok(m), Ok(d)) = (y.parse(), m.parse(), d.parse()) {
                return make_date(y, m, d);
            }
        }
    }
    Err(not_a_date(s))
}

/// The years a date on a SEND progress site can mean: from long before the first area SEND
/// inspection to far beyond any plan. Outside them a date is a typo (`0202-11-23`), and years of
/// five digits cannot be written in a calendar file.
pub const YEARS: std::ops::RangeInclusive<i32> = 1990..=2100;

fn make_date(year: i32, month: u8, day: u8) -> Result<Date, (String, String)> {
    if !YEARS.contains(&year) {
        return Err((
            format!("{year:04}-{month:02}-{day:02} is not a year this site can mean"),
            format!(
                "check the year: dates from {} to {} are accepted",
                YEARS.start(),
                YEARS.end()
            ),
        ));
    }
    let month_name = Month::try_from(month).ok();
    month_name
        .and_then(|m| Date::from_calendar_date(year, m, day).ok())
        .ok_or_else(|| {
            (
                format!("{year:04}-{month:02}-{day:02} is not a day in the calendar"),
                "check the day and the month: the date is written year-month-day".into(),
            )
        })
}

fn not_a_date(written: &str) -> (String, String) {
    let hint = match uk_reading(written) {
        Some(iso) => format!("write dates as year-month-day: {iso}"),
        None => "write dates as year-month-day, e.g. 2022-11-23".to_string(),
    };
    (format!("`{written}` is not a date sendsite can read"), hint)
}

/// How a UK-style date (`20/01/2021`, `20 January 2021`) should be written instead.
pub(crate) fn uk_reading(written: &str) -> Option<String> {
    let written = written.trim_matches('"');
    let parts: Vec<&str> = written
        .split(['/', ' ', '.'])
        .filter(|p| !p.is_empty())
        .collect();
    let [d, m, y] = parts[..] else { return None };
    let day: u8 = d
        .trim_end_matches(|c: char| c.is_alphabetic())
        .parse()
        .ok()?;
    let year: i32 = y.parse().ok()?;
    let month = m.parse::<u8>().ok().or_else(|| month_from_name(m))?;
    Some(format!("{year:04}-{month:02}-{day:02}"))
}

fn month_from_name(name: &str) -> Option<u8> {
    let name = name.to_lowercase();
    (1..=12u8).find(|&n| {
        let full = Month::try_from(n)
            .map(|m| m.to_string().to_lowercase())
            .unwrap_or_default();
        name.len() >= 3 && full.starts_with(&name)
    })
}

/// A date as people write it in a form or a spreadsheet, in the form the files take: `14/03/2025`
/// and `14 March 2025` → `2025-03-14`; `March 2025`, `Mar 2025` and `03/2025` → `2025-03`; an ISO
/// date or month as it is. `None` for anything else, which is then an error, never a guess: a
/// year is always written in full (`14/03/25` is refused), so no year is ever silently wrong.
pub fn written_date(text: &str) -> Option<String> {
    let text = text.trim();
    if parse_dated_text(text).is_ok() {
        return Some(text.to_string());
    }
    let year = |y: &str| (y.len() == 4).then(|| y.parse::<i32>().ok()).flatten();
    let number = |n: &str| {
        (1..=2)
            .contains(&n.len())
            .then(|| n.parse::<u8>().ok())
            .flatten()
    };
    let month_named = |m: &str| {
        const MONTHS: [&str; 12] = [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ];
        let m = m.trim_end_matches('.').to_lowercase();
        (m.len() >= 3)
            .then(|| {
                MONTHS
                    .iter()
                    .position(|full| full.starts_with(&m) && (m.len() == 3 || m == *full))
            })
            .flatten()
            .map(|i| i as u8 + 1)
    };
    let parts: Vec<&str> = text
        .split(['/', ' ', '-'])
        .filter(|p| !p.is_empty())
        .collect();
    let made = match parts[..] {
        [d, m, y] => {
            let month = number(m).or_else(|| month_named(m))?;
            format!("{:04}-{month:02}-{:02}", year(y)?, number(d)?)
        }
        [m, y] => {
            let month = number(m).or_else(|| month_named(m))?;
            format!("{:04}-{month:02}", year(y)?)
        }
        _ => return None,
    };
    parse_dated_text(&made).ok().map(|_| made)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(toml_text: &str) -> toml::Value {
        let table: toml::Table = toml::from_str(&format!("v = {toml_text}")).unwrap();
        table["v"].clone()
    }

    #[test]
    fn reads_toml_dates_and_strings() {
        let d = parse_date(&value("2022-11-23")).unwrap();
        assert_eq!(d, parse_date(&value("\"2022-11-23\"")).unwrap());
    }

    #[test]
    fn years_out_of_range_are_errors() {
        for bad in ["0000-01-01", "9999-12-31", "1989-12-31", "2101-01-01"] {
            let (msg, _) = parse_date(&value(bad)).unwrap_err();
            assert!(msg.contains("not a year"), "{bad}: {msg}");
        }
        assert!(parse_date(&value("2100-12-31")).is_ok());
    }

    #[test]
    fn impossible_day_is_an_error() {
        let (msg, _) = parse_date(&value("\"2022-02-30\"")).unwrap_err();
        assert!(msg.contains("not a day"), "{msg}");
    }

    #[test]
    fn uk_dates_get_a_rewrite_hint() {
        let (_, hint) = parse_date(&value("\"20/01/2021\"")).unwrap_err();
        assert!(hint.ends_with("2021-01-20"), "{hint}");
        let (_, hint) = parse_date(&value("\"20 January 2021\"")).unwrap_err();
        assert!(hint.ends_with("2021-01-20"), "{hint}");
    }

    #[test]
    fn events_keep_their_time_only_when_given() {
        assert_eq!(
            parse_event(&value("2020-02-03T18:30:00")).unwrap().time,
            Some((18, 30))
        );
        assert_eq!(parse_event(&value("2020-02-03")).unwrap().time, None);
    }

    #[test]
    fn months_are_dates_that_end_on_their_last_day() {
        let march = parse_dated(&value("\"2025-03\"")).unwrap();
        assert_eq!(
            (march.iso(), march.text()),
            ("2025-03".into(), "March 2025".into())
        );
        assert_eq!(march.last().day(), 31);
        let feb = parse_dated_text("2024-02").unwrap();
        assert_eq!(feb.last().day(), 29);
        let day = parse_dated(&value("2025-03-14")).unwrap();
        assert_eq!((day.iso(), day.last()), ("2025-03-14".into(), day.first));
        let (msg, hint) = parse_dated_text("March 2025").unwrap_err();
        assert!(
            msg.contains("not a date") && hint.contains("\"2025-03\""),
            "{msg} {hint}"
        );
        assert!(parse_dated_text("2025-13")
            .unwrap_err()
            .0
            .contains("not a month"));
    }

    #[test]
    fn dates_as_people_write_them_become_the_files_dates_and_no_year_is_guessed() {
        for (written, file) in [
            ("14/03/2025", Some("2025-03-14")),
            ("14 March 2025", Some("2025-03-14")),
            ("4 Mar 2025", Some("2025-03-04")),
            ("March 2025", Some("2025-03")),
            ("Sept 2025", None),
            ("Sep 2025", Some("2025-09")),
            ("03/2025", Some("2025-03")),
            ("2025-03", Some("2025-03")),
            ("2025-03-14", Some("2025-03-14")),
            ("14/03/25", None),
            ("32/03/2025", None),
            ("14/13/2025", None),
            ("32025-12-04", None),
            ("tomorrow", None),
        ] {
            assert_eq!(written_date(written).as_deref(), file, "{written}");
        }
    }
}
