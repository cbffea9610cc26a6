//! Where a survey, a consultation or a meeting stands on the day of the build, so that a page
//! read months later never says a closed survey is open or a past meeting is to come: a survey
//! "opens" (before its first day), is "open" (until its last day, inclusive), or is "closed";
//! a meeting is "coming" (until its day, inclusive) or "held". The words are the theme's
//! (`m::when`); this module gives the state and the day it is about.

use serde::Serialize;
use time::Date;

use super::dates::DateView;
use crate::content::Entry;

/// A state and the day it is about.
#[derive(Debug, Clone, Serialize)]
pub struct When {
    /// `opens`, `open`, `opened` (no closing day), `closed`, `coming` or `held`.
    pub state: &'static str,
    pub date: DateView,
}

/// The state of `entry` on `today`, if it has a window or a meeting and is not withdrawn.
pub fn of(entry: &Entry, today: Date) -> Option<When> {
    if entry.withdrawn.is_some() {
        return None;
    }
    let (state, date) = match (entry.opens, entry.closes, &entry.event) {
        (Some(opens), _, _) if today < opens => ("opens", DateView::new(opens)),
        (_, Some(closes), _) if today <= closes => ("open", DateView::new(closes)),
        (_, Some(closes), _) => ("closed", DateView::new(closes)),
        (Some(opens), None, _) => ("opened", DateView::new(opens)),
        (None, None, Some(event)) if today <= event.date => ("coming", DateView::event(event)),
        (None, None, Some(event)) => ("held", DateView::event(event)),
        (None, None, None) => return None,
    };
    Some(When { state, date })
}
