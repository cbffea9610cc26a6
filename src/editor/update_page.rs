//! The update form's two requests: opening it (empty, or with a file's fields) and sending it
//! (check, then preview or save).

use std::path::{Path, PathBuf};

use serde::Serialize;
use toml_edit::DocumentMut;

use super::choices::Choices;
use super::form::Fields;
use super::forms::update as d;
use super::problems::{by_field, place_all, Problem};
use super::update::UpdateForm;
use super::upload;
use super::write::{self, Parts, WriteError};
use super::{html, pending, Editor, Frame};
use crate::content::sources::Known;
use crate::error::Diagnostic;
use crate::source::slug::short_slug;

/// Everything the update form shows.
#[derive(Serialize)]
struct UpdateView {
    #[serde(flatten)]
    frame: Frame,
    form: UpdateForm,
    opened: bool,
    held: bool,
    /// Every field, drawn from the form's description.
    drawn: super::update_view::Drawing,
    problems: Vec<Problem>,
    warnings: Vec<Problem>,
    conflict: Option<String>,
    preview: Option<String>,
    /// The update has a file and was never published: it may be deleted.
    deletable: bool,
    /// When and why it was withdrawn, if it was.
    withdrawn: Option<WithdrawnNote>,
}

/// A withdrawn update's notice, in the form.
#[derive(Serialize)]
struct WithdrawnNote {
    date: String,
    reason: String,
}

/// A form to show again, with what the check found.
struct Shown {
    form: UpdateForm,
    /// The form was just opened: its problems are the file's own, not a failed save's.
    opened: bool,
    /// Nothing was saved, for the author to see the warnings first (an upload's).
    held: bool,
    problems: Vec<Problem>,
    warnings: Vec<Problem>,
    conflict: Option<String>,
    preview: Option<String>,
}

impl Shown {
    /// A sent form to show again: its problems, a conflict, a preview.
    fn sent(
        form: UpdateForm,
        problems: Vec<Problem>,
        warnings: Vec<Problem>,
        conflict: Option<String>,
        preview: Option<String>,
    ) -> Shown {
        Shown {
            form,
            opened: false,
            held: false,
            problems,
            warnings,
            conflict,
            preview,
        }
    }
}

impl Editor {
    /// `GET update`: the empty form, or the form of a file.
    pub(super) fn open_update(&self, file: &str) -> super::Response {
        let mut form = UpdateForm::default();
        if !file.is_empty() {
            let opened = match self.open_file(file, "update", false) {
                Ok(opened) => opened,
                Err(response) => return response,
            };
            form = UpdateForm::read(&opened.doc, &opened.parts.body);
            form.file = file.to_string();
            form.version = opened.version;
            // What the build says of the file as it is: its errors to fix, its warnings to consider.
            let text = opened.parts.text();
            let trial = self.trial(&opened.path, &text, &Default::default(), false);
            let choices = Choices::of(&self.snapshot());
            let (problems, warnings) =
                self.placed(&trial.problems, &text, &opened.path, &form, &choices);
            let shown = Shown {
                form,
                opened: true,
                held: false,
                problems,
                warnings,
                conflict: None,
                preview: None,
            };
            return self.show_update(shown, choices);
        }
        let engine = self.snapshot();
        form.date = engine.options().today.to_string();
        let choices = Choices::of(&engine);
        drop(engine);
        let shown = Shown {
            form,
            opened: true,
            held: false,
            problems: Vec::new(),
            warnings: Vec::new(),
            conflict: None,
            preview: None,
        };
        self.show_update(shown, choices)
    }

