//! What an update of the sources read again or dropped, by kind: what serve's rebuild turns
//! into the pages to render again.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::Parsed;
use crate::content::Paths;

/// What an update read again or dropped, by kind (paths relative to the site root).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Touched {
    /// `site.toml` was read again.
    pub config: bool,
    /// `_index.md` changed.
    pub home: bool,
    /// Files of each kind that changed (or were checked again); a measure whose figures file
    /// changed among them.
    pub kinds: Paths,
    /// Figures files that changed, came or went.
    pub data: BTreeSet<PathBuf>,
    /// Other files, as output paths.
    pub assets: BTreeSet<String>,
    /// A file that is not allowed (a link, a named pipe) appeared or went: the site must be
    /// built again to report it, exactly as `build` would.
    pub problems: bool,
}

impl Touched {
    /// Adds what `other` touched.
    pub fn merge(&mut self, other: Touched) {
        self.config |= other.config;
        self.home |= other.home;
        self.kinds.merge(other.kinds);
        self.data.extend(other.data);
        self.assets.extend(other.assets);
        self.problems |= other.problems;
    }

    pub(super) fn record(&mut self, path: &Path, parsed: &Parsed) {
        match parsed {
            Parsed::Home(_) => self.home = true,
            Parsed::Item(item) => self.kinds.insert(item.kind(), path),
            Parsed::Unchecked(kind) => self.kinds.insert(*kind, path),
            Parsed::Data => {
                self.data.insert(path.to_path_buf());
            }
            Parsed::Asset(output) => {
                self.assets.insert(output.clone());
            }
            Parsed::Problem(_) => self.problems = true,
        }
    }
}
