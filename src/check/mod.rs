//! Check: everything `build` would refuse, and what would build but let readers down.
//!
//! This stage runs load → model → render exactly as `build` does, then reads the model and the
//! rendered pages for what only a whole site shows: links and
//! `#anchors` that point nowhere, documents nothing links to, images without alt text, headings
//! that skip a level, links without text, dates that contradict each other, summaries too long to
//! skim. It writes nothing and changes nothing; `main` decides what the findings mean for the exit
//! code. The one exception is the last build's output folder: its sitemap and feeds say which
//! addresses were published, so that an update's address that changed without an alias is found.

mod account;
mod addresses;
mod bodies;
mod documents;
mod entries;
mod links;
pub mod plain;
mod starter;

use std::path::Path;

use crate::error::Diagnostics;
use crate::pipeline::render_site;
use crate::render::outline::{outline, Outline, Outlines};
use crate::site::addresses::Addressed;
use crate::site::{BuildOptions, Site};
pub use links::{Hints, Published};
use rayon::prelude::*;

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
    /// The index of its entry in the site's entries, if it is an entry's.
    pub entry: Option<usize>,
}

/// Checks the site under `root` as `build` would build it with `options`, writing nothing;
/// `previous` is the output folder of the last build, whose addresses this one should keep.
/// Gives [`verdict`]'s findings, which `build` gives too, and the advice on plain English that
/// only `check` gives (a large site has thousands, too many to print on every build).
pub fn check(root: &Path, options: &BuildOptions, previous: &Path) -> CheckReport {
    let rendered = match render_site(root, options, None) {
        Ok(rendered) => rendered,
        Err(mut diagnostics) => {
            diagnostics.extend(team(root));
            return CheckReport {
                diagnostics,
                entries: None,
            };
        }
    };
    let (site, mut diagnostics) = (&rendered.site, rendered.warnings.clone());
    let rendering = (site, rendered.outputs.as_slice(), Some(&rendered.outlines));
    diagnostics.extend(verdict(root, rendering, previous));
    let terms = plain::Plain::terms(&site.config);
    let words = plain::Plain::of(&site.config, &terms);
    let bodies = body_refs(site);
    let advice: Vec<Vec<crate::error::Diagnostic>> = bodies
        .par_iter()
        .map(|b| words.check(b.source, b.body, b.body_line))
        .collect();
    diagnostics.extend(advice.into_iter().flatten());
    diagnostics.extend(summaries(site, &words));
    CheckReport {
        diagnostics,
        entries: Some(site.entries.len()),
    }
}

/// What `build` refuses (errors) and tells (warnings) of a rendered site, beyond what rendering
/// it found: the one verdict `build` and `check` share, so that whatever `check` refuses is
/// never published. Links and anchors that lead nowhere, images without alt text, documents
/// nothing links to, what has aged (an outcome long awaited, a rating out of date), what the
/// starter wrote, addresses changed since the `previous` build, and the team's settings.
///
/// `outlines` are the bodies' outlines as rendering read them; without them (or when they do
/// not cover every body), each body is read again.
pub fn verdict(
    root: &Path,
    (site, outputs, outlines): (&Site, &[crate::render::Output], Option<&Outlines>),
    previous: &Path,
) -> Vec<crate::error::Diagnostic> {
    let mut found = team(root);
    let bodies = body_refs(site);
    let readings: Vec<Reading> = match outlines.and_then(|o| in_body_order(site, o)) {
        Some(outlines) => (bodies.par_iter().zip(outlines))
            .map(|(body, outline)| structure(body, outline))
            .collect(),
        None => (bodies.par_iter())
            .map(|body| structure(body, &outline(body.body)))
            .collect(),
    };
    found.extend(readings.iter().flat_map(|r| r.problems.iter().cloned()));
    let written = bodies.iter().zip(&readings);
    let written = written.flat_map(|(b, r)| r.links.iter().map(move |l| (b, l)));
    let published = Published::for_links(site, outputs, written);
    found.extend(links(site, &published, bodies.iter().zip(&readings)));
    found.extend(site_wide(root, site, &bodies));
    found.extend(addresses::moved(site, previous, root));
    found
}

/// What the site as a whole says that it should not, beyond any one body's own mistakes: what
/// has aged, an area's two accounts that disagree, documents screen readers may not read, and
/// what the starter wrote. The verdict gives these; so does the editor's first page, where the
/// comms officer sees them without running `check`.
pub fn site_wide(root: &Path, site: &Site, bodies: &[BodyRef]) -> Vec<crate::error::Diagnostic> {
    let mut found = entries::check(root, site);
    found.extend(documents::check(site));
    found.extend(account::check(site));
    found.extend(starter::check(root, site, bodies));
    found
}

