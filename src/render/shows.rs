//! What each kind of page shows of the model, as [`Key`]s: the registry's rows name these
//! functions, and serve's rebuild renders again exactly the pages that show a key an edit
//! changed. A new kind of page says here what it shows; serve needs no change.

use std::path::Path;

use crate::content::Entry;
use crate::site::Site;

/// Something in the model a page shows, beyond the site view every page has: when it changes,
/// every page that shows it is rendered again.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Key {
    /// One action: its title, due date, owner, ratings.
    Action(String),
    /// One measure and its figures.
    Measure(String),
    /// The plan as a whole (its count, its order).
    Plan,
    /// The list of every measure.
    Measures,
    /// The text of the file a page is made from (an update, an area, a free page, the home page),
    /// by its path: as text, which hashes fast (a path hashes part by part).
    Source(String),
    /// An update's card in lists: its title, date, kind, areas and summary.
    Card(String),
    /// Any update's card: what the lists of every update show (kept apart from [`Key::Card`]
    /// so that the index of what shows what is not made of thousands of keys for two pages).
    Cards,
    /// An update's link in its neighbours' pages: its title, address and date.
    Link(String),
    /// What an update records of inspections and of the council's own ratings.
    Judgements(String),
    /// The documents of every update.
    Documents,
    /// Where old addresses lead (aliases).
    Redirects,
    /// The facts of every update, as open data.
    Facts,
    /// Which pages the site has.
    Pages,
    /// Which feeds and calendars the site has.
    Channels,
}

impl Key {
    /// The key of the text of the file at `path`.
    pub fn source(path: &Path) -> Key {
        Key::Source(path.to_string_lossy().into_owned())
    }
}

/// Which files show each key: made after every rebuild, so kept cheap (each file's path once,
/// keys hashed).
#[derive(Debug, Default)]
pub struct Shown {
    files: Vec<String>,
    by_key: std::collections::HashMap<Key, Vec<u32>>,
}

impl Shown {
    /// Records that the file at output path `file` shows each of `keys`.
    pub fn add(&mut self, file: String, keys: Vec<Key>) {
        let at = u32::try_from(self.files.len()).unwrap_or(u32::MAX);
        self.files.push(file);
        for key in keys {
            self.by_key.entry(key).or_default().push(at);
        }
    }

    /// The files that show `key`.
    pub fn showing(&self, key: &Key) -> impl Iterator<Item = &String> + '_ {
        let at = self.by_key.get(key).map_or(&[][..], Vec::as_slice);
        at.iter().filter_map(|&i| self.files.get(i as usize))
    }
}

fn slugs<'a>(
    entries: impl Iterator<Item = &'a usize>,
    site: &'a Site,
) -> impl Iterator<Item = &'a str> {
    entries.map(|&i| site.entries[i].slug.as_str())
}

/// Whether an update records anything of inspections or ratings.
fn judges(e: &Entry) -> bool {
    e.outcome.is_some() || !e.judgements.is_empty() || !e.progress.is_empty()
}

/// Every action of the plan, in the plan's order.
fn every_action(site: &Site) -> impl Iterator<Item = &crate::content::Action> + Clone {
    site.actions
        .iter()
        .map(|s| &site.areas[s.area].actions[s.index])
}

/// Nothing beyond the site view.
pub fn nothing(_: &Site, _: usize) -> Vec<Key> {
    Vec::new()
}

/// The home page: its text, the latest cards, every outcome and rating, the plan's progress and
/// every measure's target ("Is it getting better?").
pub fn home(site: &Site, _: usize) -> Vec<Key> {
    let measures = site.measures.iter().map(|m| Key::Measure(m.slug.clone()));
    let ids = every_action(site).map(|a| Key::Action(a.id.clone()));
    let judged = site.entries.iter().filter(|e| judges(e));
    let own = [Key::source(&site.home.source), Key::Cards];
    own.into_iter()
        .chain([Key::Plan, Key::Measures])
        .chain(ids)
        .chain(measures)
        .chain(judged.map(|e| Key::Judgements(e.slug.clone())))
        .collect()
}

/// The list of every update: every card.
pub fn timeline(_: &Site, _: usize) -> Vec<Key> {
    vec![Key::Cards]
}

/// The results of inspections: what every update records of them.
pub fn inspections(site: &Site, _: usize) -> Vec<Key> {
    let judged = site.entries.iter().filter(|e| judges(e));
    judged.map(|e| Key::Judgements(e.slug.clone())).collect()
}

