//! The Publications page (team mode): every publication, newest first (when, by whom, what),
//! and, for an approver, "Put the live site back to this publication" on each earlier one.
//!
//! Putting a publication back is a new publication of that publication's version: built from
//! the history under the site's publication lock, tagged by the approver with the reason, and
//! swapped into the live folder, all or nothing, as any publication is. Nothing is lost: what
//! was saved since is still in the history, and waits on the Publish page again. One approver
//! may do it alone, as it is urgent (a publication that went wrong); the reason is recorded.

use serde::Serialize;

use super::form::Fields;
use super::history::when;
use super::{asking, html, typed, Editor};
use crate::team::history::{History, Publication};
use crate::team::publish::{PublishError, Publishing};
use crate::team::Team;

/// The longest reason kept, in characters: a sentence or two, not a document.
const REASON_LIMIT: usize = 1000;

#[derive(Serialize)]
struct PublicationView {
    tag: String,
    by: String,
    when: String,
    /// What its tag says, line by line.
    said: Vec<String>,
    /// Whether the live site shows it now.
    live: bool,
}

#[derive(Serialize)]
struct PublicationsView {
    #[serde(flatten)]
    frame: super::Frame,
    publications: Vec<PublicationView>,
    /// Whether the person asking may put one back.
    approver: bool,
    /// The tag of a publication just put back.
    put_back: Option<String>,
    /// The publication whose reason was missing, and the message.
    missing: Option<(String, String)>,
}

impl Editor {
    /// `GET publications`.
    pub(super) fn open_publications(&self, fields: &Fields) -> super::Response {
        let put_back = Some(fields.get("put-back")).filter(|t| !t.is_empty());
        self.publications_page(200, put_back, None)
    }

    fn publications_page(
        &self,
        status: u16,
        put_back: Option<String>,
        missing: Option<(String, String)>,
    ) -> super::Response {
        if !self.is_team() {
            let why = "Publications are recorded for a team (sendsite serve --team).";
            return self.message(404, "There is no Publications page here", &[why]);
        }
        let list = match History::open(&self.root).and_then(|h| h.publications()) {
            Ok(list) => list,
            Err(e) => {
                let why = format!("{e}: {}.", e.what_to_do());
                return self.message(500, "The history cannot be read", &[&why]);
            }
        };
        // The put-back announced is one the history has: the latest.
        let put_back = put_back.filter(|t| list.first().is_some_and(|l| &l.tag == t));
        let view = PublicationsView {
            frame: self.frame("publications"),
            publications: list
                .iter()
                .enumerate()
                .map(|(i, p)| PublicationView {
                    tag: p.tag.clone(),
                    by: p.by.clone(),
                    when: when(p.when),
                    said: p
                        .message
                        .lines()
                        .map(str::to_string)
                        .filter(|l| !l.is_empty())
                        .collect(),
                    live: i == 0,
                })
                .collect(),
            approver: asking().is_some_and(|p| p.approves()),
            put_back,
            missing,
        };
        html(status, self.views.render("publications.html", &view))
    }

    /// `POST put-back`: an approver puts the live site back to an earlier publication.
    pub(super) fn put_back(&self, fields: &Fields) -> super::Response {
        if !self.is_team() {
            return self.publications_page(404, None, None);
        }
        let Some(person) = asking().filter(|p| p.approves()) else {
            let why = "Only an approver may put the live site back. Ask one of them.";
            return self.message(403, "You cannot put the live site back", &[why]);
        };
        let tag = fields.get("tag");
        let reason = fields.get("reason").trim().to_string();
        if reason.is_empty() || reason.chars().count() > REASON_LIMIT {
            let why = match reason.is_empty() {
                true => "Say why the live site is put back: it is recorded with the publication, for the other approvers.".to_string(),
                false => format!("Say why in at most {REASON_LIMIT} characters."),
            };
            return self.publications_page(422, None, Some((tag, why)));
        }
        let publishing = match Publishing::begin(&self.root) {
            Ok(p) => p,
            Err(e) => {
                let why = format!("{e}. To fix it, {}.", e.what_to_do());
                return self.message(500, "Nothing was put back", &[&why]);
            }
        };
        // Read under the lock: nobody publishes meanwhile.
        let list = match History::open(&self.root).and_then(|h| h.publications()) {
            Ok(list) => list,
            Err(e) => {
                let why = format!(
                    "{e}. The live site is as it was. To fix it, {}.",
                    e.what_to_do()
                );
                return self.message(500, "Nothing was put back", &[&why]);
            }
        };
        let Some(chosen) = list.iter().skip(1).find(|p| p.tag == tag) else {
            let why = "That publication is not an earlier one any more (another was made or put back meanwhile). Open the Publications page again.";
            return self.message(409, "Nothing was put back", &[why]);
        };
        let team = match Team::load(&self.root) {
            Ok(team) => team,
            Err(errors) => {
                let why = errors.iter().map(ToString::to_string).collect();
                let nothing = ["Nothing was put back:"];
                return self.message_with(500, "team.toml has a mistake", &nothing, why);
            }
        };
        let message = put_back_message(chosen, &reason);
        match publishing.approve(&team, &chosen.commit, &person.email, &message, self.today()) {
            Ok((new_tag, _)) => {
                self.tell_put_back(&person.email, &when(chosen.when), &reason);
                let query: String =
                    url::form_urlencoded::byte_serialize(new_tag.as_bytes()).collect();
                let to = format!("{}publications?put-back={query}", self.frame("").edit);
                typed(303, "x.txt", Vec::new()).header("Location", &to)
            }
            Err(PublishError::Build(errors)) => {
                let why: Vec<String> = errors
                    .sorted()
                    .iter()
                    .filter(|d| d.is_error())
                    .map(ToString::to_string)
                    .collect();
                self.message_with(
                    422,
                    "Nothing was put back",
                    &["That publication no longer builds, so the live site is as it was:"],
                    why,
                )
            }
            Err(e) => {
                let why = e
                    .into_diagnostics()
                    .sorted()
                    .iter()
                    .map(ToString::to_string)
                    .collect();
                self.message_with(
                    500,
                    "Nothing was put back",
                    &["The live site is as it was."],
                    why,
                )
            }
        }
    }
}

/// What the tag of a put-back says: which publication, and why.
fn put_back_message(chosen: &Publication, reason: &str) -> String {
    format!(
        "Put the live site back to the publication of {} ({}).\n\nReason: {reason}",
        when(chosen.when),
        chosen.tag
    )
}
