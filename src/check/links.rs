//! Links inside the site: every link and image in a body must reach a published file, and every
//! `#anchor` an element of that page; every file under `content/` should be reachable from
//! something. Reads the rendered pages for the ids they really carry. Links to other sites are
//! not followed (a check must work offline and give the same answer every time).

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;

use percent_encoding::percent_decode_str;
use rayon::prelude::*;

use super::BodyRef;
use crate::content::document::Target;
use crate::error::{did_you_mean, Diagnostic, Lines};
use crate::render::markdown::SOURCE_LINK;
use crate::render::{Body, Output, Scope};
use crate::site::Site;

/// What the built site would hold: every file, and the ids in each HTML page.
#[derive(Default, Clone)]
pub struct Published {
    /// Output path → the ids of its elements (empty for files that are not HTML); shared, so
    /// that the copy serve keeps for the editor costs little.
    files: BTreeMap<String, Arc<BTreeSet<String>>>,
    base_url: String,
    targets: Arc<BTreeMap<String, String>>,
    /// Counts the changes a link's answer can depend on: a file that came or went, a page whose
    /// ids changed, a source file published elsewhere. A link checked at the same generation
    /// has the same answer.
    generation: u64,
}

impl Published {
    /// Indexes the rendered outputs of `site`.
    pub fn new(site: &Site, outputs: &[Output]) -> Published {
        let mut published = Published::default();
        published.update(site, outputs, &Scope::All);
        published
    }

    /// The site as published, with the ids of only the pages that `links` (each with the body
    /// it is written in) point into with an `#anchor`: reading every page's ids is most of the
    /// work on a large site, and a link can only miss an anchor of a page it names.
    pub fn for_links<'a>(
        site: &Site,
        outputs: &[Output],
        links: impl Iterator<Item = (&'a BodyRef<'a>, &'a Link)>,
    ) -> Published {
        let mut published = Published {
            files: outputs
                .iter()
                .map(|o| (o.path.clone(), Arc::default()))
                .collect(),
            base_url: site.config.base_url.clone(),
            targets: Arc::clone(site.shared_link_targets()),
            generation: 1,
        };
        let wanted: BTreeSet<String> = links
            .filter_map(|(body, link)| {
                let (address, _) = link.url.split_once('#')?;
                let address = address.split('?').next().unwrap_or("");
                let path = published.resolve(address, &body.page)??;
                published.find(&decode(&path)).map(str::to_string)
            })
            .collect();
        let read: Vec<(&String, BTreeSet<String>)> = outputs
            .par_iter()
            .filter(|o| wanted.contains(&o.path))
            .filter_map(|o| match &o.body {
                Body::Bytes(bytes) if o.path.ends_with(".html") => {
                    Some((&o.path, ids(&String::from_utf8_lossy(bytes))))
                }
                _ => None,
            })
            .collect();
        for (path, ids) in read {
            published.files.insert(path.clone(), Arc::new(ids));
        }
        published
    }

    /// Takes in a rebuild of `site` that rendered the outputs `scope` names: those in it but not
    /// in `outputs` are gone; every other file is as it was.
    pub fn update(&mut self, site: &Site, outputs: &[Output], scope: &Scope) {
        let mut changed = false;
        match scope {
            Scope::All => {
                self.files.clear();
                changed = true;
            }
            Scope::Only(paths) => {
                let rendered: BTreeSet<&str> = outputs.iter().map(|o| o.path.as_str()).collect();
                for path in paths.iter().filter(|p| !rendered.contains(p.as_str())) {
                    changed |= self.files.remove(path).is_some();
                }
            }
        }
        // The ids of every page, read in parallel: on a large site this is most of the work.
        let read: Vec<BTreeSet<String>> = outputs
            .par_iter()
            .map(|o| match &o.body {
                Body::Bytes(bytes) if o.path.ends_with(".html") => {
                    ids(&String::from_utf8_lossy(bytes))
                }
                _ => BTreeSet::new(),
            })
            .collect();
        for (o, ids) in outputs.iter().zip(read) {
            let same = self.files.get(&o.path).is_some_and(|old| **old == ids);
            if !same {
                self.files.insert(o.path.clone(), Arc::new(ids));
                changed = true;
            }
        }
        let targets = site.shared_link_targets();
        let same = Arc::ptr_eq(&self.targets, targets) || self.targets == *targets;
        if self.base_url != site.config.base_url || !same {
            self.base_url.clone_from(&site.config.base_url);
            self.targets = Arc::clone(targets);
            changed = true;
        }
        self.generation += u64::from(changed);
    }

