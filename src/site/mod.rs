//! The model: [`Site`] is the whole site, validated, sorted and indexed, built once per build.
//!
//! Everything derived lives here and is derived once: which entries are published today, their
//! order (newest first, then by slug), which entries belong to each area and kind, and each
//! area's status history from the dated judgements. Rendering only reads it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use time::Date;

use crate::config::Config;
use crate::content::{Area, Content, Entry, Items, Judgement, Measure, Page};
use crate::error::{Diagnostic, Diagnostics};
use addresses::Addressed;

pub mod addresses;
mod framework;
mod plan;
pub use framework::NextStep;
pub use plan::{ActionChange, ActionState, COMPLETE};

/// What the build should publish.
#[derive(Debug, Clone, Copy)]
pub struct BuildOptions {
    /// Publish entries marked `draft = true`.
    pub drafts: bool,
    /// Publish entries dated after `today` (embargoed).
    pub future: bool,
    /// The day of the build, which decides what is embargoed.
    pub today: Date,
}

/// One judgement in an area's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChange {
    /// What was found: the slug of a status of the site's vocabulary.
    pub status: String,
    /// The date of the entry that recorded it.
    pub date: Date,
    /// Index of that entry in [`Site::entries`].
    pub entry: usize,
}

/// The immutable model every page is rendered from.
#[derive(Debug)]
pub struct Site {
    /// Site settings.
    pub config: Config,
    /// The home introduction.
    pub home: Page,
    /// Areas in their numbered order.
    pub areas: Vec<Area>,
    /// Published entries, newest first (ties: by slug).
    pub entries: Vec<Arc<Entry>>,
    /// Free pages, by slug.
    pub pages: Vec<Page>,
    /// Files copied as they are (paths relative to `content/`).
    pub assets: Vec<String>,
    /// Measures, by slug, each with its figures oldest first.
    pub measures: Vec<Measure>,
    /// Every action of the plan, in the areas' order, with its reports and whether it is overdue.
    pub actions: Vec<ActionState>,
    /// The last day before the next action that is not complete becomes overdue.
    pub next_action_due: Option<Date>,
    /// The day of the build, which decides what is overdue.
    pub today: Date,
    /// What the checks across files found that does not stop the build.
    pub warnings: Vec<Diagnostic>,
    /// Each document's `html = "@/..."` → the site-relative path of that page.
    pub html_pages: BTreeMap<String, String>,
    /// Area slug → indices of its entries, newest first (every area has a list, maybe empty).
    pub by_area: BTreeMap<String, Vec<usize>>,
    /// Kind slug → indices of its entries, newest first (every kind has a list, maybe empty).
    pub by_kind: BTreeMap<String, Vec<usize>>,
    /// Area slug → its judgements, oldest first; the last is the current status. A monitoring
    /// inspection's outcome counts for every judged area it does not judge itself.
    pub status_history: BTreeMap<String, Vec<StatusChange>>,
    /// Area slug → the council's own ratings of it (`[progress]`), oldest first.
    pub progress_history: BTreeMap<String, Vec<StatusChange>>,
    /// Every overall outcome recorded, oldest first (`status` is the outcome's slug).
    pub outcomes: Vec<StatusChange>,
    /// Entries held back by date (not drafts): the earliest date one falls due, if any.
    pub next_due: Option<Date>,
    /// How many entries were held back (drafts and embargoed).
    pub held_back: usize,
    /// The source files of the entries held back, so links to them can be explained.
    pub unpublished: Vec<PathBuf>,
    /// See [`Site::link_targets`]: made when first asked for, once.
    link_targets: std::sync::OnceLock<Arc<BTreeMap<String, String>>>,
}

