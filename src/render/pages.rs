//! One function per kind of page: each builds its view and renders its template.

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use super::theme::{describe, Theme};
use super::views::{DocumentView, Views};
use super::{Bodies, Output};
use crate::error::Diagnostic;
use crate::site::Site;

/// How many entries the home page lists.
const HOME_LATEST: usize = 5;

/// Shared rendering state: the theme, the views and the context every page starts from.
struct Renderer<'a> {
    theme: &'a Theme,
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
    fn page(
        &self,
        template: &str,
        title: &str,
        path: &str,
        fill: impl FnOnce(&mut Context),
    ) -> Result<Output, Diagnostic> {
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
        let html = self.theme.tera.render(template, &ctx).map_err(|e| {
            Diagnostic::error(format!("themes/default/templates/{template}"), describe(&e))
                .hint("check the template: a variable or filter it uses is wrong")
        })?;
        let file = if path.is_empty() || path.ends_with('/') {
            format!("{path}index.html")
        } else {
            path.to_string()
        };
        Ok(Output::bytes(file, html))
    }
}

/// Renders every HTML page and text file of the site.
pub fn render_all(
    site: &Site,
    theme: &Theme,
    bodies: &Bodies,
) -> Result<Vec<Output>, Vec<Diagnostic>> {
    let views = Views::new(site);
    let mut base = Context::new();
    base.insert("site", &views.site_view());
    let r = Renderer { theme, views, base };
    let mut results: Vec<Result<Output, Diagnostic>> = site
        .entries
        .par_iter()
        .enumerate()
        .map(|(i, e)| {
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
    results.extend(listing_pages(&r, site, bodies));
    results.extend(aliases(&r, site));
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

fn listing_pages(r: &Renderer, site: &Site, bodies: &Bodies) -> Vec<Result<Output, Diagnostic>> {
    let v = &r.views;
    let all: Vec<usize> = (0..site.entries.len()).collect();
    let mut out = vec![
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
            let docs: Vec<DocumentView> = all.iter().flat_map(|&i| v.documents(i)).collect();
            ctx.insert("documents", &docs);
        }),
        r.page("404.html", "Page not found", "404.html", |_| {}),
        r.page("sitemap.xml", "Sitemap", "sitemap.xml", |ctx| {
            ctx.insert("urls", &sitemap_paths(site))
        }),
        r.page("robots.txt", "robots.txt", "robots.txt", |_| {}),
    ];
    for (i, area) in site.areas.iter().enumerate() {
        out.push(r.page(
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
        ));
    }
    for (slug, _) in &site.config.kinds {
        let kind = v.kind_link(slug);
        out.push(
            r.page("kind.html", kind.label, &format!("kinds/{slug}/"), |ctx| {
                ctx.insert("entries", &v.cards(&site.by_kind[slug]));
                ctx.insert("kind", &kind);
            }),
        );
    }
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
fn aliases(r: &Renderer, site: &Site) -> Vec<Result<Output, Diagnostic>> {
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
