//! Check: everything `build` would refuse, and what would build but let readers down.
//!
//! This stage runs load → model → render exactly as `build` does, then reads the model and the
//! rendered pages for what only a whole site shows: links and
//! `#anchors` that point nowhere, documents nothing links to, images without alt text, headings
//! that skip a level, links without text, dates that contradict each other, summaries too long to
//! skim. It writes nothing and changes nothing; `main` decides what the findings mean for the exit
//! code. The one exception is the last build's output folder: its sitemap and feeds say which
//! addresses were published, so that an update's address that changed without an alias is found.

mod addresses;
mod bodies;
mod documents;
mod entries;
mod links;
pub mod plain;

use std::path::Path;

use crate::build::render_site;
use crate::error::Diagnostics;
use crate::site::{BuildOptions, Site};
use links::Published;

/// The longest summary, in characters, that lists and feeds show comfortably.
pub const SUMMARY_LIMIT: usize = 300;

/// What a check found.
#[derive(Debug)]
pub struct CheckReport {
    /// Every error and warning, build's and check's.
    pub diagnostics: Diagnostics,
    /// How many entries were checked (`None` when the site could not be loaded).
    pub entries: Option<usize>,
}

/// One markdown body of the site and the page it is shown on.
pub struct BodyRef<'a> {
    /// The source file, as shown in messages.
    pub source: &'a Path,
    /// The markdown.
    pub body: &'a str,
    /// The line of the file where the body starts.
    pub body_line: usize,
    /// The site-relative path of its page (`updates/x/`, `` for the home page).
    pub page: String,
}

/// Checks the site under `root` as `build` would build it with `options`, writing nothing;
/// `previous` is the output folder of the last build, whose addresses this one should keep.
pub fn check(root: &Path, options: &BuildOptions, previous: &Path) -> CheckReport {
    let (site, outputs, mut diagnostics) = match render_site(root, options, None) {
        Ok(rendered) => (rendered.site, rendered.outputs, rendered.warnings),
        Err(diagnostics) => {
            return CheckReport {
                diagnostics,
                entries: None,
            }
        }
    };
    let published = Published::new(&site, &outputs);
    let mut linked = std::collections::BTreeSet::new();
    let terms = plain::Plain::terms(&site.config);
    let words = plain::Plain::of(&site.config, &terms);
    for body in body_refs(&site) {
        diagnostics.extend(words.check(body.source, body.body, body.body_line));
        diagnostics.extend(bodies::check(&body));
        diagnostics.extend(links::check(&body, &published, &mut linked));
    }
    diagnostics.extend(summaries(&site, &words));
    diagnostics.extend(links::unlinked_documents(&site, &linked));
    diagnostics.extend(entries::check(root, &site));
    diagnostics.extend(documents::check(&site));
    if let Ok(ids) = crate::render::entry_ids(&site) {
        diagnostics.extend(addresses::moved(&site, &ids, previous, root));
    }
    CheckReport {
        diagnostics,
        entries: Some(site.entries.len()),
    }
}

/// The plain-English warnings of each summary written in front matter (a summary taken from the
/// body is checked with it), at the line of its `summary`.
fn summaries(site: &Site, words: &plain::Plain) -> Vec<crate::error::Diagnostic> {
    site.entries
        .iter()
        .filter_map(|e| Some(words.check(&e.source, &e.summary, e.summary_line?)))
        .flatten()
        .collect()
}

/// Every body that is published, with the path of its page.
fn body_refs(site: &Site) -> Vec<BodyRef<'_>> {
    let one = |source, body, body_line, page| BodyRef {
        source,
        body,
        body_line,
        page,
    };
    let mut refs = vec![one(
        &site.home.source,
        &site.home.body,
        site.home.body_line,
        String::new(),
    )];
    for e in &site.entries {
        refs.push(one(&e.source, &e.body, e.body_line, e.path()));
    }
    for a in &site.areas {
        refs.push(one(&a.source, &a.body, a.body_line, a.path()));
    }
    for p in &site.pages {
        refs.push(one(&p.source, &p.body, p.body_line, p.path()));
    }
    for m in &site.measures {
        refs.push(one(&m.source, &m.body, m.body_line, m.path()));
    }
    refs
}
