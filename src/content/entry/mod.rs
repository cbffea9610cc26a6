//! One timeline entry: `content/updates/**/<YYYY-MM-DD>-<slug>.md` → [`Entry`].
//!
//! [`Entry::parse`] is pure: it reads the text it is given and checks it against the site's kinds
//! and areas, collecting every problem of the file. Documents' sizes and page counts need the
//! disk, so the loader fills them in afterwards.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use time::Date;
use toml::Spanned;

use super::action::{read_report, ActionReport};
use super::document::{Document, RawDocument};
use crate::config::Config;
use crate::error::{did_you_mean, Diagnostic, Location};
use crate::source::dates::{parse_date, parse_event, EventTime};
use crate::source::frontmatter::{check_body, parse_toml, split, Source};
use crate::source::slug::{check_slug, slugify};
use crate::vocabulary::By;
use checker::Checker;

mod checker;
mod tables;
use tables::{assessed, withdrawal};

/// One area's status as judged by one entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judgement {
    /// The area's slug.
    pub area: String,
    /// What was found: the slug of a status (or, in `[progress]`, a rating) of the vocabulary.
    pub status: String,
    /// Where the area's key is written, for errors the model finds (an area not judged).
    pub location: Option<Location>,
}

/// A dated note about a change after first publication.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryNote {
    /// When the change was made.
    pub date: Date,
    /// What changed.
    pub note: String,
}

/// A published update taken back: its page stays at its address and says when and why, its
/// feed item and calendar event say so, and what it recorded (judgements, ratings, reports on
/// the plan) no longer counts. A public record is corrected in the open, never made to vanish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Withdrawal {
    /// The day it was withdrawn.
    pub date: Date,
    /// Why, in the council's words.
    pub reason: String,
    /// Where its date is written, for errors the model finds (a date after today).
    pub location: Option<Location>,
}

/// A validated timeline entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The source file, relative to the site root, as shown in messages.
    pub source: PathBuf,
    /// The title.
    pub title: String,
    /// The day it was published.
    pub date: Date,
    /// Its kind's slug.
    pub kind: String,
    /// The slugs of the areas it concerns, in the order given.
    pub areas: Vec<String>,
    /// One or two sentences: given, or the body's first paragraph as plain text.
    pub summary: String,
    /// The line of `summary` when it is written in front matter (`None`: taken from the body).
    pub summary_line: Option<usize>,
    /// The URL segment: `/updates/<slug>/`.
    pub slug: String,
    /// Drafts are built only with `--drafts`.
    pub draft: bool,
    /// The overall outcome of an inspection this entry records (a slug of the vocabulary).
    pub outcome: Option<String>,
    /// Inspection outcomes for single areas this entry records.
    pub judgements: Vec<Judgement>,
    /// The council's own assessment of areas (`[progress]`): ratings, not judgements.
    pub progress: Vec<Judgement>,
    /// How the plan's actions are going (`[actions]`), in the council's words: by action id.
    pub actions: Vec<ActionReport>,
    /// Documents attached to it.
    pub documents: Vec<Document>,
    /// When a survey or consultation opens and closes.
    pub opens: Option<Date>,
    /// See `opens`.
    pub closes: Option<Date>,
    /// When a meeting takes place.
    pub event: Option<EventTime>,
    /// When it ends (`event_end`): after `event`, with a time when `event` has one.
    pub event_end: Option<EventTime>,
    /// Where a meeting takes place.
    pub location: Option<String>,
    /// Corrections and additions after publication, oldest first.
    pub history: Vec<HistoryNote>,
    /// When and why it was withdrawn, if it was.
    pub withdrawn: Option<Withdrawal>,
    /// Old URLs (site-relative paths) that should redirect here.
    pub aliases: Vec<String>,
    /// A stable identifier for feeds, if the author pinned one.
    pub id: Option<String>,
    /// The markdown body.
    pub body: String,
    /// The 1-based line in the file where the body starts.
    pub body_line: usize,
    /// Warnings from reading the file (control characters taken out).
    pub warnings: Vec<Diagnostic>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    title: Spanned<String>,
    date: Spanned<toml::Value>,
    kind: Spanned<String>,
    #[serde(default)]
    areas: Vec<Spanned<String>>,
    summary: Option<Spanned<String>>,
    slug: Option<Spanned<String>>,
    #[serde(default)]
    draft: bool,
    outcome: Option<Spanned<String>>,
    #[serde(default)]
    judgements: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    progress: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    actions: BTreeMap<Spanned<String>, Spanned<toml::Value>>,
    #[serde(default)]
    documents: Vec<RawDocument>,
    opens: Option<Spanned<toml::Value>>,
    closes: Option<Spanned<toml::Value>>,
    event: Option<Spanned<toml::Value>>,
    event_end: Option<Spanned<toml::Value>>,
    location: Option<String>,
    #[serde(default)]
    history: Vec<RawHistory>,
    withdrawn: Option<Spanned<RawWithdrawal>>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    id: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWithdrawal {
    date: Spanned<toml::Value>,
    reason: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHistory {
    date: Spanned<toml::Value>,
    note: String,
}

/// What an entry is checked against.
pub struct EntryContext<'a> {
    /// The site settings (kinds).
    pub config: &'a Config,
    /// The slugs of every area of the site.
    pub areas: &'a BTreeSet<String>,
}

