//! What the update form offers to choose from: the site's kinds (with the optional fields each
//! uses), its areas (and which of them inspectors judge), the framework's outcomes, judgements
//! and ratings, and the documents already in `content/`, as the preview last read them.

use serde::Serialize;

use std::path::Path;

use super::snapshot::Snapshot;
use super::Choice;
use crate::config::Config;
use crate::content::sources::Known;

/// A kind as the form offers it: its slug, its label and the optional fields it uses.
#[derive(Serialize)]
pub(super) struct KindChoice {
    pub(super) slug: String,
    pub(super) label: String,
    pub(super) uses: String,
}

/// An area as the form offers it, with the plan's actions for it (id and title).
#[derive(Serialize, Clone)]
pub(super) struct AreaChoice {
    pub(super) slug: String,
    pub(super) title: String,
    pub(super) actions: Vec<Choice>,
}

/// The site's choices for the form, as the preview last read them.
pub(super) struct Choices {
    pub(super) kinds: Vec<KindChoice>,
    pub(super) areas: Vec<AreaChoice>,
    pub(super) judged_areas: Vec<AreaChoice>,
    pub(super) outcomes: Vec<Choice>,
    pub(super) judgements: Vec<Choice>,
    pub(super) ratings: Vec<Choice>,
    pub(super) documents: Vec<Choice>,
    /// Whether updates are kept in a folder per year.
    pub(super) year_folders: bool,
}

impl Choices {
    pub(super) fn of(engine: &Snapshot) -> Choices {
        let sources = engine.sources();
        let mut areas: Vec<(u32, AreaChoice, bool)> = Vec::new();
        let mut year_folders = false;
        for (path, known) in sources.files() {
            match known {
                Known::Area(Some(a)) => {
                    let judged = sources.config().map_or(true, |c| {
                        let v = &c.vocabulary;
                        a.area_type
                            .as_deref()
                            .and_then(|t| v.area_type(t))
                            .or_else(|| v.default_area_type())
                            .map_or(true, |t| t.judged)
                    });
                    let actions = a.actions.iter().map(|x| Choice {
                        slug: x.id.clone(),
                        label: x.title.clone(),
                    });
                    let choice = AreaChoice {
                        slug: a.slug.clone(),
                        title: a.title.clone(),
                        actions: actions.collect(),
                    };
                    areas.push((a.number, choice, judged));
                }
                Known::Entry(_) => {
                    let mut parts = path.iter().skip(2);
                    let folder = parts.next().map(|p| p.to_string_lossy().into_owned());
                    year_folders |= parts.next().is_some()
                        && folder
                            .is_some_and(|f| f.len() == 4 && f.bytes().all(|b| b.is_ascii_digit()));
                }
                _ => {}
            }
        }
        areas.sort_by(|a, b| (a.0, &a.1.slug).cmp(&(b.0, &b.1.slug)));
        let choice = |t: &crate::vocabulary::Term| Choice {
            slug: t.slug.clone(),
            label: t.label.clone(),
        };
        let (kinds, outcomes, judgements, ratings) = match sources.config() {
            None => Default::default(),
            Some(Config { vocabulary: v, .. }) => (
                v.kinds
                    .iter()
                    .map(|(slug, label)| {
                        let uses = v.uses(slug);
                        let named = [
                            (uses.dates, "dates"),
                            (uses.event, "event"),
                            (uses.outcome, "outcome"),
                            (uses.judgements, "judgements"),
                            (uses.progress, "progress"),
                        ];
                        KindChoice {
                            slug: slug.clone(),
                            label: label.clone(),
                            uses: named
                                .iter()
                                .filter(|(on, _)| *on)
                                .map(|(_, name)| *name)
                                .collect::<Vec<_>>()
                                .join(" "),
                        }
                    })
                    .collect(),
                v.terms()
                    .iter()
                    .filter(|t| t.outcome_of.is_some())
                    .map(|t| Choice {
                        slug: t.slug.clone(),
                        label: format!(
                            "{} ({})",
                            t.label,
                            v.kinds
                                .iter()
                                .find(|k| Some(&k.0) == t.outcome_of.as_ref())
                                .map_or("", |k| k.1.as_str())
                                .to_lowercase()
                        ),
                    })
                    .collect(),
                v.judgements().map(choice).collect(),
                v.ratings().map(choice).collect(),
            ),
        };
        Choices {
            kinds,
            judged_areas: areas.iter().filter(|a| a.2).map(|a| a.1.clone()).collect(),
            areas: areas.into_iter().map(|a| a.1).collect(),
            outcomes,
            judgements,
            ratings,
            documents: documents(engine),
            year_folders,
        }
    }

    pub(super) fn area_slugs(&self) -> Vec<String> {
        self.areas.iter().map(|a| a.slug.clone()).collect()
    }

    /// The id of every action of the plan, area by area.
    pub(super) fn action_ids(&self) -> Vec<String> {
        let actions = self.areas.iter().flat_map(|a| &a.actions);
        actions.map(|a| a.slug.clone()).collect()
    }
}

/// The documents under `content/` an update may attach, as `(slug, label)` choices.
fn documents(engine: &Snapshot) -> Vec<Choice> {
    engine
        .sources()
        .files()
        .filter_map(|(_, known)| match known {
            Known::Asset(output) if is_document(output) => Some(Choice {
                slug: output.to_string(),
                label: output.to_string(),
            }),
            _ => None,
        })
        .collect()
}

pub(super) fn is_document(path: &str) -> bool {
    let ext = Path::new(path)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    matches!(
        ext.as_str(),
        "pdf"
            | "doc"
            | "docx"
            | "xls"
            | "xlsx"
            | "ppt"
            | "pptx"
            | "odt"
            | "ods"
            | "odp"
            | "csv"
            | "png"
            | "jpg"
            | "jpeg"
    )
}
