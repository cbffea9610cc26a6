//! Settings that only approvers change, in team mode: the site's web address (every link,
//! feed and calendar address is made from it), its inspection framework (the words of every
//! outcome and status) and its web server (the redirects and file types the live site is served
//! with). A slip in one of them breaks the live site or what it says, so an editor sees them
//! read-only, saying who may change them, and the server refuses a form that changes them
//! anyway. Alone (not team mode), whoever edits may change everything.

use super::fields::{Drawn, Field};
use super::forms::settings as d;
use super::{asking, Editor};
use crate::team::Team;

/// The settings only approvers change.
pub(super) const GUARDED: [&Field; 3] = [&d::BASE_URL, &d::FRAMEWORK, &d::SERVER];

impl Editor {
    /// Why the person asking may not change the [`GUARDED`] settings, naming who may; `None`
    /// when they may (not team mode, or an approver).
    pub(super) fn guarded(&self) -> Option<String> {
        if !self.is_team() || asking().is_some_and(|p| p.approves()) {
            return None;
        }
        let approvers = Team::load(&self.root)
            .map(|t| t.approvers.join(", "))
            .unwrap_or_default();
        let who = match approvers.is_empty() {
            true => "an approver".to_string(),
            false => format!("an approver ({approvers})"),
        };
        Some(format!("Only {who} may change this: a mistake here would break the live site or change what every page says. Ask one of them."))
    }
}

/// Where each of the [`GUARDED`] settings is written in `site.toml`: its table and its key.
const WRITTEN: [(&str, &str); 3] = [("", "base_url"), ("", "framework"), ("hosting", "server")];

/// The label of the first [`GUARDED`] setting that `restored` (a `site.toml` from the history)
/// writes otherwise than `now`: restoring it would change what an editor may not.
pub(super) fn differs(restored: &str, now: &str) -> Option<String> {
    let value = |text: &str, (table, key): (&str, &str)| -> Option<String> {
        let doc = text.parse::<toml_edit::DocumentMut>().ok()?;
        let table = match table {
            "" => doc.as_table(),
            name => doc.get(name)?.as_table()?,
        };
        table.get(key)?.as_str().map(str::to_string)
    };
    GUARDED
        .iter()
        .zip(WRITTEN)
        .find(|(_, at)| value(restored, *at) != value(now, *at))
        .map(|(field, _)| field.one().label())
}

/// The page that refuses a change to the setting `label`, saying who may make it (`who`, as
/// [`Editor::guarded`] says it).
pub(super) fn refused(editor: &Editor, label: &str, who: &str) -> super::Response {
    let why = format!("{label} is changed by approvers only. Nothing was saved.");
    editor.message(403, "Only an approver may change this", &[&why, who])
}

/// The guarded fields of a drawn form, shown read-only with `why`.
pub(super) fn lock(fields: &mut Drawn, why: &str) {
    for field in GUARDED {
        let shown = fields.values_mut().find(|s| s.id == field.one().id());
        if let Some(shown) = shown {
            shown.locked = why.to_string();
        }
    }
}

/// The guarded settings of a submitted form (`values`, in the order of [`GUARDED`]) put back
/// as they are in the file (`kept`): an editor's form has no inputs for them. The label of the
/// first one it tried to change, if any: a form made by hand.
pub(super) fn keep(values: [&mut String; 3], kept: [&str; 3]) -> Option<String> {
    let mut tried = None;
    for ((field, value), kept) in GUARDED.iter().zip(values).zip(kept) {
        if !value.is_empty() && value != kept && tried.is_none() {
            tried = Some(field.one().label());
        }
        *value = kept.to_string();
    }
    tried
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_an_editor_cannot_change_is_kept_as_it_is() {
        let kept = ["https://www.council.example/send/", "2023", "nginx"];
        let (mut url, mut framework, mut server) = (String::new(), String::new(), String::new());
        assert_eq!(
            keep([&mut url, &mut framework, &mut server], kept),
            None,
            "not sent: kept"
        );
        assert_eq!([url.as_str(), &framework, &server], kept);
        let mut moved = "https://www.elsewhere.example/".to_string();
        let mut same = "2023".to_string();
        let mut other = "apache".to_string();
        let tried = keep([&mut moved, &mut same, &mut other], kept);
        assert_eq!(
            tried.as_deref(),
            Some("Web address"),
            "the first one changed is named"
        );
        assert_eq!([moved.as_str(), &same, &other], kept, "and none is changed");
    }
}