/// An update (`updates/**/*.md`), checked against the site's kinds, statuses and areas, with
/// the size of each document it attaches.
impl super::Kind for std::sync::Arc<Entry> {
    const FOLDER: &'static str = "updates";
    const NAMES: [&'static str; 2] = ["entry", "entries"];
    const NESTED: bool = true;
    const CHECKED_AGAINST_SITE: bool = true;

    fn read(
        reading: &super::Reading,
        path: &Path,
        text: crate::source::Text,
    ) -> Result<Self, Vec<Diagnostic>> {
        let Some(ctx) = reading.site else {
            return Err(vec![unchecked(path)]);
        };
        super::entry_from_text(reading.root, path, text, ctx, reading.pending)
            .map(std::sync::Arc::new)
    }

    fn source(&self) -> &Path {
        &self.source
    }

    fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    fn uses(&self, asset: &str) -> bool {
        use super::document::Target;
        (self.documents.iter()).any(|d| matches!(&d.target, Target::File(f) if f == asset))
    }
}

/// The error for an update that cannot be checked: `site.toml`, which it is checked against,
/// has errors.
pub fn unchecked(path: &Path) -> Diagnostic {
    Diagnostic::error(
        path,
        "this update cannot be checked while content/site.toml has errors",
    )
    .hint("fix content/site.toml first (the preview shows its errors), then save again")
}

impl Entry {
    /// Whether what it records counts towards the site's statuses, outcomes and plan: not when
    /// it has been withdrawn (its page still shows what it said, marked as withdrawn).
    pub fn counts(&self) -> bool {
        self.withdrawn.is_none()
    }

    /// The last day it changed after it was published: its latest history note or withdrawal.
    pub fn last_changed(&self) -> Option<Date> {
        let notes = self.history.iter().map(|h| h.date);
        notes.chain(self.withdrawn.as_ref().map(|w| w.date)).max()
    }

    /// Whether the site itself publishes it on `today`: not a draft, and not dated after it
    /// (what may be withdrawn, and never deleted, whatever a preview shows with `--drafts`).
    pub fn published_on(&self, today: Date) -> bool {
        !self.draft && self.date <= today
    }

    /// The last day it changed at all: its own date, or a later note or withdrawal (what feeds
    /// and calendars give as its update time).
    pub fn updated(&self) -> Date {
        self.last_changed().map_or(self.date, |d| d.max(self.date))
    }

