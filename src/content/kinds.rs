//! The kinds of content file, each described once.
//!
//! A kind is a folder of markdown files with pages of their own (areas, updates, pages,
//! measures). Its module says what one file of it is ([`Kind`]: its folder, how one is read, its
//! text); the [`kinds!`] table below names each kind once, and from that one row come where its
//! files are found ([`KindOf::of`]), how the reader keeps them ([`Item`]), where they go in
//! [`Content`](super::Content) ([`Items`]) and what an edit touched ([`Paths`]). Nothing else in
//! the load stage names a kind: the model decides what the kind means across files, and the
//! registry of pages (`render::registry`) what shows it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{Area, Entry, EntryContext, Measure, Page};
use crate::error::Diagnostic;
use crate::source::Text;

/// What reading a file may need beyond its own text.
pub struct Reading<'a> {
    /// The site root (a measure reads its figures file from it; an update its documents).
    pub root: &'a Path,
    /// The site's settings and areas, when `site.toml` is valid.
    pub site: Option<&'a EntryContext<'a>>,
    /// Documents the editor will write with the file: taken as there.
    pub pending: &'a (dyn Fn(&str) -> bool + Sync),
    /// Other files the editor will write with the file (a measure's figures), by path relative
    /// to the site root, with their text: read from here, not from disk.
    pub unsaved: &'a BTreeMap<PathBuf, String>,
}

/// One kind of content file.
pub trait Kind: Clone + Send + Sync + Sized + 'static {
    /// The folder under `content/` that holds its files, one markdown file each.
    const FOLDER: &'static str;
    /// What one file of it is called, and many (in serve's log of what it rebuilds).
    const NAMES: [&'static str; 2];
    /// Whether files in folders below [`Kind::FOLDER`] are of the kind too.
    const NESTED: bool = false;
    /// Whether a file is checked against the site's settings and areas: it cannot be read while
    /// `site.toml` has errors, and is read again when either changes.
    const CHECKED_AGAINST_SITE: bool = false;
    /// Whether a file reads other files of the folder (a measure its figures): while one has
    /// errors, which of those files nothing reads cannot be known.
    const READS_FILES: bool = false;

    /// Reads one file of the kind from its text, or gives every error found in it.
    fn read(reading: &Reading, path: &Path, text: Text) -> Result<Self, Vec<Diagnostic>>;
    /// The file it was read from, relative to the site root.
    fn source(&self) -> &Path;
    /// What reading it found that does not stop the build.
    fn warnings(&self) -> &[Diagnostic];
    /// Whether it uses the file copied to `asset` (an update attaching a document): read again
    /// when that file changes.
    fn uses(&self, _asset: &str) -> bool {
        false
    }
    /// The other file it reads (a measure's figures), relative to the site root: read again
    /// when that file changes.
    fn reads(&self) -> Option<&Path> {
        None
    }
}

