//! The Review and publish page (team mode): each item that differs from the live site, once,
//! in the forms' words ([`review`](super::review)), and for an approver, a box to tick on each
//! and "Approve and publish the selected changes".
//!
//! The page names the version it shows (the latest commit when it was opened) and the last
//! publication it was opened against. A press publishes that publication plus exactly the items
//! ticked, as that version has them; the rest wait. Under the site's publication lock
//! ([`Publishing`]), nothing else publishes meanwhile: a page opened before another publication
//! is refused, so nobody approves a list that is no longer true. The selection is put together
//! as a version of its own, built as a trial, recorded as an annotated tag naming the items and
//! their saves, and swapped into `publish_to`, all or nothing. If a ticked item needs one left
//! unticked (an update naming a new area), the trial build fails and the page says which needs
//! which. Who may press is decided here, on the server: an editor may not publish, and an
//! approver may not approve an item they changed (another approver must).

use serde::Serialize;

use super::diff::{named, Words};
use super::form::Fields;
use super::history::when;
use super::review::{count, items, Item, Versions, SHOWN_ITEMS};
use super::words::{capital, lower_first};
use super::{asking, html, typed, Editor, Frame};
use crate::team::history::{History, Publication};
use crate::team::pending::Pending;
use crate::team::publish::{PublishError, Publishing};
use crate::team::{Team, TeamError};

#[derive(Serialize)]
struct LastView {
    tag: String,
    by: String,
    when: String,
}

/// An item as this person sees it.
#[derive(Serialize)]
struct ItemView {
    #[serde(flatten)]
    item: Item,
    /// This approver changed it: another must approve it.
    own: bool,
    /// Ticked (all but the approver's own, unless a press said otherwise).
    ticked: bool,
    /// "Preview this page", where there is a page.
    preview: Option<String>,
    /// Its place on the page, for its ids.
    number: usize,
}

/// The items of one kind, for a summary.
#[derive(Serialize)]
struct Group {
    kind: &'static str,
    count: usize,
    /// "3 new, 1 changed".
    counts: String,
    items: Vec<ItemView>,
}

#[derive(Serialize)]
struct PublishView {
    #[serde(flatten)]
    frame: Frame,
    last: Option<LastView>,
    /// Every item, by kind.
    groups: Vec<Group>,
    count: usize,
    /// Listed by kind with counts, without fields (a first publication, or many items).
    summarised: bool,
    /// The version the page shows, which a press publishes from.
    version: String,
    /// Why this person cannot approve anything here, if they cannot.
    cannot: Option<String>,
    /// The tag of a publication just made.
    published: Option<String>,
    /// Why a publication failed: which item needs which, or the build's messages.
    failed: Vec<String>,
    /// The last email that could not be sent (`[notify]`).
    mail_failed: Option<String>,
}

