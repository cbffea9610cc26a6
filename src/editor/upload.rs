//! Documents uploaded through the editor: what kind of file each is (by its first bytes, never
//! its name), the name it is saved under (made from its title), and where it waits until the
//! update that attaches it is saved.

use std::collections::VecDeque;
use std::path::Path;
use std::sync::Arc;

use tempfile::NamedTempFile;

use super::form::FilePart;
use crate::source::slug::short_slug;

/// The most uploads kept waiting for their update to be saved (the oldest are dropped).
const KEPT: usize = 4;

pub use super::sniff::{accept, MAX_UPLOAD};

/// The path under `content/` for a document called `title`, with extension `ext`, that no file
/// has yet: `documents/<slug of title>.<ext>`, then `-2`, `-3`... `taken` says if a path is used.
pub fn document_path(title: &str, ext: &str, taken: impl Fn(&str) -> bool) -> String {
    let slug = short_slug(title, 60, "document");
    let mut n = 1;
    loop {
        let name = match n {
            1 => format!("documents/{slug}.{ext}"),
            n => format!("documents/{slug}-{n}.{ext}"),
        };
        if !taken(&name) {
            return name;
        }
        n += 1;
    }
}

/// An upload waiting for its update to be saved.
#[derive(Debug, Clone)]
pub struct Staged {
    /// The key the form carries to find it again.
    pub token: String,
    /// The browser's name for it, to show in the form.
    pub filename: String,
    /// Its extension (from its contents).
    pub ext: &'static str,
    /// Its contents, in a private temporary file (removed when it is dropped): every check of
    /// the form while it waits reads them from there.
    pub file: Arc<NamedTempFile>,
    /// Its size in bytes.
    pub size: u64,
    /// What was done to it when it was taken in, to say before it is saved.
    pub note: Option<String>,
}

/// Uploads kept (on disk) until their update is saved, so that a form sent back with an error
/// does not ask for the file again.
#[derive(Debug, Default)]
pub struct Uploads {
    kept: VecDeque<Staged>,
}

impl Uploads {
    /// Takes in an uploaded file: kept under a new token if it is small enough and of a kind the
    /// site publishes (returns the token and the file's own name, to show), else the error to
    /// show at its field.
    pub fn take(&mut self, part: &FilePart) -> Result<(String, String), String> {
        if part.len() > MAX_UPLOAD as u64 {
            let mb = MAX_UPLOAD / (1024 * 1024);
            return Err(format!("The selected file must be smaller than {mb} MB"));
        }
        if part.is_empty() {
            return Err("The selected file is empty: choose the file again, or open it to check it has something in it".into());
        }
        let accepted = accept(part)?;
        // Only the last part of the browser's name, to show: it never becomes a path.
        let filename: String = Path::new(&part.filename.replace('\\', "/"))
            .file_name()
            .map(|n| {
                let n = n.to_string_lossy();
                n.chars().filter(|c| !c.is_control()).take(100).collect()
            })
            .unwrap_or_default();
        let token = super::access::random_key();
        self.keep(Staged {
            token: token.clone(),
            filename: filename.clone(),
            ext: accepted.ext,
            file: accepted.file,
            size: accepted.size,
            note: accepted.note,
        });
        Ok((token, filename))
    }

    /// Keeps an upload; the oldest is dropped when too many wait.
    fn keep(&mut self, staged: Staged) {
        if self.kept.len() >= KEPT {
            self.kept.pop_front();
        }
        self.kept.push_back(staged);
    }

    /// The upload with this token.
    pub fn get(&self, token: &str) -> Option<&Staged> {
        self.kept.iter().find(|s| s.token == token)
    }

    /// Forgets an upload once it is saved.
    pub fn forget(&mut self, token: &str) {
        self.kept.retain(|s| s.token != token);
    }
}

impl super::Editor {
    /// The largest form the editor reads: a document and the fields beside it.
    pub fn largest_form(&self) -> u64 {
        (MAX_UPLOAD + 1024 * 1024) as u64
    }

    /// Whether a form of `length` bytes (`None`: not given) may be read; if not, the page that
    /// says why, sent before anything of the form is read.
    pub fn before_reading(&self, length: Option<u64>) -> Result<(), super::Response> {
        let Some(length) = length else {
            return Err(self.message(
                411,
                "The form could not be read",
                &["Its length was not given."],
            ));
        };
        if length > self.largest_form() {
            let why = format!(
                "The file is too large: a document can be up to {} MB. Nothing was saved. Go back, choose a smaller file (a PDF saved \"for the web\" or \"reduced size\" is often much smaller), and save again.",
                MAX_UPLOAD / (1024 * 1024)
            );
            return Err(self.message(413, "The file is too large", &[&why]));
        }
        Ok(())
    }

    /// The page for a form that arrived but could not be read.
    pub fn unreadable_form(&self, why: &str) -> super::Response {
        self.message(400, "The form could not be read", &[why])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_titles_and_never_replace_a_file() {
        let taken = |p: &str| p == "documents/send-survey-results.pdf";
        assert_eq!(
            document_path("SEND survey: results", "pdf", taken),
            "documents/send-survey-results-2.pdf"
        );
        assert_eq!(
            document_path("../../", "pdf", |_| false),
            "documents/document.pdf"
        );
    }
}
