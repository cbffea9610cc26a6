//! Day one: what a new site still says that nobody at the council wrote. The starter's
//! placeholder sentences, its "Example Council", addresses at the domains kept for examples
//! (`example.gov.uk`, `example.org`…) in the settings and the text, and documents named with
//! neither a file nor an address. Each would go live looking real; each is a warning at its
//! line, which `build` prints as `check` does.

use std::path::Path;

use rayon::prelude::*;

use super::BodyRef;
use crate::content::document::Target;
use crate::error::{Diagnostic, Lines, Location};
use crate::init::{ORGANISATION, PLACEHOLDERS};
use crate::site::Site;

/// What every address at a domain kept for examples has in it (`Example.org` too): a body with
/// neither it nor a placeholder is passed over after one fast scan.
const EXAMPLE: &str = "xample.";

/// The settings file, as messages name it.
const SETTINGS: &str = "content/site.toml";

/// What follows the label `example` in a host kept for examples: the domains reserved for
/// documentation (RFC 2606) and their look-alikes under the UK's public suffixes, which the
/// starter and most guides use. (A made-up top-level domain such as `council.example` names no
/// real council either, but it is never mistaken for one, so it is left alone.)
const SUFFIXES: [&str; 13] = [
    "com",
    "org",
    "net",
    "edu",
    "gov",
    "uk",
    "gov.uk",
    "org.uk",
    "co.uk",
    "ac.uk",
    "nhs.uk",
    "sch.uk",
    "police.uk",
];

/// Every day-one warning of the site under `root`.
pub fn check(root: &Path, site: &Site, bodies: &[BodyRef]) -> Vec<Diagnostic> {
    let mut found = settings(root);
    // One pass over each body, in parallel, for every placeholder and "example." at once.
    let mut patterns: Vec<&str> = PLACEHOLDERS.to_vec();
    patterns.push(EXAMPLE);
    // The packed (SIMD) searcher on its own: ten times as fast as an automaton over ten
    // thousand bodies that nearly always hold none of these.
    // (It needs SIMD; without it, the automaton.)
    let packed = aho_corasick::packed::Searcher::new(patterns.iter());
    let automaton = match packed {
        Some(_) => None,
        None => aho_corasick::AhoCorasick::new(&patterns).ok(),
    };
    let holds = |text: &str| match (&packed, &automaton) {
        (Some(packed), _) => packed.find(text).is_some(),
        (None, Some(automaton)) => automaton.is_match(text),
        (None, None) => true,
    };
    let each: Vec<Vec<Diagnostic>> = bodies
        .par_iter()
        .filter(|b| holds(b.body))
        .map(|b| in_body(b))
        .collect();
    found.extend(each.into_iter().flatten());
    for area in &site.areas {
        if PLACEHOLDERS.contains(&area.finding.as_str()) {
            found.push(
                placeholder(&area.source, &area.finding).at_maybe(front_matter_line(
                    root,
                    &area.source,
                    &area.finding,
                )),
            );
        }
    }
    for entry in &site.entries {
        for d in &entry.documents {
            let warning = match &d.target {
                Target::None => Diagnostic::warning(
                    &entry.source,
                    format!(
                        "document \"{}\" has no file or address, so its page says \"Not published on this site\"",
                        d.title
                    ),
                )
                .hint(
                    "give it its file or its web address (`file` or `url`); if it cannot be \
                     published, say in the text how to ask for a copy",
                ),
                Target::Url(url) if addresses(url).next().is_some() => {
                    example_address(&entry.source, url, "")
                }
                _ => continue,
            };
            found.push(warning.at_maybe(d.location.clone()));
        }
    }
    found
}

/// The starter's name and example addresses in `content/site.toml`, outside its comments (the
/// starter's comments show examples on purpose).
fn settings(root: &Path) -> Vec<Diagnostic> {
    let Ok(text) = crate::source::read_source(root, Path::new(SETTINGS)) else {
        return Vec::new();
    };
    let text = text.text;
    let lines = Lines::new(&text);
    let mut found = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let written = line.trim_start();
        if written.starts_with('#') {
            continue;
        }
        if let Some(at) = line.find(&format!("\"{ORGANISATION}\"")) {
            found.push(
                Diagnostic::warning(
                    SETTINGS,
                    format!("the council's name is still the starter's \"{ORGANISATION}\""),
                )
                .hint("write your council's name, as parents know it, e.g. `organisation = \"Northshire Council\"`")
                .at(lines.at(start + at + 1)),
            );
        }
        for (at, address) in addresses(line) {
            let key = written.split(['=', ' ']).next().unwrap_or("");
            found.push(example_address(Path::new(SETTINGS), address, key).at(lines.at(start + at)));
        }
    }
    found
}

