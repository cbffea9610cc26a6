//! Messages in the words of a form: about a field, by its label, never a key of a file. A
//! form's own checks call the build's rules (`source::url`, `config`) with the field's label;
//! the build's trial then checks everything across files.

use super::problems::Problem;

/// A message on the field `id`.
pub fn on(id: &str, text: String) -> Problem {
    Problem {
        field: Some(id.to_string()),
        text: form_words(&text),
        line: None,
    }
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
        None => form_words(&message),
    }
    .replace("..", ".")
}

/// `(message, hint)` as one sentence.
pub fn said((message, hint): (String, String)) -> String {
    format!("{message}: {hint}")
}

#[cfg(test)]
mod tests {
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