/// What a press asked for, to show the page again as it was sent.
struct Pressed {
    ticked: Vec<String>,
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
        match self.publish_view(None, published, None) {
            Ok(view) => html(200, self.views.render("publish.html", &view)),
            Err(response) => response,
        }
    }

    /// `POST publish`: approves and publishes the ticked items of the version the page showed.
    pub(super) fn submit_publish(&self, fields: &Fields) -> super::Response {
        if !self.is_team() {
            // Nothing is locked on a site that is not a team's.
            return self.no_publish_page();
        }
        // Held from the reading of what waits to the swap of the live folder: a second press
        // waits, then finds the publication it was opened against is not the last any more.
        let publishing = match Publishing::begin(&self.root) {
            Ok(p) => p,
            Err(e) => {
                let why = format!("{e}. To fix it, {}.", e.what_to_do());
                return self.message(500, "Nothing was published", &[&why]);
            }
        };
        let shown = fields.get("version");
        let ticked = fields.all("item");
        let again = |failed: Vec<String>| {
            let pressed = Pressed {
                ticked: ticked.clone(),
                failed,
            };
            match self.publish_view(Some(&shown), None, Some(pressed)) {
                Ok(view) => html(422, self.views.render("publish.html", &view)),
                Err(response) => response,
            }
        };
        let (history, last, pending, _) = match self.waiting_at(Some(&shown)) {
            Ok(found) => found,
            Err(response) => return response,
        };
        let since = last.as_ref().map_or("", |l| l.tag.as_str());
        if fields.get("since") != since {
            let why = "Someone published since you opened this page, so what it listed is not what waits now. Open Review and publish again.";
            return self.message(409, "Nothing was published", &[why]);
        }
        let Some(person) = asking().filter(|p| p.approves()) else {
            let why = "Publishing needs an approver: ask one of them to open this page.";
            return self.message(403, "You cannot publish these changes", &[why]);
        };
        let versions = self.versions(&history, last.as_ref(), &shown);
        // Grouped as the page grouped them: a measure goes with the figures it names.
        let list = items(&versions, &Words::of(&self.snapshot()), &pending, false);
        if list.is_empty() {
            let why = "Everything was already published. Open Review and publish again.";
            return self.message(409, "There is nothing to publish", &[why]);
        }
        if let Some(unknown) = ticked.iter().find(|t| !list.iter().any(|i| &i.key == *t)) {
            let why = format!("“{unknown}” is not waiting for approval (any more). Open Review and publish again.");
            return self.message(409, "Nothing was published", &[&why]);
        }
        let (chosen, rest): (Vec<&Item>, Vec<&Item>) =
            list.iter().partition(|i| ticked.contains(&i.key));
        if chosen.is_empty() {
            return again(vec![
                "Nothing was selected. Tick the changes to approve, then publish.".into(),
            ]);
        }
        if let Some(own) = chosen.iter().find(|i| i.by.contains(&person.email)) {
            let why = format!(
                "You changed {} yourself. Another approver must approve it (the two-person rule).",
                own.title
            );
            return self.message(403, "You cannot publish these changes", &[&why]);
        }
        let team = match Team::load(&self.root) {
            Ok(team) => team,
            Err(errors) => {
                let why: Vec<String> = errors.iter().map(ToString::to_string).collect();
                let nothing = ["Nothing was published:"];
                return self.message_with(500, "team.toml has a mistake", &nothing, why);
            }
        };
        let message = approval(&person.email, &chosen, rest.len());
        let paths: Vec<String> = chosen.iter().flat_map(|i| i.paths.clone()).collect();
        let from = last.as_ref().map(|l| l.commit.as_str());
        let composed = history.compose(from, &shown, &paths, &person.email, &message);
        let result = composed.map_err(PublishError::History).and_then(|version| {
            publishing.approve(&team, &version, &person.email, &message, self.today())
        });
        match result {
            Ok((tag, _)) => {
                self.tell_live(&person.email, &chosen);
                let query: String = url::form_urlencoded::byte_serialize(tag.as_bytes()).collect();
                let to = format!("{}publish?published={query}", self.frame("").edit);
                typed(303, "x.txt", Vec::new()).header("Location", &to)
            }
            Err(PublishError::Build(errors)) => again(needs(&versions, errors, &chosen, &rest)),
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

    /// The history, the last publication, and what differs from it at `version` (the latest
    /// when `None`), which must be a version of the history's line.
    fn waiting_at(
        &self,
        version: Option<&str>,
    ) -> Result<(History, Option<Publication>, Vec<Pending>, String), super::Response> {
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
        if !history.leads_to(&version, &head).unwrap_or(false) {
            let why = "The version this page showed is not in the history. Open Review and publish again.";
            return Err(self.message(409, "This version cannot be published", &[why]));
        }
        let last = history.last_publication().map_err(unreadable)?;
        let from = last.as_ref().map(|l| l.commit.as_str());
        let pending = history.pending(from, &version).map_err(unreadable)?;
        Ok((history, last, pending, version))
    }

    fn versions<'h>(
        &self,
        history: &'h History,
        last: Option<&Publication>,
        version: &str,
    ) -> Versions<'h> {
        Versions {
            history,
            published: last.map(|l| l.commit.clone()),
            version: version.to_string(),
            file_link: format!("{}version-file", self.frame("").edit),
        }
    }

    /// What the page shows: the items waiting at `version` (the latest when `None`), and
    /// whether the person asking may approve them.
    fn publish_view(
        &self,
        version: Option<&str>,
        published: Option<String>,
        pressed: Option<Pressed>,
    ) -> Result<PublishView, super::Response> {
        // The version the list was made at, which a press then publishes from: never a later
        // one read again, which could hold saves the page does not show.
        let (history, last, pending, version) = self.waiting_at(version)?;
        let words = Words::of(&self.snapshot());
        let summarised = last.is_none() || count(&pending, &words) > SHOWN_ITEMS;
        let versions = self.versions(&history, last.as_ref(), &version);
        let list = items(&versions, &words, &pending, !summarised);
        let person = asking();
        let cannot = match &person {
            None => Some("The sign-in did not say who you are.".to_string()),
            Some(p) if !p.approves() => Some("You can edit, but publishing needs an approver: ask one of them to open this page. Each item's preview already shows your changes.".into()),
            Some(_) => None,
        };
        let count = list.len();
        let mut groups: Vec<Group> = Vec::new();
        let mut remaining = count;
        for item in list {
            remaining -= 1;
            let own = person.as_ref().is_some_and(|p| item.by.contains(&p.email));
            let ticked = match &pressed {
                Some(p) => p.ticked.contains(&item.key),
                None => !own,
            };
            let view = ItemView {
                number: count - remaining,
                preview: self.preview_of(&item),
                own,
                ticked: ticked && !own,
                item,
            };
            match groups.last_mut() {
                Some(g) if g.kind == view.item.kind => g.items.push(view),
                _ => groups.push(Group {
                    kind: view.item.kind,
                    count: 0,
                    counts: String::new(),
                    items: vec![view],
                }),
            }
        }
        for g in &mut groups {
            g.count = g.items.len();
            let n = |state: &str| g.items.iter().filter(|i| i.item.state == state).count();
            let said: Vec<String> = [
                ("New", "new"),
                ("Changed", "changed"),
                ("Removed", "removed"),
            ]
            .iter()
            .filter(|(s, _)| n(s) > 0)
            .map(|(s, w)| format!("{} {w}", n(s)))
            .collect();
            g.counts = said.join(", ");
        }
        Ok(PublishView {
            frame: self.frame("publish"),
            last: last.map(|l: Publication| LastView {
                tag: l.tag,
                by: l.by,
                when: when(l.when),
            }),
            groups,
            count,
            summarised,
            version,
            cannot,
            published,
            failed: pressed.map(|p| p.failed).unwrap_or_default(),
            mail_failed: self.mail_failure(),
        })
    }

    /// "Preview this page" for an item that makes a page (the site settings show on every page:
    /// the home page's).
    fn preview_of(&self, item: &Item) -> Option<String> {
        if item.state == "Removed" {
            return None;
        }
        let file = match item.kind {
            "Updates" | "Areas" | "Measures" | "Pages" | "Home page" => item.key.as_str(),
            "Site settings" => "content/_index.md",
            _ => return None,
        };
        Some(self.preview_link(file))
    }

    /// The page for a site that is not a team's: publishing is the web team's build there.
    fn no_publish_page(&self) -> super::Response {
        let why = "Publishing from the editor is for a team (sendsite serve --team). On your own, run sendsite build.";
        self.message(404, "There is no Publish page here", &[why])
    }
}

