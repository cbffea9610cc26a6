//! One account of an area: where the council's own rating and its plan disagree, both are said
//! together, so that "On track" on the home page never stands beside an action that is overdue
//! or off track on the plan; and "Complete" is not read as "fixed" when the inspectors have not
//! judged the area since.
//!
//! The model's facts only: the area's latest own rating, its actions' states on the day of the
//! build, and the date of the inspectors' latest judgement. The theme writes the words.

use serde::Serialize;

use super::views::Views;
use crate::site::addresses::Addressed;
use crate::site::Site;

/// The own ratings that say all is well: the plan must not say otherwise.
const WELL: [&str; 2] = ["on-track", "complete"];

/// The action ratings that say it is not going well.
const NOT_WELL: [&str; 1] = ["off-track"];

/// What the plan says against the council's own rating of an area.
#[derive(Debug, Serialize)]
pub struct Disagreement<'a> {
    /// The action that says otherwise, and where it is on the area's page.
    pub action: &'a str,
    pub url: String,
    /// Past its due date and not complete.
    pub overdue: bool,
    /// Its rating's label when that is what says otherwise ("Off track").
    pub rating: Option<&'a str>,
}

/// What goes with an area's own rating.
#[derive(Debug, Default, Serialize)]
pub struct Account<'a> {
    pub disagrees: Option<Disagreement<'a>>,
    /// Rated "Complete" by the council, and not judged by the inspectors on or after that day.
    pub not_judged_since: bool,
}

/// The first action of the area that contradicts its own rating, if that rating says all is
/// well: an overdue one first, then one rated off track.
pub fn disagreement<'s>(site: &'s Site, slug: &str) -> Option<(usize, bool, Option<&'s str>)> {
    let own = site.progress_history.get(slug)?.last()?;
    if !WELL.contains(&own.status.as_str()) {
        return None;
    }
    let states = site
        .actions
        .iter()
        .enumerate()
        .filter(|(_, s)| site.areas[s.area].slug == slug);
    let overdue = states.clone().find(|(_, s)| s.overdue);
    let off = states.clone().find(|(_, s)| {
        s.current()
            .is_some_and(|c| NOT_WELL.contains(&c.status.as_str()))
    });
    let v = &site.config.vocabulary;
    match (overdue, off) {
        (Some((i, _)), _) => Some((i, true, None)),
        (None, Some((i, s))) => Some((i, false, s.current().map(|c| v.label(&c.status)))),
        (None, None) => None,
    }
}

impl<'a> Views<'a> {
    /// What goes with the own rating of every area, by slug (the home page's cards). Kept out
    /// of the site view every page has, so that a rating changed renders only the pages that
    /// show it.
    pub fn accounts(&self) -> std::collections::BTreeMap<&'a str, Account<'a>> {
        (self.site.areas.iter())
            .map(|a| (a.slug.as_str(), self.account(&a.slug)))
            .collect()
    }

    /// What goes with the own rating of the area `slug`.
    pub fn account(&self, slug: &str) -> Account<'a> {
        let site = self.site;
        let Some(own) = site.progress_history.get(slug).and_then(|h| h.last()) else {
            return Account::default();
        };
        let judged = site.current_status(slug).map(|s| s.date);
        Account {
            disagrees: disagreement(site, slug).map(|(i, overdue, rating)| {
                let state = &site.actions[i];
                let area = &site.areas[state.area];
                let action = &area.actions[state.index];
                Disagreement {
                    action: &action.title,
                    url: format!("{}#action-{}", self.url(&area.path()), action.id),
                    overdue,
                    rating,
                }
            }),
            not_judged_since: own.status == "complete" && judged.map_or(true, |d| d < own.date),
        }
    }
}
