//! The form for the home page, a free page or an area: its title and its text (and an area's
//! finding, the inspectors' words). An area's other fields (its number, type and actions) are
//! kept as they are.

use std::collections::BTreeMap;

use serde::Serialize;

use super::form::Fields;
use super::problems::{place, Problem};
use super::toml::{set, text, New};
use super::update_page::read;
use super::write::{Parts, WriteError};
use super::{html, Editor, Frame};
use crate::error::Diagnostic;
use crate::serve::sources::Known;
use crate::serve::trial::try_text;

/// The fields of a page's form.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct PageForm {
    /// The file, relative to the site root.
    pub file: String,
    /// Its version when the form was opened.
    pub version: String,
    /// "Home page", "Page" or "Area".
    pub what: String,
    /// The title.
    pub title: String,
    /// An area's finding.
    pub finding: String,
    /// The markdown.
    pub body: String,
}

#[derive(Serialize)]
struct PageView {
    #[serde(flatten)]
    frame: Frame,
    form: PageForm,
    problems: Vec<Problem>,
    warnings: Vec<Problem>,
    errors: BTreeMap<String, Vec<String>>,
    conflict: Option<String>,
    preview: Option<String>,
}

fn what(known: &Known) -> Option<&'static str> {
    match known {
        Known::Home => Some("Home page"),
        Known::Page(_) => Some("Page"),
        Known::Area(_) => Some("Area"),
        _ => None,
    }
}

impl Editor {
    /// `GET page`: the form of a page's file.
    pub(super) fn open_page(&self, file: &str) -> super::Response {
        let Some((path, kind)) = self.known_page(file) else {
            return self.message(
                404,
                "There is no such page",
                &["It may have been renamed or deleted: choose it again from the list."],
            );
        };
        let Some((text_now, version)) = self.read_file(&path) else {
            return self.message(
                404,
                "This page cannot be read",
                &["Check that the file is still there, and that it is UTF-8 text."],
            );
        };
        let (doc, parts) = match read(&path, &text_now) {
            Ok(read) => read,
            Err(why) => return self.cannot_open(&path, &text_now, &why),
        };
        let form = PageForm {
            file: file.to_string(),
            version,
            what: kind.into(),
            title: text(doc.as_table(), "title"),
            finding: text(doc.as_table(), "finding"),
            body: parts.body.replace("\r\n", "\n"),
        };
        self.show_page(form, Vec::new(), Vec::new(), None, None)
    }

    fn known_page(&self, file: &str) -> Option<(std::path::PathBuf, &'static str)> {
        let engine = self.engine.lock().unwrap_or_else(|e| e.into_inner());
        let found = engine
            .sources()
            .files()
            .find(|(p, k)| p.to_string_lossy().replace('\\', "/") == file && what(k).is_some())
            .and_then(|(p, k)| Some((p.clone(), what(&k)?)));
        found
    }

    /// `POST page`: checks the form; shows it again, previews it, or saves it.
    pub(super) fn submit_page(&self, fields: &Fields) -> super::Response {
        let _saving = self.saving.lock().unwrap_or_else(|e| e.into_inner());
        let file = fields.get("file");
        let Some((path, kind)) = self.known_page(&file) else {
            return self.message(404, "There is no such page", &["It may have been renamed or deleted while the form was open: nothing was saved."]);
        };
        let form = PageForm {
            file,
            version: fields.get("version"),
            what: kind.into(),
            title: fields.get("title").trim().to_string(),
            finding: fields.get("finding").trim().to_string(),
            body: fields.get("body"),
        };
        let Some((text_now, _)) = self.read_file(&path) else {
            return self.message(
                404,
                "This page cannot be read",
                &["Nothing was saved. Check that the file is still there."],
            );
        };
        let (mut doc, mut parts) = match read(&path, &text_now) {
            Ok(read) => read,
            Err(why) => return self.cannot_open(&path, &text_now, &why),
        };
        let root = doc.as_table_mut();
        let optional = |s: &str| (!s.is_empty()).then(|| New::Text(s.into()));
        match kind {
            // A free page needs its title: an empty one is written for the build to report.
            "Page" => set(root, "title", Some(New::Text(form.title.clone()))),
            _ => set(root, "title", optional(&form.title)),
        }
        if kind == "Area" {
            set(root, "finding", optional(&form.finding));
        }
        parts.front_matter = doc.to_string();
        parts.set_body(&form.body);
        let text = parts.text();
        let preview = fields.get("action") == "preview";
        let trial = {
            let engine = self.engine.lock().unwrap_or_else(|e| e.into_inner());
            try_text(
                &engine,
                &path,
                text.clone().into_bytes(),
                &Default::default(),
                preview,
            )
        };
        let cut = Parts::of(&path, &text).unwrap_or_else(Parts::new);
        let first_line = cut.before.lines().count() + 1;
        let body_line = first_line + cut.front_matter.lines().count() + cut.between.lines().count();
        let field = |section: &str, _: usize, key: &str| match (section, key) {
            ("", "title") => Some("f-title".to_string()),
            ("", "finding") => Some("f-finding".to_string()),
            _ => None,
        };
        let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) =
            trial.problems.into_iter().partition(Diagnostic::is_error);
        let problems = place(&errors, &cut.front_matter, first_line, body_line, field);
        let warnings = place(&warnings, &cut.front_matter, first_line, body_line, field);
        if !problems.is_empty() || preview {
            return self.show_page(form, problems, warnings, None, trial.page);
        }
        let version = form.version.clone();
        match self.save(&path, &text, &version) {
            Ok(response) => response,
            Err(WriteError::Changed) => {
                let conflict = Some(format!("{} changed on disk after you opened this form, so nothing was saved over it. Copy anything you want to keep from the form below, then open the page again from the list.", path.display()));
                self.show_page(form, problems, warnings, conflict, None)
            }
            Err(WriteError::Io(e)) => self.message(
                500,
                "The page could not be saved",
                &[&format!(
                    "Writing {} failed: {e}. Nothing was changed.",
                    path.display()
                )],
            ),
        }
    }

    fn show_page(
        &self,
        form: PageForm,
        problems: Vec<Problem>,
        warnings: Vec<Problem>,
        conflict: Option<String>,
        preview: Option<String>,
    ) -> super::Response {
        let mut errors: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for p in &problems {
            if let Some(field) = &p.field {
                errors
                    .entry(field.clone())
                    .or_default()
                    .push(p.text.clone());
            }
        }
        let status = if problems.is_empty() && conflict.is_none() {
            200
        } else {
            422
        };
        let view = PageView {
            frame: self.frame(""),
            form,
            problems,
            warnings,
            errors,
            conflict,
            preview,
        };
        html(status, self.views.render("page.html", &view))
    }
}
