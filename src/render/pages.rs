//! What every page is rendered with: the theme, the views, the context every page starts from
//! ([`Renderer`]), and what one page of the registry can read ([`Ctx`]).

use serde::Serialize;
use tera::Context;

use super::theme::{describe, Theme};
use super::views::Views;
use super::{output_path, Bodies, Output, Scope};
use crate::error::Diagnostic;
use crate::site::Site;

/// Shared rendering state: the theme, the views and the context every page starts from.
pub(super) struct Renderer<'a> {
    pub(super) theme: &'a Theme,
    pub(super) scope: &'a Scope,
    pub(super) views: Views<'a>,
    pub(super) base: Context,
    /// The site's lists (its areas, kinds and their feeds), added to `base` only for the
    /// templates in [`LISTS`]: copied into every page's context, they were much of the work
    /// of a large site's ten thousand update pages, which never show them.
    pub(super) lists: Context,
    /// When each page last changed, which it says.
    pub(super) last: super::lastmod::LastChanged,
    /// The header and footer of an update's page, rendered once (`site-header.html` and
    /// `site-footer.html` read only the site and the page's address, which no update's page has
    /// in the navigation): ten thousand update pages need them only once. Made by the first
    /// update's page; `None` when a site gives either template of its own, which may read more
    /// of the page.
    pub(super) chrome: std::sync::OnceLock<Option<tera::Value>>,
}

/// The templates [`Renderer::chrome`] renders once.
const CHROME: [(&str, &str); 2] = [
    ("header", "site-header.html"),
    ("footer", "site-footer.html"),
];

/// The template of the pages that use [`Renderer::chrome`].
const CHROMED: &str = "entry.html";

/// What rendering one page can read.
pub(super) struct Ctx<'a> {
    pub r: &'a Renderer<'a>,
    pub site: &'a Site,
    pub bodies: &'a Bodies,
    /// Every entry's card, rendered once (empty when no page in scope lists entries).
    pub cards: &'a [String],
    /// What the accessibility statement covers: the kinds of page this site has, in words.
    pub covered: fn(&Site) -> Vec<&'static str>,
}

/// The page-level facts templates use for `<title>`, canonical links and breadcrumbs.
#[derive(Serialize)]
struct PageMeta<'a> {
    title: &'a str,
    /// Site-relative path of the page, e.g. `updates/x/`.
    path: &'a str,
    url: String,
    /// When it last changed in substance (`lastmod`): never the day of the build.
    updated: Option<super::dates::DateView>,
}

/// The templates that show the site's lists of areas and kinds, or their feeds (`site.areas`,
/// `site.kinds`, `site.groups`, `feeds.areas`, `feeds.kinds`). Any other template that used
/// them would fail to render, and the tests would say so.
const LISTS: [&str; 6] = [
    "home.html",
    "areas.html",
    "area.html",
    "kinds.html",
    "kind.html",
    "subscribe.html",
];

/// The keys of the site view and of the feed catalogue that only [`LISTS`] read.
const LIST_KEYS: [(&str, &[&str]); 2] = [
    ("site", &["areas", "kinds", "groups"]),
    ("feeds", &["areas", "kinds"]),
];

/// The context every page starts from, and the lists the templates in [`LISTS`] add to it.
pub(super) fn base_contexts(
    views: &Views,
    channels: &[super::channels::Channel],
) -> (Context, Context) {
    let full = [
        ("site", tera::to_value(views.site_view())),
        (
            "feeds",
            tera::to_value(super::channels::catalogue(channels)),
        ),
    ];
    let (mut base, mut lists) = (Context::new(), Context::new());
    for ((name, value), (_, keys)) in full.into_iter().zip(LIST_KEYS) {
        let Ok(value) = value else { continue };
        let mut lean = value.clone();
        if let Some(object) = lean.as_object_mut() {
            for key in keys {
                object.remove(*key);
            }
        }
        base.insert(name, &lean);
        lists.insert(name, &value);
    }
    (base, lists)
}

impl Renderer<'_> {
    /// The header and footer of the page at `path` (an update's), rendered once for every
    /// update's page; `None` when a site gives its own or they do not render (each page then
    /// renders them, and says what is wrong).
    fn chrome_of(&self, path: &str) -> Option<tera::Value> {
        if CHROME
            .iter()
            .any(|(_, t)| self.theme.own.iter().any(|o| o == t))
        {
            return None;
        }
        let mut ctx = self.base.clone();
        let page = PageMeta {
            title: "",
            path,
            url: self.views.url(path),
            updated: None,
        };
        ctx.insert("page", &page);
        let mut chrome = tera::Map::new();
        for (key, template) in CHROME {
            let html = self.theme.tera.render(template, &ctx).ok()?;
            chrome.insert(key.to_string(), tera::Value::String(html));
        }
        Some(tera::Value::Object(chrome))
    }
}

/// A rendered page, its error, or `None` when the scope leaves it out.
pub(super) type PageResult = Option<Result<Output, Diagnostic>>;

impl Renderer<'_> {
    pub(super) fn template(&self, template: &str, ctx: &Context) -> Result<String, Diagnostic> {
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
        if LISTS.contains(&template) {
            ctx.extend(self.lists.clone());
        }
        if template == CHROMED {
            if let Some(chrome) = self.chrome.get_or_init(|| self.chrome_of(path)) {
                ctx.insert("chrome", chrome);
            }
        }
        let url = self.views.url(path);
        let updated = self.last.day_of(path).map(super::dates::DateView::new);
        ctx.insert(
            "page",
            &PageMeta {
                title,
                path,
                url,
                updated,
            },
        );
        fill(&mut ctx);
        Some(
            self.template(template, &ctx)
                .map(|html| Output::bytes(file, finish(html))),
        )
    }
}

impl Renderer<'_> {
    /// A generated file that is not a page (no template): `make` runs only when it is in scope.
    pub(super) fn file(&self, path: &str, make: impl FnOnce() -> Vec<u8>) -> PageResult {
        let file = output_path(path);
        self.scope
            .includes(&file)
            .then(|| Ok(Output::bytes(file, make())))
    }
}
