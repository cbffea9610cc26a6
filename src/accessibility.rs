//! The `[accessibility]` table of `site.toml` → [`Accessibility`]: what the accessibility
//! statement at `/accessibility/` says.
//!
//! The Public Sector Bodies Accessibility Regulations 2018 ask every statement for the compliance
//! status, the content that is not accessible, how to ask for another format, how to report a
//! problem, the enforcement procedure, how and when the site was tested, and when the statement
//! was prepared and reviewed. This module only reads and checks the settings (raw struct, then a
//! validated one); the wording of the statement lives in the theme's `accessibility.html`.
//! A site without the table still gets a statement, built from [`Accessibility::defaults`], that
//! says plainly that the council has not yet assessed its content.

use serde::Deserialize;
use time::Date;
use toml::Spanned;

use crate::error::Diagnostic;
use crate::source::dates::parse_date;
use crate::source::frontmatter::Source;
use crate::source::url::check_email;

/// How far the site meets WCAG 2.2 AA, in the regulations' three words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compliance {
    /// Fully compliant.
    Full,
    /// Partially compliant: some content is listed as not accessible.
    Partial,
    /// Not compliant: most content has not been made accessible.
    Not,
}

impl Compliance {
    /// The slug written in `site.toml`.
    pub fn slug(self) -> &'static str {
        match self {
            Compliance::Full => "full",
            Compliance::Partial => "partial",
            Compliance::Not => "not",
        }
    }
}

/// `[accessibility]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAccessibility {
    status: Spanned<String>,
    #[serde(default)]
    non_accessible: Vec<String>,
    email: Option<Spanned<String>>,
    response_days: Option<u32>,
    tested: Spanned<toml::Value>,
    tested_by: String,
    test_method: String,
    prepared: Spanned<toml::Value>,
    reviewed: Option<Spanned<toml::Value>>,
}

/// The validated settings of the accessibility statement.
#[derive(Debug, Clone)]
pub struct Accessibility {
    /// Full, partial or not compliant.
    pub status: Compliance,
    /// Where `status` is written, for errors the model finds (a "full" site with documents that
    /// are not accessible).
    pub status_location: Option<crate::error::Location>,
    /// Content that is not accessible, and why: one sentence or more each.
    pub non_accessible: Vec<String>,
    /// Where to ask for another format or report a problem (`[accessibility] email`, else the site's).
    pub email: Option<String>,
    /// How many working days the council takes to reply, if it says.
    pub response_days: Option<u32>,
    /// When the site was last tested.
    pub tested: Option<Date>,
    /// Who tested it.
    pub tested_by: Option<String>,
    /// How it was tested.
    pub test_method: Option<String>,
    /// When the statement was first prepared.
    pub prepared: Option<Date>,
    /// When it was last reviewed.
    pub reviewed: Option<Date>,
    /// True when the site has no `[accessibility]` table, so the statement says it is not yet assessed.
    pub defaults: bool,
}

impl Accessibility {
    /// The statement of a site that has no `[accessibility]` table: partially compliant, because
    /// nobody has checked its documents, and saying so.
    pub fn defaults(site_email: Option<&str>) -> Accessibility {
        Accessibility {
            status: Compliance::Partial,
            status_location: None,
            non_accessible: Vec::new(),
            email: site_email.map(str::to_string),
            response_days: None,
            tested: None,
            tested_by: None,
            test_method: None,
            prepared: None,
            reviewed: None,
            defaults: true,
        }
    }
}

impl RawAccessibility {
    /// Checks the table; `site_email` is the site's `email`, used when the table gives none.
    pub fn validate(
        self,
        source: &Source,
        site_email: Option<&str>,
    ) -> Result<Accessibility, Vec<Diagnostic>> {
        let RawAccessibility {
            status,
            non_accessible,
            email,
            response_days,
            tested,
            tested_by,
            test_method,
            prepared,
            reviewed,
        } = self;
        let mut errors = Vec::new();
        let status_at = status.span().start;
        let table_at = source.text.find("[accessibility]").unwrap_or(status_at);
        let status = parse_status(source, &status)
            .map_err(|e| errors.push(e))
            .ok();
        let mut date = |value: &Spanned<toml::Value>, key: &str| {
            parse_date(value.get_ref())
                .map_err(|(message, hint)| {
                    errors.push(
                        source
                            .error_at(value.span().start, format!("{key}: {message}"))
                            .hint(hint),
                    )
                })
                .ok()
        };
        let tested_on = date(&tested, "tested");
        let prepared_on = date(&prepared, "prepared");
        let reviewed_on = reviewed.as_ref().and_then(|r| date(r, "reviewed"));
        if let (Some(p), Some(r), Some(span)) = (prepared_on, reviewed_on, reviewed.as_ref()) {
            if r < p {
                errors.push(
                    source
                        .error_at(
                            span.span().start,
                            format!(
                                "the statement was reviewed ({r}) before it was prepared ({p})"
                            ),
                        )
                        .hint(
                            "`reviewed` is the date of the latest review, on or after `prepared`",
                        ),
                );
            }
        }
        let given = email.is_some();
        let email = match email {
            Some(e) => check_email("[accessibility] email", e.get_ref())
                .map_err(|(m, h)| errors.push(source.error_at(e.span().start, m).hint(h)))
                .ok(),
            None => site_email.map(str::to_string),
        };
        let missing = email.is_none() && !given;
        if missing {
            errors.push(source.error_at(table_at, "the accessibility statement needs an email address").hint(
                "set `email` in [accessibility] (or at the top of site.toml) so people can ask for another format and report problems",
            ));
        }
        if let Some(status) = status {
            let list_at = key_offset(source.text, table_at, "non_accessible").unwrap_or(status_at);
            check_list(source, list_at, status, &non_accessible, &mut errors);
        }
        let status = match status {
            Some(s) if errors.is_empty() => s,
            _ => return Err(errors),
        };
        Ok(Accessibility {
            status,
            status_location: Some(source.location(status_at)),
            non_accessible,
            email,
            response_days,
            tested: tested_on,
            tested_by: Some(tested_by),
            test_method: Some(test_method),
            prepared: prepared_on,
            reviewed: reviewed_on,
            defaults: false,
        })
    }
}

