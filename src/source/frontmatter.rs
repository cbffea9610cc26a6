//! Splitting a markdown file into its TOML front matter and its body.
//!
//! Pure functions over text: reading files happens elsewhere. Byte offsets into the original
//! (normalised) text are kept so that a TOML error inside the front matter can be reported at its
//! real line in the file.

use std::ops::Range;
use std::path::Path;

use serde::de::DeserializeOwned;

use crate::error::{Diagnostic, Location};

/// A source file's text, normalised: no byte-order mark, `\n` line endings.
#[derive(Debug, Clone)]
pub struct Source<'a> {
    /// The file as shown to the user, e.g. `content/updates/2022-11-23-revisit.md`.
    pub path: &'a Path,
    /// The whole text of the file.
    pub text: &'a str,
}

impl Source<'_> {
    /// The location of a byte offset in the file.
    pub fn location(&self, offset: usize) -> Location {
        Location::at(self.text, offset)
    }

    /// An error at a byte offset in the file.
    pub fn error_at(&self, offset: usize, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(self.path, message).at(self.location(offset))
    }
}

/// Makes text from any editor look the same: drops a byte-order mark, turns CRLF into LF.
pub fn normalise(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text.to_string()
    }
}

/// A file split at its front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The TOML between the `+++` lines (empty when the file has none).
    pub front_matter: &'a str,
    /// Byte offset of the front matter in the file.
    pub front_matter_offset: usize,
    /// The markdown after the closing `+++`.
    pub body: &'a str,
    /// Byte offset of the body in the file.
    pub body_offset: usize,
}

/// Splits `source` at its `+++` front matter; `required` says whether a file without one is an error.
pub fn split<'a>(source: &Source<'a>, required: bool) -> Result<Split<'a>, Diagnostic> {
    let text = source.text;
    if text.starts_with("---") {
        return Err(source
            .error_at(0, "front matter starts with `---` (YAML), but sendsite reads TOML between `+++` lines")
            .hint("replace both `---` lines with `+++` and write the fields as TOML, e.g. `title = \"...\"`"));
    }
    let Some(rest) = text.strip_prefix("+++") else {
        if required {
            return Err(source.error_at(0, "this file has no front matter").hint(
                "start the file with a line `+++`, then `title = \"...\"` and the other fields, then another `+++` line",
            ));
        }
        return Ok(Split {
            front_matter: "",
            front_matter_offset: 0,
            body: text,
            body_offset: 0,
        });
    };
    let start = 3 + rest.find('\n').map_or(rest.len(), |i| i + 1);
    let close = find_closing(&text[start..]).map(|i| start + i);
    let Some(close) = close else {
        return Err(source
            .error_at(0, "the front matter is never closed")
            .hint("add a line `+++` after the last field, before the text of the page"));
    };
    let after = &text[close + 3..];
    let body_offset = close + 3 + after.find('\n').map_or(after.len(), |i| i + 1);
    Ok(Split {
        front_matter: &text[start..close],
        front_matter_offset: start,
        body: &text[body_offset..],
        body_offset,
    })
}

/// Checks that a body nests lists, quotes and HTML no deeper than a page can show (see
/// [`super::nesting`]); every kind of content calls this on its body once it is split.
pub fn check_body(source: &Source, split: &Split) -> Result<(), Diagnostic> {
    super::nesting::check(split.body).map_err(|(offset, message)| {
        source
            .error_at(split.body_offset + offset, message)
            .hint("take out the extra levels: lists and quotes read best at most three deep")
    })
}

/// Finds the byte offset of the `+++` line that closes the front matter.
fn find_closing(text: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            return Some(offset);
        }
        offset += line.len();
    }
    None
}

/// Deserialises TOML front matter, turning a syntax or type error into a located diagnostic.
pub fn parse_toml<T: DeserializeOwned>(
    source: &Source,
    toml_text: &str,
    offset: usize,
) -> Result<T, Diagnostic> {
    toml::from_str(toml_text).map_err(|e| toml_error(source, e, offset))
}

