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
    match text.ends_with('.') {
        true => text,
        false => format!("{text}."),
    }
}

/// `(message, hint)` as one sentence.
pub fn said((message, hint): (String, String)) -> String {
    format!("{message}: {hint}")
}
