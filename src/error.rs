//! What a user sees when their content is wrong.
//!
//! Every problem found in a build becomes a [`Diagnostic`] that names the file, the line and the
//! column, shows the offending line with a caret under the place, and says how to fix it. A build
//! collects all of them ([`Diagnostics`]) before it fails, so that a comms officer fixes every
//! mistake in one pass instead of one per build. This module only formats; it never decides
//! what is wrong.

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a diagnostic is: errors fail the build, warnings only inform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The build cannot go on with this content.
    Error,
    /// The site builds, but something is probably not what the author meant.
    Warning,
}

/// A place in a source file, 1-based, with the text of that line for display.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// The text of the line, without its line ending.
    pub text: String,
}

impl Location {
    /// The location of byte `offset` in `source` (clamped to the text).
    pub fn at(source: &str, offset: usize) -> Location {
        Lines::new(source).at(offset)
    }
}

/// Where each line of a text starts, so that many locations in one text (a row of a figures file
/// each, a control character each) cost a binary search each instead of a count from the start:
/// [`Location::at`] alone would make a file of many bad lines take time growing with its square.
#[derive(Debug, Clone)]
pub struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    /// Indexes the lines of `text` (one pass).
    pub fn new(text: &'a str) -> Lines<'a> {
        // `match_indices` of a `char` searches with memchr: a long text is indexed quickly.
        let breaks = text.match_indices('\n');
        let starts = std::iter::once(0)
            .chain(breaks.map(|(i, _)| i + 1))
            .collect();
        Lines { text, starts }
    }

    /// The location of byte `offset` of a markdown body, indexed by these lines, that starts
    /// on line `body_line` of its file (see [`Location::in_body`]).
    pub fn in_body(&self, offset: usize, body_line: usize) -> Location {
        let mut location = self.at(offset);
        location.line += body_line.saturating_sub(1);
        location
    }

    /// The location of byte `offset` (clamped to the text), as [`Location::at`] gives it.
    pub fn at(&self, offset: usize) -> Location {
        let text = self.text;
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let index = self.starts.partition_point(|&s| s <= offset) - 1;
        let line_start = self.starts[index];
        let line_end = self
            .starts
            .get(index + 1)
            .map_or(text.len(), |next| next - 1);
        Location {
            line: index + 1,
            column: text[line_start..offset].chars().count() + 1,
            text: text[line_start..line_end]
                .trim_end_matches('\r')
                .to_string(),
        }
    }
}

impl Location {
    /// The location of byte `offset` of a markdown body that starts on line `body_line` of its file.
    pub fn in_body(body: &str, offset: usize, body_line: usize) -> Location {
        let mut location = Location::at(body, offset);
        location.line += body_line.saturating_sub(1);
        location
    }
}

/// One problem in the content, with where it is and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file, relative to the site root where possible (e.g. `content/site.toml`).
    pub file: PathBuf,
    /// Where in the file; `None` when the problem is the file as a whole.
    pub location: Option<Location>,
    /// What is wrong, in one line.
    pub message: String,
    /// How to fix it, when we can tell.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error about a whole file.
    pub fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            location: None,
            message: message.into(),
            hint: None,
        }
    }

    /// A warning about a whole file.
    pub fn warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    /// Points the diagnostic at a place in the file.
    pub fn at(mut self, location: Location) -> Diagnostic {
        self.location = Some(location);
        self
    }

    /// Adds a hint that tells the author what to do.
    pub fn hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    /// Whether this diagnostic fails the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    fn sort_key(&self) -> (&Path, usize, usize, Severity, &str) {
        let (line, column) = self
            .location
            .as_ref()
            .map_or((0, 0), |l| (l.line, l.column));
        (&self.file, line, column, self.severity, &self.message)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{label}: {}", self.file.display())?;
        if let Some(loc) = &self.location {
            write!(f, ":{}:{}", loc.line, loc.column)?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(loc) = &self.location {
            let gutter = " ".repeat(loc.line.to_string().len());
            let (shown, before) = clip(&loc.text, loc.column - 1);
            let caret_pad: String = shown
                .chars()
                .take(before)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            write!(
                f,
                "\n{gutter} |\n{} | {shown}\n{gutter} | {caret_pad}^",
                loc.line
            )?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  = hint: {hint}")?;
        }
        Ok(())
    }
}

/// The characters of a line shown around column `at` (0-based): a line longer than
/// [`LONGEST_SHOWN`] is cut to [`SHOWN`] either side,
/// with `…` where it was cut, so that one error in a line of a megabyte prints one line, not a
/// megabyte. Gives the text to show and how many characters of it come before the column.
fn clip(line: &str, at: usize) -> (String, usize) {
    let count = line.chars().count();
    if count <= LONGEST_SHOWN {
        return (line.to_string(), at);
    }
    let start = at.saturating_sub(SHOWN);
    let end = (at + SHOWN).min(count);
    let middle: String = line.chars().skip(start).take(end - start).collect();
    let (lead, tail) = (
        if start > 0 { "…" } else { "" },
        if end < count { "…" } else { "" },
    );
    (
        format!("{lead}{middle}{tail}"),
        at - start + lead.chars().count(),
    )
}

