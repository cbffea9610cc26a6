//! The Publish page (team mode): every change since the last publication, in words, and for an
//! approver who made none of them, "Approve and publish".
//!
//! The page names the version it shows (the latest commit when it was opened); the press
//! publishes exactly that version, so a change saved while someone reads the page is not
//! published by a press that never showed it: it waits for the next one. The approved version
//! is built from the history, not from the files on disk, under the site's publication lock
//! ([`Publishing`]), recorded as an annotated tag by the approver and swapped into
//! `publish_to`, all or nothing. Who may press is
//! decided here, on the server: an editor may not publish, and an approver may not approve a
//! change of their own (another approver must).

use serde::Serialize;

use super::diff::{changes, FieldChange, Words};
use super::form::Fields;
use super::history::when;
use super::{asking, html, typed, Editor, Frame};
use crate::team::history::{Change, History, Publication};
use crate::team::publish::{PublishError, Publishing};
use crate::team::{Team, TeamError};

#[derive(Serialize)]
struct FileChanges {
    file: String,
    changes: Vec<FieldChange>,
}

#[derive(Serialize)]
struct ChangeView {
    id: String,
    who: String,
    when: String,
    message: String,
    files: Vec<FileChanges>,
    /// A change of more files than are shown field by field (the site's first commit): how many.
    many: Option<usize>,
}

/// A change of more files than this is listed by its count, not field by field: a page of a
/// thousand tables helps nobody check it (and takes long to make).
const SHOWN_FILES: usize = 20;

#[derive(Serialize)]
struct LastView {
    tag: String,
    by: String,
    when: String,
}

#[derive(Serialize)]
struct PublishView {
    #[serde(flatten)]
    frame: Frame,
    last: Option<LastView>,
    changes: Vec<ChangeView>,
    /// The version the page shows, which a press publishes.
    version: String,
    /// Why this person cannot approve what is listed, if they cannot.
    cannot: Option<String>,
    /// The tag of a publication just made.
    published: Option<String>,
    /// Why a publication failed: the build's messages.
    failed: Vec<String>,
}

impl Editor {
    /// `GET publish`.
    pub(super) fn open_publish(&self, fields: &Fields) -> super::Response {
        // Only a publication the history has is announced, whatever the address says.
        let published = Some(fields.get("published")).filter(|p| {
            History::open(&self.root)
                .and_then(|h| h.last_publication())
                .is_ok_and(|last| last.is_some_and(|l| &l.tag == p))
        });
        match self.publish_view(None, published, Vec::new()) {
            Ok(view) => html(200, self.views.render("publish.html", &view)),
            Err(response) => response,
        }
    }

    /// `POST publish`: approves and publishes the version the page showed.
    pub(super) fn submit_publish(&self, fields: &Fields) -> super::Response {
        // The site's publication lock, shared with `sendsite publish` in other processes, is
        // held from the check of the version to the swap of the live folder: a second press
        // waits, then finds its version published already (or behind the new publication) and
        // is refused; a cron run waits, then builds the new publication.
        if !self.is_team() {
            // Nothing is locked on a site that is not a team's.
            return self.no_publish_page();
        }
        let publishing = match Publishing::begin(&self.root) {
            Ok(p) => p,
            Err(e) => {
                let why = format!("{e}. To fix it, {}.", e.what_to_do());
                return self.message(500, "Nothing was published", &[&why]);
            }
        };
        let shown = fields.get("version");
        let view = match self.publish_view(Some(&shown), None, Vec::new()) {
            Ok(view) => view,
            Err(response) => return response,
        };
        if let Some(why) = &view.cannot {
            return self.message(403, "You cannot publish these changes", &[why]);
        }
        if view.changes.is_empty() {
            let why = "Everything was already published. Open the Publish page again.";
            return self.message(409, "There is nothing to publish", &[why]);
        }
        let Some(person) = asking() else {
            return self.message(403, "The sign-in did not say who you are", &[]);
        };
        let team = match Team::load(&self.root) {
            Ok(team) => team,
            Err(errors) => {
                let why: Vec<String> = errors.iter().map(ToString::to_string).collect();
                return self.message_with(
                    500,
                    "team.toml has a mistake",
                    &["Nothing was published:"],
                    why,
                );
            }
        };
        let message = approval(&person.email, &view.changes);
        match publishing.approve(&team, &shown, &person.email, &message, self.today()) {
            Ok((tag, _)) => {
                let query: String = url::form_urlencoded::byte_serialize(tag.as_bytes()).collect();
                let to = format!("{}publish?published={query}", self.frame("").edit);
                typed(303, "x.txt", Vec::new()).header("Location", &to)
            }
            Err(PublishError::Build(errors)) => {
                let failed = build_errors(errors);
                match self.publish_view(Some(&shown), None, failed) {
                    Ok(view) => html(422, self.views.render("publish.html", &view)),
                    Err(response) => response,
                }
            }
            Err(PublishError::History(e)) => {
                let why = format!(
                    "{e}. The live site is as it was. To fix it, {}.",
                    e.what_to_do()
                );
                self.message(500, "Nothing was published", &[&why])
            }
            Err(PublishError::Refused(why)) => {
                self.message(409, "This version cannot be published", &[&why])
            }
        }
    }

