//! The two pages about reading the site: the accessibility statement (`/accessibility/`) and the
//! glossary (`/glossary/`, only when the site has one).
//!
//! This module only shapes the settings into views; the statement's wording, including the
//! regulations' standard enforcement text, lives in the theme's `accessibility.html`.

use serde::Serialize;

use super::dates::DateView;
use super::glossary::{Glossary, Term};
use super::pages::{Ctx, PageResult};
use crate::accessibility::Accessibility;

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
    /// Published documents a screen reader may not read well, found in the files themselves.
    pub documents: Vec<UnsuitableView<'a>>,
    /// Documents this site cannot read: on other websites, named only, or unreadable files.
    pub unchecked: usize,
}

/// A document the statement lists as not accessible, and why.
#[derive(Debug, Serialize)]
pub struct UnsuitableView<'a> {
    pub title: &'a str,
    pub url: Option<String>,
    /// "it is not tagged, and has no title".
    pub why: String,
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
            documents: Vec::new(),
            unchecked: 0,
        }
    }
}

/// The accessibility statement, with what it covers read from the registry of pages.
pub(super) fn statement(c: &Ctx, path: &str) -> PageResult {
    let site = c.site;
    c.r.page(
        "accessibility.html",
        "Accessibility statement",
        path,
        |ctx| {
            let mut view = StatementView::new(&site.config.accessibility);
            view.documents = site
                .unsuitable_documents()
                .map(|(_, d, missing)| UnsuitableView {
                    title: &d.title,
                    url: match &d.target {
                        crate::content::document::Target::File(path) => Some(c.r.views.url(path)),
                        _ => None,
                    },
                    why: because(&missing),
                })
                .collect();
            view.unchecked = site
                .entries
                .iter()
                .flat_map(|e| &e.documents)
                .filter(|d| {
                    d.access.is_none()
                        && !matches!(d.format.as_deref(), Some("CSV" | "Plain text" | "HTML"))
                })
                .count();
            ctx.insert("statement", &view);
            ctx.insert("covered", &(c.covered)(site));
        },
    )
}

/// The glossary page (its address exists only when the site has terms).
pub(super) fn glossary(c: &Ctx, path: &str) -> PageResult {
    let glossary = Glossary::new(&c.site.config.glossary, "");
    c.r.page("glossary.html", "Glossary", path, |ctx| {
        let terms: &[Term] = &glossary.terms;
        ctx.insert("terms", terms);
    })
}

/// What a PDF lacks, as the statement says it: "it is not tagged and has no title".
fn because(missing: &[&str]) -> String {
    let tagged = missing.contains(&"tags");
    let rest: Vec<&str> = missing.iter().filter(|m| **m != "tags").copied().collect();
    match (tagged, rest.is_empty()) {
        (true, true) => "it is not tagged".into(),
        (true, false) => format!(
            "it is not tagged and has no {}",
            rest.join(" or ").replace("a ", "")
        ),
        (false, _) => format!("it has no {}", rest.join(" or ").replace("a ", "")),
    }
}
