//! The editor's emails (`[notify]` in `team.toml`): the approvers when changes start waiting
//! (each at most one per `every_minutes`), each author when their change goes live, the other
//! approvers when the live site is put back. Each is sent off the request: the save or the
//! publication has already happened, and a relay that is down or silent changes nothing for it.

use super::review::{items, Item, Versions};
use super::words::Words;
use super::Editor;
use crate::team::history::History;
use crate::team::notify::{Mail, Notify};
use crate::team::publish::own_folder;
use crate::team::Team;

impl Editor {
    /// The team's `[notify]`, the team, and where mail failures are kept, if the team is told.
    fn notifier(&self) -> Option<(Notify, Team, std::path::PathBuf)> {
        let team = Team::load(&self.root).ok()?;
        let notify = team.notify.clone()?;
        Some((notify, team, own_folder(&self.root)?))
    }

    /// After a save by `who`: tells the approvers what waits, unless they were told within
    /// `every_minutes`. The list is read in the thread that sends it.
    pub(super) fn tell_waiting(&self, who: &str) {
        let Some((notify, team, own)) = self.notifier() else {
            return;
        };
        let others: Vec<String> = team.approvers.into_iter().filter(|a| a != who).collect();
        let to = notify.may_tell_waiting(&own, &others);
        if to.is_empty() {
            return;
        }
        let root = self.root.clone();
        let site = self.frame("").site_title;
        let words = Words::of(&self.snapshot());
        std::thread::spawn(move || {
            let list = waiting_titles(&root, &words);
            let mut body = format!(
                "{} item{} of {site} wait for an approver:\n\n",
                list.len(),
                s(list.len())
            );
            for title in &list {
                body.push_str(&format!("- {title}\n"));
            }
            body.push_str(&format!(
                "\nReview them, preview each page, and publish what is ready: {}publish\n\nYou are told at most once every {} minutes.\n",
                notify.editor_url, notify.every_minutes
            ));
            let subject = format!("Changes are waiting for your approval: {site}");
            let mail = Mail { to, subject, body };
            if !notify.send_and_keep(&own, &mail) {
                // Not sent: the next save tries again.
                notify.forget_waiting(&own, &mail.to);
            }
        });
    }

    /// After a publication approved by `approver`: tells each author of `chosen` (but the
    /// approver) which of their changes went live.
    pub(super) fn tell_live(&self, approver: &str, chosen: &[&Item]) {
        let Some((notify, team, own)) = self.notifier() else {
            return;
        };
        let site = self.frame("").site_title;
        let mut authors: Vec<&String> = chosen.iter().flat_map(|i| &i.by).collect();
        authors.sort();
        authors.dedup();
        // Only the team's people: not sendsite's own first commit, nor a change made with git.
        let in_team = |a: &&String| team.editors.contains(a) || team.approvers.contains(a);
        for author in authors
            .into_iter()
            .filter(|a| *a != approver)
            .filter(in_team)
        {
            let theirs: Vec<&str> = chosen
                .iter()
                .filter(|i| i.by.contains(author))
                .map(|i| i.title.as_str())
                .collect();
            let mut body = format!("{approver} approved and published your changes to {site}:\n\n");
            for title in &theirs {
                body.push_str(&format!("- {title}\n"));
            }
            body.push_str(&format!(
                "\nThey are on the live site now (an update dated later appears on its date). Every publication is listed at {}publications\n",
                notify.editor_url
            ));
            let mail = Mail {
                to: vec![author.clone()],
                subject: format!("Your change is live: {site}"),
                body,
            };
            notify.send_later(own.clone(), mail);
        }
    }

    /// After `who` put the live site back: tells the other approvers, with the reason.
    pub(super) fn tell_put_back(&self, who: &str, to_when: &str, reason: &str) {
        let Some((notify, team, own)) = self.notifier() else {
            return;
        };
        let site = self.frame("").site_title;
        let body = format!(
            "{who} put the live site of {site} back to the publication of {to_when}.\n\nReason: {reason}\n\nEverything saved since waits to be approved again: {}publish\n",
            notify.editor_url
        );
        let mail = Mail {
            to: team.approvers.into_iter().filter(|a| a != who).collect(),
            subject: format!("The live site was put back: {site}"),
            body,
        };
        notify.send_later(own, mail);
    }

    /// The last email that could not be sent, in words, for the Review page.
    pub(super) fn mail_failure(&self) -> Option<String> {
        let own = own_folder(&self.root)?;
        let (when, subject, why) = crate::team::notify::last_failure(&own)?;
        Some(format!(
            "The email “{subject}” could not be sent on {}: {why}. Check [notify] in team.toml with the web team; nothing else is affected.",
            super::history::when(when)
        ))
    }
}

fn s(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The titles of the items that wait now, as Review and publish lists them.
fn waiting_titles(root: &std::path::Path, words: &Words) -> Vec<String> {
    let Ok(history) = History::open(root) else {
        return Vec::new();
    };
    let last = history.last_publication().ok().flatten();
    let Some(head) = history.head().ok().flatten() else {
        return Vec::new();
    };
    let from = last.as_ref().map(|l| l.commit.as_str());
    let Ok(pending) = history.pending(from, &head) else {
        return Vec::new();
    };
    let versions = Versions {
        history: &history,
        published: last.map(|l| l.commit),
        version: head,
        file_link: String::new(),
    };
    items(&versions, words, &pending, false)
        .into_iter()
        .map(|i| i.title)
        .collect()
}
