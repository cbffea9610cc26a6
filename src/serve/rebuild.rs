//! Rebuild: a batch of changed files → the outputs to swap into the served site.
//!
//! Runs the same stages as `build` (load → model → render) but keeps what it can between runs:
//! the parsed files ([`Sources`]), the theme, every entry's rendered body, and the [`Shape`] of
//! the site being served, so that an edit re-reads only the files that changed and re-renders
//! only the pages that show them. It never writes to disk and never serves anything.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::affected::{affected, Layout, Shape};
use super::bodies::BodyCache;
use super::watch::Changes;
use crate::check::Published;
use crate::content::sources::{Sources, Touched};
use crate::content::Content;
use crate::editor::{Pages, Snapshot};
use crate::error::{Diagnostic, Diagnostics};
use crate::render::{render_scoped, Body, Output, Scope, Theme};
use crate::site::{self, BuildOptions};

/// What one successful rebuild produced.
pub struct Rebuilt {
    /// The outputs rendered: every one, or those `scope` names.
    pub outputs: Vec<Output>,
    /// Which outputs were rendered again; those in it but not in `outputs` no longer exist.
    pub scope: Scope,
    /// The path the site is served under (`/` or e.g. `/send/`).
    pub base_path: String,
    /// The site's title.
    pub title: String,
    /// How many entries are published.
    pub entries: usize,
    /// Every problem of the site as it is now that did not stop it being built: its warnings,
    /// and the errors `check` finds in a built site (a link to nowhere, an image without alt
    /// text), shown over the preview as `check` reports them.
    pub warnings: Diagnostics,
    /// The whole site's warnings, also in `warnings` (see [`crate::check::site_wide`]).
    pub site_wide: Vec<Diagnostic>,
    /// What was read again, in words (e.g. "1 entry").
    pub read: String,
}

/// What changed since the site being served was built.
#[derive(Default)]
struct Pending {
    touched: Touched,
    everything: bool,
    templates: bool,
    statics: BTreeSet<String>,
}

impl Pending {
    /// Whether what changed leaves the theme's files and the whole site as they were, so that
    /// the registry's layout of the pages may be kept (if the files touched allow).
    fn layout_kept(&self) -> bool {
        !self.everything && !self.templates && self.statics.is_empty()
    }
}

/// The state kept between rebuilds.
pub struct Engine {
    root: PathBuf,
    options: BuildOptions,
    origin: String,
    /// Shared with the editor's snapshots; copied only when one is still held as it changes.
    sources: Arc<Sources>,
    theme: Result<Arc<Theme>, Vec<Diagnostic>>,
    /// Every entry's rendered body, kept until the entry changes.
    bodies: BodyCache,
    /// The shape and static files of the site being served; `None` until a build succeeds.
    served: Option<(Arc<Shape>, BTreeSet<String>)>,
    /// Every file of the site being served and the ids of its pages, for checking links.
    published: Arc<Published>,
    /// What the editor's first page lists for the comms officer to mend: the errors of the last
    /// rebuild, and the whole site's warnings (see [`crate::check::site_wide`]).
    notices: Arc<Vec<Diagnostic>>,
    pending: Pending,
}

impl Engine {
    /// Reads the whole site under `root` (nothing is rendered yet). Its base URL's origin is
    /// replaced by `origin` (e.g. `http://127.0.0.1:1111`) so absolute links stay on this server.
    pub fn new(root: &Path, options: BuildOptions, origin: &str) -> Engine {
        Engine {
            root: root.to_path_buf(),
            options,
            origin: origin.trim_end_matches('/').to_string(),
            sources: Arc::new(Sources::load(root)),
            theme: Theme::load(root).map(Arc::new),
            bodies: BodyCache::default(),
            served: None,
            published: Arc::default(),
            notices: Arc::default(),
            pending: Pending {
                everything: true,
                ..Pending::default()
            },
        }
    }

    /// What the editor may read of the site as it is now: shared, never copied.
    pub fn snapshot(&self, version: u64, base_path: &str) -> Snapshot {
        Snapshot {
            root: self.root.clone(),
            options: self.options,
            sources: Arc::clone(&self.sources),
            theme: self.theme.as_ref().ok().cloned(),
            pages: self
                .served
                .as_ref()
                .map(|(shape, _)| Arc::clone(shape) as Arc<dyn Pages>),
            published: Arc::clone(&self.published),
            notices: Arc::clone(&self.notices),
            base_path: base_path.to_string(),
            version,
        }
    }

    /// Takes in a batch of changes; `None` if it changed nothing, else the outputs to swap in or
    /// every error of the site as it now is.
    pub fn rebuild(&mut self, changes: &Changes) -> Option<Result<Rebuilt, Diagnostics>> {
        let theme = changes.everything || changes.templates || !changes.statics.is_empty();
        let mut files = false;
        if changes.everything {
            self.sources = Arc::new(Sources::load(&self.root));
            self.bodies.clear();
            self.pending.everything = true;
        } else {
            let sources = Arc::make_mut(&mut self.sources);
            let touched = sources.update(&changes.content, changes.config);
            files = touched != Touched::default();
            if touched.config {
                self.bodies.clear();
            }
            self.pending.touched.merge(touched);
        }
        if theme {
            self.theme = Theme::load(&self.root).map(Arc::new);
        }
        self.pending.templates |= changes.templates;
        self.pending.statics.extend(changes.statics.iter().cloned());
        // An editor's temporary file, created and gone before it was read, changes nothing.
        if !theme && !files && self.served.is_some() {
            return None;
        }
        Some(self.build())
    }

