//! The description of every form's fields: one table a form, each field once (its key in the
//! file, name, label, hint, kind, whether it is needed; see [`Field`]). The forms read, check and
//! draw their fields from these, and History and Publish name a changed key by them
//! ([`label_of`]). To add a field to a form, add it here (docs/development.md, "Adding a field
//! to a form").

pub mod documents;
pub mod measure;
pub mod page;
pub mod settings;
pub mod update;
pub mod withdraw;

use super::fields::Field;
use super::words::capital;

/// Hints said by more than one field.
const A_DAY: &str = "For example, 14/03/2025 or 14 March 2025.";
const A_MONTH_OR_DAY: &str = "A month (March 2026) or a day (31/03/2026).";
const MARKDOWN: &str =
    "Markdown: a blank line between paragraphs, ## for a heading, [words](address) for a link.";

/// A list of tables in a file (an area's actions, an update's notes), as the forms name one
/// of them and the whole.
pub struct Group {
    /// Its key in the file.
    pub key: &'static str,
    /// One of it: "Action", "Note".
    pub one: &'static str,
    /// Its fields, each with its own key in the table.
    pub fields: &'static [&'static Field],
}

/// The fields and groups of the form of a file, by what the file is (the words History uses:
/// "update", "area", "measure", "site settings").
fn form_of(noun: &str) -> (&'static [&'static Field], &'static [Group]) {
    match noun {
        "update" => (update::TOP, update::GROUPS),
        "area" | "page" | "home page" => (page::TOP, page::GROUPS),
        "measure" => (measure::TOP, &[]),
        "site settings" => (settings::TOP, settings::GROUPS),
        _ => (&[], &[]),
    }
}

/// The label of the key at `path` (`["title"]`, `["actions", "due"]`, `["hosting", "server"]`)
/// in a file of this kind, as its form names it; a group by what one of it is called. `None`
/// for a key no form shows.
pub fn label_of(noun: &str, path: &[&str]) -> Option<String> {
    let (top, groups) = form_of(noun);
    let group = |key: &str| groups.iter().find(|g| g.key == key);
    let in_group = |g: &Group, key: &str| {
        g.fields
            .iter()
            .find(|f| f.key == key)
            .map(|f| plain(f.label))
    };
    match path {
        [key] => top
            .iter()
            .find(|f| f.key == *key)
            .map(|f| plain(f.label))
            .or_else(|| group(key).map(|g| g.one.to_string())),
        // A table of things named by their slugs (`[progress]`, `[glossary]`): the slug says
        // which; the form's words for it are the area's or the term's own, not known here.
        [g, key] => {
            let g = group(g)?;
            in_group(g, key).or_else(|| {
                let by_slug = g
                    .fields
                    .iter()
                    .any(|f| f.key == "{slug}" || f.key == "status");
                by_slug.then(|| capital(&key.replace(['-', '_'], " ")))
            })
        }
        [g, slug, key] => {
            let g = group(g)?;
            Some(format!(
                "{} › {}",
                capital(&slug.replace(['-', '_'], " ")),
                in_group(g, key)?
            ))
        }
        _ => None,
    }
}

/// A label without the place a group's copy has ("Action {n}: due by" → "Due by") or the
/// thing it is about ("{of}: why (optional)" → "Why (optional)").
fn plain(label: &str) -> String {
    for mark in ["{n}: ", "{of}: "] {
        if let Some((_, rest)) = label.split_once(mark) {
            return capital(rest);
        }
    }
    label.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn history_names_keys_as_the_forms_do() {
        assert_eq!(label_of("update", &["opens"]).as_deref(), Some("Opens on"));
        assert_eq!(
            label_of("area", &["actions", "due"]).as_deref(),
            Some("Due by")
        );
        assert_eq!(label_of("area", &["actions"]).as_deref(), Some("Action"));
        assert_eq!(
            label_of("measure", &["target_date"]).as_deref(),
            Some("Target date")
        );
        assert_eq!(
            label_of("site settings", &["hosting", "server"]).as_deref(),
            Some("Web server")
        );
        assert_eq!(
            label_of("update", &["progress", "send"]).as_deref(),
            Some("Send")
        );
        assert_eq!(
            label_of("update", &["actions", "a-1", "note"]).as_deref(),
            Some("A 1 › Why (optional)")
        );
        assert_eq!(
            label_of("update", &["history", "date"]).as_deref(),
            Some("Date of the change")
        );
        assert_eq!(label_of("update", &["aliases"]), None);
    }

    #[test]
    fn no_two_fields_of_a_form_share_a_name() {
        let forms: [&[&Field]; 4] = [
            &[
                &update::TITLE,
                &update::DATE,
                &update::KIND,
                &update::AREAS,
                &update::SUMMARY,
                &update::BODY,
                &update::OPENS,
                &update::CLOSES,
                &update::EVENT_DATE,
                &update::EVENT_TIME,
                &update::EVENT_END,
                &update::EVENT_END_KEPT,
                &update::LOCATION,
                &update::OUTCOME,
                &update::JUDGEMENT,
                &update::PROGRESS,
                &update::RATING,
                &update::RATING_NOTE,
                &update::DOCUMENT_TITLE,
                &update::DOCUMENT_TARGET,
                &update::DOCUMENT_REMOVE,
                &update::NEW_DOCUMENT_TITLE,
                &update::NEW_DOCUMENT_FILE,
                &update::NEW_DOCUMENT_EXISTING,
                &update::NOTE_DATE,
                &update::NOTE_NOTE,
                &update::NEW_NOTE_DATE,
                &update::NEW_NOTE_NOTE,
                &update::DRAFT,
            ],
            &[
                &page::TITLE,
                &page::TYPE,
                &page::FINDING,
                &page::BODY,
                &page::ACTION_ID,
                &page::ACTION_TITLE,
                &page::ACTION_DUE,
                &page::ACTION_OWNER,
                &page::ACTION_REMOVE,
                &page::NEW_TITLE,
                &page::NEW_DUE,
                &page::NEW_OWNER,
            ],
            measure::TOP,
            settings::TOP,
        ];
        for fields in forms {
            let mut names: Vec<&str> = fields.iter().map(|f| f.name).collect();
            names.sort_unstable();
            let before = names.len();
            names.dedup();
            assert_eq!(names.len(), before, "{names:?}");
        }
    }
}
