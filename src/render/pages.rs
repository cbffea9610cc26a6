//! One function per kind of page: each builds its view and renders its template.
//!
//! Every entry's card (its summary in lists) is rendered once and pasted into the timeline, area,
//! kind and home pages, which all list the same cards. All pages render in parallel.

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use super::channels;
use super::theme::{describe, Theme};
use super::views::{DocumentView, Views};
use super::{output_path, Bodies, Output, Scope};
use crate::content::{kind_path, Area, Page};
use crate::error::Diagnostic;
use crate::site::Site;

/// How many entries the home page lists.
const HOME_LATEST: usize = 5;

/// Shared rendering state: the theme, the views and the context every page starts from.
pub(super) struct Renderer<'a> {
    theme: &'a Theme,
    scope: &'a Scope,
    views: Views<'a>,
    base: Context,
}

/// The page-level facts templates use for `<title>`, canonical links and breadcrumbs.
#[derive(Serialize)]
struct PageMeta<'a> {
    title: &'a str,
    /// Site-relative path of the page, e.g. `updates/x/`.
    path: &'a str,
    url: String,
}

/// A rendered page, its error, or `None` when the scope leaves it out.
type PageResult = Option<Result<Output, Diagnostic>>;

impl Renderer<'_> {
    fn template(&self, template: &str, ctx: &Context) -> Result<String, Diagnostic> {
        self.theme.tera.render(template, ctx).map_err(|e| {
            Diagnostic::error(format!("themes/default/templates/{template}"), describe(&e))
                .hint("check the template: a variable or filter it uses is wrong")
        })
    }

    /// Renders `template` as the page at `path`, with what `fill` adds to the shared context;
    /// nothing when the scope leaves the page out (its views are then never built).
    pub(super) fn page(
        &self,
        template: &str,
        title: &str,
        path: &str,
        fill: impl FnOnce(&mut Context),
    ) -> PageResult {
        let file = output_path(path);
        if !self.scope.includes(&file) {
            return None;
        }
        let mut ctx = self.base.clone();
        ctx.insert(
            "page",
            &PageMeta {
                title,
                path,
                url: self.views.url(path),
            },
        );
        fill(&mut ctx);
        Some(
            self.template(template, &ctx)
                .map(|html| Output::bytes(file, html)),
        )
    }
}

/// Renders every HTML page and text file of the site that `scope` includes.
pub fn render_all(
    site: &Site,
    theme: &Theme,
    bodies: &Bodies,
    scope: &Scope,
    channels: &[channels::Channel],
) -> Result<Vec<Output>, Vec<Diagnostic>> {
    let views = Views::new(site);
    let mut base = Context::new();
    base.insert("site", &views.site_view());
    base.insert("feeds", &channels::catalogue(channels));
    let r = Renderer {
        theme,
        scope,
        views,
        base,
    };
    let cards_needed = match scope {
        Scope::All => true,
        Scope::Only(paths) => paths.iter().any(|p| lists_entries(p)),
    };
    let listed = if cards_needed { site.entries.len() } else { 0 };
    let cards: Vec<Result<String, Diagnostic>> = (0..listed)
        .into_par_iter()
        .map(|i| {
            let mut ctx = Context::new();
            ctx.insert("e", &r.views.card(i));
            r.template("card.html", &ctx)
        })
        .collect();
    let cards: Vec<String> = match cards.into_iter().collect() {
        Ok(cards) => cards,
        Err(e) => return Err(vec![e]),
    };
    let (mut results, listings) = rayon::join(
        || entry_pages(&r, site, bodies),
        || {
            listing_jobs(site)
                .into_par_iter()
                .map(|job| job.render(&r, site, bodies, &cards))
                .collect::<Vec<_>>()
        },
    );
    results.extend(listings);
    results.extend(aliases(&r, site));
    results.extend(super::statement::render(&r, site));
    let mut outputs = Vec::with_capacity(results.len());
    let mut errors = Vec::new();
    for result in results.into_iter().flatten() {
        match result {
            Ok(o) => outputs.push(o),
            Err(e) if !errors.contains(&e) => errors.push(e),
            Err(_) => {}
        }
    }
    if errors.is_empty() {
        Ok(outputs)
    } else {
        Err(errors)
    }
}

/// Whether the page at this output path lists entries' cards (home, timeline, area, kind).
fn lists_entries(path: &str) -> bool {
    let parts: Vec<&str> = path.split('/').collect();
    matches!(
        parts.as_slice(),
        ["index.html"] | ["updates", "index.html"] | ["areas" | "kinds", _, "index.html"]
    )
}

fn entry_pages(r: &Renderer, site: &Site, bodies: &Bodies) -> Vec<PageResult> {
    site.entries
        .par_iter()
        .enumerate()
        .map(|(i, e)| {
            r.page("entry.html", &e.title, &e.path(), |ctx| {
                let html = bodies.glossary.mark_up(&bodies.entries[i]);
                ctx.insert("entry", &r.views.entry_page(i, &html));
            })
        })
        .collect()
}

/// A page that lists or summarises entries; rendered in parallel with the others.
enum Job {
    Home,
    Timeline,
    Areas,
    Kinds,
    Documents,
    Subscribe,
    Inspections,
    NotFound,
    Sitemap,
    Robots,
    Area(usize),
    Kind(usize),
    Page(usize),
}

