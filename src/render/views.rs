//! What templates see: small serialisable views borrowed from the model.
//!
//! URLs are computed here, once, with the site's base path, so that templates never build links
//! by hand and every link works when the site is hosted under a sub-path.

use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
use serde::Serialize;

use super::dates::DateView;
use crate::content::document::Target;
use crate::content::Entry;
use crate::site::addresses::{area_path, kind_path, Addressed};
use crate::site::{Site, StatusChange};
use crate::vocabulary::Tone;

/// Site-wide facts every page shows (header, navigation, footer).
#[derive(Debug, Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub organisation: &'a str,
    pub description: &'a str,
    pub language: &'a str,
    pub email: Option<&'a str>,
    pub base_url: &'a str,
    pub base_path: &'a str,
    pub areas: Vec<AreaLink<'a>>,
    pub kinds: Vec<KindLink<'a>>,
    pub pages: Vec<PageLink<'a>>,
    /// Whether the site has a glossary page, for the footer link.
    pub has_glossary: bool,
    /// Where people sign up for emails about every update (`[email_signup] all`).
    pub email_signup: Option<&'a str>,
    /// Whether there is any email list: for everything or for an area.
    pub email_lists: bool,
    /// Whether the site has a plan (`/plan/`), for the navigation.
    pub has_plan: bool,
    /// Whether the site has measures (`/measures/`), for the navigation.
    pub has_measures: bool,
    /// `2016` or `2023`.
    pub framework: &'static str,
    /// The areas under their types' headings.
    pub groups: Vec<AreaGroup<'a>>,
}

/// The areas of one type, under their heading ("Areas for priority action").
#[derive(Debug, Serialize)]
pub struct AreaGroup<'a> {
    pub slug: &'a str,
    pub heading: &'a str,
    pub areas: Vec<AreaLink<'a>>,
}

/// An overall outcome: its short words, the inspectorate's sentence, when and where.
#[derive(Debug, Serialize)]
pub struct OutcomeView<'a> {
    pub label: &'a str,
    pub tone: Tone,
    pub sentence: Option<&'a str>,
    pub date: DateView,
    pub entry: EntryLink<'a>,
}

/// An area as listed: with its current status.
#[derive(Debug, Serialize)]
pub struct AreaLink<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub number: u32,
    pub finding: &'a str,
    pub url: String,
    pub status: Option<StatusView<'a>>,
    /// The council's own latest rating of it, never styled as a judgement.
    pub own: Option<StatusView<'a>>,
    /// Its type: "Area for priority action".
    pub type_label: &'a str,
    /// Whether inspectors judge areas of its type one by one (areas for improvement: no).
    pub judged: bool,
    /// The inspection that first found it.
    pub found: Option<EntryLink<'a>>,
    pub count: usize,
    /// Its place among the areas of its type, and how many there are ("2 of 2"): counted
    /// within the type, since "2 of 4" beside "Area for priority action" reads as four of them.
    pub place: usize,
    pub of_type: usize,
    /// Where people sign up for emails about it alone (`[email_signup.areas]`).
    pub email_signup: Option<&'a str>,
}

/// A kind as listed, with how many entries it has.
#[derive(Debug, Serialize)]
pub struct KindLink<'a> {
    pub slug: &'a str,
    pub label: &'a str,
    pub url: String,
    pub count: usize,
}

/// A free page in the footer.
#[derive(Debug, Serialize)]
pub struct PageLink<'a> {
    pub title: &'a str,
    pub url: String,
}

/// A judgement: status in words, when, and the entry that recorded it.
#[derive(Debug, Serialize)]
pub struct StatusView<'a> {
    pub slug: &'a str,
    pub label: &'a str,
    /// How its tag looks: `good`, `mixed`, `poor` or `neutral`.
    pub tone: Tone,
    pub date: DateView,
    pub entry: EntryLink<'a>,
}

/// The least needed to link an entry.
#[derive(Debug, Serialize)]
pub struct EntryLink<'a> {
    pub title: &'a str,
    pub url: String,
    pub date: DateView,
}

/// A short reference to an area or kind from an entry.
#[derive(Debug, Serialize)]
pub struct TermRef<'a> {
    pub slug: &'a str,
    pub label: &'a str,
    pub url: String,
}

