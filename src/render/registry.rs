//! The registry of pages: every kind of page (and generated file) the site has, in one table.
//!
//! Rendering, the sitemap, the accessibility statement's list of what it covers and `serve`'s
//! incremental rebuild are all read from [`PAGES`], so a new kind of page is one row here (and
//! its template): its addresses, how to render one, whether search engines should know it, and
//! what in the model it shows, so that an edit to that renders it again.

use std::collections::BTreeSet;

use super::chart::{FULL, SMALL};
use super::measures::csv_path;
use super::output_path;
use super::pages::{Ctx, PageResult};
use super::views::DocumentView;
use crate::site::addresses::{kind_path, measure_path, Addressed, AREAS, KINDS, MEASURES, UPDATES};
use crate::site::Site;

/// How many entries the home page lists.
const HOME_LATEST: usize = 5;

use super::shows;
pub use super::shows::Key;

/// One kind of page.
pub(super) struct PageType {
    /// What these pages are, for the accessibility statement; `None` for files people do not
    /// read as pages (the sitemap, redirects, figures to download).
    pub about: Option<&'static str>,
    /// Whether these pages are listed in the sitemap.
    pub sitemap: bool,
    /// Whether these pages list entries' cards.
    pub lists_entries: bool,
    /// The folder its addresses are under, which no free page may take (`None`: a file of the
    /// root, or an address content chooses).
    pub folder: Option<&'static str>,
    /// The site-relative address of every page of this kind (`updates/x/`, `sitemap.xml`).
    pub addresses: fn(&Site) -> Vec<String>,
    /// Renders the page with this index and address.
    pub render: fn(&Ctx, usize, &str) -> PageResult,
    /// What the page with this index shows, beyond the site view and the cards.
    pub shows: fn(&Site, usize) -> Vec<Key>,
}

fn one(address: &'static str) -> Vec<String> {
    vec![address.to_string()]
}

