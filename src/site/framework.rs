//! What the model derives from the inspection framework: checks across files (an area's type,
//! which areas are judged), where each area was first found, and what usually happens next.
//!
//! Every rule reads the site's [`Vocabulary`](crate::vocabulary::Vocabulary): no status word is
//! written here.

use std::sync::Arc;

use time::{Date, Month};

use super::{Site, StatusChange};
use crate::config::Config;
use crate::content::{Area, Entry};
use crate::error::{Diagnostic, Diagnostics};
use crate::vocabulary::Framework;

/// Gives every area its type: checked against the framework, or the framework's default.
pub fn check_area_types(areas: &mut [Area], config: &Config, problems: &mut Diagnostics) {
    let v = &config.vocabulary;
    let types: Vec<&str> = v.area_types.iter().map(|t| t.slug).collect();
    for area in areas.iter_mut() {
        let written = area.area_type.clone();
        let message = match written.as_deref() {
            Some(t) if v.area_type(t).is_some() => continue,
            None => match v.default_area_type() {
                Some(default) => {
                    area.area_type = Some(default.slug.to_string());
                    continue;
                }
                None => format!(
                    "this area has no `type`, which the {} framework needs",
                    v.framework.name()
                ),
            },
            Some(t) => format!(
                "type \"{t}\" is not a type of area of the {} framework",
                v.framework.name()
            ),
        };
        let hint = match v.framework {
            Framework::F2023 => "write type = \"priority-action\" (an area for priority action) or type = \"improvement\" (an area for improvement)".to_string(),
            Framework::F2016 => format!("under the 2016 framework every area is an area of significant weakness: leave `type` out or write type = \"{}\"", types[0]),
        };
        let mut d = Diagnostic::error(&area.source, message).hint(hint);
        d.location = area.type_location.clone();
        problems.push(d);
    }
}

/// A judgement of an area the framework does not judge (an area for improvement) is an error
/// where it is written.
pub fn check_judged_areas(
    entries: &[Arc<Entry>],
    areas: &[Area],
    config: &Config,
    problems: &mut Diagnostics,
) {
    let v = &config.vocabulary;
    let unjudged = |slug: &str| {
        areas
            .iter()
            .find(|a| a.slug == slug)
            .and_then(|a| a.area_type.as_deref())
            .and_then(|t| v.area_type(t))
            .filter(|t| !t.judged)
    };
    for entry in entries {
        for j in &entry.judgements {
            let Some(area_type) = unjudged(&j.area) else {
                continue;
            };
            let mut d = Diagnostic::error(
                &entry.source,
                format!("\"{}\" is an {}, which inspectors do not judge one by one", j.area, area_type.label.to_lowercase()),
            )
            .hint("only areas for priority action get judgements; say how this area is going in [progress] instead");
            d.location = j.location.clone();
            problems.push(d);
        }
    }
}

/// One line of "What happens next".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NextStep {
    /// Usually happens by a month: what, and the first day of that month.
    Usually(&'static str, Date),
    /// A monitoring inspection after the report: its entry, and its outcome when it has one.
    Monitoring(usize, Option<String>),
    /// The council's own words (`next_inspection`).
    Said(String),
}

impl Site {
    /// The earliest published `inspection` entry that lists the area: where it was found.
    pub fn found_at(&self, area: &str) -> Option<usize> {
        self.by_area
            .get(area)?
            .iter()
            .rev()
            .copied()
            .find(|&i| self.entries[i].kind == "inspection" && self.entries[i].counts())
    }

    /// The latest outcome of a full inspection (one with timings of what follows).
    pub fn latest_full_outcome(&self) -> Option<&StatusChange> {
        self.outcomes
            .iter()
            .rev()
            .find(|o| self.next_of(o).is_some())
    }

    /// The latest outcome of any kind, full or monitoring.
    pub fn latest_outcome(&self) -> Option<&StatusChange> {
        self.outcomes.last()
    }

    fn next_of(&self, outcome: &StatusChange) -> Option<crate::vocabulary::Next> {
        self.config.vocabulary.get(&outcome.status)?.next
    }

    /// What usually happens next, derived from the latest full inspection's outcome and date
    /// with the framework's usual timings, or the council's own sentence when it gives one.
    pub fn next_steps(&self) -> Vec<NextStep> {
        if let Some(said) = &self.config.next_inspection {
            return vec![NextStep::Said(said.clone())];
        }
        let Some(report) = self.latest_full_outcome() else {
            return Vec::new();
        };
        let Some(next) = self.next_of(report) else {
            return Vec::new();
        };
        let mut steps = Vec::new();
        if let Some(months) = next.monitoring_months {
            // Entries are newest first: the latest monitoring inspection since the report.
            let after = (0..self.entries.len()).find(|&i| {
                self.entries[i].kind == "monitoring-inspection"
                    && self.entries[i].date >= report.date
                    && self.entries[i].counts()
            });
            steps.push(match after {
                Some(i) => NextStep::Monitoring(i, self.entries[i].outcome.clone()),
                None => NextStep::Usually("monitoring", add_months(report.date, months)),
            });
        }
        steps.push(NextStep::Usually(
            "full",
            add_months(report.date, next.full_years * 12),
        ));
        steps
    }
}

/// How long after a monitoring inspection was announced its outcome is overdue on the site: the
/// inspectors' letter usually comes within weeks, so after three months the page says it has not
/// been published here yet, and `check` reminds the comms officer.
pub const OUTCOME_WAIT: time::Duration = time::Duration::days(91);

impl Site {
    /// The announced monitoring inspection (its entry) whose outcome is still not on the site
    /// three months later, if any.
    pub fn outcome_overdue(&self) -> Option<usize> {
        self.next_steps().into_iter().find_map(|step| match step {
            NextStep::Monitoring(i, None) => {
                let due = self.entries[i].date.checked_add(OUTCOME_WAIT)?;
                (self.today > due).then_some(i)
            }
            _ => None,
        })
    }
}

/// The first day of the month `months` after `date`'s month.
fn add_months(date: Date, months: u32) -> Date {
    let index = date.year() * 12 + i32::from(u8::from(date.month())) - 1 + months as i32;
    let month = Month::try_from((index % 12 + 1) as u8).unwrap_or(Month::January);
    Date::from_calendar_date(index / 12, month, 1).unwrap_or(date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn months_are_added_by_calendar_month() {
        assert_eq!(add_months(date!(2023 - 11 - 23), 18), date!(2025 - 05 - 01));
        assert_eq!(add_months(date!(2023 - 11 - 23), 36), date!(2026 - 11 - 01));
        assert_eq!(add_months(date!(2024 - 01 - 31), 11), date!(2024 - 12 - 01));
    }
}
