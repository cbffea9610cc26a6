//! The checks of an entry's front-matter values, each error located at the value in the file.

use super::*;

/// Checks spanned front-matter values, collecting errors located in the file.
pub(super) struct Checker<'s, 'a> {
    pub(super) source: &'s Source<'a>,
    pub(super) offset: usize,
    pub(super) errors: Vec<Diagnostic>,
}

impl Checker<'_, '_> {
    pub(super) fn error<T>(&mut self, span: &Spanned<T>, message: String, hint: String) {
        let at = self.offset + span.span().start;
        self.errors
            .push(self.source.error_at(at, message).hint(hint));
    }

    pub(super) fn date(&mut self, value: &Spanned<toml::Value>, field: &str) -> Option<Date> {
        parse_date(value.get_ref())
            .map_err(|(m, h)| self.error(value, format!("{field}: {m}"), h))
            .ok()
    }

    pub(super) fn event(&mut self, value: &Spanned<toml::Value>) -> Option<EventTime> {
        parse_event(value.get_ref())
            .map_err(|(m, h)| self.error(value, format!("event: {m}"), h))
            .ok()
    }

    /// `event_end`: when the meeting of `event` ends. Both have a time, or both are days (an
    /// event over several days); the end comes after the start.
    pub(super) fn event_end(
        &mut self,
        event: Option<&EventTime>,
        value: &Spanned<toml::Value>,
    ) -> Option<EventTime> {
        let end = parse_event(value.get_ref())
            .map_err(|(m, h)| self.error(value, format!("event_end: {m}"), h))
            .ok()?;
        let problem = match (event, end.time) {
            (None, _) => Some((
                "event_end: there is no `event` for it to end".to_string(),
                "write when the meeting starts as `event`, or take event_end out",
            )),
            (Some(start), None) if start.time.is_some() => Some((
                format!("event_end: {} is a day, but the meeting starts at a time", end.date),
                "write the time it ends on that day, e.g. event_end = 2025-02-03T19:30:00",
            )),
            (Some(start), Some(_)) if start.time.is_none() => Some((
                "event_end: the meeting has an end time but no start time".to_string(),
                "give `event` its start time too, e.g. event = 2025-02-03T18:00:00, or write event_end as a day",
            )),
            (Some(start), _) if (end.date, end.time) < (start.date, start.time)
                || (end.time.is_some() && (end.date, end.time) == (start.date, start.time)) =>
            {
                Some((
                    "event_end: the meeting ends before it starts".to_string(),
                    "check the dates and times: event_end is when the meeting finishes",
                ))
            }
            _ => None,
        };
        match problem {
            Some((message, hint)) => {
                self.error(value, message, hint.into());
                None
            }
            None => Some(end),
        }
    }

    pub(super) fn kind(&mut self, kind: &Spanned<String>, config: &Config) -> String {
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

    pub(super) fn area(&mut self, area: &Spanned<String>, areas: &BTreeSet<String>) -> String {
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
    pub(super) fn id(&mut self, id: &Spanned<String>) -> Option<String> {
        let text = id.get_ref();
        if is_uri(text) {
            return Some(text.clone());
        }
        let hint = "write a URI that will never change, e.g. id = \"tag:www.example.gov.uk,2022-11-23:revisit-report\"";
        self.error(id, format!("id \"{text}\" is not a URI"), hint.into());
        None
    }

    /// A window must close on or after the day it opens.
    pub(super) fn window(
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
    pub(super) fn status(&mut self, status: &Spanned<String>, config: &Config) -> Option<String> {
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
    pub(super) fn rating<T>(
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
    pub(super) fn outcome(
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
    pub(super) fn unknown_word(
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