    /// A file whose front matter the form cannot read: the build's messages, to fix it by hand.
    pub(super) fn cannot_open(&self, path: &Path, text: &str, why: &str) -> super::Response {
        let trial = self.trial(path, text, &Default::default(), false);
        let mut messages: Vec<String> = trial
            .problems
            .iter()
            .filter(|d| d.is_error())
            .map(ToString::to_string)
            .collect();
        if messages.is_empty() {
            messages.push(why.to_string());
        }
        let first = format!(
            "The editor cannot read the fields of {}, so it does not open it: the form would lose what it cannot read. Fix the file in a text editor first (the preview shows the same messages):",
            path.display()
        );
        self.message_with(
            422,
            "This file cannot be opened in the editor",
            &[&first],
            messages,
        )
    }

    /// `POST update`: checks the form; shows it again, previews it, or saves it.
    pub(super) fn submit_update(&self, fields: &Fields) -> super::Response {
        let _saving = self.saving.lock().unwrap_or_else(|e| e.into_inner());
        let choices = {
            let engine = self.snapshot();
            Choices::of(&engine)
        };
        let mut form = UpdateForm::submitted(fields, &choices.area_slugs(), &choices.action_ids());
        let mut own: Vec<Problem> = form.own_problems();
        let existing = if form.file.is_empty() {
            None
        } else {
            match self.open_file(&form.file, "update", true) {
                Ok(opened) => Some(opened),
                Err(response) => return response,
            }
        };
        let (staged, attach) = self.document_of(fields, &mut form, &choices, &mut own);
        let mut own_error = |field: &str, text: String| own.push(super::fields::on(field, text));
        // The file as it would be written.
        let (path, mut parts, mut doc, version) = match existing {
            // The save checks the file against the version the form was opened at.
            Some(opened) => (opened.path, opened.parts, opened.doc, form.version.clone()),
            None => {
                let path = new_path(&form, choices.year_folders);
                if self.root.join(&path).exists() {
                    own_error(&d::TITLE.id(), format!("There is already an update with this date and title ({}): change the title, or edit that update from the list", path.display()));
                }
                (path, Parts::new(), DocumentMut::new(), String::new())
            }
        };
        form.apply(&mut doc, attach.as_deref());
        parts.front_matter = doc.to_string();
        parts.set_body(&form.body);
        let text = parts.text();
        let preview = fields.get("action") == "preview";
        let pending = pending(attach.as_deref(), staged.is_some());
        let unsaved = crate::content::sources::Unsaved {
            documents: pending,
            ..Default::default()
        };
        let trial = self.trial(&path, &text, &unsaved, preview);
        let (problems, warnings) = self.placed(&trial.problems, &text, &path, &form, &choices);
        // The form's own words first; the build's message on a field already named is the same
        // mistake in the words of the file.
        let named: Vec<Option<String>> = own.iter().map(|p| p.field.clone()).collect();
        let fresh = problems
            .into_iter()
            .filter(|p| p.field.is_none() || !named.contains(&p.field));
        let mut problems: Vec<Problem> = own.into_iter().chain(fresh).collect();
        if !problems.is_empty() || preview {
            return self.show_update(
                Shown::sent(form, problems, warnings, None, trial.page),
                choices,
            );
        }
        // A PDF screen readers may not read, or a CSV file turned into UTF-8, is named where it
        // is uploaded, once, before it is published: the next Save saves it as it is.
        if let Some(s) = staged.as_ref() {
            if form.new_document.checked != s.token {
                let lacking = match s.ext {
                    "pdf" => super::documents::upload_lacking(s),
                    _ => s.note.clone(),
                };
                if let Some(lacking) = lacking {
                    let mut warnings = warnings;
                    warnings.insert(0, d::NEW_DOCUMENT_FILE.one().says(lacking));
                    form.new_document.checked = s.token.clone();
                    let held = Shown {
                        held: true,
                        ..Shown::sent(form, problems, warnings, None, None)
                    };
                    return self.show_update(held, choices);
                }
            }
        }
        // Who changed it is read from the history only when it did change.
        let conflict = |path: &Path| {
            format!("{} changed on disk after you opened this form (in another program, or in the editor in another tab), so nothing was saved over it.{} Copy anything you want to keep from the form below, then open the update again from the list to see it as it is now.", path.display(), self.changed_by(path))
        };
        if let Err(WriteError::Changed) = write::unchanged(&self.root.join(&path), &version) {
            return self.show_update(
                Shown::sent(form, problems, warnings, Some(conflict(&path)), None),
                choices,
            );
        }
        // The document and the update are one transaction: the update never names a file that
        // is not there, and a document is never left behind by an update that was not saved.
        let mut also = Vec::new();
        if let (Some(s), Some(attach)) = (&staged, &attach) {
            let attached = Path::new("content").join(attach);
            if self.root.join(&attached).exists() {
                let why =
                    format!("A file called content/{attach} appeared while saving: save again");
                problems.push(super::fields::on(&d::NEW_DOCUMENT_FILE.id(), why));
                return self
                    .show_update(Shown::sent(form, problems, warnings, None, None), choices);
            }
            also.push(super::transaction::Change::upload(
                attached,
                s.file.clone(),
                "",
            ));
        }
        let saved = self.save_with(&path, &text, &version, also);
        if let (Ok(_), Some(s)) = (&saved, &staged) {
            self.uploads
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .forget(&s.token);
        }
        match saved {
            Ok(response) => response,
            Err(WriteError::Changed) => self.show_update(
                Shown::sent(form, problems, warnings, Some(conflict(&path)), None),
                choices,
            ),
            Err(e) => self.message(
                500,
                "The update could not be saved",
                &[&format!(
                    "Writing {} failed: {}. Nothing was changed.",
                    path.display(),
                    e.reason()
                )],
            ),
        }
    }

