//! "Preview this page": the page a file makes as the live site will show it once published,
//! drafts and updates dated later included (an update dated later as on its date), for people
//! the editor lets in, marked at the top as a preview. Built from the preview's snapshot on
//! request, never written anywhere: so an approver sees an embargoed inspection outcome's page
//! before signing it off, and nobody has to start `serve` with `--future`.
//!
//! And a document of a version of the history (the live one, or the one waiting), for the
//! Review page's "old file" and "new file" links.

use std::path::Path;

use serde::Serialize;

use super::form::Fields;
use super::{html, typed, Editor};
use crate::team::history::History;

#[derive(Serialize)]
struct Banner {
    /// The day the page is shown as on, in words, when later than today.
    day: Option<String>,
    draft: bool,
    back: String,
}

impl Editor {
    /// The address of "Preview this page" for `file`.
    pub(super) fn preview_link(&self, file: &str) -> String {
        let query: String = url::form_urlencoded::byte_serialize(file.as_bytes()).collect();
        format!("{}preview?file={query}", self.frame("").edit)
    }

    /// `GET preview?file=…`.
    pub(super) fn preview(&self, file: &str) -> super::Response {
        if self.known(file).is_none() {
            let why = "Choose the page again from the list: this file is not one the site has.";
            return self.message(404, "There is no such page to preview", &[why]);
        }
        let snapshot = self.snapshot();
        let path = Path::new(file);
        let Some((page, day)) = super::trial::preview_page(&snapshot, path) else {
            let why =
                "The site cannot be built with it as it is. Open its form: it says what to fix.";
            return self.message(409, "This page cannot be previewed", &[why]);
        };
        let draft = matches!(
            snapshot.sources().get(path),
            Some(crate::content::sources::Known::Entry(Some(e))) if e.draft
        );
        let banner = Banner {
            day: day.map(|d| crate::render::dates::DateView::new(d).text),
            draft,
            back: self.frame("").edit,
        };
        let banner = match self.views.render("preview-banner.html", &banner) {
            Ok(b) => b,
            Err(why) => return html(500, Err(why)),
        };
        let page = page.replacen("<title>", "<title>Preview: ", 1);
        let at = page
            .find("<main")
            .and_then(|m| page[m..].find('>').map(|c| m + c + 1))
            .unwrap_or(0);
        let shown = format!("{}{}{}", &page[..at], banner.trim(), &page[at..]);
        typed(200, "page.html", shown.into_bytes()).header("X-Robots-Tag", "noindex")
    }

    /// `GET version-file?at=…&file=…`: a document as a version of the history has it.
    pub(super) fn version_file(&self, fields: &Fields) -> super::Response {
        let (at, file) = (fields.get("at"), fields.get("file"));
        let missing = || {
            let why = "That version of the document is not in the site's history.";
            self.message(404, "There is no such document", &[why])
        };
        if !self.is_team() || !file.starts_with("content/documents/") {
            return missing();
        }
        let Ok(history) = History::open(&self.root) else {
            return missing();
        };
        // A version of the history's line, or one that was published (a selection).
        let head = history.head().ok().flatten().unwrap_or_default();
        let known = history.leads_to(&at, &head).unwrap_or(false)
            || history
                .publications()
                .is_ok_and(|list| list.iter().any(|p| p.commit == at));
        match history.file_at(&at, &file) {
            Ok(Some(bytes)) if known => typed(200, &file, bytes),
            _ => missing(),
        }
    }
}