/// An entry as it appears in lists.
#[derive(Debug, Serialize)]
pub struct EntryCard<'a> {
    pub title: &'a str,
    pub url: String,
    pub date: DateView,
    pub kind: TermRef<'a>,
    pub areas: Vec<TermRef<'a>>,
    pub summary: &'a str,
    /// When and why it was withdrawn: its card is tagged, its page says so first.
    pub withdrawn: Option<WithdrawnView<'a>>,
    /// Where its survey or meeting stands on the day of the build.
    pub when: Option<super::when::When>,
}

/// A withdrawn update's notice.
#[derive(Debug, Serialize)]
pub struct WithdrawnView<'a> {
    pub date: DateView,
    pub reason: &'a str,
}

/// A year of a list of entries, with each entry's card already rendered.
#[derive(Debug, Serialize)]
pub struct YearGroup<'c> {
    pub year: i32,
    pub cards: Vec<&'c str>,
}

/// A document in the GOV.UK attachment style.
#[derive(Debug, Serialize)]
pub struct DocumentView<'a> {
    pub title: &'a str,
    pub url: Option<String>,
    pub external: bool,
    pub format: Option<&'a str>,
    pub format_title: Option<&'static str>,
    pub size: Option<&'a str>,
    pub pages: Option<u32>,
    pub entry: EntryLink<'a>,
    /// A `mailto:` link to ask for the document in an accessible format, when the site has an email.
    pub request_url: Option<String>,
    /// A PDF that lacks tags, a title or a language: "may not be suitable for users of assistive
    /// technology".
    pub unsuitable: bool,
    /// Its web page version, offered first.
    pub html_url: Option<String>,
}

/// A judgement an entry made.
#[derive(Debug, Serialize)]
pub struct JudgementView<'a> {
    pub area: TermRef<'a>,
    pub slug: &'a str,
    pub label: &'a str,
    pub tone: Tone,
}

/// A note in an entry's change history.
#[derive(Debug, Serialize)]
pub struct HistoryView<'a> {
    pub date: DateView,
    pub note: &'a str,
}

/// Everything an entry's own page shows.
#[derive(Debug, Serialize)]
pub struct EntryPage<'a> {
    #[serde(flatten)]
    pub card: EntryCard<'a>,
    pub html: &'a str,
    pub documents: Vec<DocumentView<'a>>,
    pub judgements: Vec<JudgementView<'a>>,
    /// The overall outcome it records.
    pub outcome: Option<OutcomeView<'a>>,
    /// The council's own ratings it gives (`[progress]`).
    pub progress: Vec<JudgementView<'a>>,
    pub history: Vec<HistoryView<'a>>,
    pub updated: Option<DateView>,
    pub opens: Option<DateView>,
    pub closes: Option<DateView>,
    pub event: Option<DateView>,
    /// When the meeting ends: its time alone when it ends on the day it starts.
    pub event_end: Option<DateView>,
    pub location: Option<&'a str>,
    pub newer: Option<EntryLink<'a>>,
    pub older: Option<EntryLink<'a>>,
}

/// Builds views from the model; holds the base path so URLs are made in one place.
pub struct Views<'a> {
    pub site: &'a Site,
    base: &'a str,
}

impl<'a> Views<'a> {
    pub fn new(site: &'a Site) -> Views<'a> {
        Views {
            site,
            base: &site.config.base_path,
        }
    }

    /// A site-relative path (`updates/x/`) as a link from any page.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn entry_url(&self, entry: &Entry) -> String {
        self.url(&entry.path())
    }

