//! Free pages (`content/pages/<slug>.md`) and the home introduction (`content/_index.md`).

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::Diagnostic;
use crate::source::frontmatter::{check_body, parse_toml, split, Source};
use crate::source::slug::check_slug;

/// A page with a title and a markdown body.
#[derive(Debug, Clone)]
pub struct Page {
    /// The source file, relative to the site root.
    pub source: PathBuf,
    /// The URL segment: `/<slug>/` (empty for the home page).
    pub slug: String,
    /// The title, if given (the home page falls back to the site title).
    pub title: Option<String>,
    /// The markdown body.
    pub body: String,
    /// The 1-based line where the body starts.
    pub body_line: usize,
    /// Warnings from reading the file (control characters taken out).
    pub warnings: Vec<Diagnostic>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawPage {
    title: Option<String>,
}

impl Page {
    /// Parses a page; `slug` is `None` for the home introduction.
    pub fn parse(source: &Source, home: bool) -> Result<Page, Diagnostic> {
        let slug = if home {
            String::new()
        } else {
            let stem = source
                .path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("");
            check_slug(stem).map_err(|(m, h)| {
                Diagnostic::error(source.path, format!("page file name: {m}"))
                    .hint(format!("rename the file; {h}"))
            })?
        };
        let split = split(source, false)?;
        check_body(source, &split)?;
        let raw: RawPage = parse_toml(source, split.front_matter, split.front_matter_offset)?;
        if !home && raw.title.is_none() {
            return Err(source
                .error_at(0, "this page has no title")
                .hint("start the file with `+++`, `title = \"...\"`, `+++`"));
        }
        Ok(Page {
            source: source.path.to_path_buf(),
            slug,
            title: raw.title,
            body: split.body.to_string(),
            body_line: source.location(split.body_offset).line,
            warnings: Vec::new(),
        })
    }

    /// Reads a page from disk; `path` is relative to `root`.
    pub fn from_file(root: &Path, path: &Path, home: bool) -> Result<Page, Diagnostic> {
        let text = super::read_source(root, path)?;
        Page::from_text(path, text, home)
    }

    /// Parses a page from its text as read from `path` (see [`crate::source::text_of`]).
    pub fn from_text(
        path: &Path,
        text: crate::source::Text,
        home: bool,
    ) -> Result<Page, Diagnostic> {
        let page = Page::parse(
            &Source {
                path,
                text: &text.text,
            },
            home,
        )?;
        Ok(Page {
            warnings: text.warnings,
            ..page
        })
    }
}

/// A free page (`pages/*.md`); the home page (`_index.md`) is read on its own.
impl super::Kind for Page {
    const FOLDER: &'static str = "pages";
    const NAMES: [&'static str; 2] = ["page text", "page texts"];

    fn read(
        _: &super::Reading,
        path: &Path,
        text: crate::source::Text,
    ) -> Result<Page, Vec<Diagnostic>> {
        Page::from_text(path, text, false).map_err(|e| vec![e])
    }

    fn source(&self) -> &Path {
        &self.source
    }

    fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_keys_the_editor_writes_are_the_fields_the_parser_reads() {
        use crate::content::keys::{self, fields_of};
        assert_eq!(fields_of::<RawPage>(), keys::page::ALL);
    }

    #[test]
    fn home_needs_no_front_matter() {
        let p = Page::parse(
            &Source {
                path: Path::new("content/_index.md"),
                text: "Hello\n",
            },
            true,
        )
        .unwrap();
        assert_eq!((p.title, p.body.as_str()), (None, "Hello\n"));
    }

    #[test]
    fn free_page_needs_a_title() {
        let e = Page::parse(
            &Source {
                path: Path::new("content/pages/about.md"),
                text: "Hello\n",
            },
            false,
        );
        assert!(e.unwrap_err().message.contains("no title"));
    }
}
