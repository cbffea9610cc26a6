//! Turns what rendering found (removed HTML, `@/` links to nothing, two files at one address)
//! into located diagnostics. It explains; it never changes an output.

use std::collections::BTreeMap;
use std::path::Path;

use super::markdown::{Rendered, SOURCE_LINK};
use super::sanitize::Removal;
use crate::error::{did_you_mean, Diagnostic, Location};
use crate::site::Site;

/// What the messages about one body need from the site.
pub struct BodyReport<'a> {
    /// The model, for the entries held back.
    pub site: &'a Site,
    /// The `@/` targets rendering used.
    pub targets: &'a BTreeMap<String, String>,
}

impl BodyReport<'_> {
    /// Every message about one rendered body whose text starts on `body_line` of `source`.
    pub fn diagnostics(
        &self,
        source: &Path,
        body: &str,
        body_line: usize,
        rendered: &Rendered,
    ) -> Vec<Diagnostic> {
        let at = |offset: usize| Location::in_body(body, offset, body_line);
        let mut found: Vec<Diagnostic> = rendered
            .broken
            .iter()
            .map(|(offset, link)| self.broken_link(source, link).at(at(*offset)))
            .collect();
        found.extend(
            rendered
                .removed
                .iter()
                .map(|(offset, list)| removed_html(source, list).at(at(*offset))),
        );
        found
    }

    fn broken_link(&self, source: &Path, link: &str) -> Diagnostic {
        let file = link
            .trim_start_matches(SOURCE_LINK)
            .split('#')
            .next()
            .unwrap_or("");
        let held = self.site.unpublished.iter().any(|p| {
            p.strip_prefix("content")
                .is_ok_and(|p| p == Path::new(file))
        });
        if held {
            return Diagnostic::error(source, format!("link to \"{link}\", an entry that is not published"))
                .hint("that entry is a draft or dated after today: publish it first, or take the link out until it is");
        }
        let hint = match did_you_mean(file, self.targets.keys().map(String::as_str)) {
            Some(near) => format!("did you mean \"{SOURCE_LINK}{near}\"?"),
            None => "write the path of the file from content/, e.g. \"@/updates/2022-11-23-revisit-report.md\"".into(),
        };
        Diagnostic::error(
            source,
            format!("link to \"{link}\": there is no such file in content/"),
        )
        .hint(hint)
    }
}

fn removed_html(source: &Path, removals: &[Removal]) -> Diagnostic {
    let list: Vec<String> = removals.iter().map(Removal::describe).collect();
    let frame = removals
        .iter()
        .any(|r| matches!(r, Removal::Frame(_)) || *r == Removal::Element("iframe".into()));
    let hint = if frame {
        "to embed videos from a site, list it in content/site.toml: allow_iframes_from = [\"https://www.youtube-nocookie.com\"]"
    } else {
        "write the content in markdown; raw HTML is limited to safe tags and attributes"
    };
    Diagnostic::warning(
        source,
        format!("unsafe HTML was removed: {}", list.join(", ")),
    )
    .hint(hint)
}
