//! Withdrawing a published update, and taking a withdrawal back.
//!
//! A published update is part of a public record: parents may have read it, linked to it or had
//! it in their feed or calendar, so it is never deleted. Withdrawing it writes `[withdrawn]`
//! (today's date and the reason given): its page stays at its address saying when and why, its
//! feed item and calendar event say so, and what it records stops counting. The GOV.UK pattern
//! for withdrawn publications, for the same reasons. Reinstating removes `[withdrawn]` and adds a
//! dated note to the update's history, so the page still says what happened.

use std::path::Path;

use serde::Serialize;
use toml_edit::DocumentMut;

use super::fields::Shown;
use super::form::Fields;
use super::forms::withdraw::REASON;
use super::problems::{by_field, place_all, Problem};
use super::toml::{new_table, set, tables_mut, New};
use super::write::{Parts, WriteError};
use super::{html, Editor, Frame};
use crate::content::keys;
use crate::content::sources::Known;
use crate::render::dates::DateView;

/// The withdraw page.
#[derive(Serialize)]
struct WithdrawView {
    #[serde(flatten)]
    frame: Frame,
    file: String,
    /// The file, for an address's query.
    query: String,
    title: String,
    version: String,
    reason: String,
    /// When it was withdrawn, in words, if it is.
    withdrawn_on: Option<String>,
    problems: Vec<Problem>,
    /// The reason's field, drawn.
    field: Shown,
    conflict: Option<String>,
}

/// A published update as the withdraw page needs it.
struct Published {
    title: String,
    /// When and why it was withdrawn, if it is.
    withdrawn: Option<(time::Date, String)>,
}

impl Editor {
    /// `GET withdraw`: the form to withdraw a published update, or to change or take back its
    /// withdrawal.
    pub(super) fn open_withdraw(&self, file: &str) -> super::Response {
        let published = match self.published(file) {
            Ok(p) => p,
            Err(response) => return response,
        };
        let Some((_, version)) = self.read_file(Path::new(file)) else {
            return self.no_update();
        };
        let reason = published.withdrawn.as_ref().map(|w| w.1.clone());
        let view = self.withdraw_view(file, published, version, reason.unwrap_or_default());
        html(200, self.views.render("withdraw.html", &view))
    }

    /// `POST withdraw`: `action` is `withdraw` (also to change the reason) or `reinstate`.
    pub(super) fn submit_withdraw(&self, fields: &Fields) -> super::Response {
        let _saving = self.saving.lock().unwrap_or_else(|e| e.into_inner());
        let file = fields.get("file");
        let published = match self.published(&file) {
            Ok(p) => p,
            Err(response) => return response,
        };
        let reinstate = fields.get("action") == "reinstate";
        let reason = REASON.one().read(fields);
        let version = fields.get("version");
        let mut view = self.withdraw_view(&file, published, version.clone(), reason.clone());
        if !reinstate && reason.is_empty() {
            let why = "Enter why it is withdrawn: parents read it at the top of the page";
            view.problems = vec![REASON.one().says(why.into())];
            return self.show_withdraw(view);
        }
        let Some((written, _)) = self.read_file(Path::new(&file)) else {
            return self.no_update();
        };
        let Ok((mut doc, parts)) = Parts::read(Path::new(&file), &written) else {
            let why = "Its file has a mistake to fix first: open it from the list.";
            return self.message(409, "The update cannot be changed here", &[why]);
        };
        let today = self.today();
        match (reinstate, &view.withdrawn_on) {
            (true, None) => return self.open_withdraw(&file),
            (true, Some(on)) => reinstated(&mut doc, today, on),
            (false, _) => withdrawn(&mut doc, today, &reason),
        }
        let text = Parts {
            front_matter: doc.to_string(),
            ..parts
        }
        .text();
        let path = Path::new(&file);
        let trial = self.trial(path, &text, &Default::default(), false);
        let (errors, _) = place_all(path, &trial.problems, &text, &|_, _, _| None);
        if !errors.is_empty() {
            view.problems = errors;
            return self.show_withdraw(view);
        }
        match self.save(path, &text, &version) {
            Ok(response) => response,
            Err(WriteError::Changed) => {
                view.conflict = Some(format!("Someone changed the update after you opened this page, so nothing was saved.{} Open it again from the list, read what changed, and try again.", self.changed_by(path)));
                self.show_withdraw(view)
            }
            Err(e) => {
                let why = format!(
                    "Writing {file} failed: {}. Nothing was changed.",
                    e.reason()
                );
                self.message(500, "The update could not be saved", &[&why])
            }
        }
    }

