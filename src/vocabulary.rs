//! The words of an inspection framework, as data: the kinds of entry, the statuses an area can
//! have, the overall outcomes of an inspection, the council's own ratings, and the types of area.
//!
//! A status is a slug written in front matter (`sufficient-progress`), the words readers see
//! ("Sufficient progress"), a tone that decides how its tag looks (good, mixed, poor, neutral:
//! the stylesheet styles tones, never statuses), and who gives it (the inspectors, or the council
//! itself). Rendering and templates read these fields and never match a status word themselves,
//! so the next revision of a framework is a change of this table (or of `[statuses]` in
//! `site.toml`), not of code or CSS.

pub mod glossary;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::error::{did_you_mean, Diagnostic};
use crate::source::frontmatter::Source;
use crate::source::slug::check_slug;

/// Which inspection framework a site reports on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Framework {
    /// The 2016 local area SEND inspections (areas of significant weakness, a revisit).
    #[serde(rename = "2016")]
    F2016,
    /// The area SEND framework used since 2023 (revised June 2025).
    #[serde(rename = "2023")]
    F2023,
}

impl Framework {
    /// The framework named in `site.toml`.
    pub fn parse(text: &str) -> Option<Framework> {
        match text {
            "2016" => Some(Framework::F2016),
            "2023" => Some(Framework::F2023),
            _ => None,
        }
    }

    /// As written in `site.toml`.
    pub fn name(self) -> &'static str {
        match self {
            Framework::F2016 => "2016",
            Framework::F2023 => "2023",
        }
    }
}

/// How a status reads at a glance; each has one style of tag, always with its words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Tone {
    /// Things are as they should be.
    Good,
    /// Some progress, not enough.
    Mixed,
    /// A serious concern.
    Poor,
    /// Neither good nor bad.
    Neutral,
}

/// Who gives a status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum By {
    /// Ofsted and the CQC: usable in `[judgements]` (and as an entry's `outcome`).
    Inspectors,
    /// The council itself: usable in `[progress]` (and `[actions]`).
    Us,
}

/// What usually follows an overall outcome, in the framework's own timings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Next {
    /// A monitoring inspection usually follows within this many months of the report.
    pub monitoring_months: Option<u32>,
    /// The next full inspection usually follows within this many years.
    pub full_years: u32,
}

/// One status, outcome or rating of the vocabulary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Term {
    /// As written in front matter.
    pub slug: String,
    /// As shown to readers.
    pub label: String,
    /// How its tag looks.
    pub tone: Tone,
    /// Who gives it.
    pub by: By,
    /// The inspectorate's own sentence for an overall outcome.
    pub sentence: Option<String>,
    /// The kind of entry that may record it as its overall `outcome`.
    pub outcome_of: Option<String>,
    /// Whether it may be an area's judgement in `[judgements]`.
    pub judges_areas: bool,
    /// What usually follows it, for a full inspection's outcome.
    pub next: Option<Next>,
}

/// The optional fields of an entry that a kind uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Uses {
    /// `opens` and `closes` (surveys, consultations).
    pub dates: bool,
    /// `event` and `location` (meetings).
    pub event: bool,
    /// An overall `outcome` (inspections under the 2023 framework).
    pub outcome: bool,
    /// `[judgements]`: what the inspectors found of each area.
    pub judgements: bool,
    /// `[progress]`: the council's own assessment of each area.
    pub progress: bool,
}

/// A type of area the inspectors name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AreaType {
    /// As written in an area's `type`.
    pub slug: &'static str,
    /// One of them: "Area for priority action".
    pub label: &'static str,
    /// The heading over all of them: "Areas for priority action".
    pub heading: &'static str,
    /// Whether inspectors judge each of them (`[judgements]`, monitoring inspections).
    pub judged: bool,
}

const POSITIVE: &str = "The local area partnership's SEND arrangements typically lead to positive experiences and outcomes for children and young people with SEND. The local area partnership is taking action where improvements are needed.";
const INCONSISTENT: &str = "The local area partnership's arrangements lead to inconsistent experiences and outcomes for children and young people with SEND. The local area partnership must work jointly to make improvements.";
const FAILINGS: &str = "There are widespread and/or systemic failings leading to significant concerns about the experiences and outcomes of children and young people with SEND, which the local area partnership must address urgently.";

