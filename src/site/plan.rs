//! The plan and its measures in the model: what the checks across files find (an action id used
//! twice or reported but never written, a measure or area that does not exist, a figures file
//! nobody reads), and what is derived from dates: each action's rating, its history, and whether
//! it is overdue on the day of the build.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use time::Date;

use crate::content::{Action, Area, Entry, Measure};
use crate::error::{did_you_mean, Diagnostic, Diagnostics, Location};

/// The rating that closes an action: a complete action is never overdue.
pub const COMPLETE: &str = "complete";

/// One report on an action, from a dated entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionChange {
    /// The council's rating (a slug of the vocabulary).
    pub status: String,
    /// Why, when the entry says.
    pub note: Option<String>,
    /// The entry's date.
    pub date: Date,
    /// Index of the entry in `Site::entries`.
    pub entry: usize,
}

/// An action of the plan with what the timeline says of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionState {
    /// Index of its area in `Site::areas`.
    pub area: usize,
    /// Its place in that area's `actions`.
    pub index: usize,
    /// Every report on it, oldest first; the last is its current rating.
    pub reports: Vec<ActionChange>,
    /// Past its due date on the day of the build, and not complete.
    pub overdue: bool,
    /// Overdue, and last rated on or before its due date: its rating speaks of a time before it
    /// fell due, so it must not be shown as if it held today.
    pub rated_before_due: bool,
}

impl ActionState {
    /// Its latest report.
    pub fn current(&self) -> Option<&ActionChange> {
        self.reports.last()
    }

    /// Whether its latest report says it is complete.
    pub fn complete(&self) -> bool {
        self.current().is_some_and(|c| c.status == COMPLETE)
    }
}

/// Every action of every area, in the areas' order, with its reports (entries newest first, as
/// the model keeps them) and whether it is overdue on `today`.
pub fn actions(areas: &[Area], entries: &[Arc<Entry>], today: Date) -> Vec<ActionState> {
    let mut reports: BTreeMap<&str, Vec<ActionChange>> = BTreeMap::new();
    for (i, entry) in entries.iter().enumerate().rev().filter(|(_, e)| e.counts()) {
        for report in &entry.actions {
            reports
                .entry(report.action.as_str())
                .or_default()
                .push(ActionChange {
                    status: report.status.clone(),
                    note: report.note.clone(),
                    date: entry.date,
                    entry: i,
                });
        }
    }
    let mut states = Vec::new();
    for (a, area) in areas.iter().enumerate() {
        for (index, action) in area.actions.iter().enumerate() {
            let mut state = ActionState {
                area: a,
                index,
                reports: reports.remove(action.id.as_str()).unwrap_or_default(),
                overdue: false,
                rated_before_due: false,
            };
            state.overdue = today > action.due.last() && !state.complete();
            state.rated_before_due =
                state.overdue && state.current().is_some_and(|c| c.date <= action.due.last());
            states.push(state);
        }
    }
    states
}

/// The last day before an action that is not complete becomes overdue, counting from `today`.
pub fn next_due(areas: &[Area], states: &[ActionState], today: Date) -> Option<Date> {
    states
        .iter()
        .filter(|s| !s.complete())
        .map(|s| areas[s.area].actions[s.index].due.last())
        .filter(|due| *due >= today)
        .min()
}

/// Action ids are unique in the site; an action's `measure` exists.
pub fn check_actions(areas: &[Area], measures: &[Measure], problems: &mut Diagnostics) {
    let mut seen: BTreeMap<&str, (&PathBuf, &Location)> = BTreeMap::new();
    let slugs: Vec<&str> = measures.iter().map(|m| m.slug.as_str()).collect();
    for area in areas {
        for action in &area.actions {
            if let Some((file, at)) = seen.get(action.id.as_str()) {
                problems.push(
                    Diagnostic::error(
                        &area.source,
                        format!("two actions have the id \"{}\"", action.id),
                    )
                    .at(action.location.clone())
                    .hint(format!(
                        "{} line {} has it too: give each action its own id",
                        file.display(),
                        at.line
                    )),
                );
            } else {
                seen.insert(&action.id, (&area.source, &action.location));
            }
            check_measure(area, action, &slugs, problems);
        }
    }
}

fn check_measure(area: &Area, action: &Action, slugs: &[&str], problems: &mut Diagnostics) {
    let Some(measure) = &action.measure else {
        return;
    };
    if slugs.contains(&measure.as_str()) {
        return;
    }
    let hint = match did_you_mean(measure, slugs.iter().copied()) {
        Some(near) => format!("did you mean \"{near}\"?"),
        None if slugs.is_empty() => {
            "this site has no measures yet: add content/measures/<slug>.md, or remove `measure`"
                .to_string()
        }
        None => format!(
            "the measures are the files in content/measures/: {}",
            slugs.join(", ")
        ),
    };
    let mut d =
        Diagnostic::error(&area.source, format!("unknown measure \"{measure}\"")).hint(hint);
    d.location = action.measure_location.clone();
    problems.push(d);
}

/// Every `[actions]` key of every entry (drafts and embargoed ones too) names an action.
pub fn check_reports(entries: &[Arc<Entry>], areas: &[Area], problems: &mut Diagnostics) {
    let ids: Vec<&str> = areas
        .iter()
        .flat_map(|a| a.actions.iter().map(|x| x.id.as_str()))
        .collect();
    for entry in entries {
        for report in entry
            .actions
            .iter()
            .filter(|r| !ids.contains(&r.action.as_str()))
        {
            let hint = match did_you_mean(&report.action, ids.iter().copied()) {
                Some(near) => format!("did you mean \"{near}\"?"),
                None if ids.is_empty() => {
                    "no area has actions yet: add [[actions]] to an area's file in content/areas/"
                        .to_string()
                }
                None => "the actions are the `[[actions]]` ids in content/areas/*.md".to_string(),
            };
            let mut d = Diagnostic::error(
                &entry.source,
                format!("unknown action \"{}\"", report.action),
            )
            .hint(hint);
            d.location = report.location.clone();
            problems.push(d);
        }
    }
}

/// Every area a measure names exists; every figures file is read by some measure.
pub fn check_measures(
    measures: &[Measure],
    areas: &[Area],
    data: &[PathBuf],
    problems: &mut Diagnostics,
) {
    let slugs: Vec<&str> = areas.iter().map(|a| a.slug.as_str()).collect();
    for measure in measures {
        for (area, at) in measure
            .areas
            .iter()
            .filter(|(a, _)| !slugs.contains(&a.as_str()))
        {
            let hint = match did_you_mean(area, slugs.iter().copied()) {
                Some(near) => format!("did you mean \"{near}\"?"),
                None => format!(
                    "the areas are the files in content/areas/: {}",
                    slugs.join(", ")
                ),
            };
            problems.push(
                Diagnostic::error(&measure.source, format!("unknown area \"{area}\""))
                    .at(at.clone())
                    .hint(hint),
            );
        }
    }
    for file in data {
        if !measures.iter().any(|m| m.data.as_ref() == Some(file)) {
            problems.push(
                Diagnostic::warning(file, "no measure reads this figures file, so it is not published")
                    .hint("name it in a measure's front matter, e.g. data = \"ehc-plans.csv\", or remove it"),
            );
        }
    }
}