    /// See [`Published::generation`]: equal generations give every link the same answer.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The site with the page at output path `path` rendered as `html` (a page the editor tries).
    pub fn replace_page(&mut self, site: &Site, path: &str, html: &str) {
        self.files.insert(path.to_string(), Arc::new(ids(html)));
        self.targets = Arc::clone(site.shared_link_targets());
        self.generation += 1;
    }

    /// The output file a site-relative path is served from, if any.
    fn find(&self, path: &str) -> Option<&str> {
        let candidates = [
            path.to_string(),
            format!("{path}index.html"),
            format!("{path}/index.html"),
        ];
        candidates
            .into_iter()
            .find_map(|c| self.files.get_key_value(&c).map(|(k, _)| k.as_str()))
    }

    /// The site-relative path a link points to, or `None` for a link to another site.
    fn resolve(&self, url: &str, page: &str) -> Option<Option<String>> {
        if let Some(file) = url.strip_prefix(SOURCE_LINK) {
            return Some(self.targets.get(file).cloned());
        }
        if url.starts_with("//") {
            return None;
        }
        if has_scheme(url) {
            return url
                .strip_prefix(self.base_url.as_str())
                .map(|rest| Some(rest.to_string()));
        }
        match url.strip_prefix('/') {
            Some(rest) => Some(Some(rest.to_string())),
            None if url.is_empty() => Some(Some(page.to_string())),
            None => Some(join(page, url)),
        }
    }
}

/// A link or image of a body as written: its address and where it is. Reading them parses the
/// markdown; checking them does not, so serve keeps them while a body is unchanged.
#[derive(Debug, Clone)]
pub struct Link {
    url: String,
    /// Byte offset in its body: located (line and column) only when it leads nowhere.
    offset: usize,
}

impl Link {
    /// The link to `url`, written at byte `offset` of its body.
    pub(super) fn new(url: String, offset: usize) -> Link {
        Link { url, offset }
    }
}

/// The hint for each address that leads nowhere, worked out once per pass over the site (a
/// template's wrong link is in every update).
pub type Hints = std::collections::HashMap<String, String>;

/// Checks the links of one body (read by [`of`]) against the site as published; records the
/// files they reach in `linked`.
pub fn check(
    body: &BodyRef,
    links: &[Link],
    published: &Published,
    hints: &mut Hints,
    linked: &mut BTreeSet<String>,
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    // Indexed once, when the first link that leads nowhere needs its line.
    let lines = std::cell::OnceCell::new();
    let at = |offset: usize| {
        lines
            .get_or_init(|| Lines::new(body.body))
            .in_body(offset, body.body_line)
    };
    for Link { url, offset } in links {
        let (address, anchor) = url
            .split_once('#')
            .map_or((url.as_str(), None), |(a, f)| (a, Some(f)));
        let address = address.split('?').next().unwrap_or("");
        let Some(path) = published.resolve(address, &body.page) else {
            continue;
        };
        let file = path.as_deref().map(decode).and_then(|p| published.find(&p));
        let Some(file) = file else {
            let hint = hints
                .entry(url.clone())
                .or_insert_with(|| broken_hint(url, published));
            let message = format!("link to \"{url}\" goes to no page or file of this site");
            found.push(
                Diagnostic::error(body.source, message)
                    .hint(hint.clone())
                    .at(at(*offset)),
            );
            continue;
        };
        linked.insert(file.to_string());
        let ids = &published.files[file];
        if let Some(anchor) = anchor
            .map(decode)
            .filter(|a| !a.is_empty() && file.ends_with(".html") && !ids.contains(a))
        {
            found.push(missing_anchor(body, url, &anchor, ids).at(at(*offset)));
        }
    }
    found
}

