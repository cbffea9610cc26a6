//! The build's messages, placed next to the fields they are about.
//!
//! A message names a line of the file the form would write; the line falls under a key of the
//! front matter (or in the body), and each key is one field of the form. A message the form has
//! no field for (an alias, a pinned id) still shows in the summary, with the line to fix by hand.

use serde::Serialize;

use crate::error::Diagnostic;

/// One message as the form shows it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Problem {
    /// The id of the field it is about (`None`: no field of the form).
    pub field: Option<String>,
    /// What is wrong and how to fix it, in one or two sentences.
    pub text: String,
    /// Where in the file, for a message with no field: "line 7".
    pub line: Option<usize>,
}

/// Where each key of a front matter is written, from the TOML parser's spans: `(line,
/// section, index, key)`, where `section` is `""` or the table it is in (`judgements`,
/// `documents`), and `index` counts a list of tables. A value written over several lines (a
/// long text, a list) is found at each of its lines.
fn keys(front_matter: &str, first_line: usize) -> Vec<(usize, String, usize, String)> {
    let Ok(doc) = toml_edit::ImDocument::parse(front_matter) else {
        return Vec::new();
    };
    let lines = crate::error::Lines::new(front_matter);
    let line = |at: usize| first_line + lines.at(at).line - 1;
    let mut found = Vec::new();
    let mut add = |section: &str, index: usize, table: &toml_edit::Table| {
        if let Some(at) = table.span() {
            found.push((line(at.start), section.to_string(), index, String::new()));
        }
        for (key, item) in table.iter().filter(|(_, item)| item.is_value()) {
            let (Some(k), Some(v)) = (table.key(key).and_then(|k| k.span()), item.span()) else {
                continue;
            };
            for l in line(k.start)..=line(v.end.saturating_sub(1).max(k.start)) {
                found.push((l, section.to_string(), index, key.to_string()));
            }
        }
    };
    add("", 0, doc.as_table());
    for (name, item) in doc.as_table().iter() {
        match item {
            toml_edit::Item::Table(t) => {
                add(name, 0, t);
                // A table in it (`[email_signup.areas]`): its section is both names.
                for (sub, inner) in t.iter() {
                    if let toml_edit::Item::Table(inner) = inner {
                        add(&format!("{name}.{sub}"), 0, inner);
                    }
                }
            }
            toml_edit::Item::ArrayOfTables(list) => {
                for (i, t) in list.iter().enumerate() {
                    add(name, i, t);
                }
            }
            _ => {}
        }
    }
    found.sort_by_key(|k| k.0);
    found
}

/// Places each message: `front_matter` starts at line `first_line` of the file and the body at
/// `body_line`; `field` names the form's field for a key (`section`, `index`, `key`).
pub fn place(
    path: &std::path::Path,
    messages: &[Diagnostic],
    front_matter: &str,
    first_line: usize,
    body_line: usize,
    field: &impl Fn(&str, usize, &str) -> Option<String>,
) -> Vec<Problem> {
    let keys = keys(front_matter, first_line);
    messages
        .iter()
        .map(|d| {
            let text = for_form(&d.message, d.hint.as_deref());
            let line = d.location.as_ref().map(|l| l.line);
            if d.file != path {
                // The change makes another file wrong (e.g. an update reports on a removed action).
                return Problem {
                    field: None,
                    text: format!(
                        "{}: {text} Change that file first, or keep this as it was.",
                        d.file.display()
                    ),
                    line: None,
                };
            }
            let placed = match line {
                // Every form draws its text as `body` (id `f-body`).
                Some(l) if l >= body_line => Some("f-body".to_string()),
                Some(l) => keys
                    .iter()
                    .rev()
                    .find(|k| k.0 <= l)
                    .and_then(|(_, section, index, key)| field(section, *index, key)),
                // A whole-file message about a missing field names it in backquotes.
                None => ["title", "date", "kind"]
                    .into_iter()
                    .find(|k| d.message.contains(&format!("`{k}`")))
                    .and_then(|k| field("", 0, k)),
            };
            Problem {
                line: if placed.is_none() { line } else { None },
                field: placed,
                text,
            }
        })
        .collect()
}

