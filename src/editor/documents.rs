//! Every document of the site in one list, and a file replaced keeping its address.
//!
//! The list shows what a parent's screen reader meets: each document's format, size, pages and,
//! for a PDF, whether it is tagged, titled and has a language (read as the build reads it, in a
//! process of its own). A replacement must be a file of the same type, so that its address, and
//! every link to it, stays as it was; an untagged PDF is named where it is uploaded, with how to
//! fix it in the program that made it.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use super::form::Fields;
use super::forms::documents::REPLACEMENT;
use super::transaction::Change;
use super::{html, upload, write, Editor, Frame};
use crate::content::document::Target;
use crate::content::inspect::{fix_hint, Access};
use crate::content::sources::Known;

/// One document as the list shows it.
#[derive(Debug, Clone, Default, Serialize)]
struct Row {
    /// Its file, under `content/`.
    file: String,
    /// For a form's field ids.
    id: String,
    /// Its form's field, drawn.
    field: Option<super::fields::Shown>,
    /// Its title, as the updates that attach it give it (the first).
    title: String,
    format: String,
    size: String,
    pages: String,
    /// "Yes", "No" or "Not known" (not a PDF, or not read).
    tagged: &'static str,
    titled: &'static str,
    language: &'static str,
    /// The updates that attach it.
    used_by: Vec<String>,
}

#[derive(Serialize)]
struct DocumentsView {
    #[serde(flatten)]
    frame: Frame,
    rows: Vec<Row>,
    /// What the last replacement did, and what the file lacks.
    replaced: Option<String>,
    lacking: Option<String>,
    problems: Vec<super::problems::Problem>,
}

fn yes(flag: Option<bool>) -> &'static str {
    match flag {
        Some(true) => "Yes",
        Some(false) => "No",
        None => "Not known",
    }
}

impl Editor {
    /// Every document: the files updates attach, and files in `content/documents/` none does.
    fn document_rows(&self) -> Vec<Row> {
        let snapshot = self.snapshot();
        let mut rows: BTreeMap<String, Row> = BTreeMap::new();
        for (_, known) in snapshot.sources().files() {
            match known {
                Known::Entry(Some(e)) => {
                    for d in &e.documents {
                        let Target::File(file) = &d.target else {
                            continue;
                        };
                        let row = rows.entry(file.clone()).or_insert_with(|| {
                            let access = d.access.as_ref();
                            Row {
                                file: file.clone(),
                                title: d.title.clone(),
                                format: d.format.clone().unwrap_or_default(),
                                size: d.size.clone().unwrap_or_default(),
                                pages: d.pages.map_or(String::new(), |p| p.to_string()),
                                tagged: yes(access.map(|a| a.tagged)),
                                titled: yes(access.map(|a| a.title)),
                                language: yes(access.map(|a| a.language)),
                                ..Row::default()
                            }
                        });
                        row.used_by.push(e.title.clone());
                    }
                }
                Known::Asset(output) if super::choices::is_document(output) => {
                    rows.entry(output.to_string()).or_insert_with(|| Row {
                        file: output.to_string(),
                        tagged: "Not known",
                        titled: "Not known",
                        language: "Not known",
                        ..Row::default()
                    });
                }
                _ => {}
            }
        }
        let mut rows: Vec<Row> = rows.into_values().collect();
        for (i, row) in rows.iter_mut().enumerate() {
            row.id = REPLACEMENT.nth(i).with("", &row.file).id();
        }
        rows
    }

    /// `GET documents`: the list of every document.
    pub(super) fn documents(&self, fields: &Fields) -> super::Response {
        let replaced = Some(fields.get("replaced")).filter(|r| !r.is_empty());
        let lacking = Some(fields.get("lacking")).filter(|l| !l.is_empty());
        self.show_documents(replaced, lacking, Vec::new())
    }