/// How many characters of a line longer than [`LONGEST_SHOWN`] are shown either side of an
/// error's column.
const SHOWN: usize = 100;

/// The longest line shown whole (a paragraph written on one line is shown whole).
const LONGEST_SHOWN: usize = 1000;

/// Every diagnostic of one run, kept in a stable order.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// No diagnostics yet.
    pub fn new() -> Diagnostics {
        Diagnostics::default()
    }

    /// Records one diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Records every diagnostic of another collection.
    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// How many errors there are.
    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    /// How many warnings there are.
    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    /// The diagnostics sorted by file, line and column, without repeats.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.items.dedup();
        self.items
    }

    /// Whether there is nothing to report.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Every diagnostic, in the order recorded.
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.items.iter()
    }

    /// The diagnostics of `now` that are not in `before`, both as [`Diagnostics::sorted`] gives
    /// them: what a rebuild found that the last one did not.
    pub fn new_since(now: &[Diagnostic], before: &[Diagnostic]) -> Vec<Diagnostic> {
        let mut old = before.iter().peekable();
        let mut new = Vec::new();
        for d in now {
            while old.next_if(|o| o.sort_key() < d.sort_key()).is_some() {}
            let mut same = old.clone();
            let seen = std::iter::from_fn(|| same.next_if(|o| o.sort_key() == d.sort_key()))
                .any(|o| o == d);
            if !seen {
                new.push(d.clone());
            }
        }
        new
    }

    /// Only the errors.
    pub fn errors(&self) -> Diagnostics {
        self.items
            .iter()
            .filter(|d| d.is_error())
            .cloned()
            .collect()
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(items: I) -> Diagnostics {
        Diagnostics {
            items: items.into_iter().collect(),
        }
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// A build that could not finish: every diagnostic found, errors first among equals.
#[derive(Debug, thiserror::Error)]
#[error("the site has {} error(s)", .0.error_count())]
pub struct BuildFailed(pub Diagnostics);

/// Suggests the closest of `candidates` to a misspelt `word`, if one is close enough.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word = word.to_lowercase();
    let length = word.chars().count();
    candidates
        .into_iter()
        // Words whose lengths differ by more than the allowed distance cannot be close: skip the
        // costly comparison, which matters when a big site has many broken links.
        .filter(|c| length.abs_diff(c.chars().count()) <= (c.len() / 3).max(1))
        .map(|c| (edit_distance(&word, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= (c.len() / 3).max(1) || c.to_lowercase() == word)
        .min()
        .map(|(_, c)| c)
}

/// Levenshtein distance, for spelling hints on short words.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            let next = (row[j + 1] + 1).min(row[j] + 1).min(prev + cost);
            prev = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_locate_as_location_does() {
        let text = "a\nbé c\r\n\nlast";
        let lines = Lines::new(text);
        for offset in 0..=text.len() + 2 {
            assert_eq!(lines.at(offset), Location::at(text, offset), "{offset}");
        }
    }

    #[test]
    fn a_long_line_is_shown_around_its_column() {
        let line = format!("{}X{}", "a".repeat(5000), "b".repeat(5000));
        let d = Diagnostic::error("f.md", "here").at(Location::at(&line, 5000));
        let shown = d.to_string();
        assert!(shown.len() < 600, "{shown}");
        let lines: Vec<&str> = shown.lines().collect();
        let caret = lines[3].chars().position(|c| c == '^').unwrap();
        assert_eq!(lines[2].chars().nth(caret), Some('X'), "{shown}");
    }

    #[test]
    fn location_counts_lines_and_characters() {
        let loc = Location::at("a\nbé c\n", 6);
        assert_eq!((loc.line, loc.column, loc.text.as_str()), (2, 4, "bé c"));
    }

    #[test]
    fn display_shows_caret_and_hint() {
        let d = Diagnostic::error("content/x.md", "unknown area \"acountability\"")
            .at(Location::at("+++\nareas = [\"acountability\"]\n", 14))
            .hint("did you mean \"accountability\"?");
        assert_eq!(
            d.to_string(),
            "error: content/x.md:2:11: unknown area \"acountability\"\n  |\n2 | areas = [\"acountability\"]\n  |           ^\n  = hint: did you mean \"accountability\"?"
        );
    }

    #[test]
    fn suggests_close_words_only() {
        let areas = ["accountability", "co-production"];
        assert_eq!(did_you_mean("acountability", areas), Some("accountability"));
        assert_eq!(did_you_mean("banana", areas), None);
    }
}
