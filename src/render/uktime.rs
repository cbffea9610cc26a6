//! UK civil time (Europe/London) for feeds and calendars: GMT in winter, BST (UTC+1) in summer.
//!
//! Content dates are UK days and meeting times are UK clock times, written without an offset.
//! Feeds and calendars need an instant, so this module gives each one the offset the UK used on
//! that day. The rule is the one in force since 1996: clocks go forward at 01:00 UTC on the last
//! Sunday of March and back at 01:00 UTC on the last Sunday of October. It is a few lines, so no
//! time zone database is bundled. It owns no formatting: feeds and calendars format the instant.

use chrono::{DateTime, Datelike, Days, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};

const HOUR: i32 = 3600;

/// A UK day at a UK clock time (midnight when no time is given), with the offset in force then.
///
/// A clock time that the change in March skips (01:00–01:59) keeps the winter offset, so it means
/// the instant the clock would show had it not jumped; one that the change in October repeats
/// means the first of the two, still in summer time.
pub fn london(date: time::Date, time: Option<(u8, u8)>) -> DateTime<FixedOffset> {
    let (hour, minute) = time.unwrap_or((0, 0));
    let clock = NaiveTime::from_hms_opt(hour.into(), minute.into(), 0).unwrap_or(NaiveTime::MIN);
    let local = naive_date(date).and_time(clock);
    let offset = if is_summer_time(local) {
        offset(HOUR)
    } else {
        offset(0)
    };
    DateTime::from_naive_utc_and_offset(local - offset, offset)
}

/// What a UK clock showed at an instant (seconds since 1970, UTC): for the times of changes in
/// the editor's history.
pub fn clock_at(seconds: i64) -> NaiveDateTime {
    let utc = DateTime::from_timestamp(seconds, 0)
        .unwrap_or_default()
        .naive_utc();
    let summer = utc + chrono::Duration::hours(1);
    if is_summer_time(summer) {
        summer
    } else {
        utc
    }
}

/// The same day as a chrono date.
pub fn naive_date(date: time::Date) -> NaiveDate {
    let ordinal = NaiveDate::from_yo_opt(date.year(), date.ordinal().into());
    ordinal.expect("every day `time` can hold is a day chrono can hold")
}

/// Whether UK clocks show summer time at this local clock time.
fn is_summer_time(local: NaiveDateTime) -> bool {
    let two = NaiveTime::from_hms_opt(2, 0, 0).unwrap_or(NaiveTime::MIN);
    let starts = last_sunday(local.year(), 3).and_time(two);
    let ends = last_sunday(local.year(), 10).and_time(two);
    starts <= local && local < ends
}

/// The last Sunday of a month that has 31 days (March or October).
fn last_sunday(year: i32, month: u32) -> NaiveDate {
    let last = NaiveDate::from_ymd_opt(year, month, 31).expect("March and October have 31 days");
    let back = last.weekday().num_days_from_sunday();
    last.checked_sub_days(Days::new(back.into()))
        .unwrap_or(last)
}

fn offset(seconds: i32) -> FixedOffset {
    FixedOffset::east_opt(seconds).expect("0 and 1 hour are valid offsets")
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn rfc2822(date: time::Date, time: Option<(u8, u8)>) -> String {
        london(date, time).to_rfc2822()
    }

    #[test]
    fn clocks_change_on_the_last_sundays_of_march_and_october() {
        assert_eq!(
            last_sunday(2021, 3),
            NaiveDate::from_ymd_opt(2021, 3, 28).unwrap()
        );
        assert_eq!(
            last_sunday(2021, 10),
            NaiveDate::from_ymd_opt(2021, 10, 31).unwrap()
        );
        assert_eq!(
            last_sunday(2024, 3),
            NaiveDate::from_ymd_opt(2024, 3, 31).unwrap()
        );
        assert_eq!(
            last_sunday(2024, 10),
            NaiveDate::from_ymd_opt(2024, 10, 27).unwrap()
        );
    }

    #[test]
    fn winter_days_are_gmt_and_summer_days_bst() {
        assert_eq!(
            rfc2822(date!(2022 - 11 - 20), None),
            "Sun, 20 Nov 2022 00:00:00 +0000"
        );
        assert_eq!(
            rfc2822(date!(2021 - 06 - 15), None),
            "Tue, 15 Jun 2021 00:00:00 +0100"
        );
        assert_eq!(
            london(date!(2021 - 06 - 15), None).naive_utc().to_string(),
            "2021-06-14 23:00:00"
        );
    }

    #[test]
    fn the_change_days_themselves() {
        // Midnight comes before the change in March and before the change back in October.
        assert_eq!(
            rfc2822(date!(2021 - 03 - 28), None),
            "Sun, 28 Mar 2021 00:00:00 +0000"
        );
        assert_eq!(
            rfc2822(date!(2021 - 03 - 28), Some((2, 0))),
            "Sun, 28 Mar 2021 02:00:00 +0100"
        );
        assert_eq!(
            rfc2822(date!(2021 - 03 - 27), Some((23, 59))),
            "Sat, 27 Mar 2021 23:59:00 +0000"
        );
        assert_eq!(
            rfc2822(date!(2021 - 10 - 31), None),
            "Sun, 31 Oct 2021 00:00:00 +0100"
        );
        assert_eq!(
            rfc2822(date!(2021 - 10 - 31), Some((1, 30))),
            "Sun, 31 Oct 2021 01:30:00 +0100"
        );
        assert_eq!(
            rfc2822(date!(2021 - 10 - 31), Some((2, 0))),
            "Sun, 31 Oct 2021 02:00:00 +0000"
        );
        assert_eq!(
            rfc2822(date!(2021 - 11 - 01), None),
            "Mon, 1 Nov 2021 00:00:00 +0000"
        );
    }

    #[test]
    fn a_skipped_clock_time_keeps_the_winter_offset() {
        assert_eq!(
            rfc2822(date!(2021 - 03 - 28), Some((1, 30))),
            "Sun, 28 Mar 2021 01:30:00 +0000"
        );
    }
}
