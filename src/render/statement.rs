//! The two pages about reading the site: the accessibility statement (`/accessibility/`) and the
//! glossary (`/glossary/`, only when the site has one).
//!
//! This module only shapes the settings into views; the statement's wording, including the
//! regulations' standard enforcement text, lives in the theme's `accessibility.html`.

use serde::Serialize;

use super::dates::DateView;
use super::glossary::{Glossary, Term};
use super::pages::Renderer;
use super::Output;
use crate::accessibility::Accessibility;
use crate::error::Diagnostic;
use crate::site::Site;

/// What the accessibility statement shows.
#[derive(Debug, Serialize)]
pub struct StatementView<'a> {
    /// `full`, `partial` or `not`.
    pub status: &'static str,
    pub non_accessible: &'a [String],
    pub email: Option<&'a str>,
    pub response_days: Option<u32>,
    pub tested: Option<DateView>,
    pub tested_by: Option<&'a str>,
    pub test_method: Option<&'a str>,
    pub prepared: Option<DateView>,
    pub reviewed: Option<DateView>,
    /// The site has no `[accessibility]` table: the statement says it is not yet completed.
    pub defaults: bool,
}

impl<'a> StatementView<'a> {
    /// The view of the statement settings.
    pub fn new(a: &'a Accessibility) -> StatementView<'a> {
        StatementView {
            status: a.status.slug(),
            non_accessible: &a.non_accessible,
            email: a.email.as_deref(),
            response_days: a.response_days,
            tested: a.tested.map(DateView::new),
            tested_by: a.tested_by.as_deref(),
            test_method: a.test_method.as_deref(),
            prepared: a.prepared.map(DateView::new),
            reviewed: a.reviewed.map(DateView::new),
            defaults: a.defaults,
        }
    }
}

/// The accessibility statement, and the glossary page when there are terms.
pub(super) fn render(r: &Renderer, site: &Site) -> Vec<Option<Result<Output, Diagnostic>>> {
    let mut out = vec![r.page(
        "accessibility.html",
        "Accessibility statement",
        "accessibility/",
        |ctx| {
            ctx.insert("statement", &StatementView::new(&site.config.accessibility));
        },
    )];
    let glossary = Glossary::new(&site.config.glossary, "");
    if !glossary.is_empty() {
        out.push(r.page("glossary.html", "Glossary", "glossary/", |ctx| {
            let terms: &[Term] = &glossary.terms;
            ctx.insert("terms", terms);
        }));
    }
    out
}

/// The site-relative paths of these pages, for the sitemap.
pub(super) fn paths(site: &Site) -> Vec<String> {
    let mut paths = vec!["accessibility/".to_string()];
    if !site.config.glossary.is_empty() {
        paths.push("glossary/".to_string());
    }
    paths
}