/// Every kind of page, in the order the sitemap lists them.
pub(super) const PAGES: &[PageType] = &[
    PageType {
        about: Some("the home page"),
        sitemap: true,
        lists_entries: true,
        folder: None,
        addresses: |_| one(""),
        render: |c, _, path| {
            let v = &c.r.views;
            c.r.explained_page(
                &c.bodies.glossary,
                "home.html",
                (&c.site.config.title, path),
                |ctx| {
                    ctx.insert("inspections", &v.outcome_summary());
                    ctx.insert("progress", &v.progress(None));
                    ctx.insert("coming", &v.coming_up());
                    ctx.insert("accounts", &v.accounts());
                    ctx.insert("intro", &c.bodies.home);
                    ctx.insert("latest", &c.cards[..c.cards.len().min(HOME_LATEST)]);
                    ctx.insert("total", &c.site.entries.len());
                },
            )
        },
        // "Is it getting better?": every action's rating and every measure's target.
        shows: shows::home,
    },
    PageType {
        about: Some("the list of all updates"),
        sitemap: true,
        lists_entries: true,
        folder: Some(UPDATES),
        addresses: |_| one("updates/"),
        render: |c, _, path| {
            let all: Vec<usize> = (0..c.site.entries.len()).collect();
            c.r.page("timeline.html", "All updates", path, |ctx| {
                ctx.insert("years", &c.r.views.years(&all, c.cards))
            })
        },
        shows: shows::timeline,
    },
    PageType {
        about: Some("the list of areas"),
        sitemap: true,
        lists_entries: false,
        folder: Some(AREAS),
        addresses: |_| one("areas/"),
        render: |c, _, path| c.r.page("areas.html", "Areas", path, |_| {}),
        shows: shows::nothing,
    },
    PageType {
        about: Some("the list of kinds of update"),
        sitemap: true,
        lists_entries: false,
        folder: Some(KINDS),
        addresses: |_| one("kinds/"),
        render: |c, _, path| c.r.page("kinds.html", "Updates by kind", path, |_| {}),
        shows: shows::nothing,
    },
    PageType {
        about: Some("the list of documents"),
        sitemap: true,
        lists_entries: false,
        folder: Some("documents"),
        addresses: |_| one("documents/"),
        render: |c, _, path| {
            c.r.page("documents.html", "Documents", path, |ctx| {
                let docs: Vec<DocumentView> = (0..c.site.entries.len())
                    .flat_map(|i| c.r.views.documents(i))
                    .collect();
                ctx.insert("documents", &docs);
            })
        },
        shows: shows::documents,
    },
    PageType {
        about: Some("the page about subscribing to updates"),
        sitemap: true,
        lists_entries: false,
        folder: Some("subscribe"),
        addresses: |_| one("subscribe/"),
        render: |c, _, path| {
            c.r.page("subscribe.html", "Subscribe to updates", path, |ctx| {
                ctx.insert("open_data", &super::data::described(c.site))
            })
        },
        shows: shows::subscribe,
    },
    PageType {
        about: Some("the results of inspections"),
        sitemap: true,
        lists_entries: false,
        folder: Some("inspections"),
        addresses: |_| one("inspections/"),
        render: |c, _, path| {
            c.r.explained_page(
                &c.bodies.glossary,
                "inspections.html",
                ("Inspections", path),
                |ctx| ctx.insert("inspections", &c.r.views.inspections()),
            )
        },
        shows: shows::inspections,
    },
    PageType {
        about: Some("the plan: every action, its due date and how it is going"),
        sitemap: true,
        lists_entries: false,
        folder: Some("plan"),
        addresses: |site| match site.actions.is_empty() {
            true => Vec::new(),
            false => one("plan/"),
        },
        render: |c, _, path| {
            c.r.explained_page(&c.bodies.glossary, "plan.html", ("The plan", path), |ctx| {
                ctx.insert("plan", &c.r.views.plan())
            })
        },
        shows: shows::plan,
    },
    PageType {
        about: Some("the list of measures, with the latest figure of each"),
        sitemap: true,
        lists_entries: false,
        folder: Some(MEASURES),
        addresses: |site| match site.measures.is_empty() {
            true => Vec::new(),
            false => one("measures/"),
        },
        render: |c, _, path| {
            c.r.page("measures.html", "Measures", path, |ctx| {
                let all: Vec<_> = (0..c.site.measures.len())
                    .map(|i| c.r.views.measure(i, SMALL, false))
                    .collect();
                ctx.insert("measures", &all)
            })
        },
        shows: |_, _| vec![Key::Measures],
    },
    PageType {
        about: Some("a page for each update"),
        sitemap: true,
        lists_entries: false,
        folder: Some(UPDATES),
        addresses: |site| site.entries.iter().map(|e| e.path()).collect(),
        render: |c, i, path| {
            let e = &c.site.entries[i];
            c.r.page("entry.html", &e.title, path, |ctx| {
                let html = c.bodies.glossary.mark_up(&c.bodies.entries[i]);
                ctx.insert("entry", &c.r.views.entry_page(i, &html));
                ctx.insert("reports", &c.r.views.reports(i));
            })
        },
        shows: shows::entry,
    },
    PageType {
        about: Some("a page for each area"),
        sitemap: true,
        lists_entries: true,
        folder: Some(AREAS),
        addresses: |site| site.areas.iter().map(|a| a.path()).collect(),
        render: render_area,
        shows: shows::area,
    },
    PageType {
        about: Some("a list of updates for each kind"),
        sitemap: true,
        lists_entries: true,
        folder: Some(KINDS),
        addresses: |site| {
            let kinds = &site.config.vocabulary.kinds;
            kinds.iter().map(|(k, _)| kind_path(k)).collect()
        },
        render: |c, i, path| {
            let v = &c.r.views;
            let slug = &c.site.config.vocabulary.kinds[i].0;
            let kind = v.kind_link(slug);
            c.r.page("kind.html", kind.label, path, |ctx| {
                ctx.insert("years", &v.years(&c.site.by_kind[slug], c.cards));
                ctx.insert("kind", &kind);
            })
        },
        shows: shows::kind,
    },
    PageType {
        about: Some("a page for each measure, with a chart and a table of every figure"),
        sitemap: true,
        lists_entries: false,
        folder: Some(MEASURES),
        addresses: |site| {
            site.measures
                .iter()
                .map(|m| measure_path(&m.slug))
                .collect()
        },
        render: |c, i, path| {
            let m = &c.site.measures[i];
            c.r.page("measure.html", &m.title, path, |ctx| {
                ctx.insert("measure", &c.r.views.measure(i, FULL, true));
                ctx.insert("html", &c.bodies.measures[i]);
            })
        },
        // The areas' titles it links are in the site view, which every page has.
        shows: shows::measure,
    },
    PageType {
        about: None,
        sitemap: false,
        lists_entries: false,
        folder: Some(MEASURES),
        addresses: |site| site.measures.iter().map(|m| csv_path(&m.slug)).collect(),
        render: |c, i, path| c.r.file(path, || super::measures::csv(&c.site.measures[i])),
        shows: shows::measure,
    },
    PageType {
        about: Some("the other pages of the site"),
        sitemap: true,
        lists_entries: false,
        folder: None,
        addresses: |site| site.pages.iter().map(|p| p.path()).collect(),
        render: |c, i, path| {
            let page = &c.site.pages[i];
            let title = page.title.as_deref().unwrap_or(&page.slug);
            c.r.page("page.html", title, path, |ctx| {
                ctx.insert("html", &c.bodies.pages[i])
            })
        },
        shows: shows::page,
    },
    PageType {
        about: Some("this accessibility statement"),
        sitemap: true,
        lists_entries: false,
        folder: Some("accessibility"),
        addresses: |_| one("accessibility/"),
        render: |c, _, path| super::statement::statement(c, path),
        shows: shows::documents,
    },
    PageType {
        about: Some("the glossary"),
        sitemap: true,
        lists_entries: false,
        folder: Some("glossary"),
        addresses: |site| match site.config.glossary.is_empty() {
            true => Vec::new(),
            false => one("glossary/"),
        },
        render: |c, _, path| super::statement::glossary(c, path),
        shows: shows::nothing,
    },
    PageType {
        about: Some("the page shown for an address that does not exist"),
        sitemap: false,
        lists_entries: false,
        folder: None,
        addresses: |_| one("404.html"),
        render: |c, _, path| c.r.page("404.html", "Page not found", path, |_| {}),
        shows: shows::nothing,
    },
    PageType {
        about: None,
        sitemap: false,
        lists_entries: false,
        folder: None,
        addresses: |_| one("sitemap.xml"),
        render: |c, _, path| {
            c.r.page("sitemap.xml", "Sitemap", path, |ctx| {
                let urls: Vec<(String, Option<String>)> = sitemap(c.site)
                    .into_iter()
                    .map(|path| {
                        let changed = c.r.last.of_page(&path);
                        (path, changed)
                    })
                    .collect();
                ctx.insert("urls", &urls)
            })
        },
        shows: shows::sitemap,
    },
    PageType {
        about: None,
        sitemap: false,
        lists_entries: false,
        folder: None,
        addresses: |site| {
            let files = super::server::inside(site.config.server);
            files.iter().map(|(name, _)| name.to_string()).collect()
        },
        render: |c, i, path| {
            let (_, template) = super::server::inside(c.site.config.server)[i];
            super::server::render_inside(c.r, c.site, template, path)
        },
        shows: shows::redirects,
    },
    PageType {
        about: None,
        sitemap: false,
        lists_entries: false,
        folder: None,
        addresses: |_| one("data.json"),
        // Only when it is to be rendered: ids are made for every entry. An id used twice is
        // reported by the feeds, which every full build renders with it.
        render: |c, _, path| {
            c.r.file(path, || match super::ids::entry_ids(c.site) {
                Ok(ids) => super::data::json(c.site, &ids),
                Err(_) => Vec::new(),
            })
        },
        shows: shows::data,
    },
    PageType {
        about: None,
        sitemap: false,
        lists_entries: false,
        folder: None,
        addresses: |_| one("data.schema.json"),
        render: |c, _, path| {
            c.r.page("data.schema.json", "Schema of data.json", path, |ctx| {
                ctx.insert("id", super::data::SCHEMA_ID);
                ctx.insert("version", super::data::SCHEMA_VERSION);
            })
        },
        shows: shows::nothing,
    },
    PageType {
        about: None,
        sitemap: false,
        lists_entries: false,
        folder: None,
        addresses: |_| one("robots.txt"),
        render: |c, _, path| c.r.page("robots.txt", "robots.txt", path, |_| {}),
        shows: shows::nothing,
    },
    PageType {
        about: None,
        sitemap: false,
        lists_entries: false,
        folder: None,
        addresses: |site| {
            let aliases = site.entries.iter().flat_map(|e| e.aliases.iter().cloned());
            aliases.collect()
        },
        render: |c, i, path| {
            let entry = c
                .site
                .entries
                .iter()
                .flat_map(|e| e.aliases.iter().map(move |_| e))
                .nth(i)?;
            let target = format!("{}{}", c.site.config.base_url, entry.path());
            c.r.page("redirect.html", &entry.title, path, |ctx| {
                ctx.insert("target", &target)
            })
        },
        shows: shows::redirects,
    },
];

