//! The catalogue of what people can subscribe to: the site's feeds, each area's and each kind's,
//! and the calendars, with their addresses.
//!
//! Feeds, calendars, the subscribe page and every page's `<link rel="alternate">` read their
//! addresses from here, so a feed is named and placed in one spot. This module decides nothing
//! about what a feed contains.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::content::{Area, Entry};
use crate::site::addresses::{kind_path, Addressed};
use crate::site::{ActionState, Site};

/// Where one feed lives and how to link it, as templates see it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FeedLinks {
    /// The `id` of its section on the subscribe page, e.g. `area-leadership`.
    pub section: String,
    /// What it follows, e.g. `All updates` or an area's title.
    pub title: String,
    /// Absolute address of the RSS feed.
    pub rss: String,
    /// Absolute address of the Atom feed.
    pub atom: String,
    /// Link to its section of the subscribe page (with the base path).
    pub subscribe: String,
    /// Its calendar, when it has any dates.
    pub calendar: Option<CalendarLinks>,
}

/// A calendar's addresses: `https://` to copy, `webcal://` for phones to subscribe in one tap.
#[derive(Debug, Clone, Serialize)]
pub struct CalendarLinks {
    pub https: String,
    pub webcal: String,
}

/// Every feed of the site, for templates: `feeds.site`, `feeds.areas[slug]`, `feeds.kinds[slug]`.
#[derive(Debug, Serialize)]
pub struct Catalogue {
    pub site: FeedLinks,
    pub areas: BTreeMap<String, FeedLinks>,
    pub kinds: BTreeMap<String, FeedLinks>,
}

/// What a feed follows.
#[derive(Debug, Clone, Copy)]
pub enum Scope<'a> {
    /// Every entry.
    Site,
    /// The entries about one area.
    Area(&'a Area),
    /// The entries of one kind: slug and label.
    Kind(&'a str, &'a str),
}

/// One feed to write: what it follows, its channel title and description, entries and links.
#[derive(Clone)]
pub struct Channel<'a> {
    pub scope: Scope<'a>,
    /// Folder of the feed files under the output (``, `areas/x/`, `kinds/x/`).
    pub dir: String,
    /// Absolute address of the HTML page it follows.
    pub page: String,
    /// The feed's title in readers.
    pub title: String,
    /// One sentence about it.
    pub description: String,
    /// Indices into `Site::entries`, newest first.
    pub entries: Vec<usize>,
    /// Its addresses.
    pub links: FeedLinks,
}

/// Whether an entry puts anything in a calendar: a survey window or a meeting.
pub fn has_dates(entry: &Entry) -> bool {
    entry.opens.is_some() || entry.closes.is_some() || entry.event.is_some()
}

/// The actions, not complete, whose due dates a calendar of this scope shows: every one for the
/// site's, an area's own for an area's, none for a kind's.
pub fn open_actions<'a>(site: &'a Site, scope: Scope) -> Vec<&'a ActionState> {
    site.actions
        .iter()
        .filter(|s| !s.complete())
        .filter(|s| match scope {
            Scope::Site => true,
            Scope::Area(area) => site.areas[s.area].slug == area.slug,
            Scope::Kind(..) => false,
        })
        .collect()
}

/// Every feed, in the order the subscribe page lists them: the site, the areas, the kinds.
pub fn channels(site: &Site) -> Vec<Channel<'_>> {
    let mut list = vec![Channel::new(
        site,
        Scope::Site,
        (0..site.entries.len()).collect(),
    )];
    for area in &site.areas {
        let entries = site.by_area.get(&area.slug).cloned().unwrap_or_default();
        list.push(Channel::new(site, Scope::Area(area), entries));
    }
    for (slug, label) in &site.config.vocabulary.kinds {
        let entries = site.by_kind.get(slug).cloned().unwrap_or_default();
        list.push(Channel::new(site, Scope::Kind(slug, label), entries));
    }
    list
}

/// The catalogue templates use, made from the channels.
pub fn catalogue(channels: &[Channel]) -> Catalogue {
    let mut site = None;
    let mut areas = BTreeMap::new();
    let mut kinds = BTreeMap::new();
    for ch in channels {
        let links = ch.links.clone();
        match ch.scope {
            Scope::Site => site = Some(links),
            Scope::Area(area) => {
                areas.insert(area.slug.clone(), links);
            }
            Scope::Kind(slug, _) => {
                kinds.insert(slug.to_string(), links);
            }
        }
    }
    Catalogue {
        site: site.unwrap_or_default(),
        areas,
        kinds,
    }
}

impl<'a> Channel<'a> {
    fn new(site: &'a Site, scope: Scope<'a>, entries: Vec<usize>) -> Channel<'a> {
        let c = &site.config;
        let (dir, section, name, title, description) = match scope {
            Scope::Site => (
                String::new(),
                "all-updates".into(),
                "All updates",
                c.title.clone(),
                c.description.clone(),
            ),
            Scope::Area(a) => (
                a.path(),
                format!("area-{}", a.slug),
                a.title.as_str(),
                format!("{}: {}", c.title, a.title),
                format!("Updates about “{}” from {}.", a.title, c.title),
            ),
            Scope::Kind(slug, label) => (
                kind_path(slug),
                format!("kind-{slug}"),
                label,
                format!("{}: {label}", c.title),
                format!("Updates of the kind “{label}” from {}.", c.title),
            ),
        };
        // Calendars are made for the whole site and for areas, when they have any dates: an
        // entry's window or meeting, or the due date of an action that is not complete.
        let dated = !matches!(scope, Scope::Kind(..))
            && (entries.iter().any(|&i| has_dates(&site.entries[i]))
                || !open_actions(site, scope).is_empty());
        let links = FeedLinks {
            subscribe: format!("{}subscribe/#{section}", c.base_path),
            section,
            title: name.to_string(),
            rss: format!("{}{dir}feed.xml", c.base_url),
            atom: format!("{}{dir}atom.xml", c.base_url),
            calendar: dated.then(|| calendar_links(&format!("{}{dir}calendar.ics", c.base_url))),
        };
        Channel {
            scope,
            page: format!("{}{dir}", c.base_url),
            dir,
            title,
            description,
            entries,
            links,
        }
    }
}

fn calendar_links(https: &str) -> CalendarLinks {
    let rest = https.split_once("://").map_or(https, |(_, rest)| rest);
    CalendarLinks {
        https: https.to_string(),
        webcal: format!("webcal://{rest}"),
    }
}
