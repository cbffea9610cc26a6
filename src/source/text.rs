//! Text as it may appear in a page, a feed and a calendar: no invisible control characters.
//!
//! Word and PDF readers paste vertical tabs, form feeds and other control characters into text.
//! Browsers hide them, but XML (feeds) forbids them and calendars read a stray carriage return as
//! the start of a new line, so they are taken out of every source file as it is read, each with a
//! warning that names its line.

use crate::error::{Diagnostic, Lines};
use std::path::Path;

/// Whether `c` is a control character that no published text should carry (tab and line feed
/// are ordinary text).
pub fn is_control(c: char) -> bool {
    (c.is_control() && c != '\t' && c != '\n')
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{FFFE}' | '\u{FFFF}')
}

/// Removes control characters from `text`, with one warning per line that had any.
pub fn strip_controls(path: &Path, text: String) -> (String, Vec<Diagnostic>) {
    if !text.chars().any(is_control) {
        return (text, Vec::new());
    }
    let mut warnings: Vec<Diagnostic> = Vec::new();
    let mut last_line = 0;
    let lines = Lines::new(&text);
    for (offset, c) in text.char_indices().filter(|(_, c)| is_control(*c)) {
        let location = lines.at(offset);
        if location.line == last_line {
            continue;
        }
        last_line = location.line;
        let mut shown = location.clone();
        shown.text = shown.text.replace(is_control, " ");
        warnings.push(
            Diagnostic::warning(path, format!("removed an invisible control character ({}) from this line", describe(c)))
                .at(shown)
                .hint("such characters often come from pasting out of Word or a PDF; feeds and calendars cannot carry them, so delete them from the file"),
        );
    }
    (text.replace(is_control, ""), warnings)
}

/// A control character's code and, for the common ones, its name.
fn describe(c: char) -> String {
    let name = match c {
        '\u{0}' => " NUL",
        '\u{b}' => ", a vertical tab",
        '\u{c}' => ", a form feed",
        '\r' => ", a carriage return",
        '\u{8}' => ", a backspace",
        '\u{1b}' => ", an escape",
        _ => "",
    };
    format!("U+{:04X}{name}", c as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_removed_with_a_warning_per_line() {
        let text = "title = \"a\u{b}b\u{1}\"\nok\nbody\u{0}\n".to_string();
        let (clean, warnings) = strip_controls(Path::new("x.md"), text);
        assert_eq!(clean, "title = \"ab\"\nok\nbody\n");
        let lines: Vec<usize> = warnings
            .iter()
            .map(|w| w.location.as_ref().unwrap().line)
            .collect();
        assert_eq!(lines, [1, 3]);
        assert!(
            warnings[0].message.contains("U+000B, a vertical tab"),
            "{}",
            warnings[0]
        );
    }

    #[test]
    fn tabs_and_newlines_stay() {
        let (clean, warnings) = strip_controls(Path::new("x.md"), "a\tb\nc\n".to_string());
        assert_eq!((clean.as_str(), warnings.len()), ("a\tb\nc\n", 0));
    }
}
