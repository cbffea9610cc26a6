//! Team mode in the editor: every save recorded as one change by the person who made it, each
//! file's history (who changed what and when, field by field), and restoring an earlier version,
//! which is a new change: nothing is rewritten.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::diff::{changes, describe, FieldChange};
use super::form::Fields;
use super::transaction::{described_after, undo, Before, Change as Write, Written};
use super::write::WriteError;
use super::{asking, html, Editor, Frame};
use crate::team::history::{Change, History};
use crate::team::TeamError;

/// One version of a file on its history page.
#[derive(Serialize)]
struct Version {
    id: String,
    who: String,
    when: String,
    message: String,
    changes: Vec<FieldChange>,
    /// The file as it is now.
    current: bool,
    /// The file existed in this version, so it can be restored.
    restorable: bool,
}

/// The question asked before a version is restored.
#[derive(Serialize)]
struct RestoreView {
    #[serde(flatten)]
    frame: Frame,
    /// What it is, in words: `the update “…”`.
    name: String,
    when: String,
    who: String,
    message: String,
    file: String,
    query: String,
    commit: String,
    version: String,
}

#[derive(Serialize)]
struct HistoryView {
    #[serde(flatten)]
    frame: Frame,
    file: String,
    /// The file in words: "the update “Attendance data software”".
    named: String,
    query: String,
    /// The version of the file on disk, for a restore to check against.
    version: String,
    versions: Vec<Version>,
}

