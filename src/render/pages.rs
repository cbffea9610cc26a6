//! One function per kind of page: each builds its view and renders its template.

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use super::theme::{describe, Theme};
use super::views::{DocumentView, Views};
use super::{output_path, Bodies, Output, Scope};
use crate::error::Diagnostic;
use crate::site::Site;

/// How many entries the home page lists.
const HOME_LATEST: usize = 5;

/// Shared rendering state: the theme, the views and the context every page starts from.
struct Renderer<'a> {
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

impl<'a> Renderer<'a> {
    /// Renders a page, or nothing when the scope leaves it out (its views are then never built).
    fn page(
        &self,
        template: &str,
        title: &str,
        path: &str,
        fill: impl FnOnce(&mut Context),
    ) -> Option<Result<Output, Diagnostic>> {
        let file = output_path(path);
        self.scope.includes(&file).then(|| {
            self.render(template, title, path, fill)
                .map(|html| Output::bytes(file, html))
        })
    }

    fn render(
        &self,
        template: &str,
        title: &str,
        path: &str,
        fill: impl FnOnce(&mut Context),
    ) -> Result<String, Diagnostic> {
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
        self.theme.tera.render(template, &ctx).map_err(|e| {
            Diagnostic::error(format!("themes/default/templates/{template}"), describe(&e))
                .hint("check the template: a variable or filter it uses is wrong")
        })
    }
}

/// Renders every HTML page and text file of the site that `scope` includes.
pub fn render_all(
    site: &Site,
    theme: &Theme,
    bodies: &Bodies,
    scope: &Scope,
) -> Result<Vec<Output>, Vec<Diagnostic>> {
    let views = Views::new(site);
    let mut base = Context::new();
    base.insert("site", &views.site_view());
    let r = Renderer {
        theme,
        scope,
        views,
        base,
    };
    let mut results: Vec<Result<Output, Diagnostic>> = site
        .entries
        .par_iter()
        .enumerate()
        .filter_map(|(i, e)| {
            r.page(
                "entry.html",
                &e.title,
                &format!("updates/{}/", e.slug),
                |ctx| {
                    ctx.insert("entry", &r.views.entry_page(i, &bodies.entries[i]));
                },
            )
        })
        .collect();
    results.extend(listing_pages(&r, site, bodies).into_iter().flatten());
    results.extend(aliases(&r, site).into_iter().flatten());
    let mut outputs = Vec::with_capacity(results.len());
    let mut errors = Vec::new();
    for result in results {
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

fn listing_pages(
    r: &Renderer,
    site: &Site,
    bodies: &Bodies,
) -> Vec<Option<Result<Output, Diagnostic>>> {
    let v = &r.views;
    let all: Vec<usize> = (0..site.entries.len()).collect();
    // The timeline and the area and kind pages list many entries: render them side by side.
    let (mut out, terms) = rayon::join(
        || {
            vec![
                r.page("home.html", &site.config.title, "", |ctx| {
                    ctx.insert("intro", &bodies.home);
                    ctx.insert("latest", &v.cards(&all[..all.len().min(HOME_LATEST)]));
                    ctx.insert("total", &all.len());
                }),
                r.page("timeline.html", "All updates", "updates/", |ctx| {
                    ctx.insert("years", &v.years(&all))
                }),
                r.page("areas.html", "Areas for improvement", "areas/", |_| {}),
                r.page("kinds.html", "Updates by kind", "kinds/", |_| {}),
                r.page("documents.html", "Documents", "documents/", |ctx| {
                    let docs: Vec<DocumentView> =
                        all.iter().flat_map(|&i| v.documents(i)).collect();
                    ctx.insert("documents", &docs);
                }),
                r.page("404.html", "Page not found", "404.html", |_| {}),
                r.page("sitemap.xml", "Sitemap", "sitemap.xml", |ctx| {
                    ctx.insert("urls", &sitemap_paths(site))
                }),
                r.page("robots.txt", "robots.txt", "robots.txt", |_| {}),
            ]
        },
        || term_pages(r, site, bodies),
    );
    out.extend(terms);
    out
}

/// A page per area, kind and free page; the areas' and kinds', which list many entries, in parallel.
fn term_pages(
    r: &Renderer,
    site: &Site,
    bodies: &Bodies,
) -> Vec<Option<Result<Output, Diagnostic>>> {
    let v = &r.views;
    let mut out: Vec<_> = site
        .areas
        .par_iter()
        .enumerate()
        .map(|(i, area)| {
            r.page(
                "area.html",
                &area.title,
                &format!("areas/{}/", area.slug),
                |ctx| {
                    let history: Vec<_> = site
                        .status_history
                        .get(&area.slug)
                        .into_iter()
                        .flatten()
                        .map(|s| v.status(s))
                        .collect();
                    ctx.insert("area", &v.area_link(&area.slug));
                    ctx.insert("html", &bodies.areas[i]);
                    ctx.insert("history", &history);
                    ctx.insert("entries", &v.cards(&site.by_area[&area.slug]));
                },
            )
        })
        .collect();
    out.par_extend(site.config.kinds.par_iter().map(|(slug, _)| {
        let kind = v.kind_link(slug);
        r.page("kind.html", kind.label, &format!("kinds/{slug}/"), |ctx| {
            ctx.insert("entries", &v.cards(&site.by_kind[slug]));
            ctx.insert("kind", &kind);
        })
    }));
    for (i, page) in site.pages.iter().enumerate() {
        let title = page.title.as_deref().unwrap_or(&page.slug);
        out.push(
            r.page("page.html", title, &format!("{}/", page.slug), |ctx| {
                ctx.insert("html", &bodies.pages[i])
            }),
        );
    }
    out
}

/// A redirect page at every old URL an entry lists.
fn aliases(r: &Renderer, site: &Site) -> Vec<Option<Result<Output, Diagnostic>>> {
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
    ];
    paths.extend(site.entries.iter().map(|e| format!("updates/{}/", e.slug)));
    paths.extend(site.areas.iter().map(|a| format!("areas/{}/", a.slug)));
    paths.extend(site.config.kinds.iter().map(|(k, _)| format!("kinds/{k}/")));
    paths.extend(site.pages.iter().map(|p| format!("{}/", p.slug)));
    paths
}