/// A TOML error as a diagnostic at the place the parser points to.
pub fn toml_error(source: &Source, error: toml::de::Error, offset: usize) -> Diagnostic {
    let at = error
        .span()
        .map_or(offset, |s: Range<usize>| offset + s.start);
    if let Some(diagnostic) = date_slip(source, at) {
        return diagnostic;
    }
    let message = error.message().trim().replace('\n', ": ");
    let message = match message.strip_prefix("missing field `") {
        Some(rest) => format!("`{}` is missing", rest.trim_end_matches('`')),
        None => message,
    };
    let diagnostic = source.error_at(at, message.clone());
    match toml_hint(&message) {
        Some(hint) => diagnostic.hint(hint),
        None => diagnostic,
    }
}

/// A date TOML cannot read at all (`date = 20/01/2021`, `date = 20 January 2021`,
/// `opens = 2022-02-30`) gets the same message as the quoted one, at the value.
fn date_slip(source: &Source, at: usize) -> Option<Diagnostic> {
    let line_start = source.text[..at.min(source.text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let line = source.text[line_start..].lines().next().unwrap_or("");
    let (key, value) = line.split_once('=')?;
    let value = value.trim();
    let iso_like = value.len() == 10
        && value
            .bytes()
            .enumerate()
            .all(|(i, b)| b.is_ascii_digit() || (i == 4 || i == 7) && b == b'-');
    if !iso_like && crate::source::dates::uk_reading(value).is_none() {
        return None;
    }
    let (message, hint) =
        crate::source::dates::parse_date(&toml::Value::String(value.to_string())).err()?;
    let value_at = line_start + line.find(value).unwrap_or(0);
    Some(
        source
            .error_at(value_at, format!("{}: {message}", key.trim()))
            .hint(hint),
    )
}

/// Plain-English advice for the TOML mistakes people make most.
fn toml_hint(message: &str) -> Option<String> {
    if let Some(field) = message.strip_prefix("unknown field `") {
        let field = field.split('`').next().unwrap_or("");
        let expected = message
            .split("expected ")
            .nth(1)
            .unwrap_or("")
            .replace('`', "");
        return Some(format!(
            "`{field}` is not a field here; check its spelling (fields allowed: {expected})"
        ));
    }
    if let Some(field) = message.strip_suffix("` is missing") {
        let field = field.trim_start_matches('`');
        return Some(format!(
            "add `{field} = ...` to the front matter, between the `+++` lines"
        ));
    }
    if message.contains("basic string") || message.contains("invalid string") {
        return Some("end the text with a closing double quote on the same line, e.g. `title = \"Revisit report\"`".into());
    }
    if message.contains("expected") && message.contains("string") {
        return Some("text values go in double quotes, e.g. `title = \"Revisit report\"`".into());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(text: &str) -> Source<'_> {
        Source {
            path: Path::new("content/x.md"),
            text,
        }
    }

    #[test]
    fn splits_front_matter_and_body() {
        let text = "+++\ntitle = \"A\"\n+++\nBody\n";
        let s = split(&src(text), true).unwrap();
        assert_eq!(s.front_matter, "title = \"A\"\n");
        assert_eq!(s.body, "Body\n");
        assert_eq!(&text[s.front_matter_offset..][..5], "title");
    }

    #[test]
    fn yaml_front_matter_gets_a_hint() {
        let e = split(&src("---\ntitle: A\n---\n"), true).unwrap_err();
        assert!(e.message.contains("YAML"), "{e}");
    }

    #[test]
    fn unquoted_dates_get_the_date_message() {
        for (written, message) in [
            (
                "20/01/2021",
                "date: `20/01/2021` is not a date sendsite can read",
            ),
            (
                "20 January 2021",
                "date: `20 January 2021` is not a date sendsite can read",
            ),
            (
                "2022-02-30",
                "date: 2022-02-30 is not a day in the calendar",
            ),
        ] {
            let text = format!("title = \"x\"\ndate = {written}\n");
            let e = parse_toml::<toml::Table>(&src(&text), &text, 0).unwrap_err();
            assert_eq!(
                (e.message.as_str(), e.location.map(|l| (l.line, l.column))),
                (message, Some((2, 8))),
                "{written}"
            );
        }
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let e = split(&src("+++\ntitle = \"A\"\n"), true).unwrap_err();
        assert!(e.message.contains("never closed"), "{e}");
    }

    #[test]
    fn normalise_drops_bom_and_crlf() {
        assert_eq!(normalise("\u{feff}a\r\nb"), "a\nb");
    }
}