    /// The update at `file` if the site publishes it; otherwise the page saying why it cannot
    /// be withdrawn.
    fn published(&self, file: &str) -> Result<Published, super::Response> {
        let snapshot = self.snapshot();
        let Some(Known::Entry(Some(e))) = snapshot.sources().get(Path::new(file)) else {
            return Err(self.no_update());
        };
        // Published on the site itself, whatever this preview shows (`--drafts`, `--future`).
        if !e.published_on(self.today()) {
            let why = format!("“{}” was never published, so there is nothing to withdraw: it can be deleted instead, from its form.", e.title);
            return Err(self.message(409, "This update is not published", &[&why]));
        }
        Ok(Published {
            title: e.title.clone(),
            withdrawn: e.withdrawn.as_ref().map(|w| (w.date, w.reason.clone())),
        })
    }

    fn no_update(&self) -> super::Response {
        let why = "It may have been renamed or removed, or have a mistake to fix first: choose it again from the list.";
        self.message(404, "There is no such update", &[why])
    }

    fn withdraw_view(
        &self,
        file: &str,
        published: Published,
        version: String,
        reason: String,
    ) -> WithdrawView {
        WithdrawView {
            frame: self.frame(""),
            file: file.to_string(),
            query: url::form_urlencoded::byte_serialize(file.as_bytes()).collect(),
            title: published.title,
            version,
            field: REASON.one().show(&reason),
            reason,
            withdrawn_on: published.withdrawn.map(|w| DateView::new(w.0).text),
            problems: Vec::new(),
            conflict: None,
        }
    }

    fn show_withdraw(&self, mut view: WithdrawView) -> super::Response {
        let at = REASON.one();
        view.field = at.show(&view.reason).errors_from(&by_field(&view.problems));
        let status = super::problems::status(&view.problems, view.conflict.is_some());
        html(status, self.views.render("withdraw.html", &view))
    }
}

/// Writes `[withdrawn]`: the day it was first withdrawn (kept when only the reason changes), and
/// the reason.
fn withdrawn(doc: &mut DocumentMut, today: time::Date, reason: &str) {
    let key = keys::entry::WITHDRAWN;
    if !doc.get(key).is_some_and(|t| t.is_table()) {
        // Written by hand as `withdrawn = { date = .., reason = .. }`: its date is kept.
        let day = doc.get(key).and_then(|i| i.as_inline_table());
        let day = day.and_then(|t| t.get(keys::withdrawn::DATE)).cloned();
        doc.insert(key, toml_edit::Item::Table(new_table()));
        if let Some(day) = day {
            doc[key][keys::withdrawn::DATE] = toml_edit::Item::Value(day);
        }
    }
    let table = doc[key].as_table_mut().expect("made a table above");
    if table.get(keys::withdrawn::DATE).is_none() {
        let date = New::Date(today.to_string());
        set(table, keys::withdrawn::DATE, Some(date));
    }
    set(
        table,
        keys::withdrawn::REASON,
        Some(New::Text(reason.into())),
    );
}

/// Takes `[withdrawn]` out and says so in the update's history: the page goes on saying it was
/// withdrawn on `on`, and when it was reinstated.
fn reinstated(doc: &mut DocumentMut, today: time::Date, on: &str) {
    doc.remove(keys::entry::WITHDRAWN);
    let Some(notes) = tables_mut(doc, keys::entry::HISTORY) else {
        return;
    };
    let mut note = new_table();
    set(
        &mut note,
        keys::history::DATE,
        Some(New::Date(today.to_string())),
    );
    let text = format!("It was withdrawn on {on}; that was taken back, and it counts again.");
    set(&mut note, keys::history::NOTE, Some(New::Text(text)));
    notes.push(note);
}