    /// The document a sent form attaches: a new upload (kept for the next try), one kept from
    /// an earlier try, or a file already there; and where it goes under `content/`. Its
    /// problems are added to `own`.
    fn document_of(
        &self,
        fields: &Fields,
        form: &mut UpdateForm,
        choices: &Choices,
        own: &mut Vec<Problem>,
    ) -> (Option<upload::Staged>, Option<String>) {
        let mut own_error = |field: &str, text: String| own.push(super::fields::on(field, text));
        // The document: a new upload, one kept from an earlier try, or a file already there.
        if let Some(part) = fields.file(d::NEW_DOCUMENT_FILE.name) {
            let taken = self
                .uploads
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .take(part);
            match taken {
                Ok((token, filename)) => {
                    form.new_document.token = token;
                    form.new_document.filename = filename;
                }
                Err(why) => own_error(&d::NEW_DOCUMENT_FILE.id(), why),
            }
        }
        let staged = self
            .uploads
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&form.new_document.token)
            .cloned();
        if staged.is_none() && !form.new_document.token.is_empty() {
            // Too many other uploads arrived since (or the preview restarted): never save the
            // document as a name only without saying so.
            own_error(
                &d::NEW_DOCUMENT_FILE.id(),
                "Choose the file again: the file you chose before was not kept, because other files were sent while it waited".into(),
            );
            form.new_document.token.clear();
            form.new_document.filename.clear();
        }
        let attach = match &staged {
            Some(s) => {
                let content = self.root.join("content");
                let named = if form.new_document.title.is_empty() {
                    &s.filename
                } else {
                    &form.new_document.title
                };
                Some(upload::document_path(named, s.ext, |p| {
                    content.join(p).exists()
                }))
            }
            None if !form.new_document.existing.is_empty() => {
                if choices
                    .documents
                    .iter()
                    .any(|d| d.slug == form.new_document.existing)
                {
                    Some(form.new_document.existing.clone())
                } else {
                    own_error(
                        &d::NEW_DOCUMENT_EXISTING.id(),
                        "Choose a file from the list".into(),
                    );
                    None
                }
            }
            None => None,
        };
        if attach.is_some() && form.new_document.title.is_empty() {
            own_error(
                &d::NEW_DOCUMENT_TITLE.id(),
                "Enter the document's title: parents see it as the words of the link".into(),
            );
        }
        (staged, attach)
    }

    /// Places the trial's messages at their fields: errors, then warnings.
    fn placed(
        &self,
        found: &[Diagnostic],
        text: &str,
        path: &Path,
        form: &UpdateForm,
        choices: &Choices,
    ) -> (Vec<Problem>, Vec<Problem>) {
        let areas = choices.area_slugs();
        let kept: Vec<usize> = (0..form.documents.len())
            .filter(|i| !form.documents[*i].remove)
            .collect();
        let field = |section: &str, index: usize, key: &str| -> Option<String> {
            let about = |f: &'static super::fields::Field| Some(f.about(key, "").id());
            match section {
                "" => (d::TOP.iter()).find(|f| f.key == key).map(|f| f.id()),
                "judgements" if areas.iter().any(|a| a == key) => about(&d::JUDGEMENT),
                "progress" if areas.iter().any(|a| a == key) => about(&d::PROGRESS),
                "actions" if choices.action_ids().iter().any(|a| a == key) => about(&d::RATING),
                "documents" => Some(match kept.get(index) {
                    Some(i) => d::DOCUMENT_TITLE.nth(*i).id(),
                    None if key == d::NEW_DOCUMENT_FILE.key => d::NEW_DOCUMENT_FILE.id(),
                    None => d::NEW_DOCUMENT_TITLE.id(),
                }),
                "history" => Some(match index < form.history.len() {
                    true => d::NOTE_DATE.nth(index).id(),
                    false => d::NEW_NOTE_DATE.id(),
                }),
                _ => None,
            }
        };
        place_all(path, found, text, &field)
    }

    /// The update form with what the check found, offering the site's `choices` (worked out once
    /// per request).
    fn show_update(&self, shown: Shown, choices: Choices) -> super::Response {
        let here = if shown.form.file.is_empty() {
            "new"
        } else {
            ""
        };
        let errors = by_field(&shown.problems);
        let today = self.today();
        let form = &shown.form;
        let status = super::problems::status(&shown.problems, shown.conflict.is_some());
        // What the site makes of the file as saved; a file it cannot read yet goes by the form.
        let (deletable, withdrawn) = match self.snapshot().sources().get(Path::new(&form.file)) {
            Some(Known::Entry(Some(e))) => (
                !e.published_on(today),
                e.withdrawn.as_ref().map(|w| WithdrawnNote {
                    date: crate::render::dates::DateView::new(w.date).text,
                    reason: w.reason.clone(),
                }),
            ),
            _ => (
                !form.file.is_empty() && (form.draft || form.date > today.to_string()),
                None,
            ),
        };
        let max_mb = upload::MAX_UPLOAD / (1024 * 1024);
        let drawn = super::update_view::draw(&shown.form, &choices, &errors, max_mb);
        let view = UpdateView {
            frame: self.frame(here),
            form: shown.form,
            opened: shown.opened,
            held: shown.held,
            drawn,
            problems: shown.problems,
            warnings: shown.warnings,
            conflict: shown.conflict,
            preview: shown.preview,
            deletable,
            withdrawn,
        };
        html(status, self.views.render("update.html", &view))
    }
}

/// Where a new update is saved: `content/updates/[<year>/]<date>-<slug of title>.md`.
fn new_path(form: &UpdateForm, year_folders: bool) -> PathBuf {
    let date = crate::source::dates::parse_date(&toml::Value::String(form.date.clone()))
        .ok()
        .map(|d| d.to_string());
    let slug = short_slug(&form.title, 60, "update");
    let mut path = PathBuf::from("content/updates");
    match &date {
        Some(day) => {
            if year_folders {
                path.push(&day[..4]);
            }
            path.push(format!("{day}-{slug}.md"));
        }
        None => path.push(format!("{slug}.md")),
    }
    path
}