fn term(slug: &str, label: &str, tone: Tone, by: By) -> Term {
    Term {
        slug: slug.into(),
        label: label.into(),
        tone,
        by,
        sentence: None,
        outcome_of: None,
        judges_areas: by == By::Inspectors,
        next: None,
    }
}

fn outcome(slug: &str, label: &str, tone: Tone, sentence: &str, next: Next) -> Term {
    Term {
        sentence: Some(sentence.into()),
        outcome_of: Some("inspection".into()),
        judges_areas: false,
        next: Some(next),
        ..term(slug, label, tone, By::Inspectors)
    }
}

fn monitoring(slug: &str, label: &str, tone: Tone) -> Term {
    Term {
        outcome_of: Some("monitoring-inspection".into()),
        ..term(slug, label, tone, By::Inspectors)
    }
}

/// The council's own ratings, the same under every framework.
fn ratings() -> Vec<Term> {
    vec![
        term("on-track", "On track", Tone::Good, By::Us),
        term("at-risk", "At risk", Tone::Mixed, By::Us),
        term("off-track", "Off track", Tone::Poor, By::Us),
        term("complete", "Complete", Tone::Good, By::Us),
    ]
}

fn terms_of(framework: Framework) -> Vec<Term> {
    let mut terms = match framework {
        Framework::F2016 => vec![
            term(
                "significant-weakness",
                "Significant weakness",
                Tone::Poor,
                By::Inspectors,
            ),
            term(
                "sufficient-progress",
                "Sufficient progress",
                Tone::Good,
                By::Inspectors,
            ),
            term(
                "insufficient-progress",
                "Insufficient progress",
                Tone::Mixed,
                By::Inspectors,
            ),
        ],
        Framework::F2023 => {
            let within = |monitoring_months, full_years| Next {
                monitoring_months,
                full_years,
            };
            vec![
                outcome(
                    "positive",
                    "Positive experiences and outcomes",
                    Tone::Good,
                    POSITIVE,
                    within(None, 5),
                ),
                outcome(
                    "inconsistent",
                    "Inconsistent experiences and outcomes",
                    Tone::Mixed,
                    INCONSISTENT,
                    within(None, 3),
                ),
                outcome(
                    "widespread-failings",
                    "Widespread or systemic failings",
                    Tone::Poor,
                    FAILINGS,
                    within(Some(18), 3),
                ),
                monitoring("effective-action", "Effective action", Tone::Good),
                monitoring("ineffective-action", "Ineffective action", Tone::Poor),
            ]
        }
    };
    terms.extend(ratings());
    terms
}

fn area_types_of(framework: Framework) -> Vec<AreaType> {
    match framework {
        Framework::F2016 => vec![AreaType {
            slug: "significant-weakness",
            label: "Area of significant weakness",
            heading: "Areas of significant weakness",
            judged: true,
        }],
        Framework::F2023 => vec![
            AreaType {
                slug: "priority-action",
                label: "Area for priority action",
                heading: "Areas for priority action",
                judged: true,
            },
            AreaType {
                slug: "improvement",
                label: "Area for improvement",
                heading: "Areas for improvement",
                judged: false,
            },
        ],
    }
}

/// The kinds every site has, in the order they are listed, with their labels.
pub const DEFAULT_KINDS: [(&str, &str); 13] = [
    ("inspection", "Inspection"),
    ("monitoring-inspection", "Monitoring inspection"),
    ("improvement-notice", "Improvement notice"),
    ("review", "Review by the DfE and NHS England"),
    ("progress-update", "Progress update"),
    ("wsoa-update", "Written Statement of Action update"),
    ("survey", "Survey"),
    ("consultation", "Consultation"),
    ("meeting", "Meeting"),
    ("report", "Report"),
    ("audit", "Audit"),
    ("plan", "Plan"),
    ("news", "News"),
];

/// The kinds of a framework's sites: all of them, but that a site under the area SEND framework
/// has no Written Statement of Action (its plan is a priority action plan), so its kind is not
/// offered, listed or given a feed unless the site adds it in `[kinds]`.
pub fn kinds_of(
    framework: Framework,
) -> impl Iterator<Item = &'static (&'static str, &'static str)> {
    DEFAULT_KINDS
        .iter()
        .filter(move |(slug, _)| !(framework == Framework::F2023 && *slug == "wsoa-update"))
}