    pub fn site_view(&self) -> SiteView<'a> {
        let c = &self.site.config;
        SiteView {
            title: &c.title,
            organisation: &c.organisation,
            description: &c.description,
            language: &c.language,
            email: c.email.as_deref(),
            base_url: &c.base_url,
            base_path: &c.base_path,
            areas: self
                .site
                .areas
                .iter()
                .map(|a| self.area_link(&a.slug))
                .collect(),
            kinds: c
                .vocabulary
                .kinds
                .iter()
                .map(|(slug, _)| self.kind_link(slug))
                .collect(),
            pages: self
                .site
                .pages
                .iter()
                .map(|p| PageLink {
                    title: p.title.as_deref().unwrap_or(&p.slug),
                    url: self.url(&p.path()),
                })
                .collect(),
            has_glossary: !c.glossary.is_empty(),
            email_signup: c.email_signup.all.as_deref(),
            email_lists: c.email_signup.all.is_some() || !c.email_signup.areas.is_empty(),
            has_plan: !self.site.actions.is_empty(),
            has_measures: !self.site.measures.is_empty(),
            framework: c.vocabulary.framework.name(),
            groups: self.area_groups(),
        }
    }

    pub fn area_link(&self, slug: &'a str) -> AreaLink<'a> {
        let area = self
            .site
            .area(slug)
            .expect("areas are indexed by their own slugs");
        let area_type = area
            .area_type
            .as_deref()
            .and_then(|t| self.site.config.vocabulary.area_type(t));
        let same_type: Vec<&str> = self
            .site
            .areas
            .iter()
            .filter(|a| a.area_type == area.area_type)
            .map(|a| a.slug.as_str())
            .collect();
        AreaLink {
            place: same_type
                .iter()
                .position(|s| *s == slug)
                .map_or(0, |i| i + 1),
            of_type: same_type.len(),
            slug,
            title: &area.title,
            number: area.number,
            finding: &area.finding,
            url: self.url(&area_path(slug)),
            status: self.site.current_status(slug).map(|s| self.status(s)),
            own: self
                .site
                .progress_history
                .get(slug)
                .and_then(|h| h.last())
                .map(|s| self.status(s)),
            type_label: area_type.map_or("", |t| t.label),
            judged: area_type.map_or(true, |t| t.judged),
            found: self.site.found_at(slug).map(|i| self.entry_link(i)),
            count: self.site.by_area.get(slug).map_or(0, Vec::len),
            email_signup: self.site.config.email_signup.own(slug),
        }
    }

    pub fn kind_link(&self, slug: &'a str) -> KindLink<'a> {
        KindLink {
            slug,
            label: self.site.config.kind_label(slug),
            url: self.url(&kind_path(slug)),
            count: self.site.by_kind.get(slug).map_or(0, Vec::len),
        }
    }

    /// The words and tone of a status, from the site's vocabulary.
    pub fn term(&self, slug: &'a str) -> (&'a str, Tone) {
        match self.site.config.vocabulary.get(slug) {
            Some(term) => (&term.label, term.tone),
            None => (slug, Tone::Neutral),
        }
    }

    pub fn status(&self, change: &'a StatusChange) -> StatusView<'a> {
        let (label, tone) = self.term(&change.status);
        StatusView {
            slug: &change.status,
            label,
            tone,
            date: DateView::new(change.date),
            entry: self.entry_link(change.entry),
        }
    }

    pub fn entry_link(&self, index: usize) -> EntryLink<'a> {
        let e = &self.site.entries[index];
        EntryLink {
            title: &e.title,
            url: self.entry_url(e),
            date: DateView::new(e.date),
        }
    }

    pub fn area_ref(&self, slug: &'a str) -> TermRef<'a> {
        let label = self.site.area(slug).map_or(slug, |a| a.title.as_str());
        TermRef {
            slug,
            label,
            url: self.url(&area_path(slug)),
        }
    }

    pub fn card(&self, index: usize) -> EntryCard<'a> {
        let e = &self.site.entries[index];
        EntryCard {
            title: &e.title,
            url: self.entry_url(e),
            date: DateView::new(e.date),
            kind: TermRef {
                slug: &e.kind,
                label: self.site.config.kind_label(&e.kind),
                url: self.url(&kind_path(&e.kind)),
            },
            areas: e.areas.iter().map(|a| self.area_ref(a)).collect(),
            summary: &e.summary,
            withdrawn: e.withdrawn.as_ref().map(|w| WithdrawnView {
                date: DateView::new(w.date),
                reason: &w.reason,
            }),
            when: super::when::of(e, self.site.today),
        }
    }

    /// Entries grouped under their years, newest first, as their rendered cards.
    pub fn years<'c>(&self, indices: &[usize], cards: &'c [String]) -> Vec<YearGroup<'c>> {
        let mut years: Vec<YearGroup<'c>> = Vec::new();
        for &i in indices {
            let year = self.site.entries[i].date.year();
            match years.last_mut() {
                Some(group) if group.year == year => group.cards.push(&cards[i]),
                _ => years.push(YearGroup {
                    year,
                    cards: vec![&cards[i]],
                }),
            }
        }
        years
    }

    pub fn documents(&self, index: usize) -> Vec<DocumentView<'a>> {
        let e = &self.site.entries[index];
        e.documents
            .iter()
            .map(|d| {
                let (url, external) = match &d.target {
                    Target::File(path) => (Some(self.url(path)), false),
                    Target::Url(url) => (Some(url.clone()), true),
                    Target::None => (None, false),
                };
                DocumentView {
                    title: &d.title,
                    url,
                    external,
                    format: d.format.as_deref(),
                    format_title: d.format.as_deref().and_then(format_title),
                    size: d.size.as_deref(),
                    pages: d.pages,
                    entry: self.entry_link(index),
                    request_url: self
                        .site
                        .config
                        .email
                        .as_deref()
                        .map(|email| request_url(email, &d.title)),
                    unsuitable: d.access.as_ref().is_some_and(|a| !a.missing().is_empty()),
                    html_url: d
                        .html
                        .as_deref()
                        .map(|h| match self.site.html_pages.get(h) {
                            Some(page) => self.url(page),
                            None => h.to_string(),
                        }),
                }
            })
            .collect()
    }

    pub fn entry_page(&self, index: usize, html: &'a str) -> EntryPage<'a> {
        let e = &self.site.entries[index];
        let entries = &self.site.entries;
        EntryPage {
            card: self.card(index),
            html,
            documents: self.documents(index),
            judgements: self.judgements(&e.judgements),
            // What it recorded, even when withdrawn (then it no longer counts).
            outcome: e.outcome.as_deref().map(|o| self.outcome_of(o, index)),
            progress: self.judgements(&e.progress),
            history: e
                .history
                .iter()
                .map(|h| HistoryView {
                    date: DateView::new(h.date),
                    note: &h.note,
                })
                .collect(),
            updated: e.last_changed().map(DateView::new),
            opens: e.opens.map(DateView::new),
            closes: e.closes.map(DateView::new),
            event: e.event.as_ref().map(DateView::event),
            event_end: e
                .event
                .zip(e.event_end)
                .map(|(s, end)| DateView::until(&s, &end)),
            location: e.location.as_deref(),
            newer: index.checked_sub(1).map(|i| self.entry_link(i)),
            older: (index + 1 < entries.len()).then(|| self.entry_link(index + 1)),
        }
    }

    /// An entry's judgements (or ratings) in the areas' numbered order.
    fn judgements(&self, of: &'a [crate::content::Judgement]) -> Vec<JudgementView<'a>> {
        let mut list: Vec<(usize, JudgementView<'a>)> = of
            .iter()
            .map(|j| {
                let order = self
                    .site
                    .areas
                    .iter()
                    .position(|a| a.slug == j.area)
                    .unwrap_or(usize::MAX);
                let (label, tone) = self.term(&j.status);
                (
                    order,
                    JudgementView {
                        area: self.area_ref(&j.area),
                        slug: &j.status,
                        label,
                        tone,
                    },
                )
            })
            .collect();
        list.sort_by_key(|(order, _)| *order);
        list.into_iter().map(|(_, j)| j).collect()
    }
}

/// A `mailto:` address whose subject names the document, so the request needs no more typing.
fn request_url(email: &str, title: &str) -> String {
    let subject = format!("Accessible format request: {title}");
    format!(
        "mailto:{email}?subject={}",
        utf8_percent_encode(&subject, NON_ALPHANUMERIC)
    )
}

/// The expansion of a format's abbreviation, for `<abbr title>`.
fn format_title(format: &str) -> Option<&'static str> {
    match format {
        "PDF" => Some("Portable Document Format"),
        "CSV" => Some("Comma-separated Values"),
        "HTML" => Some("Hypertext Markup Language"),
        _ => None,
    }
}
