//! A trial build of one file's unsaved text: what the editor checks before it saves.
//!
//! The text goes through the same reader, parser and model as `sendsite build`, with every other
//! file as the preview last read it, so the editor shows exactly the messages a build would give
//! (and the plain-English warnings of `check`). The problems of that one file are kept, and the
//! errors the change makes in other files (an action removed that updates still report on); the
//! errors other files already had are not the author's to fix in this form, and never block.

use std::collections::BTreeSet;

use crate::content::sources::Unsaved;
use std::path::Path;

use super::snapshot::Snapshot;
use crate::check::plain::Plain;
use crate::check::{self, BodyRef};
use crate::error::Diagnostic;
use crate::render::{addresses, render_scoped, Bodies, Body, BodyRenderer, Scope};
use crate::site::{self, BuildOptions, Site};

/// What a trial found: the file's problems and, when asked for and it builds, its page.
pub struct Trial {
    /// Errors and warnings of the file, as `build` and `check` give them.
    pub problems: Vec<Diagnostic>,
    /// The page's `<main>` content, rendered as the site would show it (drafts included).
    pub page: Option<String>,
}

/// The errors and warnings the site would have in the file at `path` if it held `bytes`;
/// `pending` are the documents the editor writes along with it.
pub fn try_text(
    engine: &Snapshot,
    path: &Path,
    bytes: Vec<u8>,
    unsaved: &Unsaved,
    preview: bool,
) -> Trial {
    let only = |problems| Trial {
        problems,
        page: None,
    };
    let text = match crate::source::text_of(path, bytes) {
        Ok(text) => text,
        Err(error) => return only(vec![error]),
    };
    let mine = |d: &Diagnostic| d.file == path;
    let loaded = engine.sources().with_text(path, text, unsaved);
    // The site as the preview builds it; a draft or embargoed update being edited is built too,
    // so that it is checked as it will be when published, and the author previews it.
    let mut options = *engine.options();
    let entries = loaded.0.iter().flat_map(|c| &c.items.entries);
    if let Some(entry) = entries.into_iter().find(|e| e.source == path) {
        if !site::publish(entry, &options) {
            options.drafts |= entry.draft;
            options.future |= entry.date > options.today;
        }
    }
    let texts = loaded
        .0
        .as_ref()
        .map(|c| texts_of(c, path))
        .unwrap_or_default();
    let (site, warnings) = match site::model(loaded, &options) {
        Ok(modelled) => modelled,
        Err(errors) => {
            let (own, others): (Vec<Diagnostic>, Vec<Diagnostic>) =
                errors.into_iter().partition(|d| mine(d));
            // Its own errors first: what else fails may only follow from them.
            if own.iter().any(Diagnostic::is_error) {
                return only(own);
            }
            let mut found = own;
            found.extend(made_elsewhere(engine, others, &options));
            return only(found);
        }
    };
    let mut found: Vec<Diagnostic> = warnings.into_iter().filter(|d| mine(d)).collect();
    let renderer = BodyRenderer::new(&site);
    let body = texts
        .first()
        .map(|(body, line)| renderer.render(path, body, *line));
    if let Some((_, diagnostics)) = &body {
        found.extend(diagnostics.iter().cloned());
    }
    if let Some(theme) = engine.theme() {
        let clashes = addresses::clashes(&addresses::every(&site, theme), &site);
        found.extend(clashes.into_iter().filter(|d| mine(d)));
    }
    if found.iter().any(Diagnostic::is_error) {
        // As in `build`: a body that does not render, or an address taken twice, stops the
        // site before it is checked.
        return only(found);
    }
    let rendered = match (engine.theme(), body) {
        (Some(theme), Some((html, _))) => page_of(&site, theme, engine, path, html),
        _ => None,
    };
    found.extend(checked(engine, &site, path, &texts, rendered.as_ref()));
    let failed = found.iter().any(Diagnostic::is_error);
    Trial {
        problems: found,
        page: rendered
            .filter(|_| preview && !failed)
            .and_then(|(_, html)| main_of(&html)),
    }
}

/// What `check` finds in the file's texts: its plain English, images without alt text, links
/// without words, and links that lead nowhere in the site as served with this page in it.
fn checked(
    engine: &Snapshot,
    site: &Site,
    path: &Path,
    texts: &[(String, usize)],
    page: Option<&(String, String)>,
) -> Vec<Diagnostic> {
    let terms = Plain::terms(&site.config);
    let words = Plain::of(&site.config, &terms);
    let folder = page.map_or(String::new(), |(p, _)| {
        p.strip_suffix("index.html").unwrap_or(p).to_string()
    });
    let mut published = engine.published().clone();
    if let Some((output, html)) = page {
        published.replace_page(site, output, html);
    }
    let mut found = Vec::new();
    for (i, (body, line)) in texts.iter().enumerate() {
        let body = BodyRef {
            source: path,
            body,
            body_line: *line,
            page: folder.clone(),
            entry: None,
        };
        if i > 0 {
            // A summary written in front matter: only its plain English is read.
            found.extend(words.check(path, body.body, body.body_line));
            continue;
        }
        let reading = check::read(&body, &words);
        found.extend(reading.problems.iter().cloned());
        let links = check::links(site, &published, std::iter::once((&body, &reading)));
        found.extend(links.into_iter().filter(|d| d.file == path));
    }
    found
}