/// The publication's record: who approved it, when, each item it put live with its saves, and
/// how many were left waiting.
fn approval(email: &str, chosen: &[&Item], left: usize) -> String {
    let mut message = format!(
        "Approved and published by {email} on {}\n\n{} item{}:\n",
        when(time::OffsetDateTime::now_utc().unix_timestamp()),
        chosen.len(),
        if chosen.len() == 1 { "" } else { "s" }
    );
    for i in chosen {
        let saves: Vec<&str> = i.commits.iter().map(|c| c.get(..12).unwrap_or(c)).collect();
        let by = i.by.join(" and ");
        message.push_str(&format!(
            "- {} ({}, by {by}; saves {})\n",
            i.title,
            i.state.to_lowercase(),
            saves.join(", ")
        ));
    }
    if left > 0 {
        let s = if left == 1 { "" } else { "s" };
        message.push_str(&format!("\n{left} item{s} left waiting.\n"));
    }
    message
}

/// Why the trial build of a selection failed, for the page: an item that needs another left
/// out ("…names “x”") said as such, and any other error with its file, in a form's words.
fn needs(
    versions: &Versions,
    errors: crate::error::Diagnostics,
    chosen: &[&Item],
    rest: &[&Item],
) -> Vec<String> {
    let mut said = Vec::new();
    for d in errors.sorted().into_iter().filter(|d| d.is_error()) {
        let file = d.file.to_string_lossy().replace('\\', "/");
        let text = format!("{} {}", d.message, d.hint.as_deref().unwrap_or(""));
        // The slug whole: quoted, or a part of an address (`/plan/`, not `/plans`).
        let names = |i: &&&Item| {
            let at = |end: &str| text.contains(&format!("/{}{end}", i.slug));
            text.contains(&format!("\"{}\"", i.slug))
                || text.contains(&format!("“{}”", i.slug))
                || ["/", "\"", "#", ")", " "].iter().any(|e| at(e))
                || text.trim_end().ends_with(&format!("/{}", i.slug))
        };
        let mine = chosen.iter().find(|i| i.paths.contains(&file));
        let line = match (mine, rest.iter().find(names), chosen.iter().find(names)) {
            (Some(a), Some(b), _) => format!(
                "{} needs {}, which is not selected. Select both, or leave both waiting.",
                a.title,
                lower_first(&b.title)
            ),
            (None, _, Some(b)) => {
                let live = versions
                    .history
                    .file_at(versions.published.as_deref().unwrap_or_default(), &file)
                    .ok()
                    .flatten()
                    .map_or(file.clone(), |bytes| named(&file, &bytes));
                format!(
                    "{} on the live site needs {} as it is now, so it cannot change alone. Select what changes it with it, or leave it waiting.",
                    capital(&live), lower_first(&b.title)
                )
            }
            _ => {
                let why = super::problems::for_form(&d.message, d.hint.as_deref());
                format!("{file}: {why}")
            }
        };
        if !said.contains(&line) {
            said.push(line);
        }
    }
    said
}