fn listing_jobs(site: &Site) -> Vec<Job> {
    let mut jobs = vec![
        Job::Home,
        Job::Timeline,
        Job::Areas,
        Job::Kinds,
        Job::Documents,
        Job::Subscribe,
        Job::Inspections,
        Job::NotFound,
        Job::Sitemap,
        Job::Robots,
    ];
    jobs.extend((0..site.areas.len()).map(Job::Area));
    jobs.extend((0..site.config.vocabulary.kinds.len()).map(Job::Kind));
    jobs.extend((0..site.pages.len()).map(Job::Page));
    jobs
}

impl Job {
    fn render(&self, r: &Renderer, site: &Site, bodies: &Bodies, cards: &[String]) -> PageResult {
        let v = &r.views;
        let all: Vec<usize> = (0..site.entries.len()).collect();
        match *self {
            Job::Inspections => r.page("inspections.html", "Inspections", "inspections/", |ctx| {
                ctx.insert("inspections", &v.inspections())
            }),
            Job::Home => r.page("home.html", &site.config.title, "", |ctx| {
                ctx.insert("inspections", &v.outcome_summary());
                ctx.insert("intro", &bodies.home);
                ctx.insert("latest", &cards[..cards.len().min(HOME_LATEST)]);
                ctx.insert("total", &all.len());
            }),
            Job::Timeline => r.page("timeline.html", "All updates", "updates/", |ctx| {
                ctx.insert("years", &v.years(&all, cards))
            }),
            Job::Areas => r.page("areas.html", "Areas", "areas/", |_| {}),
            Job::Kinds => r.page("kinds.html", "Updates by kind", "kinds/", |_| {}),
            Job::Documents => r.page("documents.html", "Documents", "documents/", |ctx| {
                let docs: Vec<DocumentView> = all.iter().flat_map(|&i| v.documents(i)).collect();
                ctx.insert("documents", &docs);
            }),
            Job::Subscribe => r.page(
                "subscribe.html",
                "Subscribe to updates",
                "subscribe/",
                |_| {},
            ),
            Job::NotFound => r.page("404.html", "Page not found", "404.html", |_| {}),
            Job::Sitemap => r.page("sitemap.xml", "Sitemap", "sitemap.xml", |ctx| {
                ctx.insert("urls", &sitemap_paths(site))
            }),
            Job::Robots => r.page("robots.txt", "robots.txt", "robots.txt", |_| {}),
            Job::Area(i) => {
                let area = &site.areas[i];
                r.page("area.html", &area.title, &area.path(), |ctx| {
                    let history: Vec<_> = site
                        .status_history
                        .get(&area.slug)
                        .into_iter()
                        .flatten()
                        .map(|s| v.status(s))
                        .collect();
                    let listed: Vec<&str> = site.by_area[&area.slug]
                        .iter()
                        .map(|&e| cards[e].as_str())
                        .collect();
                    ctx.insert("area", &v.area_link(&area.slug));
                    ctx.insert("html", &bodies.areas[i]);
                    let own: Vec<_> = site
                        .progress_history
                        .get(&area.slug)
                        .into_iter()
                        .flatten()
                        .map(|s| v.status(s))
                        .collect();
                    ctx.insert("history", &history);
                    ctx.insert("own_history", &own);
                    ctx.insert("cards", &listed);
                })
            }
            Job::Kind(i) => {
                let slug = &site.config.vocabulary.kinds[i].0;
                let kind = v.kind_link(slug);
                r.page("kind.html", kind.label, &kind_path(slug), |ctx| {
                    ctx.insert("years", &v.years(&site.by_kind[slug], cards));
                    ctx.insert("kind", &kind);
                })
            }
            Job::Page(i) => {
                let page = &site.pages[i];
                let title = page.title.as_deref().unwrap_or(&page.slug);
                r.page("page.html", title, &page.path(), |ctx| {
                    ctx.insert("html", &bodies.pages[i])
                })
            }
        }
    }
}

/// A redirect page at every old URL an entry lists.
fn aliases(r: &Renderer, site: &Site) -> Vec<PageResult> {
    let mut out = Vec::new();
    for entry in &site.entries {
        for alias in &entry.aliases {
            out.push(r.page("redirect.html", &entry.title, alias, |ctx| {
                ctx.insert(
                    "target",
                    &format!("{}updates/{}/", site.config.base_url, entry.slug),
                );
            }));
        }
    }
    out
}

/// Site-relative paths of every page a search engine should know, in a stable order.
fn sitemap_paths(site: &Site) -> Vec<String> {
    let mut paths = vec![
        String::new(),
        "updates/".into(),
        "areas/".into(),
        "kinds/".into(),
        "documents/".into(),
        "subscribe/".into(),
        "inspections/".into(),
    ];
    paths.extend(site.entries.iter().map(|e| e.path()));
    paths.extend(site.areas.iter().map(Area::path));
    paths.extend(
        site.config
            .vocabulary
            .kinds
            .iter()
            .map(|(k, _)| kind_path(k)),
    );
    paths.extend(site.pages.iter().map(Page::path));
    paths.extend(super::statement::paths(site));
    paths
}
