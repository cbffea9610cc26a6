//! What templates see of the plan: each action with its due date, owner, latest rating and
//! whether it is overdue, and the count at the top of `/plan/` in words.
//!
//! A rating is the council's own word, shown as plain text like "Our own assessment", never as an
//! inspectors' tag; "Overdue" is always written out, never only a colour.

use serde::Serialize;

use super::dates::{month_year, DateView};
use super::views::{EntryLink, TermRef, Views};
use crate::site::addresses::{measure_path, Addressed};
use crate::site::{ActionChange, ActionState, COMPLETE};
use crate::vocabulary::Tone;

/// One report on an action.
#[derive(Debug, Serialize)]
pub struct RatingView<'a> {
    pub slug: &'a str,
    pub label: &'a str,
    pub tone: Tone,
    pub note: Option<&'a str>,
    pub date: DateView,
    pub entry: EntryLink<'a>,
}

/// One action of the plan.
#[derive(Debug, Serialize)]
pub struct ActionView<'a> {
    /// Its id, also the `id` of its place on the area's page and the plan: `#action-<id>`.
    pub id: &'a str,
    pub title: &'a str,
    pub owner: Option<&'a str>,
    pub due: DateView,
    pub overdue: bool,
    pub area: TermRef<'a>,
    /// Its latest rating.
    pub status: Option<RatingView<'a>>,
    /// Every rating, oldest first.
    pub history: Vec<RatingView<'a>>,
    /// The measure that shows it.
    pub measure: Option<TermRef<'a>>,
    /// Whether that measure's latest figure meets its target (`None` without a target).
    pub measure_met: Option<bool>,
    /// Overdue, and last rated before it fell due (the model's `ActionState::rated_before_due`):
    /// the page says so rather than show "On track" beside "Overdue" as if both held.
    pub rated_before_due: bool,
    /// The month of its latest rating, "March 2025".
    pub rated_in: Option<String>,
}

/// The actions of one area.
#[derive(Debug, Serialize)]
pub struct AreaActions<'a> {
    pub area: TermRef<'a>,
    pub actions: Vec<ActionView<'a>>,
}

/// The plan and the measures in numbers: the home page's and each area page's "is it getting
/// better?" in one or two sentences.
#[derive(Debug, Serialize)]
pub struct ProgressView {
    /// How many actions.
    pub actions: usize,
    /// "7 actions: 4 complete, 3 overdue".
    pub summary: String,
    /// How many measures have a target, and how many of those meet it.
    pub targets: usize,
    pub met: usize,
}

/// Everything `/plan/` shows.
#[derive(Debug, Serialize)]
pub struct PlanView<'a> {
    pub total: usize,
    /// "12 actions: 5 complete, 4 on track, 2 at risk, 1 overdue".
    pub summary: String,
    pub overdue: usize,
    pub areas: Vec<AreaActions<'a>>,
}

/// A report an entry made, as its page shows it.
#[derive(Debug, Serialize)]
pub struct ReportView<'a> {
    pub title: &'a str,
    /// The action's place on its area's page.
    pub url: String,
    pub area: TermRef<'a>,
    pub label: &'a str,
    pub tone: Tone,
    pub note: Option<&'a str>,
}

impl<'a> Views<'a> {
    fn rating(&self, change: &'a ActionChange) -> RatingView<'a> {
        let (label, tone) = self.term(&change.status);
        RatingView {
            slug: &change.status,
            label,
            tone,
            note: change.note.as_deref(),
            date: DateView::new(change.date),
            entry: self.entry_link(change.entry),
        }
    }

    /// The view of one action.
    pub fn action(&self, state: &'a ActionState) -> ActionView<'a> {
        let area = &self.site.areas[state.area];
        let action = &area.actions[state.index];
        let measure = action
            .measure
            .as_deref()
            .and_then(|slug| self.site.measures.iter().find(|m| m.slug == slug));
        ActionView {
            measure_met: measure.and_then(|m| m.target_met()),
            rated_before_due: state.rated_before_due,
            rated_in: state.current().map(|c| month_year(c.date)),
            id: &action.id,
            title: &action.title,
            owner: action.owner.as_deref(),
            due: DateView::dated(action.due),
            overdue: state.overdue,
            area: self.area_ref(&area.slug),
            status: state.current().map(|c| self.rating(c)),
            history: state.reports.iter().map(|c| self.rating(c)).collect(),
            measure: measure.map(|m| TermRef {
                slug: &m.slug,
                label: &m.title,
                url: self.url(&measure_path(&m.slug)),
            }),
        }
    }

    /// The actions of the area at index `area`.
    pub fn actions_of(&self, area: usize) -> Vec<ActionView<'a>> {
        self.site
            .actions
            .iter()
            .filter(|s| s.area == area)
            .map(|s| self.action(s))
            .collect()
    }

    /// The whole plan, by area.
    pub fn plan(&self) -> PlanView<'a> {
        let areas = (0..self.site.areas.len())
            .map(|a| AreaActions {
                area: self.area_ref(&self.site.areas[a].slug),
                actions: self.actions_of(a),
            })
            .filter(|a| !a.actions.is_empty())
            .collect();
        PlanView {
            total: self.site.actions.len(),
            summary: self.plan_summary(),
            overdue: self.site.actions.iter().filter(|s| s.overdue).count(),
            areas,
        }
    }

