//! The site's words for what files store as slugs and ids, so that History and Publish say what
//! the site says: "On track", not `on-track`; the area "Waiting times for EHC plans", not
//! `waiting-times`; the action "Publish one dashboard", not `publish-one-dashboard`; a date as
//! "14 March 2025". Read from the preview's snapshot; a slug it does not know is said in words
//! made from it.

use std::collections::BTreeMap;

use super::snapshot::Snapshot;
use crate::content::sources::Known;

/// The site's words, by slug.
#[derive(Debug, Clone, Default)]
pub struct Words {
    statuses: BTreeMap<String, String>,
    kinds: BTreeMap<String, String>,
    areas: BTreeMap<String, String>,
    actions: BTreeMap<String, String>,
    /// A measure's figures (`content/measures/x.csv`) → the measure (`content/measures/y.md`).
    figures: BTreeMap<String, String>,
}

impl Words {
    /// The words of the site as the preview last read it.
    pub fn of(snapshot: &Snapshot) -> Words {
        let sources = snapshot.sources();
        let mut words = Words::default();
        if let Some(config) = sources.config() {
            let v = &config.vocabulary;
            let terms = v.terms().iter().map(|t| (t.slug.clone(), t.label.clone()));
            words.statuses = terms.collect();
            words.kinds = v.kinds.iter().cloned().collect();
        }
        for (_, known) in sources.files() {
            if let Known::Measure(Some(m)) = known {
                let name = m.data.as_ref().and_then(|d| d.file_name());
                if let Some(name) = name {
                    let csv = format!("content/measures/{}", name.to_string_lossy());
                    let md = m.source.to_string_lossy().replace('\\', "/");
                    words.figures.insert(csv, md);
                }
            }
            if let Known::Area(Some(a)) = known {
                words.areas.insert(a.slug.clone(), a.title.clone());
                let actions = a.actions.iter().map(|x| (x.id.clone(), x.title.clone()));
                words.actions.extend(actions);
            }
        }
        words
    }

    /// The name of the thing a key of a table is (`[progress] waiting-times`: the area's title;
    /// `[actions] publish-one-dashboard`: the action's, in quotation marks), if it is known.
    pub fn thing(&self, table: &str, key: &str) -> Option<String> {
        match table {
            "judgements" | "progress" => self.areas.get(key).cloned(),
            "actions" => self.actions.get(key).map(|t| format!("“{t}”")),
            _ => None,
        }
    }

    /// The measure whose figures are the file at `csv`, if the site names it.
    pub fn measure_of(&self, csv: &str) -> Option<&str> {
        self.figures.get(csv).map(String::as_str)
    }

    /// `value` of the key at `path` as the site says it: a status, a kind, an area, a date.
    pub fn value(&self, path: &[&str], value: &str) -> String {
        let said = |list: &BTreeMap<String, String>| list.get(value).cloned();
        let found = match path {
            ["kind"] => said(&self.kinds),
            ["outcome"] | ["judgements" | "progress", _] | ["actions", _] => said(&self.statuses),
            ["actions", _, "status"] => said(&self.statuses),
            ["areas"] => said(&self.areas),
            _ => None,
        };
        found.unwrap_or_else(|| super::fields::in_words(value))
    }

    /// These words, with the measure `md` naming its figures `csv`, for tests.
    #[cfg(test)]
    pub fn with_figures(mut self, csv: &str, md: &str) -> Words {
        self.figures.insert(csv.into(), md.into());
        self
    }

    /// Words given as lists, for tests: statuses, areas and actions, each `(slug, words)`.
    #[cfg(test)]
    pub fn given(
        statuses: &[(&str, &str)],
        areas: &[(&str, &str)],
        actions: &[(&str, &str)],
    ) -> Words {
        let map = |list: &[(&str, &str)]| {
            list.iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect()
        };
        Words {
            statuses: map(statuses),
            kinds: BTreeMap::new(),
            areas: map(areas),
            actions: map(actions),
            figures: BTreeMap::new(),
        }
    }
}

/// `text` with its first letter a capital ("the update “…”" → "The update “…”").
pub fn capital(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
}

/// `text` with its first letter small ("Action “Publish…”" → "action “Publish…”"), its titles
/// as they are.
pub fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or(String::new(), |c| c.to_lowercase().chain(chars).collect())
}