/// The mistakes in a team's settings (`team.toml`): checked with the site, as one of them locks
/// everyone out.
fn team(root: &Path) -> Vec<crate::error::Diagnostic> {
    match root.join(crate::team::config::FILE).exists() {
        true => crate::team::Team::load(root).err().unwrap_or_default(),
        false => Vec::new(),
    }
}

/// What one body's own text shows, worked out from its markdown alone: the plain-English
/// warnings, images without alt text, links without words, headings that skip a level, and the
/// links it makes. `check` reads every body once; `serve` keeps each entry's while it is unchanged.
#[derive(Debug, Clone)]
pub struct Reading {
    /// What is wrong in the body itself.
    pub problems: Vec<crate::error::Diagnostic>,
    /// Its links, to check against the site as published.
    links: Vec<links::Link>,
}

/// Reads one body (see [`Reading`]), its plain English included.
pub fn read(body: &BodyRef, words: &plain::Plain) -> Reading {
    read_outlined(body, &outline(body.body), words)
}

/// [`read`], with the body's outline as rendering read it.
pub fn read_outlined(body: &BodyRef, outline: &Outline, words: &plain::Plain) -> Reading {
    let mut reading = structure(body, outline);
    let mut problems = words.check(body.source, body.body, body.body_line);
    problems.append(&mut reading.problems);
    Reading {
        problems,
        ..reading
    }
}

/// Reads one body for what the verdict needs: what a screen reader meets, and its links.
fn structure(body: &BodyRef, outline: &Outline) -> Reading {
    let (problems, links) = bodies::check(body, outline);
    Reading { problems, links }
}

/// The links of every body against the site as published (links and `#anchors` that lead
/// nowhere), and the files under `content/` nothing links to.
pub fn links<'a>(
    site: &Site,
    published: &Published,
    bodies: impl Iterator<Item = (&'a BodyRef<'a>, &'a Reading)>,
) -> Vec<crate::error::Diagnostic> {
    let (mut hints, mut linked) = (links::Hints::new(), std::collections::BTreeSet::new());
    let mut found = Vec::new();
    for (body, reading) in bodies {
        found.extend(body_links(
            body,
            reading,
            published,
            &mut hints,
            &mut linked,
        ));
    }
    found.extend(unlinked(site, &linked));
    found
}

/// The links of one body that lead nowhere; records the files they reach in `linked`.
pub fn body_links(
    body: &BodyRef,
    reading: &Reading,
    published: &Published,
    hints: &mut links::Hints,
    linked: &mut std::collections::BTreeSet<String>,
) -> Vec<crate::error::Diagnostic> {
    links::check(body, &reading.links, published, hints, linked)
}

/// The files under `content/` that none of the `linked` files is.
pub fn unlinked(
    site: &Site,
    linked: &std::collections::BTreeSet<String>,
) -> Vec<crate::error::Diagnostic> {
    links::unlinked_documents(site, linked)
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

/// The body of a published entry, with the path of its page.
pub fn entry_body(entry: &crate::content::Entry) -> BodyRef<'_> {
    BodyRef {
        source: &entry.source,
        body: &entry.body,
        body_line: entry.body_line,
        page: entry.path(),
        entry: None,
    }
}

/// The outlines of the bodies [`body_refs`] lists, in its order; `None` unless there is one
/// for every body.
pub fn in_body_order<'o>(site: &Site, o: &'o Outlines) -> Option<Vec<&'o Outline>> {
    let whole = o.entries.len() == site.entries.len()
        && o.areas.len() == site.areas.len()
        && o.pages.len() == site.pages.len()
        && o.measures.len() == site.measures.len();
    let all = std::iter::once(&o.home).chain(&o.entries).chain(&o.areas);
    whole.then(|| all.chain(&o.pages).chain(&o.measures).collect())
}

/// Every body that is published, with the path of its page (in the order of [`in_body_order`]).
pub fn body_refs(site: &Site) -> Vec<BodyRef<'_>> {
    let one = |source, body, body_line, page| BodyRef {
        source,
        body,
        body_line,
        page,
        entry: None,
    };
    let mut refs = vec![one(
        &site.home.source,
        &site.home.body,
        site.home.body_line,
        String::new(),
    )];
    for (i, e) in site.entries.iter().enumerate() {
        refs.push(BodyRef {
            entry: Some(i),
            ..entry_body(e)
        });
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
