//! How a command shows what it found: for people (each diagnostic with its line and a caret,
//! then a count), as GitHub Actions annotations (so that a CI run marks the file and line in a
//! pull request), or as JSON, one object a line, for any other tool.
//!
//! People's form goes to standard error, as it always has; the two forms for machines go to
//! standard output, which is theirs to read. `--quiet` silences only what a command says of
//! itself when all is well ("Built 120 entries…"): never a diagnostic.

use std::io::Write;

use crate::error::{Diagnostic, Diagnostics, Severity};

/// The form of a command's diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// For people: the file, line and column, the line with a caret under the place, a hint.
    #[default]
    Human,
    /// GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::message`.
    Github,
    /// One JSON object a line: level, file, line, column, message, hint.
    Json,
}

impl Format {
    /// The format named `name` (`human`, `github`, `json`).
    pub fn named(name: &str) -> Option<Format> {
        match name {
            "human" => Some(Format::Human),
            "github" => Some(Format::Github),
            "json" => Some(Format::Json),
            _ => None,
        }
    }
}

/// Shows every diagnostic, sorted, in `format`; people's form ends with a count. For machines,
/// a file is named from the current folder (the site's `root` before its own path), as a CI
/// run's annotations must name the repository's files.
pub fn show(diagnostics: Diagnostics, format: Format, root: &std::path::Path) {
    if diagnostics.is_empty() {
        return;
    }
    match format {
        Format::Human => human(diagnostics),
        Format::Github | Format::Json => {
            let mut out = std::io::stdout().lock();
            for mut d in diagnostics.sorted() {
                if root != std::path::Path::new(".") && d.file.is_relative() {
                    d.file = root.join(&d.file);
                }
                let line = match format {
                    Format::Github => github(&d),
                    _ => json(&d),
                };
                let _ = writeln!(out, "{line}");
            }
        }
    }
}

fn human(diagnostics: Diagnostics) {
    let (errors, warnings) = (diagnostics.error_count(), diagnostics.warning_count());
    for d in diagnostics.sorted() {
        eprintln!("{d}\n");
    }
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    match (errors, warnings) {
        (0, w) => eprintln!("{}.", plural(w, "warning")),
        (e, 0) => eprintln!("{}.", plural(e, "error")),
        (e, w) => eprintln!("{}, {}.", plural(e, "error"), plural(w, "warning")),
    }
}

fn level(d: &Diagnostic) -> &'static str {
    match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// One GitHub annotation. Its data escapes `%`, CR and LF; its properties `:` and `,` too, as
/// the runner reads them (actions/toolkit, `command.ts`).
pub fn github(d: &Diagnostic) -> String {
    let data = |s: &str| {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    };
    let property = |s: &str| data(s).replace(':', "%3A").replace(',', "%2C");
    let file = d.file.to_string_lossy().replace('\\', "/");
    let mut props = vec![format!("file={}", property(&file))];
    if let Some(l) = &d.location {
        props.push(format!("line={}", l.line));
        props.push(format!("col={}", l.column));
    }
    props.push(format!("title={}", property("sendsite")));
    let text = match &d.hint {
        Some(hint) => format!("{} (hint: {hint})", d.message),
        None => d.message.clone(),
    };
    format!("::{} {}::{}", level(d), props.join(","), data(&text))
}

/// One diagnostic as a JSON object.
pub fn json(d: &Diagnostic) -> String {
    let value = serde_json::json!({
        "level": level(d),
        "file": d.file.to_string_lossy().replace('\\', "/"),
        "line": d.location.as_ref().map(|l| l.line),
        "column": d.location.as_ref().map(|l| l.column),
        "message": d.message,
        "hint": d.hint,
    });
    value.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Location;

    #[test]
    fn machines_get_every_field_escaped_as_they_read_it() {
        let d = Diagnostic::error("content/updates/a,b.md", "unknown kind \"nwes\"\n100%")
            .at(Location {
                line: 3,
                column: 8,
                text: String::new(),
            })
            .hint("did you mean \"news\"?");
        assert_eq!(
            github(&d),
            "::error file=content/updates/a%2Cb.md,line=3,col=8,title=sendsite::unknown kind \"nwes\"%0A100%25 (hint: did you mean \"news\"?)"
        );
        let parsed: serde_json::Value = serde_json::from_str(&json(&d)).unwrap();
        assert_eq!(parsed["level"], "error");
        assert_eq!(parsed["line"], 3);
        assert_eq!(parsed["column"], 8);
        assert_eq!(parsed["hint"], "did you mean \"news\"?");
        let whole = Diagnostic::warning("content/site.toml", "no email");
        assert_eq!(
            github(&whole),
            "::warning file=content/site.toml,title=sendsite::no email"
        );
        assert!(json(&whole).contains("\"line\":null"));
    }
}
