//! Where each item stands, in words, for the editor's lists: a draft, waiting for approval,
//! scheduled, live, withdrawn, or live with changes waiting. Worked out from the item itself
//! (draft, date, withdrawal) and, in team mode, from the history: a file changed since the last
//! publication is waiting for an approver, since its first change then, changed by whom.

use std::collections::BTreeMap;
use std::path::Path;

use super::history::when;
use crate::team::history::History;

/// A file changed since the last publication.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Waiting {
    /// When its first change since the last publication was saved (seconds).
    pub since: i64,
    /// Who changed it since, in the order they first did.
    pub by: Vec<String>,
    /// Whether the last publication had it at all (if not, it is new).
    pub published: bool,
}

/// The files that differ from the last publication (team mode), as Review and publish lists
/// them; empty when the history cannot be read, so that a list still opens (the Review page
/// says what is wrong).
pub(super) fn waiting(root: &Path) -> BTreeMap<String, Waiting> {
    let Ok(history) = History::open(root) else {
        return BTreeMap::new();
    };
    let last = history.last_publication().ok().flatten();
    let from = last.as_ref().map(|l| l.commit.as_str());
    let head = history.head().ok().flatten();
    let Some(Ok(pending)) = head.map(|h| history.pending(from, &h)) else {
        return BTreeMap::new();
    };
    pending
        .into_iter()
        .map(|p| {
            let w = Waiting {
                since: p.since(),
                by: p.authors(),
                published: p.published,
            };
            (p.path, w)
        })
        .collect()
}

/// What an item is, for its state.
pub(super) struct Facts {
    pub draft: bool,
    pub withdrawn: bool,
    /// The day it is dated, if it goes live on a day (an update).
    pub date: Option<time::Date>,
}

/// The state of an item in words: "Draft", "Waiting for approval since 3 December 2026 at
/// 10:15, changed by sam@council.example", "Scheduled for 5 January 2027", "Live", "Withdrawn",
/// "Live, with changes waiting since ...". `waiting` is its entry in [`waiting`], in team mode.
pub(super) fn state(facts: &Facts, waiting: Option<&Waiting>, today: time::Date) -> String {
    let day = |d: time::Date| crate::render::dates::DateView::new(d).text;
    let scheduled = facts.date.filter(|d| *d > today);
    if facts.draft {
        return "Draft".into();
    }
    if let Some(w) = waiting {
        let since = format!("since {}, changed by {}", when(w.since), w.by.join(" and "));
        return match (w.published, scheduled) {
            (false, Some(d)) => format!("Waiting for approval {since}; to go live on {}", day(d)),
            (false, None) => format!("Waiting for approval {since}"),
            (true, _) => format!("Live, with changes waiting {since}"),
        };
    }
    if facts.withdrawn {
        return "Withdrawn".into();
    }
    match scheduled {
        Some(d) => format!("Scheduled for {}", day(d)),
        None => "Live".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: time::Date = date!(2026 - 12 - 06);

    fn facts(draft: bool, withdrawn: bool, date: Option<time::Date>) -> Facts {
        Facts {
            draft,
            withdrawn,
            date,
        }
    }

    #[test]
    fn an_item_says_where_it_stands() {
        let plain = facts(false, false, Some(date!(2026 - 11 - 01)));
        assert_eq!(state(&plain, None, TODAY), "Live");
        assert_eq!(state(&facts(true, false, None), None, TODAY), "Draft");
        assert_eq!(state(&facts(false, true, None), None, TODAY), "Withdrawn");
        let later = facts(false, false, Some(date!(2027 - 01 - 05)));
        assert_eq!(state(&later, None, TODAY), "Scheduled for 5 January 2027");
        let new = Waiting {
            since: 1_796_558_100,
            by: vec!["sam@council.example".into(), "alex@council.example".into()],
            published: false,
        };
        let said = state(&plain, Some(&new), TODAY);
        assert!(
            said.starts_with("Waiting for approval since ")
                && said.ends_with(", changed by sam@council.example and alex@council.example"),
            "{said}"
        );
        assert!(state(&later, Some(&new), TODAY).ends_with("; to go live on 5 January 2027"));
        let changed = Waiting {
            published: true,
            ..new
        };
        assert!(
            state(&plain, Some(&changed), TODAY).starts_with("Live, with changes waiting since ")
        );
        // A draft is a draft, whatever the history says: it goes nowhere until it is not.
        assert_eq!(
            state(&facts(true, false, None), Some(&changed), TODAY),
            "Draft"
        );
    }
}