/// Names every kind once: `field: Variant(Type)`, the field its files take in [`Items`] and
/// [`Paths`], the variant in [`KindOf`] and [`Item`], the type that implements [`Kind`].
macro_rules! kinds {
    ($($(#[$doc:meta])* $field:ident: $variant:ident($ty:ty),)*) => {
        /// Which kind a file is.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum KindOf {
            $($(#[$doc])* $variant,)*
        }

        impl KindOf {
            /// Every kind, in the table's order.
            pub const ALL: &'static [KindOf] = &[$(KindOf::$variant),*];

            /// Its folder under `content/`.
            pub fn folder(self) -> &'static str {
                match self { $(KindOf::$variant => <$ty as Kind>::FOLDER,)* }
            }

            /// Whether files below its folder are of the kind too.
            pub fn nested(self) -> bool {
                match self { $(KindOf::$variant => <$ty as Kind>::NESTED,)* }
            }

            /// Whether its files are checked against the site's settings and areas.
            pub fn checked_against_site(self) -> bool {
                match self { $(KindOf::$variant => <$ty as Kind>::CHECKED_AGAINST_SITE,)* }
            }

            /// Whether its files read other files of the folder.
            pub fn reads_files(self) -> bool {
                match self { $(KindOf::$variant => <$ty as Kind>::READS_FILES,)* }
            }

            /// Reads one file of this kind from its text.
            pub fn read(self, reading: &Reading, path: &Path, text: Text) -> Item {
                match self {
                    $(KindOf::$variant => Item::$variant(<$ty as Kind>::read(reading, path, text)),)*
                }
            }

            /// A file of this kind that could not be read at all.
            pub fn failed(self, errors: Vec<Diagnostic>) -> Item {
                match self { $(KindOf::$variant => Item::$variant(Err(errors)),)* }
            }
        }

        /// One file of a kind as read: what it holds, or its errors.
        #[derive(Debug, Clone)]
        pub enum Item {
            $($(#[$doc])* $variant(Result<$ty, Vec<Diagnostic>>),)*
        }

        impl Item {
            /// Its kind.
            pub fn kind(&self) -> KindOf {
                match self { $(Item::$variant(_) => KindOf::$variant,)* }
            }

            /// Whether it uses the file copied to `asset` (see [`Kind::uses`]).
            pub fn uses(&self, asset: &str) -> bool {
                match self { $(Item::$variant(r) => r.as_ref().is_ok_and(|x| Kind::uses(x, asset)),)* }
            }

            /// The other file it reads (see [`Kind::reads`]).
            pub fn reads(&self) -> Option<&Path> {
                match self { $(Item::$variant(r) => r.as_ref().ok().and_then(|x| Kind::reads(x)),)* }
            }

            /// Its errors, if it has any.
            pub fn errors(&self) -> Option<&[Diagnostic]> {
                match self { $(Item::$variant(r) => r.as_ref().err().map(Vec::as_slice),)* }
            }
        }

        /// The valid files of every kind, each kind in the order they were added.
        #[derive(Debug, Clone, Default)]
        pub struct Items {
            $($(#[$doc])* pub $field: Vec<$ty>,)*
        }

        impl Items {
            /// Adds a file that was read without errors (one with errors adds nothing).
            pub fn add(&mut self, item: &Item) {
                match item {
                    $(Item::$variant(Ok(x)) => self.$field.push(x.clone()),)*
                    _ => {}
                }
            }

            /// Puts each kind in the order of its files' paths.
            pub fn sort(&mut self) {
                $(self.$field.sort_by(|a, b| Kind::source(a).cmp(Kind::source(b)));)*
            }

            /// Every warning found while reading the files, kind by kind.
            pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
                std::iter::empty()
                    $(.chain(self.$field.iter().flat_map(|x| Kind::warnings(x))))*
            }
        }

        /// Source files by kind (relative to the site root): what an update of the sources
        /// read again or dropped.
        #[derive(Debug, Clone, Default, PartialEq, Eq)]
        pub struct Paths {
            $($(#[$doc])* pub $field: BTreeSet<PathBuf>,)*
        }

        impl Paths {
            /// Notes a file of kind `kind`.
            pub fn insert(&mut self, kind: KindOf, path: &Path) {
                match kind { $(KindOf::$variant => self.$field.insert(path.to_path_buf()),)* };
            }

            /// Adds every file of `other`.
            pub fn merge(&mut self, other: Paths) {
                $(self.$field.extend(other.$field);)*
            }

            /// How many files of each kind, with what one and many are called.
            pub fn counts(&self) -> Vec<(usize, [&'static str; 2])> {
                vec![$((self.$field.len(), <$ty as Kind>::NAMES),)*]
            }

            /// Every file, kind by kind.
            pub fn every(&self) -> impl Iterator<Item = &PathBuf> {
                std::iter::empty() $(.chain(&self.$field))*
            }
        }
    };
}

kinds! {
    /// `areas/*.md`: the areas the inspectors named.
    areas: Area(Area),
    /// `updates/**/*.md`: the timeline's entries; shared, so that serve keeps them uncopied.
    entries: Entry(Arc<Entry>),
    /// `pages/*.md`: free pages.
    pages: Page(Page),
    /// `measures/*.md`: measures, each with its figures.
    measures: Measure(Measure),
}

impl KindOf {
    /// The kind of the file at `parts` (its path relative to `content/`, split at `/`), if it is
    /// a markdown file in a kind's folder.
    pub fn of(parts: &[&str]) -> Option<KindOf> {
        let (folder, name) = (parts.first()?, parts.last()?);
        let markdown = name
            .rsplit_once('.')
            .is_some_and(|(stem, ext)| !stem.is_empty() && ext == "md");
        if !markdown || parts.len() < 2 {
            return None;
        }
        KindOf::ALL
            .iter()
            .copied()
            .find(|k| k.folder() == *folder && (parts.len() == 2 || k.nested()))
    }
}
