//! The plan's commitments: `[[actions]]` in an area's front matter, and the `[actions]` table in
//! which an entry reports how they are going.
//!
//! An action says what the council will do and by when; it never says how it is going. Its rating
//! comes from the dated entries that report on it, and "overdue" from the day of the build: both
//! are derived by the model (`site::plan`). Ids are checked across files there too.

use serde::Deserialize;
use toml::Spanned;

use crate::error::{Diagnostic, Location};
use crate::source::dates::{parse_dated, Dated};
use crate::source::frontmatter::Source;
use crate::source::slug::check_slug;

/// One commitment of the plan, as an area's file writes it.
#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    /// Unique in the site: what entries report against.
    pub id: String,
    /// What will be done: "Issue 60% of new EHC plans within 20 weeks".
    pub title: String,
    /// When it is due: a day, or a month (due by its last day).
    pub due: Dated,
    /// Who answers for it: a role, e.g. "Head of SEND".
    pub owner: Option<String>,
    /// The slug of the measure that shows it, if any.
    pub measure: Option<String>,
    /// Where the id is written, for errors the model finds (a duplicate id).
    pub location: Location,
    /// Where `measure` is written, for an unknown measure.
    pub measure_location: Option<Location>,
}

/// `[[actions]]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAction {
    id: Spanned<String>,
    title: Spanned<String>,
    due: Spanned<toml::Value>,
    owner: Option<String>,
    measure: Option<Spanned<String>>,
}

impl RawAction {
    /// Checks one action; `offset` is where the front matter starts in the file.
    pub(super) fn validate(
        self,
        source: &Source,
        offset: usize,
    ) -> Result<Action, Vec<Diagnostic>> {
        let at = |span: std::ops::Range<usize>| offset + span.start;
        let mut errors = Vec::new();
        let id = check_slug(self.id.get_ref())
            .map_err(|(m, h)| {
                errors.push(
                    source
                        .error_at(at(self.id.span()), format!("action id: {m}"))
                        .hint(h),
                )
            })
            .ok();
        if self.title.get_ref().trim().is_empty() {
            errors.push(
                source
                    .error_at(at(self.title.span()), "the action's title is empty")
                    .hint("say what will be done, e.g. title = \"Issue 60% of new EHC plans within 20 weeks\""),
            );
        }
        let due = parse_dated(self.due.get_ref())
            .map_err(|(m, h)| {
                errors.push(
                    source
                        .error_at(at(self.due.span()), format!("due: {m}"))
                        .hint(h),
                )
            })
            .ok();
        let measure = match &self.measure {
            Some(m) => check_slug(m.get_ref())
                .map_err(|(msg, h)| {
                    errors.push(
                        source
                            .error_at(at(m.span()), format!("measure: {msg}"))
                            .hint(h),
                    )
                })
                .ok(),
            None => None,
        };
        match (id, due, errors.is_empty()) {
            (Some(id), Some(due), true) => Ok(Action {
                id,
                title: self.title.into_inner().trim().to_string(),
                due,
                owner: self.owner.filter(|o| !o.trim().is_empty()),
                measure,
                location: source.location(at(self.id.span())),
                measure_location: self.measure.map(|m| source.location(at(m.span()))),
            }),
            _ => Err(errors),
        }
    }
}

/// One line of an entry's `[actions]` table: how an action is going, in the council's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionReport {
    /// The action's id.
    pub action: String,
    /// The council's rating: a slug of the vocabulary written `by = "us"`.
    pub status: String,
    /// Why, when it is not plain: "New date: March 2025, because ...".
    pub note: Option<String>,
    /// Where the action's id is written, for an id the model does not know.
    pub location: Option<Location>,
}

/// An `[actions]` value: a rating, or `{ status = "...", note = "..." }`. The status is returned
/// with where it is written (for the rating check); the error is a message and a hint.
pub(super) fn read_report(
    value: &Spanned<toml::Value>,
) -> Result<(String, Option<String>), (String, String)> {
    const HINT: &str = "write the rating, e.g. issue-plans = \"on-track\", or a table, e.g. issue-plans = { status = \"at-risk\", note = \"New date: March 2025, because ...\" }";
    match value.get_ref() {
        toml::Value::String(status) => Ok((status.clone(), None)),
        toml::Value::Table(table) => {
            if let Some(other) = table.keys().find(|k| *k != "status" && *k != "note") {
                return Err((
                    format!("unknown field `{other}` in an action's report"),
                    "a report has `status` and, if needed, `note`".into(),
                ));
            }
            let status = match table.get("status") {
                Some(toml::Value::String(s)) => s.clone(),
                Some(_) => return Err(("`status` must be text".into(), HINT.into())),
                None => {
                    return Err((
                        "this report has no `status`".into(),
                        "add status = \"on-track\" (or at-risk, off-track, complete)".into(),
                    ))
                }
            };
            let note = match table.get("note") {
                Some(toml::Value::String(n)) => {
                    Some(n.trim().to_string()).filter(|n| !n.is_empty())
                }
                Some(_) => return Err(("`note` must be text".into(), HINT.into())),
                None => None,
            };
            Ok((status, note))
        }
        other => Err((
            format!("`{other}` is not a report on an action"),
            HINT.into(),
        )),
    }
}