/// The list of documents, and the accessibility statement (which names the documents screen
/// readers may not read well).
pub fn documents(_: &Site, _: usize) -> Vec<Key> {
    vec![Key::Documents]
}

/// The subscribe page: every feed and calendar, and the plan's due dates that make calendars.
pub fn subscribe(_: &Site, _: usize) -> Vec<Key> {
    // The feeds and calendars, and the open data's description: the measures' files (by their
    // titles) and the day the newest update changed.
    vec![
        Key::Channels,
        Key::Plan,
        Key::Measures,
        Key::Cards,
        Key::Facts,
    ]
}

/// The plan: every action, and the measures actions name by their titles.
pub fn plan(site: &Site, _: usize) -> Vec<Key> {
    let actions = every_action(site);
    let ids = actions.clone().map(|a| Key::Action(a.id.clone()));
    let measures = actions.filter_map(|a| a.measure.clone()).map(Key::Measure);
    [Key::Plan].into_iter().chain(ids).chain(measures).collect()
}

/// An update's page: its text, its neighbours' links, and the actions it reports on.
pub fn entry(site: &Site, i: usize) -> Vec<Key> {
    let e = &site.entries[i];
    let reports = e.actions.iter().map(|r| Key::Action(r.action.clone()));
    let neighbours = [i.checked_sub(1), Some(i + 1)]
        .into_iter()
        .flatten()
        .filter_map(|n| site.entries.get(n))
        .map(|n| Key::Link(n.slug.clone()));
    [Key::source(&e.source)]
        .into_iter()
        .chain(neighbours)
        .chain(reports)
        .collect()
}

/// An area's page: its text, its updates' cards, its history of judgements and ratings (a
/// monitoring outcome is in every area's), its actions and measures.
pub fn area(site: &Site, i: usize) -> Vec<Key> {
    let area = &site.areas[i];
    let measures = site
        .measures
        .iter()
        .filter(|m| m.concerns(&area.slug))
        .map(|m| Key::Measure(m.slug.clone()));
    let actions = area.actions.iter().map(|a| Key::Action(a.id.clone()));
    let linked = area.actions.iter().filter_map(|a| a.measure.clone());
    let listed = site.by_area.get(&area.slug).into_iter().flatten();
    let cards = slugs(listed, site).map(|s| Key::Card(s.to_string()));
    let judged = site.entries.iter().filter(|e| {
        let of_area = |j: &crate::content::Judgement| j.area == area.slug;
        e.outcome.is_some() || e.judgements.iter().any(of_area) || e.progress.iter().any(of_area)
    });
    [Key::source(&area.source)]
        .into_iter()
        .chain(measures)
        .chain(actions)
        .chain(linked.map(Key::Measure))
        .chain(cards)
        .chain(judged.map(|e| Key::Judgements(e.slug.clone())))
        .collect()
}

/// A kind's list: the cards of its updates.
pub fn kind(site: &Site, i: usize) -> Vec<Key> {
    let slug = &site.config.vocabulary.kinds[i].0;
    let listed = site.by_kind.get(slug).into_iter().flatten();
    slugs(listed, site)
        .map(|s| Key::Card(s.to_string()))
        .collect()
}

/// A measure's page, or its figures to download.
pub fn measure(site: &Site, i: usize) -> Vec<Key> {
    vec![Key::Measure(site.measures[i].slug.clone())]
}

/// A free page: its text.
pub fn page(site: &Site, i: usize) -> Vec<Key> {
    vec![Key::source(&site.pages[i].source)]
}

/// The sitemap: which pages there are.
pub fn sitemap(_: &Site, _: usize) -> Vec<Key> {
    // Which pages there are, and when each last changed (the updates' dates, the figures').
    vec![Key::Pages, Key::Cards, Key::Facts, Key::Measures]
}

/// A redirect, or a server file that holds every redirect.
pub fn redirects(_: &Site, _: usize) -> Vec<Key> {
    vec![Key::Redirects]
}

/// The open data: every update's facts, the plan, every measure.
pub fn data(site: &Site, _: usize) -> Vec<Key> {
    let measures = site.measures.iter().map(|m| Key::Measure(m.slug.clone()));
    [Key::Facts, Key::Plan, Key::Measures]
        .into_iter()
        .chain(measures)
        .collect()
}

/// Calendars: the plan's due dates.
pub fn calendar() -> Vec<Key> {
    vec![Key::Plan]
}
