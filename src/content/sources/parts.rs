//! The valid files of a content folder gathered into [`Content`], their errors set aside.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::Parsed;
use crate::config::Config;
use crate::content::{self, Area, Content, Entry, Measure, Page};
use crate::error::{Diagnostic, Diagnostics};

/// The valid files of a content folder, gathered by kind.
#[derive(Default)]
pub(super) struct Parts {
    home: Option<Page>,
    areas: Vec<Area>,
    entries: Vec<Arc<Entry>>,
    pages: Vec<Page>,
    measures: Vec<Measure>,
    data: Vec<PathBuf>,
    assets: Vec<String>,
    /// A measure has errors: it may read a figures file nothing else reads.
    measure_failed: bool,
}

impl Parts {
    /// Adds one file, or its errors to `diagnostics`.
    pub(super) fn add(&mut self, path: &Path, parsed: &Parsed, diagnostics: &mut Diagnostics) {
        let mut failed = |errors: &[Diagnostic]| diagnostics.extend(errors.iter().cloned());
        match parsed {
            Parsed::Problem(d) => failed(std::slice::from_ref(d)),
            Parsed::Home(Ok(p)) => self.home = Some(p.clone()),
            Parsed::Area(Ok(a)) => self.areas.push(a.clone()),
            Parsed::Entry(Ok(e)) => self.entries.push(Arc::clone(e)),
            Parsed::Page(Ok(p)) => self.pages.push(p.clone()),
            Parsed::Measure(Ok(m)) => self.measures.push(m.clone()),
            Parsed::Home(Err(d)) | Parsed::Page(Err(d)) => failed(std::slice::from_ref(d)),
            Parsed::Area(Err(errors)) | Parsed::Entry(Err(errors)) => failed(errors),
            Parsed::Measure(Err(errors)) => {
                self.measure_failed = true;
                failed(errors);
            }
            Parsed::Unchecked => {}
            Parsed::Data => self.data.push(path.to_path_buf()),
            Parsed::Asset(output) => self.assets.push(output.clone()),
        }
    }

    /// Puts a file that is not on disk yet in its place.
    pub(super) fn sort(&mut self) {
        self.areas.sort_by(|a, b| a.source.cmp(&b.source));
        self.entries.sort_by(|a, b| a.source.cmp(&b.source));
        self.pages.sort_by(|a, b| a.source.cmp(&b.source));
    }

    pub(super) fn into_content(self, config: Config) -> Content {
        Content {
            config,
            home: self.home.unwrap_or_else(content::empty_home),
            areas: self.areas,
            entries: self.entries,
            pages: self.pages,
            measures: self.measures,
            // Which figures files no measure reads can be known only when every measure was read.
            data: match self.measure_failed {
                true => Vec::new(),
                false => self.data,
            },
            assets: self.assets,
        }
    }
}