/// The model of content read partially ([`crate::content::sources::Sources::partial`]): the one
/// step from files to a model that `build`, `check`, `serve` and the editor's trial all take, so
/// that each reports the same errors. The checks across files run even when some files have
/// errors, on the files that are valid; the model is given only when nothing has an error. On
/// success, every warning of the files and of the model.
pub fn model(
    loaded: (Option<Content>, Diagnostics),
    options: &BuildOptions,
) -> Result<(Site, Diagnostics), Diagnostics> {
    let (content, mut diagnostics) = loaded;
    let Some(content) = content else {
        return Err(diagnostics);
    };
    diagnostics.extend(content.warnings().cloned());
    match Site::build(content, options) {
        Ok(site) if !diagnostics.has_errors() => {
            diagnostics.extend(site.warnings.iter().cloned());
            Ok((site, diagnostics))
        }
        Ok(_) => Err(diagnostics),
        Err(errors) => {
            diagnostics.extend(errors);
            Err(diagnostics)
        }
    }
}

impl Site {
    /// Builds the model from loaded content, checking what spans several files.
    pub fn build(content: Content, options: &BuildOptions) -> Result<Site, Diagnostics> {
        let Content {
            config,
            home,
            items:
                Items {
                    mut areas,
                    entries,
                    mut pages,
                    mut measures,
                },
            data,
            assets,
        } = content;
        let mut problems = Diagnostics::new();
        areas.sort_by(|a, b| (a.number, &a.slug).cmp(&(b.number, &b.slug)));
        check_area_numbers(&areas, &mut problems);
        framework::check_area_types(&mut areas, &config, &mut problems);
        framework::check_judged_areas(&entries, &areas, &config, &mut problems);
        pages.sort_by(|a, b| a.slug.cmp(&b.slug));
        measures.sort_by(|a, b| a.slug.cmp(&b.slug));
        plan::check_actions(&areas, &measures, &mut problems);
        plan::check_reports(&entries, &areas, &mut problems);
        plan::check_measures(&measures, &areas, &data, &mut problems);
        let (mut entries, held): (Vec<Arc<Entry>>, Vec<Arc<Entry>>) =
            entries.into_iter().partition(|e| publish(e, options));
        entries.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug)));
        check_entry_slugs(&entries, &mut problems);
        check_withdrawals(&entries, options.today, &mut problems);
        check_signup_areas(&config, &areas, &mut problems);
        if problems.has_errors() {
            return Err(problems);
        }
        let next_due = held
            .iter()
            .filter(|e| !e.draft || options.drafts)
            .map(|e| e.date)
            .min();
        let by_area = index(&entries, areas.iter().map(|a| a.slug.clone()), |e| &e.areas);
        let by_kind = index(
            &entries,
            config.vocabulary.kinds.iter().map(|(k, _)| k.clone()),
            |e| std::slice::from_ref(&e.kind),
        );
        let judged: Vec<&str> = areas
            .iter()
            .filter(|a| {
                a.area_type
                    .as_deref()
                    .and_then(|t| config.vocabulary.area_type(t))
                    .is_some_and(|t| t.judged)
            })
            .map(|a| a.slug.as_str())
            .collect();
        let status_history = status_history(&entries, &judged, &config);
        let progress_history = history_of(&entries, |e| &e.progress);
        let outcomes = entries
            .iter()
            .enumerate()
            .rev()
            .filter(|(_, e)| e.counts())
            .filter_map(|(i, e)| {
                Some(StatusChange {
                    status: e.outcome.clone()?,
                    date: e.date,
                    entry: i,
                })
            })
            .collect();
        let unpublished: Vec<PathBuf> = held.iter().map(|e| e.source.clone()).collect();
        let actions = plan::actions(&areas, &entries, options.today);
        let next_action_due = plan::next_due(&areas, &actions, options.today);
        let mut site = Site {
            config,
            home,
            areas,
            entries,
            pages,
            assets,
            measures,
            actions,
            next_action_due,
            today: options.today,
            warnings: problems.sorted(),
            by_area,
            by_kind,
            status_history,
            progress_history,
            outcomes,
            next_due,
            held_back: held.len(),
            unpublished,
            html_pages: BTreeMap::new(),
            link_targets: std::sync::OnceLock::new(),
        };
        site.html_pages = site.resolve_html_pages()?;
        site.check_full_compliance()?;
        Ok(site)
    }

    /// Every published document a screen reader may not read well (a PDF without tags, a title
    /// or a language): the entry, the document, and what it lacks.
    pub fn unsuitable_documents(
        &self,
    ) -> impl Iterator<
        Item = (
            usize,
            &crate::content::document::Document,
            Vec<&'static str>,
        ),
    > {
        // A file attached to two updates is one document.
        let mut seen = std::collections::BTreeSet::new();
        self.entries.iter().enumerate().flat_map(move |(i, e)| {
            let mut found = Vec::new();
            for d in &e.documents {
                let Some(missing) = d.access.as_ref().map(|a| a.missing()) else {
                    continue;
                };
                if !missing.is_empty() && seen.insert(&d.target) {
                    found.push((i, d, missing));
                }
            }
            found
        })
    }

    /// A statement that says the site is fully accessible while it publishes documents that are
    /// not is an error naming them: the regulations ask for the truth.
    fn check_full_compliance(&self) -> Result<(), Diagnostics> {
        if self.config.accessibility.status != crate::accessibility::Compliance::Full {
            return Ok(());
        }
        let named: Vec<String> = self
            .unsuitable_documents()
            .map(|(_, d, _)| {
                format!(
                    "\"{}\" ({})",
                    d.title,
                    d.access.as_ref().map(|a| a.lacking()).unwrap_or_default()
                )
            })
            .collect();
        if named.is_empty() {
            return Ok(());
        }
        let mut problems = Diagnostics::new();
        let mut error = Diagnostic::error(
                "content/site.toml",
                format!("[accessibility] status is \"full\", but the site publishes documents that screen readers may not read well: {}", named.join("; ")),
            )
            .hint("make each document accessible (see `sendsite check`), or set status = \"partial\": the statement then lists them");
        error.location = self.config.accessibility.status_location.clone();
        problems.push(error);
        Err(problems)
    }

    /// Resolves every document's `html = "@/..."` to the page it names, or every error: a path
    /// to no published page.
    fn resolve_html_pages(&self) -> Result<BTreeMap<String, String>, Diagnostics> {
        let named = |d: &crate::content::document::Document| {
            d.html.as_deref().is_some_and(|h| h.starts_with("@/"))
        };
        if !self.entries.iter().any(|e| e.documents.iter().any(named)) {
            return Ok(BTreeMap::new());
        }
        let targets = self.link_targets();
        let mut pages = BTreeMap::new();
        let mut problems = Diagnostics::new();
        for entry in &self.entries {
            for d in &entry.documents {
                let Some(written) = d.html.as_deref().filter(|h| h.starts_with("@/")) else {
                    continue;
                };
                let path = written.trim_start_matches("@/");
                match targets
                    .get(path)
                    .filter(|t| t.is_empty() || t.ends_with('/'))
                {
                    Some(page) => {
                        pages.insert(written.to_string(), page.clone());
                    }
                    None => {
                        let mut e = Diagnostic::error(&entry.source, format!("html: \"{written}\" is not a page of this site"))
                            .hint("write the path of a page's file from content/, e.g. html = \"@/pages/easy-read-plan.md\", or the address of a web page");
                        e.location = d.html_location.clone();
                        problems.push(e);
                    }
                }
            }
        }
        match problems.has_errors() {
            true => Err(problems),
            false => Ok(pages),
        }
    }

    /// An area's current status: its latest judgement, if it has one.
    pub fn current_status(&self, area: &str) -> Option<&StatusChange> {
        self.status_history.get(area).and_then(|h| h.last())
    }

    /// Every published source file under `content/` (`updates/2022/x.md`) → the site-relative path
    /// it is published at (`updates/x/`): what `@/` links in markdown resolve through.
    pub fn link_targets(&self) -> &BTreeMap<String, String> {
        self.shared_link_targets()
    }

    /// [`Site::link_targets`], shared: serve keeps them from one rebuild to the next.
    pub fn shared_link_targets(&self) -> &Arc<BTreeMap<String, String>> {
        self.link_targets
            .get_or_init(|| Arc::new(self.find_link_targets()))
    }

    /// Takes `targets` as this site's link targets, not yet made: serve's, for a site whose
    /// sources and addresses are those of the site they were made for (only text changed).
    pub fn reuse_link_targets(&self, targets: &Arc<BTreeMap<String, String>>) {
        let _ = self.link_targets.set(Arc::clone(targets));
    }

    fn find_link_targets(&self) -> BTreeMap<String, String> {
        let key = |source: &Path| {
            let rel = source.strip_prefix("content").unwrap_or(source);
            rel.to_string_lossy().replace('\\', "/")
        };
        let mut targets: BTreeMap<String, String> =
            self.assets.iter().map(|a| (a.clone(), a.clone())).collect();
        targets.insert(key(&self.home.source), String::new());
        targets.extend(self.entries.iter().map(|e| (key(&e.source), e.path())));
        targets.extend(self.areas.iter().map(|a| (key(&a.source), a.path())));
        targets.extend(self.pages.iter().map(|p| (key(&p.source), p.path())));
        targets.extend(self.measures.iter().map(|m| (key(&m.source), m.path())));
        targets
    }

    /// The area with this slug.
    pub fn area(&self, slug: &str) -> Option<&Area> {
        self.areas.iter().find(|a| a.slug == slug)
    }
}

