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

/// The bytes that may start a character [`is_control`] names: the C0 controls but tab and line
/// feed, DEL, and the lead bytes of the UTF-8 forms of U+0080–U+009F (`C2`), U+2028 and U+2029
/// (`E2`), and U+FFFE and U+FFFF (`EF`).
const MAY_START: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = b != b'\t' as usize && b != b'\n' as usize;
        b += 1;
    }
    table[0x7F] = true;
    table[0xC2] = true;
    table[0xE2] = true;
    table[0xEF] = true;
    table
};

/// Whether `text` has any character [`is_control`] names, read eight bytes at a time (every
/// source file is checked, so this is the quick way to say that it has none): eight bytes of
/// plain ASCII (none below a space, none from DEL up) are passed over at once; elsewhere a table
/// says which bytes may start one, and only there are the next bytes read. (`E2` also starts the
/// curly quotes and dashes of most English text: those are passed over after one look.)
fn has_control(text: &str) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if let Some(Ok(chunk)) = bytes.get(i..i + 8).map(<[u8; 8]>::try_from) {
            let x = u64::from_le_bytes(chunk);
            let below_space = x.wrapping_sub(ONES * 0x20) & !x & HIGH;
            let del_or_above = (x.wrapping_add(ONES) | x) & HIGH;
            if below_space == 0 && del_or_above == 0 {
                i += 8;
                continue;
            }
        }
        if MAY_START[usize::from(bytes[i])] && control_at(bytes, i) {
            return true;
        }
        i += 1;
    }
    false
}

/// Whether the byte at `i`, one [`MAY_START`] names, starts a character [`is_control`] names.
fn control_at(bytes: &[u8], i: usize) -> bool {
    let next = |n: usize| bytes.get(i + n).copied();
    match bytes[i] {
        0xC2 => matches!(next(1), Some(0x80..=0x9F)),
        0xE2 => next(1) == Some(0x80) && matches!(next(2), Some(0xA8 | 0xA9)),
        0xEF => next(1) == Some(0xBF) && matches!(next(2), Some(0xBE | 0xBF)),
        _ => true,
    }
}

/// Removes control characters from `text`, with one warning per line that had any.
pub fn strip_controls(path: &Path, text: String) -> (String, Vec<Diagnostic>) {
    if !has_control(&text) {
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
    fn the_quick_test_agrees_with_the_characters() {
        let samples = [
            "plain text\twith a tab\n",
            "curly ’quotes’ and – dashes, é, 🎉",
            "a\rb",
            "nul \0",
            "del \u{7f}",
            "c1 \u{85} and \u{9f}",
            "\u{a0} no-break space is text",
            "line \u{2028} and paragraph \u{2029} separators",
            "\u{2027} and \u{202a} are not",
            "\u{fffe} \u{ffff}",
            "\u{fffd} \u{ffef}",
        ];
        for s in samples {
            assert_eq!(has_control(s), s.chars().any(is_control), "{s:?}");
        }
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let s = format!("x{c}y");
            assert_eq!(has_control(&s), is_control(c), "U+{:04X}", c as u32);
        }
        // In long text, at every place within the eight bytes read at once.
        for c in (0..=0xFFFF).filter_map(char::from_u32) {
            for before in 0..9 {
                let s = format!("{}{c}{}", &"plain text"[..before], " and more plain text");
                assert_eq!(
                    has_control(&s),
                    is_control(c),
                    "U+{:04X} at {before}",
                    c as u32
                );
            }
        }
    }

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
