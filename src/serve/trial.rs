//! A trial build of one file's unsaved text: what the editor checks before it saves.
//!
//! The text goes through the same reader, parser and model as `sendsite build`, with every other
//! file as the preview last read it, so the editor shows exactly the messages a build would give
//! (and the plain-English warnings of `check`). The problems of that one file are kept, and the
//! errors the change makes in other files (an action removed that updates still report on); the
//! errors other files already had are not the author's to fix in this form, and never block.

use std::collections::BTreeSet;
use std::path::Path;

use super::rebuild::Engine;
use crate::check::plain::Plain;
use crate::error::Diagnostic;
use crate::render::{render_scoped, Bodies, Body, BodyRenderer, Scope};
use crate::site::{BuildOptions, Site};

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
    engine: &Engine,
    path: &Path,
    bytes: Vec<u8>,
    pending: &BTreeSet<String>,
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
    let (content, mut found) = match engine.sources().with_text(path, text, pending) {
        Ok(tried) => tried,
        Err(errors) => return only(errors.into_iter().filter(mine).collect()),
    };
    let terms = Plain::terms(&content.config);
    let words = Plain::of(&content.config, &terms);
    let texts = texts_of(&content, path);
    for (body, line) in &texts {
        found.extend(words.check(path, body, *line));
    }
    // Drafts and embargoed entries are built too: the model checks them the same way, and the
    // author previews what will be published.
    let options = BuildOptions {
        drafts: true,
        future: true,
        ..*engine.options()
    };
    let site = match Site::build(content, &options) {
        Ok(site) => site,
        Err(errors) => {
            let (own, others): (Vec<Diagnostic>, Vec<Diagnostic>) =
                errors.into_iter().partition(|d| mine(d));
            found.extend(own);
            found.extend(made_elsewhere(engine, others, &options));
            return only(found);
        }
    };
    found.extend(site.warnings.iter().filter(|d| mine(d)).cloned());
    let renderer = BodyRenderer::new(&site);
    let body = texts
        .first()
        .map(|(body, line)| renderer.render(path, body, *line));
    if let Some((_, diagnostics)) = &body {
        found.extend(diagnostics.iter().cloned());
    }
    let failed = found.iter().any(Diagnostic::is_error);
    let page = match (preview && !failed, engine.theme(), body) {
        (true, Some(theme), Some((html, _))) => page_of(&site, theme, engine, path, html),
        _ => None,
    };
    Trial {
        problems: found,
        page,
    }
}

/// The errors in other files that the change makes: those the site without it does not have.
fn made_elsewhere(
    engine: &Engine,
    others: Vec<Diagnostic>,
    options: &BuildOptions,
) -> Vec<Diagnostic> {
    if others.is_empty() {
        return others;
    }
    // The site as the preview last read it, without the trial's change.
    let Ok(content) = engine.sources().content() else {
        return Vec::new();
    };
    let had: BTreeSet<String> = match Site::build(content, options) {
        Ok(_) => BTreeSet::new(),
        Err(errors) => errors.into_iter().map(|d| d.to_string()).collect(),
    };
    others
        .into_iter()
        .filter(|d| !had.contains(&d.to_string()))
        .collect()
}

/// The main content of the page the file at `path` makes, its body rendered as `html`.
fn page_of(
    site: &Site,
    theme: &crate::render::Theme,
    engine: &Engine,
    path: &Path,
    html: String,
) -> Option<String> {
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
    let bodies = Bodies::with_entries(site, &BodyRenderer::new(site), entries, &mut ignored);
    let page = page_path(site, path)?;
    let scope = Scope::Only(BTreeSet::from([page.clone()]));
    let outputs = render_scoped(site, theme, engine.root(), &bodies, &scope).ok()?;
    let output = outputs.into_iter().find(|o| o.path == page)?;
    let Body::Bytes(bytes) = output.body else {
        return None;
    };
    let text = String::from_utf8(bytes).ok()?;
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
        .remove(&key.to_string_lossy().replace('\\', "/"))?;
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

/// The texts of the file at `path` that `check` reads for plain English: its body and, for an
/// update, a summary written in front matter.
fn texts_of(content: &crate::content::Content, path: &Path) -> Vec<(String, usize)> {
    if let Some(e) = content.entries.iter().find(|e| e.source == path) {
        let mut texts = vec![(e.body.clone(), e.body_line)];
        texts.extend(e.summary_line.map(|line| (e.summary.clone(), line)));
        return texts;
    }
    let pages = content.pages.iter().chain([&content.home]);
    if let Some(p) = pages.into_iter().find(|p| p.source == path) {
        return vec![(p.body.clone(), p.body_line)];
    }
    content
        .areas
        .iter()
        .filter(|a| a.source == path)
        .map(|a| (a.body.clone(), a.body_line))
        .collect()
}
