//! Dates the UK way ("4 June 2026") beside their machine form ("2026-06-04") for `<time datetime>`.

use serde::Serialize;
use time::Date;

use crate::source::dates::{Dated, EventTime};

/// A date as templates need it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DateView {
    /// `2026-06-04`, for `datetime` attributes.
    pub iso: String,
    /// `4 June 2026`, for people.
    pub text: String,
    /// The year, for grouping.
    pub year: i32,
}

impl DateView {
    /// The view of a calendar date.
    pub fn new(date: Date) -> DateView {
        DateView {
            iso: iso(date),
            text: format!("{} {} {}", date.day(), date.month(), date.year()),
            year: date.year(),
        }
    }

    /// The view of a day or a month (`March 2025`, `datetime="2025-03"`).
    pub fn dated(dated: Dated) -> DateView {
        DateView {
            iso: dated.iso(),
            text: dated.text(),
            year: dated.first.year(),
        }
    }

    /// The view of a meeting time: the time of day is shown only when it was given.
    pub fn event(event: &EventTime) -> DateView {
        let mut view = DateView::new(event.date);
        if let Some((h, m)) = event.time {
            view.iso = format!("{}T{h:02}:{m:02}", view.iso);
            view.text = format!("{}, {}", view.text, clock(h, m));
        }
        view
    }

    /// The view of when a meeting ends: `8pm` on the day it starts, else as [`DateView::event`].
    pub fn until(start: &EventTime, end: &EventTime) -> DateView {
        let mut view = DateView::event(end);
        if let (true, Some((h, m))) = (start.date == end.date, end.time) {
            view.text = clock(h, m);
        }
        view
    }
}

/// "May 2025": a month and its year, for what is due or expected in a month.
pub fn month_year(date: Date) -> String {
    format!("{} {}", date.month(), date.year())
}

/// `2026-06-04`.
pub fn iso(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// `6pm`, `6:30pm`, `midday`: the GOV.UK style for times.
fn clock(hour: u8, minute: u8) -> String {
    if hour == 12 && minute == 0 {
        return "midday".into();
    }
    if hour == 0 && minute == 0 {
        return "midnight".into();
    }
    let suffix = if hour < 12 { "am" } else { "pm" };
    let h = match hour % 12 {
        0 => 12,
        h => h,
    };
    if minute == 0 {
        format!("{h}{suffix}")
    } else {
        format!("{h}:{minute:02}{suffix}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn dates_read_the_uk_way() {
        let v = DateView::new(date!(2026 - 06 - 04));
        assert_eq!(
            (v.iso.as_str(), v.text.as_str()),
            ("2026-06-04", "4 June 2026")
        );
    }

    #[test]
    fn event_times_show_only_when_given() {
        let v = DateView::event(&EventTime {
            date: date!(2020 - 02 - 03),
            time: Some((18, 30)),
        });
        assert_eq!(
            (v.iso.as_str(), v.text.as_str()),
            ("2020-02-03T18:30", "3 February 2020, 6:30pm")
        );
        let v = DateView::event(&EventTime {
            date: date!(2020 - 02 - 03),
            time: None,
        });
        assert_eq!(v.text, "3 February 2020");
    }
}
