//! The home page's "Coming up": what is open now (surveys and consultations, with their closing
//! days), the next meetings, and the actions that fall due in the next three months, each as
//! [`super::when`] says it stands on the day of the build.

use serde::Serialize;
use time::{Date, Duration};

use super::dates::DateView;
use super::views::Views;
use super::when::of;
use crate::site::addresses::Addressed;

/// How far ahead "Coming up" looks for actions falling due.
const AHEAD: Duration = Duration::days(92);

/// How many meetings "Coming up" lists.
const MEETINGS: usize = 3;

/// One line of "Coming up".
#[derive(Debug, Serialize)]
pub struct Soon<'a> {
    pub title: &'a str,
    pub url: String,
    /// The kind's label (`Survey`, `Consultation`, `Meeting`), or the area's title for an action.
    pub about: &'a str,
    pub date: DateView,
}

/// The home page's "Coming up": empty lists leave the section out.
#[derive(Debug, Serialize)]
pub struct ComingUp<'a> {
    /// Surveys and consultations open today, closing soonest first, with their closing days.
    pub open: Vec<Soon<'a>>,
    /// The next meetings, soonest first.
    pub meetings: Vec<Soon<'a>>,
    /// Actions not complete that fall due from today to three months ahead, soonest first.
    pub actions: Vec<Soon<'a>>,
}

impl<'a> Views<'a> {
    /// What is coming up on the day of the build.
    pub fn coming_up(&self) -> ComingUp<'a> {
        let site = self.site;
        let today = site.today;
        let mut open = Vec::new();
        let mut meetings = Vec::new();
        for e in site.entries.iter() {
            let Some(when) = of(e, today) else { continue };
            let soon = |date: DateView| Soon {
                title: &e.title,
                url: self.entry_url(e),
                about: site.config.kind_label(&e.kind),
                date,
            };
            match when.state {
                "open" => open.push((e.closes, soon(when.date))),
                "coming" => meetings.push((e.event.map(|m| (m.date, m.time)), soon(when.date))),
                _ => {}
            }
        }
        open.sort_by_key(|a| a.0);
        meetings.sort_by_key(|a| a.0);
        let horizon = today.checked_add(AHEAD).unwrap_or(today);
        let mut actions: Vec<(Date, Soon<'a>)> = site
            .actions
            .iter()
            .filter(|s| !s.complete())
            .filter_map(|s| {
                let area = &site.areas[s.area];
                let action = &area.actions[s.index];
                let due = action.due.last();
                (today..=horizon).contains(&due).then(|| {
                    let soon = Soon {
                        title: &action.title,
                        url: format!("{}#action-{}", self.url(&area.path()), action.id),
                        about: &area.title,
                        date: DateView::dated(action.due),
                    };
                    (due, soon)
                })
            })
            .collect();
        actions.sort_by_key(|a| a.0);
        ComingUp {
            open: open.into_iter().map(|(_, s)| s).collect(),
            meetings: meetings
                .into_iter()
                .take(MEETINGS)
                .map(|(_, s)| s)
                .collect(),
            actions: actions.into_iter().map(|(_, s)| s).collect(),
        }
    }
}