/// Everything a site's framework lets it say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vocabulary {
    /// The framework.
    pub framework: Framework,
    terms: Vec<Term>,
    /// The types of area, in the order they are listed.
    pub area_types: Vec<AreaType>,
    /// Every kind of entry, in display order: `(slug, label)`: the built-in ones (relabelled
    /// where `[kinds]` says so), then the site's own.
    pub kinds: Vec<(String, String)>,
}

impl Default for Vocabulary {
    fn default() -> Vocabulary {
        Vocabulary::of(Framework::F2016)
    }
}

/// `[statuses]` in `site.toml`, one entry as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStatus {
    label: Option<Spanned<String>>,
    tone: Option<Spanned<String>>,
    by: Option<Spanned<String>>,
}

impl Vocabulary {
    /// The built-in words of a framework.
    pub fn of(framework: Framework) -> Vocabulary {
        Vocabulary {
            framework,
            terms: terms_of(framework),
            area_types: area_types_of(framework),
            kinds: kinds_of(framework)
                .map(|(s, l)| (s.to_string(), l.to_string()))
                .collect(),
        }
    }

    /// The status, outcome or rating with this slug.
    pub fn get(&self, slug: &str) -> Option<&Term> {
        self.terms.iter().find(|t| t.slug == slug)
    }

    /// The words readers see for a slug: its label, or the slug itself if the vocabulary does
    /// not have it.
    pub fn label<'a>(&'a self, slug: &'a str) -> &'a str {
        self.get(slug).map_or(slug, |t| t.label.as_str())
    }

    /// Every term, in order.
    pub fn terms(&self) -> &[Term] {
        &self.terms
    }

    /// Which optional fields an entry of this kind uses, so that the editor offers them there
    /// (and hides them elsewhere). A kind the site added in `[kinds]` may use any of them.
    pub fn uses(&self, kind: &str) -> Uses {
        let builtin = DEFAULT_KINDS.iter().any(|(k, _)| *k == kind);
        if !builtin {
            return Uses {
                dates: true,
                event: true,
                outcome: false,
                judgements: true,
                progress: true,
            };
        }
        Uses {
            dates: matches!(kind, "survey" | "consultation"),
            event: kind == "meeting",
            outcome: self.outcomes_of(kind).next().is_some(),
            judgements: matches!(kind, "inspection" | "monitoring-inspection" | "review"),
            progress: matches!(kind, "progress-update" | "wsoa-update"),
        }
    }

    /// The type of area with this slug.
    pub fn area_type(&self, slug: &str) -> Option<&AreaType> {
        self.area_types.iter().find(|t| t.slug == slug)
    }

    /// The type an area has when it says none (only the 2016 framework has a default).
    pub fn default_area_type(&self) -> Option<&AreaType> {
        match self.framework {
            Framework::F2016 => self.area_types.first(),
            Framework::F2023 => None,
        }
    }

    /// The statuses inspectors give to areas, for `[judgements]`, in order.
    pub fn judgements(&self) -> impl Iterator<Item = &Term> {
        self.terms.iter().filter(|t| t.judges_areas)
    }

    /// The council's own ratings, for `[progress]`.
    pub fn ratings(&self) -> impl Iterator<Item = &Term> {
        self.terms.iter().filter(|t| t.by == By::Us)
    }

