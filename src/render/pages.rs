//! Rendering pages from the registry: the shared state every page starts from, and the one pass
//! that renders every page of the registry in parallel.
//!
//! Every entry's card (its summary in lists) is rendered once and pasted into the timeline, area,
//! kind and home pages, which all list the same cards.

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use super::channels;
use super::registry::{self, Ctx};
use super::theme::{describe, Theme};
use super::views::Views;
use super::{output_path, Bodies, Output, Scope};
use crate::error::Diagnostic;
use crate::site::Site;

/// Shared rendering state: the theme, the views and the context every page starts from.
pub(super) struct Renderer<'a> {
    theme: &'a Theme,
    pub(super) scope: &'a Scope,
    pub(super) views: Views<'a>,
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
pub(super) type PageResult = Option<Result<Output, Diagnostic>>;

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
        self.finished_page(template, (title, path), fill, |html| html)
    }

    /// A page as [`Renderer::page`] makes it, with the framework's words in the theme's own text
    /// explained on first use (the home page, areas, inspections and the plan, where they are).
    pub(super) fn explained_page(
        &self,
        glossary: &super::glossary::Glossary,
        template: &str,
        (title, path): (&str, &str),
        fill: impl FnOnce(&mut Context),
    ) -> PageResult {
        self.finished_page(template, (title, path), fill, |html| {
            glossary.mark_main(&html)
        })
    }

    /// Renders `template` at `path` (if in scope), then `finish`es its HTML.
    fn finished_page(
        &self,
        template: &str,
        (title, path): (&str, &str),
        fill: impl FnOnce(&mut Context),
        finish: impl FnOnce(String) -> String,
    ) -> PageResult {
        let file = output_path(path);
        if !self.scope.includes(&file) {
            return None;
        }
        let mut ctx = self.base.clone();
        let url = self.views.url(path);
        ctx.insert("page", &PageMeta { title, path, url });
        fill(&mut ctx);
        Some(
            self.template(template, &ctx)
                .map(|html| Output::bytes(file, finish(html))),
        )
    }
}

/// Renders every page and generated file of the site that `scope` includes, from the registry.
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
        Scope::Only(paths) => !registry::listing_entries(site).is_disjoint(paths),
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
    let c = Ctx {
        r: &r,
        site,
        bodies,
        cards: &cards,
    };
    let results: Vec<PageResult> = registry::every_page(site)
        .into_par_iter()
        .map(|(kind, i, address)| (kind.render)(&c, i, &address))
        .collect();
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
