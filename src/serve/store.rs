//! The site being served, held in memory: output path → contents.
//!
//! A successful rebuild swaps its outputs in (all of them, or just those it rendered again); a
//! failed one leaves every file as it was and only sets the error report shown over the pages.
//! The store holds no logic about what to rebuild; the HTTP side only reads it.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use crate::render::{Body, Output, Scope};

/// The served site, shared by the rebuild loop (which writes) and the HTTP workers (which read).
pub type Shared = Arc<RwLock<Store>>;

/// The served site in memory.
#[derive(Debug)]
pub struct Store {
    files: HashMap<String, Arc<Body>>,
    /// The path the site is served under: `/`, or e.g. `/send/`.
    pub base_path: String,
    /// What is added to every served page: the live-reload script, and the errors while the last
    /// rebuild failed.
    pub snippet: Arc<str>,
    /// How many rebuilds have been swapped in or have failed; tabs are told this number.
    pub version: u64,
}

impl Store {
    /// An empty site (before the first build), served at `/`.
    pub fn new() -> Store {
        Store {
            files: HashMap::new(),
            base_path: "/".into(),
            snippet: Arc::from(""),
            version: 0,
        }
    }

    /// Swaps in a rebuild: every output for [`Scope::All`], else the outputs in the scope (those in
    /// it that were not rendered no longer exist).
    pub fn apply(&mut self, outputs: Vec<Output>, scope: &Scope) {
        match scope {
            Scope::All => self.files.clear(),
            Scope::Only(paths) => {
                for path in paths {
                    self.files.remove(path);
                }
            }
        }
        self.files
            .extend(outputs.into_iter().map(|o| (o.path, Arc::new(o.body))));
    }

    /// The contents at an output path.
    pub fn get(&self, path: &str) -> Option<Arc<Body>> {
        self.files.get(path).cloned()
    }

    /// Whether no build has been swapped in yet.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Whether there is an output at this path.
    pub fn contains(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    /// Every output path, sorted.
    #[cfg(test)]
    pub fn paths(&self) -> Vec<String> {
        let mut paths: Vec<String> = self.files.keys().cloned().collect();
        paths.sort();
        paths
    }
}

impl Default for Store {
    fn default() -> Store {
        Store::new()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn a_partial_rebuild_replaces_and_removes_only_what_it_names() {
        let mut store = Store::new();
        let all = ["a.html", "b.html", "c.html"]
            .map(|p| Output::bytes(p, "1"))
            .to_vec();
        store.apply(all, &Scope::All);
        let scope = Scope::Only(BTreeSet::from(["a.html".to_string(), "b.html".to_string()]));
        store.apply(vec![Output::bytes("a.html", "2")], &scope);
        assert_eq!(store.paths(), ["a.html", "c.html"]);
        assert_eq!(*store.get("a.html").unwrap(), Body::Bytes(b"2".to_vec()));
    }
}