/// Whether the entry is published with these options (not a draft or embargoed, or asked for).
pub fn publish(entry: &Entry, options: &BuildOptions) -> bool {
    (!entry.draft || options.drafts) && (entry.date <= options.today || options.future)
}

/// Slug → entry indices, keeping the entries' order and listing every known key.
fn index(
    entries: &[Arc<Entry>],
    keys: impl Iterator<Item = String>,
    of: impl Fn(&Entry) -> &[String],
) -> BTreeMap<String, Vec<usize>> {
    let mut map: BTreeMap<String, Vec<usize>> = keys.map(|k| (k, Vec::new())).collect();
    for (i, entry) in entries.iter().enumerate() {
        for key in of(entry) {
            // Looked up before it is copied: the keys are nearly always known already.
            let list = match map.get_mut(key) {
                Some(list) => list,
                None => map.entry(key.clone()).or_default(),
            };
            if list.last() != Some(&i) {
                list.push(i);
            }
        }
    }
    map
}

/// Every area's judgements in date order: the single place statuses come from. A monitoring
/// inspection's overall outcome also judges each area in `judged` it does not judge itself.
fn status_history(
    entries: &[Arc<Entry>],
    judged: &[&str],
    config: &Config,
) -> BTreeMap<String, Vec<StatusChange>> {
    let mut history = history_of(entries, |e| &e.judgements);
    for (i, entry) in entries.iter().enumerate().rev().filter(|(_, e)| e.counts()) {
        let Some(outcome) = &entry.outcome else {
            continue;
        };
        if !config
            .vocabulary
            .get(outcome)
            .is_some_and(|t| t.judges_areas)
        {
            continue;
        }
        for area in judged
            .iter()
            .filter(|a| !entry.judgements.iter().any(|j| j.area == **a))
        {
            let change = StatusChange {
                status: outcome.clone(),
                date: entry.date,
                entry: i,
            };
            history.entry(area.to_string()).or_default().push(change);
        }
    }
    for list in history.values_mut() {
        // Stable: judgements of one entry keep their place; entries are indexed newest first.
        list.sort_by(|a, b| a.date.cmp(&b.date).then(b.entry.cmp(&a.entry)));
    }
    history
}

