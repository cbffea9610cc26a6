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

/// A validated timeline entry.
#[derive(Debug, Clone)]
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
    /// Where a meeting takes place.
    pub location: Option<String>,
    /// Corrections and additions after publication, oldest first.
    pub history: Vec<HistoryNote>,
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
    location: Option<String>,
    #[serde(default)]
    history: Vec<RawHistory>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    id: Option<Spanned<String>>,
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

/// Checks spanned front-matter values, collecting errors located in the file.
struct Checker<'s, 'a> {
    source: &'s Source<'a>,
    offset: usize,
    errors: Vec<Diagnostic>,
}

impl Checker<'_, '_> {
    fn error<T>(&mut self, span: &Spanned<T>, message: String, hint: String) {
        let at = self.offset + span.span().start;
        self.errors
            .push(self.source.error_at(at, message).hint(hint));
    }

    fn date(&mut self, value: &Spanned<toml::Value>, field: &str) -> Option<Date> {
        parse_date(value.get_ref())
            .map_err(|(m, h)| self.error(value, format!("{field}: {m}"), h))
            .ok()
    }

    fn event(&mut self, value: &Spanned<toml::Value>) -> Option<EventTime> {
        parse_event(value.get_ref())
            .map_err(|(m, h)| self.error(value, format!("event: {m}"), h))
            .ok()
    }

    fn kind(&mut self, kind: &Spanned<String>, config: &Config) -> String {
        let slug = kind.get_ref();
        if !config.has_kind(slug) {
            let names = config.vocabulary.kinds.iter().map(|(s, _)| s.as_str());
            let hint = match did_you_mean(slug, names.clone()) {
                Some(near) => format!("did you mean \"{near}\"?"),
                None => format!(
                    "use one of {}, or add the kind to `[kinds]` in content/site.toml",
                    names.collect::<Vec<_>>().join(", ")
                ),
            };
            self.error(kind, format!("unknown kind \"{slug}\""), hint);
        }
        slug.clone()
    }