    /// The overall outcomes an entry of `kind` may record.
    pub fn outcomes_of<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a Term> + 'a {
        self.terms
            .iter()
            .filter(move |t| t.outcome_of.as_deref() == Some(kind))
    }

    /// The framework whose built-in words include `slug`, when it is not this site's.
    pub fn other_framework_of(&self, slug: &str) -> Option<Framework> {
        [Framework::F2016, Framework::F2023]
            .into_iter()
            .filter(|f| *f != self.framework)
            .find(|f| terms_of(*f).iter().any(|t| t.slug == slug))
    }

    /// Applies `[statuses]`: relabels (or re-tones) built-in terms and adds new ones, each
    /// checked where it is written.
    pub fn customise(
        &mut self,
        source: &Source,
        statuses: BTreeMap<Spanned<String>, Spanned<RawStatus>>,
        errors: &mut Vec<Diagnostic>,
    ) {
        for (slug, raw) in statuses {
            let at = raw.span().start;
            if let Err((m, h)) = check_slug(slug.get_ref()) {
                errors.push(
                    source
                        .error_at(slug.span().start, format!("[statuses]: {m}"))
                        .hint(h),
                );
                continue;
            }
            let raw = raw.into_inner();
            let mut found = Vec::new();
            let tone = raw
                .tone
                .as_ref()
                .and_then(|t| parse_tone(source, t, &mut found));
            let by = raw
                .by
                .as_ref()
                .and_then(|b| parse_by(source, b, &mut found));
            let label = raw
                .label
                .map(Spanned::into_inner)
                .filter(|l| !l.trim().is_empty());
            let slug = slug.into_inner();
            if let Some(existing) = self.terms.iter_mut().find(|t| t.slug == slug) {
                if raw.by.is_some() {
                    found.push(source.error_at(at, format!("[statuses]: \"{slug}\" is built in, and who gives it cannot change")).hint("leave out `by`, or give your own status another name"));
                }
                if found.is_empty() {
                    existing.label = label.unwrap_or_else(|| existing.label.clone());
                    existing.tone = tone.unwrap_or(existing.tone);
                }
            } else {
                match (label, tone, by, found.is_empty()) {
                    (Some(label), Some(tone), Some(by), true) => self.terms.push(term(&slug, &label, tone, by)),
                    (_, _, _, true) => found.push(source.error_at(at, format!("[statuses]: the new status \"{slug}\" needs a `label`, a `tone` and `by`")).hint(format!("write it as {slug} = {{ label = \"...\", tone = \"good\", by = \"inspectors\" }}: `tone` is good, mixed, poor or neutral; `by` is inspectors (for [judgements]) or us (for [progress])"))),
                    _ => {}
                }
            }
            errors.extend(found);
        }
    }
}

fn parse_tone(
    source: &Source,
    tone: &Spanned<String>,
    errors: &mut Vec<Diagnostic>,
) -> Option<Tone> {
    let names = ["good", "mixed", "poor", "neutral"];
    let found = match tone.get_ref().as_str() {
        "good" => Some(Tone::Good),
        "mixed" => Some(Tone::Mixed),
        "poor" => Some(Tone::Poor),
        "neutral" => Some(Tone::Neutral),
        _ => None,
    };
    if found.is_none() {
        errors.push(unknown(source, tone, "tone", &names));
    }
    found
}

fn parse_by(source: &Source, by: &Spanned<String>, errors: &mut Vec<Diagnostic>) -> Option<By> {
    let found = match by.get_ref().as_str() {
        "inspectors" => Some(By::Inspectors),
        "us" => Some(By::Us),
        _ => None,
    };
    if found.is_none() {
        errors.push(unknown(source, by, "by", &["inspectors", "us"]));
    }
    found
}

fn unknown(source: &Source, value: &Spanned<String>, field: &str, names: &[&str]) -> Diagnostic {
    let hint = match did_you_mean(value.get_ref(), names.iter().copied()) {
        Some(near) => format!("did you mean \"{near}\"?"),
        None => format!("`{field}` is one of {}", names.join(", ")),
    };
    source
        .error_at(
            value.span().start,
            format!("[statuses]: unknown {field} \"{}\"", value.get_ref()),
        )
        .hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_2016_statuses_have_words_and_tones() {
        let v = Vocabulary::default();
        let t = v.get("insufficient-progress").unwrap();
        assert_eq!(
            (t.label.as_str(), t.tone),
            ("Insufficient progress", Tone::Mixed)
        );
        assert_eq!(v.judgements().count(), 3);
        assert!(v.get("Sufficient progress").is_none());
    }

    #[test]
    fn the_2023_outcomes_belong_to_their_kinds_of_inspection() {
        let v = Vocabulary::of(Framework::F2023);
        let full: Vec<&str> = v
            .outcomes_of("inspection")
            .map(|t| t.slug.as_str())
            .collect();
        assert_eq!(full, ["positive", "inconsistent", "widespread-failings"]);
        let monitoring: Vec<&str> = v
            .outcomes_of("monitoring-inspection")
            .map(|t| t.slug.as_str())
            .collect();
        assert_eq!(monitoring, ["effective-action", "ineffective-action"]);
        let judged: Vec<&str> = v.judgements().map(|t| t.slug.as_str()).collect();
        assert_eq!(judged, ["effective-action", "ineffective-action"]);
        assert_eq!(
            v.other_framework_of("sufficient-progress"),
            Some(Framework::F2016)
        );
        assert_eq!(v.get("widespread-failings").unwrap().tone, Tone::Poor);
        assert_eq!(v.get("on-track").unwrap().by, By::Us);
    }
}