    /// Parses and validates an entry; `source.path` is how the file is named in messages.
    pub fn parse(source: &Source, ctx: &EntryContext) -> Result<Entry, Vec<Diagnostic>> {
        let split = split(source, true).map_err(|e| vec![e])?;
        check_body(source, &split).map_err(|e| vec![e])?;
        let raw: RawEntry = parse_toml(source, split.front_matter, split.front_matter_offset)
            .map_err(|e| vec![e])?;
        let mut check = Checker {
            source,
            offset: split.front_matter_offset,
            errors: Vec::new(),
        };
        let entry = build(raw, &mut check, ctx, source.path, split.body);
        let body_line = source.location(split.body_offset).line;
        match (entry, check.errors.is_empty()) {
            (Some(entry), true) => Ok(Entry { body_line, ..entry }),
            _ => Err(check.errors),
        }
    }

    /// Reads an entry from disk; `root` is the site root and `path` is relative to it.
    pub fn from_file(
        root: &Path,
        path: &Path,
        ctx: &EntryContext,
    ) -> Result<Entry, Vec<Diagnostic>> {
        let text = super::read_source(root, path).map_err(|e| vec![e])?;
        Entry::from_text(path, text, ctx)
    }

    /// Parses an entry from its text as read from `path` (see [`crate::source::text_of`]).
    pub fn from_text(
        path: &Path,
        text: crate::source::Text,
        ctx: &EntryContext,
    ) -> Result<Entry, Vec<Diagnostic>> {
        let entry = Entry::parse(
            &Source {
                path,
                text: &text.text,
            },
            ctx,
        )?;
        Ok(Entry {
            warnings: text.warnings,
            ..entry
        })
    }
}

/// Turns the raw front matter into an entry, recording every problem in `check`.
fn build(
    raw: RawEntry,
    check: &mut Checker,
    ctx: &EntryContext,
    path: &Path,
    body: &str,
) -> Option<Entry> {
    let RawEntry {
        title,
        date,
        kind,
        areas,
        summary,
        slug,
        draft,
        outcome,
        judgements,
        progress,
        actions,
        documents,
        opens,
        closes,
        event,
        event_end,
        location,
        history,
        withdrawn,
        aliases,
        id,
    } = raw;
    if title.get_ref().trim().is_empty() {
        check.error(
            &title,
            "the title is empty".into(),
            "write the entry's title between the quotes".into(),
        );
    }
    let date = check.date(&date, "date");
    let kind = check.kind(&kind, ctx.config);
    let areas = areas.iter().map(|a| check.area(a, ctx.areas)).collect();
    let (judgements, progress, actions) = assessed(check, ctx, &judgements, &progress, &actions);
    let outcome = outcome
        .as_ref()
        .and_then(|o| check.outcome(o, &kind, ctx.config));
    let slug = entry_slug(slug.as_ref(), path, check);
    let opens = opens.as_ref().and_then(|v| check.date(v, "opens"));
    let closes_date = closes.as_ref().and_then(|v| check.date(v, "closes"));
    check.window(opens, closes.as_ref(), closes_date);
    let closes = closes_date;
    let id = id.as_ref().and_then(|i| check.id(i));
    let event = event.as_ref().and_then(|v| check.event(v));
    let event_end = event_end
        .as_ref()
        .and_then(|v| check.event_end(event.as_ref(), v));
    let history = history
        .iter()
        .filter_map(|h| {
            Some(HistoryNote {
                date: check.date(&h.date, "history date")?,
                note: h.note.clone(),
            })
        })
        .collect();
    let withdrawn = withdrawn.and_then(|w| withdrawal(check, &w, date, draft));
    let aliases = aliases
        .iter()
        .filter_map(|a| {
            normalise_alias(a.get_ref())
                .map_err(|(m, h)| check.error(a, m, h))
                .ok()
        })
        .collect();
    let documents = documents
        .into_iter()
        .filter_map(|d| {
            d.validate(check.source, check.offset)
                .map_err(|e| check.errors.push(e))
                .ok()
        })
        .collect();
    let summary_line = summary
        .as_ref()
        .map(|s| check.source.location(check.offset + s.span().start).line);
    let summary = summary.map_or_else(|| first_paragraph(body), Spanned::into_inner);
    Some(Entry {
        source: path.to_path_buf(),
        title: title.into_inner(),
        date: date?,
        kind,
        areas,
        summary,
        summary_line,
        slug: slug?,
        draft,
        outcome,
        judgements,
        progress,
        actions,
        documents,
        opens,
        closes,
        event,
        event_end,
        location,
        history,
        withdrawn,
        aliases,
        id,
        body: body.to_string(),
        body_line: 0,
        warnings: Vec::new(),
    })
}

/// The slug given in front matter, or the file name without its date.
fn entry_slug(given: Option<&Spanned<String>>, path: &Path, check: &mut Checker) -> Option<String> {
    if let Some(given) = given {
        return check_slug(given.get_ref())
            .map_err(|(m, h)| check.error(given, m, h))
            .ok();
    }
    let slug = file_slug(path);
    if let (false, Err((m, _))) = (slug.is_empty(), check_slug(&slug)) {
        check.errors.push(
            Diagnostic::error(
                path,
                format!("the file name makes a web address that is too long: {m}"),
            )
            .hint("rename the file with fewer words, or set a short `slug = \"...\"`"),
        );
        return None;
    }
    if slug.is_empty() {
        check.errors.push(
            Diagnostic::error(path, "cannot make a web address from this file name")
                .hint("name the file <YYYY-MM-DD>-<words>.md, e.g. 2022-11-23-revisit-report.md, or set `slug`"),
        );
        return None;
    }
    Some(slug)
}

/// The slug an entry's file name makes: its name without the date in front, as a slug
/// (`2022-11-23-revisit-report.md` → `revisit-report`). It is the entry's address unless `slug`
/// says otherwise, and what its permanent feed id is made from, which a new `slug` never changes.
pub fn file_slug(path: &Path) -> String {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    slugify(strip_date_prefix(stem))
}

/// `2022-11-23-revisit` → `revisit`; a name without a date is kept whole.
fn strip_date_prefix(stem: &str) -> &str {
    let bytes = stem.as_bytes();
    let dated = bytes.len() > 11
        && bytes[..10].iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
        && bytes[10] == b'-';
    if dated {
        &stem[11..]
    } else {
        stem
    }
}

/// `scheme:rest`, with no spaces: the shape of every URI (RFC 3986).
fn is_uri(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        && !rest.is_empty()
        && !text.contains(char::is_whitespace)
}

/// Old URLs are stored as site-relative paths ending in a slash: `updates/old/`. Each part must be
/// a plain folder name, so an alias can never write outside the site.
fn normalise_alias(alias: &str) -> Result<String, (String, String)> {
    let trimmed = alias.trim().trim_matches('/');
    let plain = |part: &str| {
        !part.is_empty()
            && part != "."
            && part != ".."
            && part.len() <= crate::source::slug::MAX_LEN
            && part
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.~".contains(c))
    };
    if trimmed.split('/').all(plain) {
        return Ok(format!("{trimmed}/"));
    }
    Err((
        format!("alias \"{alias}\" is not an address on this site"),
        "write the old address from the site's root, e.g. \"/updates/old-name/\" (letters, digits, `-`, `_`, `.`)".into(),
    ))
}

/// The first paragraph of a markdown body as plain text, for the default summary.
pub fn first_paragraph(markdown: &str) -> String {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut text = String::new();
    let mut inside = false;
    // The text of a <script> or <style> is code, which the sanitizer removes with its tags.
    let mut in_code_element = false;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Paragraph) => inside = true,
            Event::End(TagEnd::Paragraph) if inside => break,
            Event::InlineHtml(tag) => {
                let tag = tag.to_ascii_lowercase();
                if tag.starts_with("<script") || tag.starts_with("<style") {
                    in_code_element = true;
                } else if tag.starts_with("</script") || tag.starts_with("</style") {
                    in_code_element = false;
                }
            }
            Event::Text(_) | Event::Code(_) if in_code_element => {}
            Event::Text(t) | Event::Code(t) if inside => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak if inside => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_string()
}

#[cfg(test)]
mod tests;