    fn area(&mut self, area: &Spanned<String>, areas: &BTreeSet<String>) -> String {
        let slug = area.get_ref();
        if !areas.contains(slug) {
            let hint = match did_you_mean(slug, areas.iter().map(String::as_str)) {
                Some(near) => format!("did you mean \"{near}\"?"),
                None => format!(
                    "the areas are the files in content/areas/: {}",
                    areas
                        .iter()
                        .map(String::as_str)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            self.error(area, format!("unknown area \"{slug}\""), hint);
        }
        slug.clone()
    }

    /// A pinned feed id must be a URI, as RSS `guid`s and Atom `id`s are.
    fn id(&mut self, id: &Spanned<String>) -> Option<String> {
        let text = id.get_ref();
        if is_uri(text) {
            return Some(text.clone());
        }
        let hint = "write a URI that will never change, e.g. id = \"tag:www.example.gov.uk,2022-11-23:revisit-report\"";
        self.error(id, format!("id \"{text}\" is not a URI"), hint.into());
        None
    }

    /// A window must close on or after the day it opens.
    fn window(
        &mut self,
        opens: Option<Date>,
        closes: Option<&Spanned<toml::Value>>,
        closes_date: Option<Date>,
    ) {
        if let (Some(opens), Some(span), Some(closes)) = (opens, closes, closes_date) {
            if closes < opens {
                let hint = "check the dates: `closes` is the last day people can take part".into();
                self.error(
                    span,
                    format!("closes: {closes} is before the day it opens ({opens})"),
                    hint,
                );
            }
        }
    }

    /// A status in `[judgements]`: one the framework's inspectors give to areas.
    fn status(&mut self, status: &Spanned<String>, config: &Config) -> Option<String> {
        let v = &config.vocabulary;
        let text = status.get_ref();
        if v.get(text).is_some_and(|t| t.judges_areas) {
            return Some(text.clone());
        }
        let slugs: Vec<&str> = v.judgements().map(|t| t.slug.as_str()).collect();
        let (message, hint) = match v.get(text) {
            Some(t) if t.by == By::Us => (
                format!("\"{text}\" is the council's own rating, not an inspectors' judgement"),
                format!(
                    "put it in [progress]; a judgement is one of {}",
                    slugs.join(", ")
                ),
            ),
            Some(_) => (
                format!("\"{text}\" is an overall outcome, not the judgement of one area"),
                format!(
                    "write it as `outcome = \"{text}\"`; a judgement is one of {}",
                    slugs.join(", ")
                ),
            ),
            None => self.unknown_word(text, "status", &slugs, config),
        };
        self.error(status, message, hint);
        None
    }

    /// A rating in `[progress]` or `[actions]` (the `table`): one the council gives itself.
    fn rating<T>(
        &mut self,
        text: &str,
        at: &Spanned<T>,
        table: &str,
        config: &Config,
    ) -> Option<String> {
        let v = &config.vocabulary;
        if v.get(text).is_some_and(|t| t.by == By::Us) {
            return Some(text.to_string());
        }
        let slugs: Vec<&str> = v.ratings().map(|t| t.slug.as_str()).collect();
        let (message, hint) = match v.get(text) {
            Some(_) => (
                format!("\"{text}\" is an inspectors' status, not the council's own rating"),
                format!("[{table}] is what the council says of itself: one of {}; what the inspectors found goes in [judgements]", slugs.join(", ")),
            ),
            None => self.unknown_word(text, "rating", &slugs, config),
        };
        self.error(at, message, hint);
        None
    }

    /// An entry's overall `outcome`: one the framework's inspections of its kind give.
    fn outcome(
        &mut self,
        outcome: &Spanned<String>,
        kind: &str,
        config: &Config,
    ) -> Option<String> {
        let v = &config.vocabulary;
        let text = outcome.get_ref();
        let of_kind: Vec<&str> = v.outcomes_of(kind).map(|t| t.slug.as_str()).collect();
        if of_kind.contains(&text.as_str()) {
            return Some(text.clone());
        }
        let all: Vec<&str> = v
            .terms()
            .iter()
            .filter(|t| t.outcome_of.is_some())
            .map(|t| t.slug.as_str())
            .collect();
        let (message, hint) = match v.get(text).and_then(|t| t.outcome_of.as_deref()) {
            _ if all.is_empty() => (
                "`outcome` belongs to the 2023 area SEND framework, and this site uses the 2016 one".to_string(),
                "record each area's result in [judgements], or set framework = \"2023\" in content/site.toml".to_string(),
            ),
            Some(other) => (
                format!("\"{text}\" is the outcome of a {}, but this entry's kind is \"{kind}\"", config.kind_label(other).to_lowercase()),
                format!("set kind = \"{other}\", or use one of: {}", if of_kind.is_empty() { "none (this kind of entry records no outcome)".to_string() } else { of_kind.join(", ") }),
            ),
            None => self.unknown_word(text, "outcome", &all, config),
        };
        self.error(outcome, message, hint);
        None
    }

    /// The message and hint for a word the vocabulary does not have.
    fn unknown_word(
        &self,
        text: &str,
        what: &str,
        slugs: &[&str],
        config: &Config,
    ) -> (String, String) {
        let v = &config.vocabulary;
        if let Some(other) = v.other_framework_of(text) {
            return (
                format!(
                    "\"{text}\" belongs to the {} framework, but this site uses the {} framework",
                    other.name(),
                    v.framework.name()
                ),
                format!(
                    "use one of {} (framework is set in content/site.toml)",
                    slugs.join(", ")
                ),
            );
        }
        let hint = match did_you_mean(
            &text.replace(' ', "-").to_lowercase(),
            slugs.iter().copied(),
        ) {
            Some(near) => format!("did you mean \"{near}\"?"),
            None if what == "status" => format!("a judgement is one of {}", slugs.join(", ")),
            None => format!("use one of {}", slugs.join(", ")),
        };
        (format!("unknown {what} \"{text}\""), hint)
    }
}

impl Entry {
    /// Where the entry is published, relative to the site root: `updates/<slug>/`.
    pub fn path(&self) -> String {
        format!("updates/{}/", self.slug)
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
        location,
        history,
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
    let located = |check: &Checker, key: &Spanned<String>| {
        Some(check.source.location(check.offset + key.span().start))
    };
    let judgements = judgements
        .iter()
        .filter_map(|(key, status)| {
            let area = check.area(key, ctx.areas);
            let location = located(check, key);
            check.status(status, ctx.config).map(|status| Judgement {
                area,
                status,
                location,
            })
        })
        .collect();
    let progress = progress
        .iter()
        .filter_map(|(key, rating)| {
            let area = check.area(key, ctx.areas);
            let location = located(check, key);
            check
                .rating(rating.get_ref(), rating, "progress", ctx.config)
                .map(|status| Judgement {
                    area,
                    status,
                    location,
                })
        })
        .collect();
    // Action ids are checked by the model, which knows every area's actions.
    let actions = actions
        .iter()
        .filter_map(|(key, value)| {
            let location = located(check, key);
            let (status, note) = read_report(value)
                .map_err(|(m, h)| {
                    check.error(value, format!("[actions] {}: {m}", key.get_ref()), h)
                })
                .ok()?;
            let status = check.rating(&status, value, "actions", ctx.config)?;
            Some(ActionReport {
                action: key.get_ref().clone(),
                status,
                note,
                location,
            })
        })
        .collect();
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
    let history = history
        .iter()
        .filter_map(|h| {
            Some(HistoryNote {
                date: check.date(&h.date, "history date")?,
                note: h.note.clone(),
            })
        })
        .collect();
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
        location,
        history,
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
mod tests {
    use super::*;

    fn config() -> Config {
        let text =
            "title = \"T\"\norganisation = \"O\"\ndescription = \"D\"\nbase_url = \"https://x/\"\n";
        Config::parse(Path::new("site.toml"), text).unwrap()
    }

    fn parse(text: &str) -> Result<Entry, Vec<Diagnostic>> {
        let config = config();
        let areas: BTreeSet<String> =
            ["accountability".to_string(), "co-production".to_string()].into();
        let ctx = EntryContext {
            config: &config,
            areas: &areas,
        };
        let path = Path::new("content/updates/2022-11-23-revisit.md");
        Entry::parse(&Source { path, text }, &ctx)
    }

    #[test]
    fn a_full_entry_parses() {
        let e = parse("+++\ntitle = \"Revisit\"\ndate = 2022-11-23\nkind = \"inspection\"\nareas = [\"co-production\"]\n[judgements]\naccountability = \"sufficient-progress\"\n+++\nFirst *para*.\n\nSecond.\n").unwrap();
        assert_eq!(
            (e.slug.as_str(), e.summary.as_str(), e.body_line),
            ("revisit", "First para.", 9)
        );
        assert_eq!(
            e.judgements,
            vec![Judgement {
                area: "accountability".into(),
                status: "sufficient-progress".into(),
                location: e.judgements[0].location.clone()
            }]
        );
    }

    #[test]
    fn every_problem_of_a_file_is_reported() {
        let errors = parse("+++\ntitle = \"R\"\ndate = \"20/01/2021\"\nkind = \"inspektion\"\nareas = [\"acountability\"]\n[judgements]\nco-production = \"Sufficient progress\"\n+++\n").unwrap_err();
        let text: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(errors.len(), 4, "{text:#?}");
        assert!(text[0].contains(":3:8: date: `20/01/2021`"), "{}", text[0]);
        assert!(
            text[1].contains("did you mean \"inspection\"?"),
            "{}",
            text[1]
        );
        assert!(
            text[2].contains(":5:10: unknown area \"acountability\""),
            "{}",
            text[2]
        );
        assert!(
            text[3].contains("did you mean \"sufficient-progress\"?"),
            "{}",
            text[3]
        );
    }

    #[test]
    fn missing_title_names_the_field() {
        let errors = parse("+++\ndate = 2022-11-23\nkind = \"news\"\n+++\n").unwrap_err();
        assert!(
            errors[0].message.contains("`title` is missing"),
            "{}",
            errors[0]
        );
    }

    #[test]
    fn a_pinned_id_must_be_a_uri() {
        let e = parse("+++\ntitle = \"R\"\ndate = 2022-11-23\nkind = \"news\"\nid = \"urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66\"\n+++\n").unwrap();
        assert_eq!(
            e.id.as_deref(),
            Some("urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66")
        );
        let errors = parse("+++\ntitle = \"R\"\ndate = 2022-11-23\nkind = \"news\"\nid = \"revisit report\"\n+++\n").unwrap_err();
        assert!(
            errors[0]
                .to_string()
                .contains(":5:6: id \"revisit report\" is not a URI"),
            "{}",
            errors[0]
        );
    }

    #[test]
    fn a_window_cannot_close_before_it_opens() {
        let errors = parse("+++\ntitle = \"S\"\ndate = 2022-11-23\nkind = \"survey\"\nopens = 2022-11-23\ncloses = 2022-11-01\n+++\n").unwrap_err();
        assert!(
            errors[0]
                .to_string()
                .contains(":6:10: closes: 2022-11-01 is before the day it opens (2022-11-23)"),
            "{}",
            errors[0]
        );
    }

    #[test]
    fn date_prefix_is_stripped_from_slug() {
        assert_eq!(
            strip_date_prefix("2022-11-23-revisit-report"),
            "revisit-report"
        );
        assert_eq!(strip_date_prefix("about"), "about");
    }

    #[test]
    fn aliases_cannot_leave_the_site() {
        assert_eq!(normalise_alias("/updates/old/").unwrap(), "updates/old/");
        for bad in [
            "/../../etc/",
            "",
            "/",
            "updates//x",
            "a/./b",
            "x y",
            "https://x.org/a",
        ] {
            assert!(normalise_alias(bad).is_err(), "{bad}");
        }
    }
}