/// Places a trial's messages about the file at `path` that holds `text`: its errors, then its
/// warnings.
pub fn place_all(
    path: &std::path::Path,
    found: &[Diagnostic],
    text: &str,
    field: &impl Fn(&str, usize, &str) -> Option<String>,
) -> (Vec<Problem>, Vec<Problem>) {
    let cut = super::write::Parts::of(path, text).unwrap_or_else(super::write::Parts::new);
    // A byte-order mark adds no line: the front matter starts on the line after `+++`.
    let first_line = cut.before.lines().count() + 1;
    let body_line = first_line + cut.front_matter.lines().count() + cut.between.lines().count();
    let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) =
        found.iter().cloned().partition(Diagnostic::is_error);
    let place =
        |list: &[Diagnostic]| place(path, list, &cut.front_matter, first_line, body_line, field);
    (place(&errors), place(&warnings))
}

/// A message with the marks of a file's syntax taken out (backquotes), ending with a full stop.
pub fn form_words(text: &str) -> String {
    let text = text.replace('`', "");
    let mut chars = text.chars();
    let text = match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    };
    match text.ends_with(['.', '?', '!']) {
        true => text,
        false => format!("{text}."),
    }
}

/// The build's message (and its hint) in the words of a form: no marks of a file's syntax, and
/// no hint that tells how to write the file (the form writes it).
pub fn for_form(message: &str, hint: Option<&str>) -> String {
    const HINT_WORDS: [&str; 6] = ["front matter", "+++", "TOML", " = ", "quotes", "line "];
    const MESSAGE_WORDS: [&str; 3] = ["front matter", "+++", "TOML"];
    let hint = hint.filter(|h| !HINT_WORDS.iter().any(|w| h.contains(w)));
    let cut = MESSAGE_WORDS.iter().filter_map(|w| message.find(w)).min();
    let mut message = match cut {
        Some(at) => message[..at].trim_end_matches([' ', ':', ',', '(']),
        None => message,
    };
    for tail in [" in the", " to the", " between the", " of the"] {
        message = message.strip_suffix(tail).unwrap_or(message);
    }
    match hint {
        Some(hint) => form_words(&format!("{message}: {hint}")),
        None => form_words(message),
    }
    .replace("..", ".")
}

/// A form's status: 422 while it has problems or a conflict to show, else 200.
pub fn status(problems: &[Problem], conflict: bool) -> u16 {
    match problems.is_empty() && !conflict {
        true => 200,
        false => 422,
    }
}

/// The messages of each field, for the form to show beside it.
pub fn by_field(problems: &[Problem]) -> std::collections::BTreeMap<String, Vec<String>> {
    let mut fields = std::collections::BTreeMap::<String, Vec<String>>::new();
    for p in problems {
        if let Some(field) = &p.field {
            fields
                .entry(field.clone())
                .or_default()
                .push(p.text.clone());
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Location;

    #[test]
    fn a_message_goes_to_the_field_of_its_line() {
        let fm = "title = \"A\"\nkind = \"x\"\n\n[judgements]\nsend = \"bad\"\n\n[[documents]]\ntitle = \"D\"\n[[documents]]\ntitle = \"E\"\n";
        let at = |line: usize, message: &str| {
            Diagnostic::error("a.md", message).at(Location {
                line,
                column: 1,
                text: String::new(),
            })
        };
        let messages = [
            at(3, "unknown kind"),
            at(6, "unknown status"),
            at(11, "no such file"),
            at(14, "a long sentence"),
            Diagnostic::error("a.md", "missing field `date`"),
        ];
        let placed = place(
            std::path::Path::new("a.md"),
            &messages,
            fm,
            2,
            13,
            &|section, index, key| Some(format!("{section}/{index}/{key}")),
        );
        let fields: Vec<_> = placed.iter().map(|p| p.field.clone().unwrap()).collect();
        assert_eq!(
            fields,
            [
                "/0/kind",
                "judgements/0/send",
                "documents/1/title",
                "f-body",
                "/0/date"
            ]
        );
        assert_eq!(placed[0].text, "Unknown kind.");
    }
}

#[cfg(test)]
mod form_words_tests {
    use super::*;

    #[test]
    fn the_build_s_words_for_a_file_become_a_form_s() {
        assert_eq!(
            for_form(
                "`kind` is missing",
                Some("add `kind = ...` to the front matter, between the `+++` lines")
            ),
            "Kind is missing."
        );
        assert_eq!(
            for_form("unknown kind \"nwes\"", Some("did you mean \"news\"?")),
            "Unknown kind \"nwes\": did you mean \"news\"?"
        );
        assert_eq!(
            for_form(
                "the title is empty",
                Some("write the entry's title between the quotes")
            ),
            "The title is empty."
        );
        assert_eq!(
            for_form("this is not valid TOML: x", None),
            "This is not valid."
        );
    }
}