/// Area slug → what `of` says of it in each entry, oldest first.
fn history_of(
    entries: &[Arc<Entry>],
    of: impl Fn(&Entry) -> &[Judgement],
) -> BTreeMap<String, Vec<StatusChange>> {
    let mut history: BTreeMap<String, Vec<StatusChange>> = BTreeMap::new();
    // Entries are newest first; walk them oldest first so each list ends with the latest.
    for (i, entry) in entries.iter().enumerate().rev().filter(|(_, e)| e.counts()) {
        for judgement in of(entry) {
            let change = StatusChange {
                status: judgement.status.clone(),
                date: entry.date,
                entry: i,
            };
            history
                .entry(judgement.area.clone())
                .or_default()
                .push(change);
        }
    }
    history
}

/// Each line of `[email_signup.areas]` names an area of the site, by its slug: a misspelt one
/// would give an area no sign-up link without a word.
fn check_signup_areas(config: &Config, areas: &[Area], problems: &mut Diagnostics) {
    let slugs = || areas.iter().map(|a| a.slug.as_str());
    for line in &config.email_signup.areas {
        if slugs().any(|s| s == line.area) {
            continue;
        }
        let hint = match crate::error::did_you_mean(&line.area, slugs()) {
            Some(near) => format!("did you mean \"{near}\"?"),
            None => format!(
                "write an area's slug, the name of its file in content/areas/: {}",
                slugs().collect::<Vec<_>>().join(", ")
            ),
        };
        let message = format!("[email_signup.areas]: there is no area \"{}\"", line.area);
        problems.push(
            Diagnostic::error("content/site.toml", message)
                .at(line.location.clone())
                .hint(hint),
        );
    }
}

