//! Where each thing of the model is published, relative to the site root (`updates/<slug>/`).
//!
//! Content knows files, not addresses: an entry, an area, a page or a measure gets its address
//! here, and the registry of pages (`render::registry`) publishes its pages at these addresses
//! and derives from them the folders no free page may take. Serve's rebuild, the checks and the
//! editor ask the same functions.

use crate::content::{Area, Entry, Measure, Page};

/// The folder of every update's page.
pub const UPDATES: &str = "updates";
/// The folder of every area's page.
pub const AREAS: &str = "areas";
/// The folder of every kind's list.
pub const KINDS: &str = "kinds";
/// The folder of every measure's page.
pub const MEASURES: &str = "measures";

/// The page of the area with this slug: `areas/<slug>/`.
pub fn area_path(slug: &str) -> String {
    format!("{AREAS}/{slug}/")
}

/// The page of the kind with this slug: `kinds/<slug>/`.
pub fn kind_path(slug: &str) -> String {
    format!("{KINDS}/{slug}/")
}

/// The page of the measure with this slug: `measures/<slug>/`.
pub fn measure_path(slug: &str) -> String {
    format!("{MEASURES}/{slug}/")
}

/// The page of the update with this slug: `updates/<slug>/`.
pub fn entry_path(slug: &str) -> String {
    format!("{UPDATES}/{slug}/")
}

/// Where the page with this slug is published: `<slug>/` (the home page, slug ``: ``).
pub fn page_path(slug: &str) -> String {
    match slug {
        "" => String::new(),
        slug => format!("{slug}/"),
    }
}

/// Something of the model that has a page of its own.
pub trait Addressed {
    /// Where its page is published, relative to the site root.
    fn path(&self) -> String;
}

impl Addressed for Entry {
    fn path(&self) -> String {
        entry_path(&self.slug)
    }
}

impl Addressed for Area {
    fn path(&self) -> String {
        area_path(&self.slug)
    }
}

impl Addressed for Page {
    fn path(&self) -> String {
        page_path(&self.slug)
    }
}

impl Addressed for Measure {
    fn path(&self) -> String {
        measure_path(&self.slug)
    }
}