/// Where `key` is written in the table that starts at `table_at`, to point errors at it.
fn key_offset(text: &str, table_at: usize, key: &str) -> Option<usize> {
    let mut lines = text[table_at..].split_inclusive('\n');
    let mut offset = table_at + lines.next()?.len();
    for line in lines {
        if line.starts_with('[') {
            return None;
        }
        let trimmed = line.trim_start();
        if trimmed
            .strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with('='))
        {
            return Some(offset + line.len() - trimmed.len());
        }
        offset += line.len();
    }
    None
}

fn parse_status(source: &Source, status: &Spanned<String>) -> Result<Compliance, Diagnostic> {
    match status.get_ref().as_str() {
        "full" => Ok(Compliance::Full),
        "partial" => Ok(Compliance::Partial),
        "not" => Ok(Compliance::Not),
        other => Err(source
            .error_at(
                status.span().start,
                format!("unknown accessibility status \"{other}\""),
            )
            .hint("write \"full\", \"partial\" or \"not\" (how far the site meets WCAG 2.2 AA)")),
    }
}

/// A partly or not compliant site must say what is not accessible; a fully compliant one must not.
fn check_list(
    source: &Source,
    at: usize,
    status: Compliance,
    list: &[String],
    errors: &mut Vec<Diagnostic>,
) {
    if status == Compliance::Full && !list.is_empty() {
        errors.push(
            source
                .error_at(at, "status is \"full\", but `non_accessible` lists content that is not accessible")
                .hint("use status = \"partial\" while any content is not accessible, or empty the list"),
        );
    }
    if status != Compliance::Full && list.is_empty() {
        errors.push(
            source
                .error_at(at, format!("status is \"{}\", but `non_accessible` is empty", status.slug()))
                .hint("list the content that is not accessible and why, e.g. non_accessible = [\"Some PDF documents from 2020 are not tagged for screen readers.\"]"),
        );
    }
    if let Some(blank) = list.iter().position(|item| item.trim().is_empty()) {
        errors.push(
            source
                .error_at(
                    at,
                    format!("item {} of `non_accessible` is empty", blank + 1),
                )
                .hint("write one sentence for each problem, or remove the empty item"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    const TABLE: &str = "status = \"partial\"\nnon_accessible = [\"Old PDFs.\"]\ntested = 2024-03-01\ntested_by = \"Us\"\ntest_method = \"By hand.\"\nprepared = 2024-03-02\n";

    fn parse(text: &str, email: Option<&str>) -> Result<Accessibility, Vec<Diagnostic>> {
        let source = Source {
            path: Path::new("site.toml"),
            text,
        };
        let raw: RawAccessibility = toml::from_str(text)
            .map_err(|e| vec![Diagnostic::error("site.toml", e.to_string())])?;
        raw.validate(&source, email)
    }

    #[test]
    fn a_full_table_is_read_and_the_site_email_is_the_fallback() {
        let a = parse(TABLE, Some("a@b.uk")).unwrap();
        assert_eq!(
            (a.status, a.email.as_deref(), a.defaults),
            (Compliance::Partial, Some("a@b.uk"), false)
        );
        assert_eq!(a.prepared, Some(time::macros::date!(2024 - 03 - 02)));
    }

    #[test]
    fn review_before_preparation_is_an_error_on_its_line() {
        let e = parse(&format!("{TABLE}reviewed = 2024-01-01\n"), Some("a@b.uk")).unwrap_err();
        assert_eq!(e[0].location.as_ref().unwrap().line, 7, "{}", e[0]);
    }

    #[test]
    fn no_email_anywhere_is_an_error() {
        let e = parse(TABLE, None).unwrap_err();
        assert_eq!(
            e[0].message,
            "the accessibility statement needs an email address"
        );
    }
}