    /// What the page shows: the changes since the last publication up to `version` (the latest
    /// when `None`), and whether the person asking may approve them.
    fn publish_view(
        &self,
        version: Option<&str>,
        published: Option<String>,
        failed: Vec<String>,
    ) -> Result<PublishView, super::Response> {
        let unreadable = |e: TeamError| {
            let why = format!("{e}: {}.", e.what_to_do());
            self.message(500, "The history cannot be read", &[&why])
        };
        if !self.is_team() {
            return Err(self.no_publish_page());
        }
        let history = History::open(&self.root).map_err(unreadable)?;
        let head = history.head().map_err(unreadable)?.unwrap_or_default();
        let version = version.unwrap_or(&head).to_string();
        let last = history.last_publication().map_err(unreadable)?;
        let valid = history.leads_to(&version, &head).unwrap_or(false)
            && last.as_ref().map_or(true, |l| {
                history.leads_to(&l.commit, &version).unwrap_or(false)
            });
        if !valid {
            let why = "The version this page showed is not one that can be published any more (it was published already, or is not in the history). Open the Publish page again.";
            return Err(self.message(409, "This version cannot be published", &[why]));
        }
        let list = history
            .between(last.as_ref().map(|l| l.commit.as_str()), Some(&version))
            .map_err(unreadable)?;
        let cannot = self.cannot_approve(&list);
        let words = Words::of(&self.snapshot());
        Ok(PublishView {
            frame: self.frame("publish"),
            last: last.map(|l: Publication| LastView {
                tag: l.tag,
                by: l.by,
                when: when(l.when),
            }),
            changes: list
                .iter()
                .map(|c| change_view(&history, &words, c))
                .collect(),
            version,
            cannot,
            published,
            failed,
        })
    }

    /// The page for a site that is not a team's: publishing is the web team's build there.
    fn no_publish_page(&self) -> super::Response {
        let why = "Publishing from the editor is for a team (sendsite serve --team). On your own, run sendsite build.";
        self.message(404, "There is no Publish page here", &[why])
    }

    /// Why the person asking may not approve `list`: not an approver, or they made some of it.
    fn cannot_approve(&self, list: &[Change]) -> Option<String> {
        let Some(person) = asking() else {
            return Some("The sign-in did not say who you are.".into());
        };
        if !person.approves() {
            return Some("You can edit, but publishing needs an approver: ask one of them to open this page. The preview already shows your changes.".into());
        }
        let own = list.iter().filter(|c| c.author == person.email).count();
        (own > 0).then(|| format!("You made {own} of these changes yourself. Someone else must check them before they go live: another approver needs to approve and publish them (the two-person rule)."))
    }
}

/// The publication's record: who approved it, when, and each change it put live.
fn approval(email: &str, changes: &[ChangeView]) -> String {
    let mut message = format!(
        "Approved and published by {email} on {}\n\n{} change{}:\n",
        when(time::OffsetDateTime::now_utc().unix_timestamp()),
        changes.len(),
        if changes.len() == 1 { "" } else { "s" }
    );
    for c in changes {
        let short = c.id.get(..12).unwrap_or(&c.id);
        message.push_str(&format!(
            "- {} ({}, {}) {short}\n",
            c.message, c.who, c.when
        ));
    }
    message
}

fn change_view(history: &History, words: &Words, c: &Change) -> ChangeView {
    let many = (c.files.len() > SHOWN_FILES).then_some(c.files.len());
    let files = c
        .files
        .iter()
        .filter(|_| many.is_none())
        .map(|f| {
            let before = history.file_before(&c.id, f).ok().flatten();
            let after = history.file_at(&c.id, f).ok().flatten();
            FileChanges {
                file: f.clone(),
                changes: changes(words, f, before.as_deref(), after.as_deref()),
            }
        })
        .collect();
    ChangeView {
        id: c.id.clone(),
        who: c.author.clone(),
        when: when(c.when),
        message: c.message.clone(),
        files,
        many,
    }
}

/// Why a publication's build failed, for a page: each error with its file, in a form's words.
pub(super) fn build_errors(errors: crate::error::Diagnostics) -> Vec<String> {
    let errors = errors.sorted().into_iter().filter(|d| d.is_error());
    errors
        .map(|d| {
            let said = super::problems::for_form(&d.message, d.hint.as_deref());
            format!("{}: {said}", d.file.display())
        })
        .collect()
}