/// `path` as git and the forms name it: relative, with `/`.
fn slashed(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// When, as a UK clock showed it: "5 December 2026 at 10:31".
pub fn when(seconds: i64) -> String {
    let clock = crate::render::uktime::clock_at(seconds);
    let day = time::Date::from_ordinal_date(
        chrono::Datelike::year(&clock),
        chrono::Datelike::ordinal(&clock) as u16,
    )
    .map(|d| crate::render::dates::DateView::new(d).text)
    .unwrap_or_default();
    format!("{day} at {}", clock.format("%H:%M"))
}

impl Editor {
    /// Records what a save wrote as one change by the person asking (team mode only). A change
    /// whose commit did not land is undone (each file put back as it was), so that nothing on
    /// disk is ever missing from the history, to be swept into someone else's change; a commit
    /// that landed is kept, whatever happens after it.
    pub(super) fn record(
        &self,
        written: &[Written],
        message: Option<String>,
    ) -> Result<(), TeamError> {
        let Some(person) = asking().filter(|_| self.is_team()) else {
            return Ok(());
        };
        let mut said = Vec::new();
        let words = super::words::Words::of(&self.snapshot());
        for w in written {
            let after = described_after(&self.root.join(&w.path));
            let large =
                matches!(w.before, Before::Copy(_)) || after.as_ref().is_some_and(Vec::is_empty);
            if large || after.as_deref() != w.before.described() {
                let before = w.before.described();
                said.push(describe(
                    &words,
                    &slashed(&w.path),
                    before,
                    after.as_deref(),
                ));
            }
        }
        let paths: Vec<&Path> = written.iter().map(|w| w.path.as_path()).collect();
        let message = message.unwrap_or_else(|| said.join("; "));
        let recorded =
            History::open(&self.root).and_then(|h| h.record(&paths, &person.email, &message));
        if let Ok(Some(_)) = &recorded {
            self.tell_waiting(&person.email);
        }
        recorded.map(drop).inspect_err(|e| {
            eprintln!(
                "error: {message}: not recorded in the site's history ({e}), so undone. {}",
                e.what_to_do()
            );
            undo(&self.root, written);
        })
    }

    /// Who last changed `file`, for the message of a save refused because it changed: empty
    /// outside team mode.
    pub(super) fn changed_by(&self, file: &Path) -> String {
        if !self.is_team() {
            return String::new();
        }
        let last = History::open(&self.root)
            .and_then(|h| h.of_file(&slashed(file)))
            .ok()
            .and_then(|list| list.into_iter().next());
        match last {
            Some(c) => format!(
                " {} changed it on {}: {}.",
                c.author,
                when(c.when),
                c.message
            ),
            None => String::new(),
        }
    }

    /// The files whose history is one page: a measure's figures go with it.
    fn related(file: &str) -> Vec<String> {
        let mut paths = vec![file.to_string()];
        if file.starts_with("content/measures/") {
            if let Some(stem) = file.strip_suffix(".md") {
                paths.push(format!("{stem}.csv"));
            }
        }
        paths
    }

    /// Whether `file` names a file the editor edits (so a form can never name another path).
    fn has_history(&self, file: &str) -> bool {
        file == super::settings::SETTINGS || self.known(file).is_some()
    }

    /// `GET history?file=`: every change to the file, newest first, in words.
    pub(super) fn open_history(&self, file: &str) -> super::Response {
        if !self.is_team() {
            let why = "The history of each file is kept in team mode (sendsite serve --team).";
            return self.message(404, "There is no history here", &[why]);
        }
        if !self.has_history(file) {
            return self.message(
                404,
                "There is no such file",
                &["Choose it again from the list."],
            );
        }
        let history = match History::open(&self.root) {
            Ok(h) => h,
            Err(e) => return self.message(500, "The history cannot be read", &[&e.to_string()]),
        };
        let paths = Editor::related(file);
        let words = super::words::Words::of(&self.snapshot());
        let changes_of = |c: &Change| -> Vec<FieldChange> {
            let mut list = Vec::new();
            for p in &paths {
                let before = history.file_before(&c.id, p).ok().flatten();
                let after = history.file_at(&c.id, p).ok().flatten();
                list.extend(changes(&words, p, before.as_deref(), after.as_deref()));
            }
            list
        };
        let mut versions = Vec::new();
        let mut all: Vec<Change> = Vec::new();
        for p in &paths {
            all.extend(history.of_file(p).unwrap_or_default());
        }
        all.sort_by(|a, b| b.when.cmp(&a.when).then_with(|| a.id.cmp(&b.id)));
        all.dedup_by(|a, b| a.id == b.id);
        for (i, c) in all.iter().enumerate() {
            versions.push(Version {
                id: c.id.clone(),
                who: c.author.clone(),
                when: when(c.when),
                message: c.message.clone(),
                changes: changes_of(c),
                current: i == 0,
                restorable: history.file_at(&c.id, file).ok().flatten().is_some(),
            });
        }
        let now = std::fs::read(self.root.join(file)).ok();
        let version = super::write::version(now.as_deref());
        let view = HistoryView {
            frame: self.frame(""),
            named: super::diff::named(file, now.as_deref().unwrap_or_default()),
            file: file.to_string(),
            query: url::form_urlencoded::byte_serialize(file.as_bytes()).collect(),
            version,
            versions,
        };
        html(200, self.views.render("history.html", &view))
    }

    /// `POST restore`: writes the file as it was in `commit`, checked by the build first, as a
    /// new change (its figures too, for a measure).
    pub(super) fn restore(&self, fields: &Fields) -> super::Response {
        let _saving = self.saving.lock().unwrap_or_else(|e| e.into_inner());
        let file = fields.get("file");
        if !self.is_team() || !self.has_history(&file) {
            return self.message(
                404,
                "There is no such file",
                &["Choose it again from the list."],
            );
        }
        let commit = fields.get("commit");
        let history = match History::open(&self.root) {
            Ok(h) => h,
            Err(e) => return self.message(500, "The history cannot be read", &[&e.to_string()]),
        };
        let Ok(Some(bytes)) = history.file_at(&commit, &file) else {
            let why =
                "That version is not in the file's history. Open the history again and choose one.";
            return self.message(404, "There is no such version", &[why]);
        };
        let Ok(text) = String::from_utf8(bytes) else {
            return self.message(
                409,
                "This version cannot be restored here",
                &["It is not text."],
            );
        };
        let path = Path::new(&file);
        // A restore of the settings is a change of them: what an editor may not change, it may
        // not restore either.
        if file == super::settings::SETTINGS {
            let now = std::fs::read_to_string(self.root.join(path)).unwrap_or_default();
            let who = self.guarded();
            if let Some((who, label)) = who.zip(super::guarded::differs(&text, &now)) {
                return super::guarded::refused(self, &label, &who);
            }
        }
        let version = fields.get("version");
        let changed = || {
            let why = format!("It changed after you opened its history, so nothing was restored.{} Open the history again.", self.changed_by(path));
            self.message(409, "The file changed", &[&why])
        };
        if super::write::unchanged(&self.root.join(path), &version).is_err() {
            return changed();
        }
        let from = history
            .between(None, Some(&commit))
            .ok()
            .and_then(|l| l.into_iter().next());
        let name = super::diff::named(&file, text.as_bytes());
        // Asked first, saying which version becomes the one now.
        if fields.get("confirm") != "yes" {
            let view = RestoreView {
                frame: self.frame(""),
                name,
                when: from.as_ref().map_or(String::new(), |c| when(c.when)),
                who: from.as_ref().map_or(String::new(), |c| c.author.clone()),
                message: from.map_or(String::new(), |c| c.message),
                file: file.clone(),
                query: url::form_urlencoded::byte_serialize(file.as_bytes()).collect(),
                commit,
                version,
            };
            return html(200, self.views.render("restore.html", &view));
        }
        // A measure's figures as they were then, checked with it (and written with it).
        let mut unsaved = crate::content::sources::Unsaved::default();
        let mut figures = Vec::new();
        for other in Editor::related(&file).into_iter().skip(1) {
            let old = history.file_at(&commit, &other).ok().flatten();
            if let Some(text) = old.as_deref().and_then(|b| std::str::from_utf8(b).ok()) {
                unsaved
                    .files
                    .insert(PathBuf::from(&other), text.to_string());
            }
            figures.push((other, old));
        }
        let trial = self.trial(path, &text, &unsaved, false);
        let errors: Vec<String> = trial
            .problems
            .iter()
            .filter(|d| d.is_error())
            .map(|d| super::problems::for_form(&d.message, d.hint.as_deref()))
            .collect();
        if !errors.is_empty() {
            let why = "The site would not build with this version as it is (the rest of the site has changed since). Nothing was changed:";
            return self.message_with(409, "This version cannot be restored", &[why], errors);
        }
        // Written with the file, in one transaction: all of them or none.
        let also: Vec<Write> = figures
            .into_iter()
            .map(|(other, old)| Write::write_over(&self.root, other, old))
            .collect();
        let message = from.map(|c| {
            format!(
                "Restored {name} as it was on {} ({})",
                when(c.when),
                c.author
            )
        });
        match self.save_as(path, &text, &version, also, message) {
            Ok(_) => {
                let query: String = url::form_urlencoded::byte_serialize(file.as_bytes()).collect();
                let to = format!("{}?restored={query}", self.frame("").edit);
                super::typed(303, "x.txt", Vec::new()).header("Location", &to)
            }
            Err(WriteError::Changed) => changed(),
            Err(e) => {
                let why = format!(
                    "Writing {file} failed: {}. Nothing was changed.",
                    e.reason()
                );
                self.message(500, "The version could not be restored", &[&why])
            }
        }
    }
}
