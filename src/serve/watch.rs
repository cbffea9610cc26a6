//! Watch: file-system events → [`Changes`], one batch per burst of saving.
//!
//! `notify` wakes the loop; a short quiet period drains the burst an editor makes when it saves
//! (a temporary file written then renamed, a backup, several files at once) so that one save is
//! one rebuild. Each path is then classified by where it sits: content, `site.toml`, templates or
//! static theme files. This module only observes: it never reads the files or rebuilds anything.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};

use crate::content::is_hidden;

/// How long the files must be quiet before a burst of events is taken as one change.
const QUIET: Duration = Duration::from_millis(30);
/// The longest a burst may keep a rebuild waiting (e.g. while a whole folder is copied in).
const LONGEST: Duration = Duration::from_millis(1000);

/// What changed in one burst, by kind (paths relative to the site root).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changes {
    /// The content folder itself appeared, went or was replaced, or events were lost: read it all.
    pub everything: bool,
    /// `content/site.toml` changed.
    pub config: bool,
    /// Files or folders under `content/` that changed, appeared or went.
    pub content: BTreeSet<PathBuf>,
    /// A template (or the theme as a whole) changed.
    pub templates: bool,
    /// Static theme files that changed, by path under `themes/default/static/`.
    pub statics: BTreeSet<String>,
}

impl Changes {
    /// Whether nothing that matters changed.
    pub fn is_empty(&self) -> bool {
        *self == Changes::default()
    }

    /// Files the burst touched, sorted by kind, from a path relative to the site root.
    pub fn add(&mut self, rel: &Path) {
        let parts: Vec<&str> = rel.iter().filter_map(|p| p.to_str()).collect();
        if rel.iter().any(is_hidden) {
            return;
        }
        match parts.as_slice() {
            ["content"] => self.everything = true,
            ["content", "site.toml"] => self.config = true,
            ["content", ..] => {
                self.content.insert(rel.to_path_buf());
            }
            ["themes", "default", "static", rest @ ..] if !rest.is_empty() => {
                self.statics.insert(rest.join("/"));
            }
            ["themes"] | ["themes", "default", ..] => self.templates = true,
            _ => {}
        }
    }
}

/// Watches a site's `content/` and `themes/` folders.
pub struct Watcher {
    root: PathBuf,
    events: Receiver<notify::Result<Event>>,
    notify: RecommendedWatcher,
}

impl Watcher {
    /// Starts watching the site under `root` (an absolute path).
    pub fn start(root: &Path) -> notify::Result<Watcher> {
        let (tx, events) = channel();
        let mut notify = notify::recommended_watcher(tx)?;
        // The root itself, not recursively: to see content/ or themes/ appear, go or be renamed.
        notify.watch(root, RecursiveMode::NonRecursive)?;
        let mut watcher = Watcher {
            root: root.to_path_buf(),
            events,
            notify,
        };
        watcher.watch_folders()?;
        Ok(watcher)
    }

    /// Waits for the next burst of changes and returns it once the files have been quiet a moment.
    pub fn next(&mut self) -> Changes {
        let mut changes = Changes::default();
        let Ok(first) = self.events.recv() else {
            return changes;
        };
        let mut folders = self.add(&mut changes, first);
        let started = Instant::now();
        while started.elapsed() < LONGEST {
            match self.events.recv_timeout(QUIET) {
                Ok(event) => folders |= self.add(&mut changes, event),
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => break,
            }
        }
        if folders {
            // A watched folder was created or replaced: watch it again so its files are seen.
            changes.everything |= self.watch_folders().is_err();
        }
        changes
    }

    /// Adds an event's paths; true if a watched folder itself appeared, went or was renamed.
    fn add(&self, changes: &mut Changes, event: notify::Result<Event>) -> bool {
        let Ok(event) = event else {
            changes.everything = true;
            return true;
        };
        changes.everything |= event.need_rescan();
        // Reading a file (ours included) is not a change.
        if matches!(event.kind, EventKind::Access(_)) {
            return false;
        }
        let mut folders = false;
        for rel in event
            .paths
            .iter()
            .filter_map(|p| p.strip_prefix(&self.root).ok())
        {
            folders |= ["content", "themes", "themes/default"]
                .iter()
                .any(|f| rel == Path::new(f));
            changes.add(rel);
        }
        folders
    }

    /// Watches `content/` and `themes/` recursively, if they exist.
    fn watch_folders(&mut self) -> notify::Result<()> {
        for name in ["content", "themes"] {
            let dir = self.root.join(name);
            if dir.is_dir() {
                self.notify.watch(&dir, RecursiveMode::Recursive)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn changes(paths: &[&str]) -> Changes {
        let mut c = Changes::default();
        for p in paths {
            c.add(Path::new(p));
        }
        c
    }

    #[test]
    fn paths_are_sorted_by_kind() {
        let c = changes(&[
            "content/site.toml",
            "content/updates/a.md",
            "themes/default/static/style.css",
        ]);
        assert!(c.config && !c.templates && !c.everything);
        assert_eq!(
            c.content,
            BTreeSet::from([PathBuf::from("content/updates/a.md")])
        );
        assert_eq!(c.statics, BTreeSet::from(["style.css".to_string()]));
        assert!(changes(&["themes/default/templates/base.html"]).templates);
        assert!(changes(&["content"]).everything);
    }

    #[test]
    fn editor_temporary_files_and_other_folders_are_ignored() {
        let ignored = [
            "content/updates/.a.md.swp",
            "content/updates/a.md~",
            "public/index.html",
            ".git/index",
        ];
        assert!(changes(&ignored).is_empty());
    }
}
