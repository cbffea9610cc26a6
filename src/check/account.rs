//! What the site says of an area that does not add up: the council's rating of it says all is
//! well while its plan says otherwise (the pages say both; the comms officer should mend it), a
//! rating more than six months old, and an action rated at risk or off track with no reason
//! given, which parents cannot act on.

use crate::error::Diagnostic;
use crate::render::account::disagreement;
use crate::site::Site;

/// The ratings that need a reason.
const NEED_A_REASON: [&str; 2] = ["at-risk", "off-track"];

/// How old the council's latest rating of an area may be before `check` asks for a new one. The
/// pages always show its date beside it, so an old rating never reads as current.
const RATING_AGE: time::Duration = time::Duration::days(183);

pub fn check(site: &Site) -> Vec<Diagnostic> {
    let v = &site.config.vocabulary;
    let mut found = Vec::new();
    for area in &site.areas {
        let Some((i, overdue, rating)) = disagreement(site, &area.slug) else {
            continue;
        };
        let state = &site.actions[i];
        let action = &area.actions[state.index];
        let own = site.progress_history.get(&area.slug).and_then(|h| h.last());
        let said = own.map_or("", |o| v.label(&o.status));
        let what = match (overdue, rating) {
            (true, _) => "is overdue".to_string(),
            (false, r) => format!("is rated \"{}\"", r.unwrap_or_default()),
        };
        found.push(
            Diagnostic::warning(
                &area.source,
                format!("the council's latest rating of this area is \"{said}\", but its action \"{}\" {what}; the area's page and the home page say both", action.title),
            )
            .hint("rate the area again in your next update (`[progress]`), or report on the action (`[actions]`) if it is done"),
        );
    }
    for area in &site.areas {
        let Some(own) = site.progress_history.get(&area.slug).and_then(|h| h.last()) else {
            continue;
        };
        if own
            .date
            .checked_add(RATING_AGE)
            .is_some_and(|d| d < site.today)
        {
            let when = crate::render::dates::DateView::new(own.date).text;
            found.push(
                Diagnostic::warning(
                    &area.source,
                    format!("the council last rated this area on {when}, more than six months ago; its pages show that date beside the rating"),
                )
                .hint("rate it again in your next progress update (`[progress]`), even if the rating has not changed"),
            );
        }
    }
    for state in &site.actions {
        let action = &site.areas[state.area].actions[state.index];
        let Some(latest) = state.current() else {
            continue;
        };
        let blank = latest.note.as_deref().map_or(true, |n| n.trim().is_empty());
        if NEED_A_REASON.contains(&latest.status.as_str()) && blank {
            found.push(
                Diagnostic::warning(
                    &site.entries[latest.entry].source,
                    format!(
                        "the action \"{}\" is rated \"{}\" without a reason",
                        action.title,
                        v.label(&latest.status)
                    ),
                )
                .hint("add `note = \"...\"` to its rating: why, and what is being done about it"),
            );
        }
    }
    found
}
