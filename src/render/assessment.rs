//! Views of what the framework says: areas grouped by type, the latest inspection outcome, what
//! usually happens next, and the council's own assessment, kept apart from the inspectors'.
//!
//! Everything here is read from the model (`site`), which derives it from dated entries.

use std::collections::BTreeMap;

use serde::Serialize;

use super::dates::{month_year, DateView};
use super::views::{AreaGroup, EntryLink, OutcomeView, StatusView, Views};
use crate::site::addresses::Addressed;
use crate::site::{NextStep, StatusChange};
use crate::vocabulary::Tone;

/// One line of "What happens next"; the theme writes the words.
#[derive(Debug, Serialize)]
pub struct NextView<'a> {
    /// `monitoring` or `full` (usually by a month), `monitoring-done`, `monitoring-announced`,
    /// or `said` (the council's own words).
    pub what: &'static str,
    /// "May 2025".
    pub by: Option<String>,
    /// Whether that month is over on the day of the build: the page then says the inspection
    /// was expected, not that it will come.
    pub passed: bool,
    pub entry: Option<EntryLink<'a>>,
    pub outcome: Option<OutcomeView<'a>>,
    pub text: Option<&'a str>,
}

/// Everything the `/inspections/` page and the home page's outcome box show.
#[derive(Debug, Serialize)]
pub struct InspectionsView<'a> {
    /// `2016` or `2023`.
    pub framework: &'static str,
    pub latest: Option<OutcomeView<'a>>,
    pub next: Vec<NextView<'a>>,
    /// Every published outcome, newest first.
    pub outcomes: Vec<OutcomeView<'a>>,
    /// Every entry with judgements, newest first, with what it judged.
    pub judged: Vec<JudgedEntry<'a>>,
    /// Whether any area has been judged (the home page then links to `/inspections/`).
    pub has_judgements: bool,
}

/// An entry and the judgements it made (monitoring outcomes included).
#[derive(Debug, Serialize)]
pub struct JudgedEntry<'a> {
    pub entry: EntryLink<'a>,
    pub judgements: Vec<(AreaName<'a>, StatusView<'a>)>,
}

/// An area's number and title, linked.
#[derive(Debug, Serialize)]
pub struct AreaName<'a> {
    pub number: u32,
    pub title: &'a str,
    pub url: String,
}

impl<'a> Views<'a> {
    /// The areas grouped by type, in the framework's order; empty groups are left out.
    pub fn area_groups(&self) -> Vec<AreaGroup<'a>> {
        let site = self.site;
        site.config
            .vocabulary
            .area_types
            .iter()
            .map(|t| AreaGroup {
                slug: t.slug,
                heading: t.heading,
                areas: site
                    .areas
                    .iter()
                    .filter(|a| a.area_type.as_deref() == Some(t.slug))
                    .map(|a| self.area_link(&a.slug))
                    .collect(),
            })
            .filter(|g| !g.areas.is_empty())
            .collect()
    }

    /// An overall outcome as shown.
    pub fn outcome(&self, change: &'a StatusChange) -> OutcomeView<'a> {
        self.outcome_of(&change.status, change.entry)
    }

    /// The outcome `status` recorded by entry `index`.
    pub fn outcome_of(&self, status: &'a str, index: usize) -> OutcomeView<'a> {
        let term = self.site.config.vocabulary.get(status);
        OutcomeView {
            label: term.map_or(status, |t| t.label.as_str()),
            tone: term.map_or(Tone::Neutral, |t| t.tone),
            sentence: term.and_then(|t| t.sentence.as_deref()),
            date: DateView::new(self.site.entries[index].date),
            entry: self.entry_link(index),
        }
    }

    fn next_view(&self, step: NextStep) -> NextView<'a> {
        let mut view = NextView {
            what: "",
            by: None,
            passed: false,
            entry: None,
            outcome: None,
            text: None,
        };
        match step {
            NextStep::Usually(what, by) => {
                let today = self.site.today;
                view.what = what;
                view.by = Some(month_year(by));
                view.passed = (today.year(), today.month() as u8) > (by.year(), by.month() as u8);
            }
            NextStep::Monitoring(i, outcome) => {
                view.what = if outcome.is_some() {
                    "monitoring-done"
                } else {
                    "monitoring-announced"
                };
                view.entry = Some(self.entry_link(i));
                // Three months on, its outcome is overdue here: said with the month it was
                // announced, never "will be published" for ever.
                if outcome.is_none() && self.site.outcome_overdue() == Some(i) {
                    view.passed = true;
                    view.by = Some(month_year(self.site.entries[i].date));
                }
                view.outcome = self
                    .site
                    .outcomes
                    .iter()
                    .find(|o| o.entry == i)
                    .map(|o| self.outcome(o));
            }
            NextStep::Said(_) => {
                view.what = "said";
                view.text = self.site.config.next_inspection.as_deref();
            }
        }
        view
    }

    /// The home page's box: the latest outcome and what happens next (no lists).
    pub fn outcome_summary(&self) -> InspectionsView<'a> {
        let site = self.site;
        InspectionsView {
            framework: site.config.vocabulary.framework.name(),
            latest: site.latest_full_outcome().map(|o| self.outcome(o)),
            next: site
                .next_steps()
                .into_iter()
                .map(|s| self.next_view(s))
                .collect(),
            has_judgements: !site.status_history.is_empty(),
            outcomes: Vec::new(),
            judged: Vec::new(),
        }
    }

    /// The inspections page: the summary, every outcome and every judgement, newest first.
    pub fn inspections(&self) -> InspectionsView<'a> {
        let site = self.site;
        // One pass over the histories; areas are in number order, entries keyed newest first.
        let mut by_entry: BTreeMap<usize, Vec<(AreaName<'a>, StatusView<'a>)>> = BTreeMap::new();
        for area in &site.areas {
            for change in site.status_history.get(&area.slug).into_iter().flatten() {
                let name = AreaName {
                    number: area.number,
                    title: &area.title,
                    url: self.url(&area.path()),
                };
                by_entry
                    .entry(change.entry)
                    .or_default()
                    .push((name, self.status(change)));
            }
        }
        let judged = by_entry
            .into_iter()
            .map(|(i, judgements)| JudgedEntry {
                entry: self.entry_link(i),
                judgements,
            })
            .collect();
        InspectionsView {
            outcomes: site
                .outcomes
                .iter()
                .rev()
                .map(|o| self.outcome(o))
                .collect(),
            judged,
            ..self.outcome_summary()
        }
    }
}