    /// How the plan and the measures stand, in numbers: of the whole site, or of the area at
    /// index `area`.
    pub fn progress(&self, area: Option<usize>) -> ProgressView {
        let states: Vec<&ActionState> = self
            .site
            .actions
            .iter()
            .filter(|s| area.map_or(true, |a| s.area == a))
            .collect();
        let slug = area.map(|a| self.site.areas[a].slug.as_str());
        let targets: Vec<bool> = self
            .site
            .measures
            .iter()
            .filter(|m| slug.map_or(true, |s| m.concerns(s)))
            .filter_map(|m| m.target_met())
            .collect();
        ProgressView {
            actions: states.len(),
            summary: self.count_in_words(&states),
            targets: targets.len(),
            met: targets.iter().filter(|m| **m).count(),
        }
    }

    /// The count in words: complete first, then each other rating in the vocabulary's order,
    /// then those not reported on yet, then those overdue (whatever their last rating).
    pub fn plan_summary(&self) -> String {
        let states: Vec<&ActionState> = self.site.actions.iter().collect();
        self.count_in_words(&states)
    }

    /// "12 actions: 5 complete, 4 on track, 2 at risk, 1 overdue" for these actions.
    fn count_in_words(&self, states: &[&'a ActionState]) -> String {
        let word = |s: &&'a ActionState| -> Option<&'a str> {
            match (s.overdue, s.current()) {
                (true, _) => None,
                (false, Some(c)) => Some(c.status.as_str()),
                (false, None) => Some(""),
            }
        };
        let v = &self.site.config.vocabulary;
        let mut order: Vec<&str> = vec![COMPLETE];
        order.extend(
            v.ratings()
                .map(|t| t.slug.as_str())
                .filter(|s| *s != COMPLETE),
        );
        let mut parts = Vec::new();
        for slug in order {
            let n = states.iter().filter(|s| word(s) == Some(slug)).count();
            if n > 0 {
                parts.push(format!("{n} {}", self.term(slug).0.to_lowercase()));
            }
        }
        let unreported = states.iter().filter(|s| word(s) == Some("")).count();
        if unreported > 0 {
            parts.push(format!("{unreported} not reported on yet"));
        }
        let overdue = states.iter().filter(|s| s.overdue).count();
        if overdue > 0 {
            parts.push(format!("{overdue} overdue"));
        }
        let total = states.len();
        let noun = if total == 1 { "action" } else { "actions" };
        format!("{total} {noun}: {}", parts.join(", "))
    }

    /// The reports entry `index` made, in the plan's order.
    pub fn reports(&self, index: usize) -> Vec<ReportView<'a>> {
        let entry = &self.site.entries[index];
        self.site
            .actions
            .iter()
            .filter_map(|s| {
                let area = &self.site.areas[s.area];
                let action = &area.actions[s.index];
                let report = entry.actions.iter().find(|r| r.action == action.id)?;
                let (label, tone) = self.term(&report.status);
                Some(ReportView {
                    title: &action.title,
                    url: format!("{}#action-{}", self.url(&area.path()), action.id),
                    area: self.area_ref(&area.slug),
                    label,
                    tone,
                    note: report.note.as_deref(),
                })
            })
            .collect()
    }
}