fn render_area(c: &Ctx, i: usize, path: &str) -> PageResult {
    let (site, v) = (c.site, &c.r.views);
    let area = &site.areas[i];
    c.r.explained_page(
        &c.bodies.glossary,
        "area.html",
        (&area.title, path),
        |ctx| {
            let history = site.status_history.get(&area.slug).into_iter().flatten();
            let own = site.progress_history.get(&area.slug).into_iter().flatten();
            let listed: Vec<&str> = site.by_area[&area.slug]
                .iter()
                .map(|&e| c.cards[e].as_str())
                .collect();
            ctx.insert("area", &v.area_link(&area.slug));
            ctx.insert("account", &v.account(&area.slug));
            ctx.insert("html", &c.bodies.areas[i]);
            ctx.insert("history", &history.map(|s| v.status(s)).collect::<Vec<_>>());
            ctx.insert("own_history", &own.map(|s| v.status(s)).collect::<Vec<_>>());
            ctx.insert("actions", &v.actions_of(i));
            ctx.insert("progress", &v.progress(Some(i)));
            ctx.insert("measures", &v.measures_of(&area.slug, SMALL));
            ctx.insert("cards", &listed);
        },
    )
}

/// Every page and file of the site: its kind, its index among that kind, its address.
pub(super) fn every_page(site: &Site) -> Vec<(&'static PageType, usize, String)> {
    PAGES
        .iter()
        .flat_map(|t| {
            let addresses = (t.addresses)(site);
            addresses
                .into_iter()
                .enumerate()
                .map(move |(i, a)| (t, i, a))
        })
        .collect()
}

/// Site-relative addresses of every page a search engine should know, in a stable order.
pub fn sitemap(site: &Site) -> Vec<String> {
    PAGES
        .iter()
        .filter(|t| t.sitemap)
        .flat_map(|t| (t.addresses)(site))
        .collect()
}

/// The folders of the site's own pages, which no free page may take: whether or not this site
/// has such pages yet (a plan added later must not find its address taken).
pub fn reserved() -> BTreeSet<&'static str> {
    let theirs = PAGES.iter().filter_map(|t| t.folder);
    theirs.chain([super::theme::STATIC_FOLDER]).collect()
}

/// What the accessibility statement covers: the kinds of page this site has, in words.
pub fn covered(site: &Site) -> Vec<&'static str> {
    PAGES
        .iter()
        .filter(|t| !(t.addresses)(site).is_empty())
        .filter_map(|t| t.about)
        .collect()
}

/// The output files that list entries' cards.
pub fn listing_entries(site: &Site) -> BTreeSet<String> {
    PAGES
        .iter()
        .filter(|t| t.lists_entries)
        .flat_map(|t| (t.addresses)(site))
        .map(|a| output_path(&a))
        .collect()
}
