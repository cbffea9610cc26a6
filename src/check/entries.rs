//! What one entry says that will not read well: a summary too long for a list. (A survey that
//! closes before it opens is already an error when the entry is loaded.) Messages point at the field in the front matter, so
//! this module reads the entry's file again to find its line.

use std::path::Path;

use pulldown_cmark::{Event, Parser, Tag};

use super::SUMMARY_LIMIT;
use crate::content::{read_source, Entry};
use crate::error::{Diagnostic, Location};
use crate::site::Site;
use crate::source::frontmatter::{split, Source};

/// Every problem of every published entry.
pub fn check(root: &Path, site: &Site) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for entry in &site.entries {
        found.extend(summary(root, entry));
    }
    found.extend(outcome_overdue(site));
    found
}

/// An announced monitoring inspection whose outcome is still not on the site three months on:
/// the pages say so, and the comms officer is told what to add.
fn outcome_overdue(site: &Site) -> Option<Diagnostic> {
    let entry = &site.entries[site.outcome_overdue()?];
    let message = format!(
        "the monitoring inspection announced on {} has no outcome on this site three months later; its pages now say the outcome has not been published here yet",
        crate::render::dates::DateView::new(entry.date).text
    );
    let hint = "when the inspectors' letter is published, add its `outcome` to this update (and a [[history]] note saying so), or publish the letter as an update of its own";
    Some(Diagnostic::warning(&entry.source, message).hint(hint))
}

fn summary(root: &Path, entry: &Entry) -> Option<Diagnostic> {
    let length = entry.summary.chars().count();
    if length <= SUMMARY_LIMIT {
        return None;
    }
    let written = field_location(root, &entry.source, "summary");
    let (message, hint, at) = match written {
        Some(at) => (
            format!("the summary is {length} characters long; keep it under {SUMMARY_LIMIT}"),
            "lists, the home page and feeds show the summary: one or two short sentences".to_string(),
            Some(at),
        ),
        None => (
            format!("the first paragraph, used as the summary, is {length} characters long; keep it under {SUMMARY_LIMIT}"),
            "add a short `summary = \"...\"` to the front matter: lists and feeds show it".to_string(),
            first_paragraph(entry),
        ),
    };
    Some(located(
        Diagnostic::warning(&entry.source, message).hint(hint),
        at,
    ))
}

fn located(diagnostic: Diagnostic, at: Option<Location>) -> Diagnostic {
    match at {
        Some(at) => diagnostic.at(at),
        None => diagnostic,
    }
}

/// Where the body's first paragraph starts.
fn first_paragraph(entry: &Entry) -> Option<Location> {
    let offset = Parser::new(&entry.body)
        .into_offset_iter()
        .find_map(|(event, range)| {
            matches!(event, Event::Start(Tag::Paragraph)).then_some(range.start)
        })?;
    Some(Location::in_body(&entry.body, offset, entry.body_line))
}

/// Where the value of a top-level front-matter field is written.
fn field_location(root: &Path, path: &Path, field: &str) -> Option<Location> {
    let text = read_source(root, path).ok()?.text;
    let source = Source { path, text: &text };
    let split = split(&source, true).ok()?;
    let mut offset = split.front_matter_offset;
    for line in split.front_matter.split_inclusive('\n') {
        if line.trim_start().starts_with('[') {
            return None;
        }
        let value = line
            .strip_prefix(field)
            .and_then(|rest| rest.trim_start().strip_prefix('='));
        if let Some(value) = value {
            let at = line.len() - value.trim_start().len();
            return Some(source.location(offset + at));
        }
        offset += line.len();
    }
    None
}