/// What to say of a link to `url`, which leads nowhere.
fn broken_hint(url: &str, published: &Published) -> String {
    let pages = published
        .files
        .keys()
        .map(|f| f.strip_suffix("index.html").unwrap_or(f));
    let wanted = url.trim_start_matches('/');
    match did_you_mean(wanted, pages) {
        Some(near) if !url.starts_with(SOURCE_LINK) => format!("did you mean \"/{near}\"?"),
        _ => "check the address; to link to an entry, area or page, write the path of its file, \
              e.g. (@/updates/2022-11-23-revisit-report.md)"
            .into(),
    }
}

fn missing_anchor(body: &BodyRef, url: &str, anchor: &str, ids: &BTreeSet<String>) -> Diagnostic {
    let hint = match did_you_mean(anchor, ids.iter().map(String::as_str)) {
        Some(near) => format!("did you mean \"#{near}\"?"),
        None => {
            "a heading's anchor is made from its words: \"## Next steps\" is #next-steps".into()
        }
    };
    Diagnostic::error(
        body.source,
        format!("link to \"{url}\": that page has no part with the id \"{anchor}\""),
    )
    .hint(hint)
}

/// Files under `content/` (in a folder) that nothing published links to: they go online unseen.
pub fn unlinked_documents(site: &Site, linked: &BTreeSet<String>) -> Vec<Diagnostic> {
    let attached: BTreeSet<&str> = site
        .entries
        .iter()
        .flat_map(|e| &e.documents)
        .filter_map(|d| match &d.target {
            Target::File(path) => Some(path.as_str()),
            _ => None,
        })
        .collect();
    site.assets
        .iter()
        .filter(|a| a.contains('/') && !attached.contains(a.as_str()) && !linked.contains(*a))
        .map(|a| {
            Diagnostic::warning(PathBuf::from("content").join(a), "no entry or page links to this file, yet it is published")
                .hint(format!("attach it to an entry (`[[documents]]` with `file = \"{a}\"`), link to it, or delete it"))
        })
        .collect()
}

/// Whether a link starts with a scheme such as `https:` or `mailto:`.
fn has_scheme(url: &str) -> bool {
    let Some((scheme, _)) = url.split_once(':') else {
        return false;
    };
    scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
}

/// A relative link from the page at `page` (`updates/x/`); `None` if it climbs out of the site.
fn join(page: &str, relative: &str) -> Option<String> {
    let mut parts: Vec<&str> = page.split('/').filter(|p| !p.is_empty()).collect();
    for part in relative.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    let mut path = parts.join("/");
    if relative.ends_with('/') && !path.is_empty() {
        path.push('/');
    }
    Some(path)
}

fn decode(text: &str) -> String {
    percent_decode_str(text).decode_utf8_lossy().into_owned()
}

/// The values of every `id` attribute in an HTML page.
fn ids(html: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut rest = html;
    while let Some(i) = rest.find(" id=\"") {
        rest = &rest[i + 5..];
        let end = rest.find('"').unwrap_or(rest.len());
        found.insert(rest[..end].replace("&amp;", "&"));
        rest = &rest[end..];
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_resolve_from_the_page() {
        assert_eq!(join("updates/x/", "../y/").as_deref(), Some("updates/y/"));
        assert_eq!(
            join("updates/x/", "../../areas/a/").as_deref(),
            Some("areas/a/")
        );
        assert_eq!(join("updates/x/", "../../../etc/"), None);
        assert_eq!(
            join("", "documents/a.pdf").as_deref(),
            Some("documents/a.pdf")
        );
    }

    #[test]
    fn schemes_are_recognised() {
        assert!(
            has_scheme("https://x.org/")
                && has_scheme("mailto:a@b")
                && !has_scheme("/a:b")
                && !has_scheme("a/b")
        );
    }

    #[test]
    fn ids_are_read_from_html() {
        let ids = ids("<h2 id=\"next-steps\">N</h2><section class=\"x\" id=\"a&amp;b\">");
        assert_eq!(ids.into_iter().collect::<Vec<_>>(), ["a&b", "next-steps"]);
    }
}
