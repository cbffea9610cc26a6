//! What the editor reads of the preview: an immutable snapshot of the site as the preview last
//! read and built it, swapped whole after each rebuild.
//!
//! The editor never locks the preview's engine: it takes the latest [`Snapshot`] (an `Arc`, so
//! taking it costs nothing) and works on it for as long as a form needs, trial builds included,
//! while the preview rebuilds beside it. A snapshot never changes; the next one replaces it.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use crate::check::Published;
use crate::content::sources::Sources;
use crate::render::Theme;
use crate::site::BuildOptions;

/// Which page each source file makes in the site served, and back.
pub trait Pages: Send + Sync {
    /// The output path (`…/index.html`) of the page the file at `source` makes, if it is published.
    fn page_of(&self, source: &Path) -> Option<String>;
    /// The source file of the page at output path `page`, if a file makes it.
    fn source_of(&self, page: &str) -> Option<PathBuf>;
}

/// The site as the preview last read and built it.
pub struct Snapshot {
    /// The site's folder.
    pub root: PathBuf,
    /// What the preview publishes (drafts, today).
    pub options: BuildOptions,
    /// Every source file as last read.
    pub sources: Arc<Sources>,
    /// The theme, when it loads.
    pub theme: Option<Arc<Theme>>,
    /// The pages of the last site that built; `None` until one does.
    pub pages: Option<Arc<dyn Pages>>,
    /// Every file of the site served and the ids of its pages, for checking links.
    pub published: Arc<Published>,
    /// What the editor's first page lists for the comms officer to mend, sorted.
    pub notices: Arc<Vec<crate::error::Diagnostic>>,
    /// The path the site is served under (`/send/`).
    pub base_path: String,
    /// Counts the rebuilds: a save waits for a snapshot newer than the one it saw.
    pub version: u64,
}

impl Snapshot {
    /// The source files as last read.
    pub fn sources(&self) -> &Sources {
        &self.sources
    }

    /// What the site is built with.
    pub fn options(&self) -> &BuildOptions {
        &self.options
    }

    /// The theme, when it loads.
    pub fn theme(&self) -> Option<&Theme> {
        self.theme.as_deref()
    }

    /// The site's folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Every file of the site served.
    pub fn published(&self) -> &Published {
        &self.published
    }

    /// The pages of the site served, once one built.
    pub fn served(&self) -> Option<&dyn Pages> {
        self.pages.as_deref()
    }
}

/// The latest snapshot: the preview sets it after each rebuild, the editor takes it.
pub struct Latest {
    current: Mutex<Arc<Snapshot>>,
    changed: Condvar,
}

impl Latest {
    /// Starts with `first`.
    pub fn new(first: Snapshot) -> Latest {
        Latest {
            current: Mutex::new(Arc::new(first)),
            changed: Condvar::new(),
        }
    }

    /// The latest snapshot.
    pub fn get(&self) -> Arc<Snapshot> {
        Arc::clone(&self.current.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// Replaces the snapshot and wakes whoever waits for a newer one.
    pub fn set(&self, next: Snapshot) {
        *self.current.lock().unwrap_or_else(|e| e.into_inner()) = Arc::new(next);
        self.changed.notify_all();
    }

    /// Waits until a snapshot newer than `version` is set and `ready` holds of it, or `within`
    /// has passed; gives the latest snapshot either way.
    pub fn wait_past(
        &self,
        version: u64,
        within: Duration,
        ready: impl Fn(&Snapshot) -> bool,
    ) -> Arc<Snapshot> {
        let deadline = Instant::now() + within;
        let mut current = self.current.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if current.version > version && ready(&current) {
                break;
            }
            let Some(left) = deadline.checked_duration_since(Instant::now()) else {
                break;
            };
            current = self
                .changed
                .wait_timeout(current, left)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        Arc::clone(&current)
    }
}