    fn show_documents(
        &self,
        replaced: Option<String>,
        lacking: Option<String>,
        problems: Vec<super::problems::Problem>,
    ) -> super::Response {
        let errors = super::problems::by_field(&problems);
        let status = if problems.is_empty() { 200 } else { 422 };
        let view = DocumentsView {
            frame: self.frame("documents"),
            rows: (self.document_rows().into_iter().enumerate())
                .map(|(i, row)| {
                    let at = REPLACEMENT.nth(i).with("", &row.file);
                    let field = Some(at.show("").errors_from(&errors));
                    Row { field, ..row }
                })
                .collect(),
            replaced,
            lacking,
            problems,
        };
        html(status, self.views.render("documents.html", &view))
    }

    /// `POST replace`: a document's file replaced by one of the same type, at the same address.
    pub(super) fn replace_document(&self, fields: &Fields) -> super::Response {
        let _saving = self.saving.lock().unwrap_or_else(|e| e.into_inner());
        let file = fields.get("file");
        let rows = self.document_rows();
        let Some(row) = rows.iter().find(|r| r.file == file) else {
            let why =
                "It may have been renamed or removed: choose it again from the list of documents.";
            return self.message(404, "There is no such document", &[why]);
        };
        let refuse = |text: String| {
            let problem = super::fields::on(&row.id, text);
            self.show_documents(None, None, vec![problem])
        };
        let Some(part) = fields.file(REPLACEMENT.name) else {
            return refuse(format!("Choose the new file for “{}”", shown(row)));
        };
        let ext = ext_of(&file);
        let accepted = match upload::accept(part) {
            Ok(a) if a.ext == ext || (a.ext == "jpg" && ext == "jpeg") => a,
            Ok(_) | Err(_) => {
                let why = format!("Choose a {} file: the new file must be of the same type as the old one, so that its address and every link to it stay as they were", ext.to_uppercase());
                return refuse(why);
            }
        };
        if part.len() > upload::MAX_UPLOAD as u64 {
            let mb = upload::MAX_UPLOAD / (1024 * 1024);
            return refuse(format!("The selected file must be smaller than {mb} MB"));
        }
        let path = self.root.join("content").join(&file);
        let version = write::version_of(&path).ok().flatten().unwrap_or_default();
        let before = self.snapshot().version;
        let rel = Path::new("content").join(&file);
        let (size, note) = (accepted.size, accepted.note);
        let change = Change::upload(&rel, accepted.file, &version);
        if let Err(f) = self.apply(&[change], None) {
            return refuse(format!("The file could not be replaced: {}", f.reason()));
        }
        // The list that follows shows what the preview read of the new file, not the old one's.
        self.latest.wait_past(before, super::SHOW_WITHIN, |_| true);
        let lacking = (ext == "pdf")
            .then(|| pdf_lacking(&path, size))
            .flatten()
            .or(note);
        let query = |k: &str, v: &str| {
            let v: String = url::form_urlencoded::byte_serialize(v.as_bytes()).collect();
            format!("{k}={v}")
        };
        let mut to = format!(
            "{}documents?{}",
            self.frame("").edit,
            query("replaced", &file)
        );
        if let Some(lacking) = lacking {
            to.push('&');
            to.push_str(&query("lacking", &lacking));
        }
        super::typed(303, "x.txt", Vec::new()).header("Location", &to)
    }
}

/// What a PDF at `path` lacks that a screen reader needs, and how to fix it; `None` if nothing
/// (or if it cannot be read: the build says so).
pub fn pdf_lacking(path: &Path, size: u64) -> Option<String> {
    let (_, access): (u32, Access) = crate::content::isolated::read(path, size).ok()?;
    let missing = access.lacking();
    (!missing.is_empty()).then(|| {
        format!(
            "This PDF has {missing}, so screen readers may not read it well: {}",
            fix_hint(access.made_with.as_deref())
        )
    })
}

/// A PDF upload's problem for screen readers, read where the upload is kept (the reader runs
/// in a process of its own, as the build's does).
pub fn upload_lacking(staged: &upload::Staged) -> Option<String> {
    pdf_lacking(staged.file.path(), staged.size)
}

/// A document's name for messages: its title, or its file.
fn shown(row: &Row) -> &str {
    match row.title.is_empty() {
        true => &row.file,
        false => &row.title,
    }
}

/// A file name's extension, in lower case.
fn ext_of(file: &str) -> String {
    Path::new(file)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}