/// The placeholders and example addresses written in one body.
fn in_body(body: &BodyRef) -> Vec<Diagnostic> {
    let at = |offset: usize| Location::in_body(body.body, offset, body.body_line);
    let mut found = Vec::new();
    for p in PLACEHOLDERS {
        if let Some(offset) = body.body.find(p) {
            found.push(placeholder(body.source, p).at(at(offset)));
        }
    }
    for (offset, address) in addresses(body.body) {
        found.push(example_address(body.source, address, "").at(at(offset)));
    }
    found
}

fn placeholder(file: &Path, text: &str) -> Diagnostic {
    Diagnostic::warning(
        file,
        format!("\"{text}\" is the starter's placeholder, still waiting for your words"),
    )
    .hint("replace it before the site is published: readers would see it as it is written")
}

fn example_address(file: &Path, address: &str, key: &str) -> Diagnostic {
    let hint = match key {
        "base_url" => "write the address the site will be published at: feeds, calendars and shared links all use it",
        _ => "write the council's real address: parents who follow or write to this one reach nobody",
    };
    Diagnostic::warning(
        file,
        format!("\"{address}\" is an example address, not the council's"),
    )
    .hint(hint)
}

/// The line of a top-level front-matter value that is `value`, for a message about it.
fn front_matter_line(root: &Path, path: &Path, value: &str) -> Option<Location> {
    let text = crate::source::read_source(root, path).ok()?.text;
    let at = text.find(value)?;
    Some(Location::at(&text, at))
}

/// Every address in `text` at a domain kept for examples, whole as written (a web address, an
/// email address or a bare host), with its byte offset.
pub fn addresses(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut from = 0;
    std::iter::from_fn(move || loop {
        let i = from + text.get(from..)?.find("xample.")?;
        from = i + 7;
        if i == 0 || !matches!(text.as_bytes()[i - 1], b'e' | b'E') {
            continue;
        }
        let host_char = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '.';
        let host_start = text[..i - 1]
            .rfind(|c: char| !host_char(c))
            .map_or(0, |p| p + 1);
        let host_end = text[i..]
            .find(|c: char| !host_char(c))
            .map_or(text.len(), |p| i + p);
        from = host_end;
        if !is_example_host(text[host_start..host_end].trim_end_matches('.')) {
            continue;
        }
        let bound = |c: char| c.is_whitespace() || "()<>[]\"'`,;".contains(c);
        let start = text[..host_start].rfind(bound).map_or(0, |p| p + 1);
        let end = text[host_end..]
            .find(bound)
            .map_or(text.len(), |p| host_end + p);
        let address = text[start..end].trim_end_matches(['.', ':']);
        return Some((start, address));
    })
}

/// Whether `host` is at a domain kept for examples: the label `example` followed by one of the
/// [`SUFFIXES`] (`www.example.gov.uk`, `send@example.org`'s `example.org`), in any case.
pub fn is_example_host(host: &str) -> bool {
    let host = host.to_ascii_lowercase();
    let labels: Vec<&str> = host.split('.').collect();
    labels.iter().enumerate().any(|(i, label)| {
        *label == "example"
            && i + 1 < labels.len()
            && SUFFIXES.contains(&labels[i + 1..].join(".").as_str())
    })
}

/// A diagnostic placed where it is known, or about its whole file.
trait AtMaybe {
    fn at_maybe(self, at: Option<Location>) -> Self;
}

impl AtMaybe for Diagnostic {
    fn at_maybe(self, at: Option<Location>) -> Diagnostic {
        match at {
            Some(at) => self.at(at),
            None => self,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(usize, &str)> {
        addresses(text).collect()
    }

    #[test]
    fn example_domains_are_found_whole() {
        assert_eq!(
            found("Write to send@example.gov.uk or see https://www.example.org/a/b. Thanks"),
            [
                (9, "send@example.gov.uk"),
                (36, "https://www.example.org/a/b")
            ]
        );
        assert_eq!(
            found("[the forum](https://forum.Example.org.uk/)"),
            [(12, "https://forum.Example.org.uk/")]
        );
        assert_eq!(
            found("base_url = \"https://www.example.gov.uk/send-progress/\"\n").len(),
            1
        );
    }

    #[test]
    fn other_domains_are_not() {
        for text in [
            "https://www.northmere.example/send/",
            "a counterexample.org is not one",
            "https://example.bristol.gov.uk/",
            "for example. Then",
            "",
            "xample.org",
        ] {
            assert_eq!(found(text), [], "{text}");
        }
        assert!(is_example_host("EXAMPLE.com") && !is_example_host("example"));
    }
}