    /// The first build, of everything.
    pub fn build_all(&mut self) -> Result<Rebuilt, Diagnostics> {
        self.pending.everything = true;
        self.build()
    }

    /// [`Engine::build_site`], keeping what the editor's first page lists.
    fn build(&mut self) -> Result<Rebuilt, Diagnostics> {
        let built = self.build_site();
        let errors = match &built {
            Ok(rebuilt) => rebuilt.warnings.errors(),
            Err(errors) => errors.errors(),
        };
        let mut notices = errors;
        if let Ok(rebuilt) = &built {
            notices.extend(rebuilt.site_wide.iter().cloned());
        }
        self.notices = Arc::new(notices.sorted());
        built
    }

    /// Models and renders the site from the sources as they are, as `build` does, and checks
    /// it as `check` does; clears what was pending if it builds.
    fn build_site(&mut self) -> Result<Rebuilt, Diagnostics> {
        let (content, diagnostics) = self.sources.partial();
        let content = content.map(|c| self.with_origin(c)).transpose()?;
        let theme = self.theme.as_ref().map_err(|errors| {
            let mut all = diagnostics.clone();
            all.extend(errors.iter().cloned());
            all
        })?;
        let (site, mut warnings) = site::model((content, diagnostics), &self.options)?;
        let old = self.served.as_ref().map(|(shape, _)| shape.as_ref());
        let old = old.filter(|_| self.pending.layout_kept());
        let layout = Layout::after(old, &site, theme, &self.pending.touched);
        let clashes = layout.clashes.clone();
        let shape = Shape::of(&site, layout);
        let statics: BTreeSet<String> =
            theme.statics.iter().map(|(name, _)| name.clone()).collect();
        let scope = self.scope(&shape, &statics);
        let bodies = self.bodies.take(&site, &mut warnings);
        warnings.extend(clashes);
        let rendered = match warnings.has_errors() {
            true => Err(Diagnostics::new()),
            false => render_scoped(&site, theme, &self.root, &bodies, &scope),
        };
        self.bodies.give_back(&site, bodies);
        let outputs = rendered.map_err(|errors| {
            warnings.extend(errors);
            warnings.clone()
        })?;
        Arc::make_mut(&mut self.published).update(&site, &outputs, &scope);
        warnings.extend(self.bodies.findings(&site, &self.published));
        let site_wide = crate::check::site_wide(&self.root, &site, &crate::check::body_refs(&site));
        warnings.extend(site_wide.iter().cloned());
        let read = self.describe_pending();
        self.pending = Pending::default();
        self.served = Some((Arc::new(shape), statics));
        Ok(Rebuilt {
            outputs,
            scope,
            base_path: site.config.base_path.clone(),
            title: site.config.title.clone(),
            entries: site.entries.len(),
            warnings,
            site_wide,
            read,
        })
    }

    /// Serves the site from this server: the base URL keeps its path and takes this origin.
    fn with_origin(&self, mut content: Content) -> Result<Content, Diagnostics> {
        let url = format!("{}{}", self.origin, content.config.base_path);
        content.config = content
            .config
            .with_base_url(&url)
            .map_err(|m| Diagnostics::from_iter([Diagnostic::error("content/site.toml", m)]))?;
        Ok(content)
    }

    /// What to render: everything after a template or settings change, else what the edits affect.
    fn scope(&self, shape: &Shape, statics: &BTreeSet<String>) -> Scope {
        let p = &self.pending;
        let Some((old, old_statics)) = self
            .served
            .as_ref()
            .filter(|_| !p.everything && !p.templates)
        else {
            return Scope::All;
        };
        let mut scope = affected(old, shape, &p.touched);
        if let Scope::Only(paths) = &mut scope {
            let added_or_gone = old_statics.symmetric_difference(statics);
            paths.extend(
                p.statics
                    .iter()
                    .chain(added_or_gone)
                    .map(|name| format!("static/{name}")),
            );
        }
        scope
    }

    /// What the rebuild read again, in words, for the terminal.
    fn describe_pending(&self) -> String {
        let p = &self.pending;
        if p.everything {
            return "the whole site".into();
        }
        let t = &p.touched;
        let mut parts = Vec::new();
        if t.config {
            parts.push("site.toml".to_string());
        }
        if p.templates {
            parts.push("the templates".to_string());
        }
        let mut counts = t.kinds.counts();
        counts.extend([
            (usize::from(t.home), ["home page text", "home page texts"]),
            (t.assets.len() + p.statics.len(), ["file", "files"]),
        ]);
        parts.extend(
            counts
                .iter()
                .filter(|c| c.0 > 0)
                .map(|&(n, [one, many])| plural(n, one, many)),
        );
        parts.join(", ")
    }
}

/// How many of the outputs are pages (rendered from templates, not copied or theme files).
pub fn page_count(outputs: &[Output]) -> usize {
    outputs
        .iter()
        .filter(|o| matches!(o.body, Body::Bytes(_)) && !o.path.starts_with("static/"))
        .count()
}

/// `1 entry`, `2 entries`.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
