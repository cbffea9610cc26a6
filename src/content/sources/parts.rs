//! The valid files of a content folder gathered into [`Content`], their errors set aside.

use std::path::{Path, PathBuf};

use super::Parsed;
use crate::config::Config;
use crate::content::{self, Content, Items, Page};
use crate::error::Diagnostics;

/// The valid files of a content folder, gathered by kind.
#[derive(Default)]
pub(super) struct Parts {
    home: Option<Page>,
    items: Items,
    data: Vec<PathBuf>,
    assets: Vec<String>,
    /// A file that reads other files has errors: it may read a figures file nothing else reads.
    reader_failed: bool,
}

impl Parts {
    /// Adds one file, or its errors to `diagnostics`.
    pub(super) fn add(&mut self, path: &Path, parsed: &Parsed, diagnostics: &mut Diagnostics) {
        match parsed {
            Parsed::Problem(d) | Parsed::Home(Err(d)) => diagnostics.push(d.clone()),
            Parsed::Home(Ok(p)) => self.home = Some(p.clone()),
            Parsed::Item(item) => match item.errors() {
                Some(errors) => {
                    self.reader_failed |= item.kind().reads_files();
                    diagnostics.extend(errors.iter().cloned());
                }
                None => self.items.add(item),
            },
            Parsed::Unchecked(_) => {}
            Parsed::Data => self.data.push(path.to_path_buf()),
            Parsed::Asset(output) => self.assets.push(output.clone()),
        }
    }

    /// Puts a file that is not on disk yet in its place.
    pub(super) fn sort(&mut self) {
        self.items.sort();
    }

    pub(super) fn into_content(self, config: Config) -> Content {
        Content {
            config,
            home: self.home.unwrap_or_else(content::empty_home),
            items: self.items,
            // Which figures files nothing reads can be known only when every reader was read.
            data: match self.reader_failed {
                true => Vec::new(),
                false => self.data,
            },
            assets: self.assets,
        }
    }
}