/// The errors in other files that the change makes: those the site without it does not have.
fn made_elsewhere(
    engine: &Snapshot,
    others: Vec<Diagnostic>,
    options: &BuildOptions,
) -> Vec<Diagnostic> {
    if others.is_empty() {
        return others;
    }
    // The site as the preview last read it, without the trial's change.
    let had: BTreeSet<String> = match site::model(engine.sources().partial(), options) {
        Ok(_) => BTreeSet::new(),
        Err(errors) => errors.into_iter().map(|d| d.to_string()).collect(),
    };
    others
        .into_iter()
        .filter(|d| d.is_error() && !had.contains(&d.to_string()))
        .collect()
}

/// The page the file at `path` makes, its body rendered as `html`: its output path and HTML.
fn page_of(
    site: &Site,
    theme: &crate::render::Theme,
    engine: &Snapshot,
    path: &Path,
    html: String,
) -> Option<(String, String)> {
    let entries = site
        .entries
        .iter()
        .map(|e| {
            if e.source == path {
                html.clone()
            } else {
                String::new()
            }
        })
        .collect();
    let mut ignored = crate::error::Diagnostics::new();
    let bodies = Bodies::with_entries(site, &BodyRenderer::new(site), entries, None, &mut ignored);
    let page = page_path(site, path)?;
    let scope = Scope::Only(BTreeSet::from([page.clone()]));
    let outputs = render_scoped(site, theme, engine.root(), &bodies, &scope).ok()?;
    let output = outputs.into_iter().find(|o| o.path == page)?;
    let Body::Bytes(bytes) = output.body else {
        return None;
    };
    Some((page, String::from_utf8(bytes).ok()?))
}

/// The content of a page's `<main>`, its headings moved under the editor's own.
fn main_of(text: &str) -> Option<String> {
    let start = text.find("<main")?;
    let start = start + text[start..].find('>')? + 1;
    let end = text.rfind("</main>")?;
    Some(demote_headings(&text[start..end]))
}

/// The output path of the page a source file makes: where `@/` links to it lead.
fn page_path(site: &Site, path: &Path) -> Option<String> {
    let key = path.strip_prefix("content").unwrap_or(path);
    let folder = site
        .link_targets()
        .get(&key.to_string_lossy().replace('\\', "/"))?;
    Some(format!("{folder}index.html"))
}

/// Moves a page's headings two levels down, so that it sits under the editor's own h2.
fn demote_headings(html: &str) -> String {
    let mut out = html.to_string();
    for level in (1..=6).rev() {
        let to = (level + 2).min(6);
        out = out
            .replace(&format!("<h{level}"), &format!("<h{to}"))
            .replace(&format!("</h{level}>"), &format!("</h{to}>"));
    }
    out
}

/// The texts of the file at `path` that `check` reads for plain English: its body (an update's,
/// a page's, an area's or a measure's) and, for an update, a summary written in front matter.
fn texts_of(content: &crate::content::Content, path: &Path) -> Vec<(String, usize)> {
    if let Some(e) = content.items.entries.iter().find(|e| e.source == path) {
        let mut texts = vec![(e.body.clone(), e.body_line)];
        texts.extend(e.summary_line.map(|line| (e.summary.clone(), line)));
        return texts;
    }
    let pages = content.items.pages.iter().chain([&content.home]);
    if let Some(p) = pages.into_iter().find(|p| p.source == path) {
        return vec![(p.body.clone(), p.body_line)];
    }
    let areas = content.items.areas.iter().filter(|a| a.source == path);
    let areas = areas.map(|a| (a.body.clone(), a.body_line));
    let measures = content.items.measures.iter().filter(|m| m.source == path);
    let measures = measures.map(|m| (m.body.clone(), m.body_line));
    areas.chain(measures).collect()
}

/// The whole page the file at `path` makes, as the live site will show it once published: a
/// draft as if it were not one, and an update dated later as on its date (that day's home page
/// and lists). With the day it is shown as on, if later than today. `None` when the file makes
/// no page or the site does not build.
pub fn preview_page(engine: &Snapshot, path: &Path) -> Option<(String, Option<time::Date>)> {
    let mut loaded = engine.sources().partial();
    let mut options = *engine.options();
    let entries = loaded.0.iter_mut().flat_map(|c| &mut c.items.entries);
    let mut day = None;
    if let Some(entry) = entries.into_iter().find(|e| e.source == path) {
        // This one as if ready; the site's other drafts stay out, as on the live site.
        std::sync::Arc::make_mut(entry).draft = false;
        if entry.date > options.today {
            options.today = entry.date;
            day = Some(entry.date);
        }
    }
    let (site, _) = site::model(loaded, &options).ok()?;
    let mut ignored = crate::error::Diagnostics::new();
    let bodies = crate::render::render_bodies(&site, &mut ignored);
    let page = match path == Path::new("content/_index.md") {
        true => "index.html".to_string(),
        false => page_path(&site, path)?,
    };
    let scope = Scope::Only(BTreeSet::from([page.clone()]));
    let theme = engine.theme()?;
    let outputs = render_scoped(&site, theme, engine.root(), &bodies, &scope).ok()?;
    let output = outputs.into_iter().find(|o| o.path == page)?;
    let Body::Bytes(bytes) = output.body else {
        return None;
    };
    Some((String::from_utf8(bytes).ok()?, day))
}
