//! Messages in the words of a form: about a field, by its label, never a key of a file. A
//! form's own checks call the build's rules (`source::url`, `config`) with the field's label;
//! the build's trial then checks everything across files.

use super::problems::{form_words, Problem};

/// A message on the field `id`.
pub fn on(id: &str, text: String) -> Problem {
    Problem {
        field: Some(id.to_string()),
        text: form_words(&text),
        line: None,
    }
}

/// `(message, hint)` as one sentence.
pub fn said((message, hint): (String, String)) -> String {
    format!("{message}: {hint}")
}