/// A withdrawal is dated on or before the day of the build: it takes effect when it is
/// published, so a later day would be a page saying it was withdrawn on a day still to come.
fn check_withdrawals(entries: &[Arc<Entry>], today: Date, problems: &mut Diagnostics) {
    for entry in entries {
        let Some(w) = entry.withdrawn.as_ref().filter(|w| w.date > today) else {
            continue;
        };
        let mut e = Diagnostic::error(
            &entry.source,
            format!("withdrawn date: {} is after today", w.date),
        )
        .hint("a withdrawal takes effect when it is published: write today's date");
        e.location = w.location.clone();
        problems.push(e);
    }
}

fn check_entry_slugs(entries: &[Arc<Entry>], problems: &mut Diagnostics) {
    // Sorted by slug, not by path: comparing paths is slow, and sites are large.
    let mut by_slug: Vec<(&str, &Path)> = entries
        .iter()
        .map(|e| (e.slug.as_str(), e.source.as_path()))
        .collect();
    by_slug.sort_unstable_by(|a, b| a.0.cmp(b.0));
    for same in by_slug
        .chunk_by(|a, b| a.0 == b.0)
        .filter(|same| same.len() > 1)
    {
        let mut paths: Vec<&Path> = same.iter().map(|(_, path)| *path).collect();
        paths.sort();
        for path in &paths[1..] {
            problems.push(
                Diagnostic::error(
                    *path,
                    format!("two entries have the slug \"{}\"", same[0].0),
                )
                .hint(format!(
                    "{} has it too; give one of them another file name or a `slug = \"...\"`",
                    paths[0].display()
                )),
            );
        }
    }
}

fn check_area_numbers(areas: &[Area], problems: &mut Diagnostics) {
    for pair in areas.windows(2) {
        if pair[0].number == pair[1].number {
            problems.push(
                Diagnostic::error(
                    &pair[1].source,
                    format!("two areas have the number {}", pair[1].number),
                )
                .hint(format!(
                    "{} has it too; number the areas 1, 2, 3, ...",
                    pair[0].source.display()
                )),
            );
        }
    }
}
