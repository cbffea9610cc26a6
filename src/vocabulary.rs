//! The words of an inspection framework: every status an area can have, as data.
//!
//! A status is a slug written in front matter (`sufficient-progress`), the words readers see
//! ("Sufficient progress"), a tone that decides how its tag looks (good, mixed, poor, neutral:
//! the stylesheet styles tones, never statuses), and who gives it (the inspectors). Rendering and
//! templates read these fields and never match a status word themselves, so a new status is a
//! new row here, not new code or CSS.

use serde::Serialize;

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
    /// Ofsted and the CQC: usable in `[judgements]`.
    Inspectors,
}

/// One status of the vocabulary.
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
}

/// The statuses of the 2016 local area SEND inspections, in the order they are listed.
const FRAMEWORK_2016: [(&str, &str, Tone); 3] = [
    ("significant-weakness", "Significant weakness", Tone::Poor),
    ("sufficient-progress", "Sufficient progress", Tone::Good),
    (
        "insufficient-progress",
        "Insufficient progress",
        Tone::Mixed,
    ),
];

/// Every status a site can use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vocabulary {
    terms: Vec<Term>,
}

impl Default for Vocabulary {
    fn default() -> Vocabulary {
        let terms = FRAMEWORK_2016
            .iter()
            .map(|&(slug, label, tone)| Term {
                slug: slug.to_string(),
                label: label.to_string(),
                tone,
                by: By::Inspectors,
            })
            .collect();
        Vocabulary { terms }
    }
}

impl Vocabulary {
    /// The status with this slug.
    pub fn get(&self, slug: &str) -> Option<&Term> {
        self.terms.iter().find(|t| t.slug == slug)
    }

    /// The statuses inspectors give, for `[judgements]`, in order.
    pub fn judgements(&self) -> impl Iterator<Item = &Term> {
        self.terms.iter().filter(|t| t.by == By::Inspectors)
    }
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
}
