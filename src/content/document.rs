//! Documents attached to entries: a file under `content/`, an external link, or a name only.
//!
//! A file's format, size, page count and (for PDFs) whether assistive technology can read it are
//! read from the file itself (`inspect`), so the page never disagrees with what a parent
//! downloads. Paths cannot leave `content/`.

use std::path::{Component, Path};

use serde::Deserialize;
use toml::Spanned;

use super::inspect::{self, Access};
use crate::error::{Diagnostic, Location};
use crate::source::frontmatter::Source;
use crate::source::url::check_url;

/// `[[documents]]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDocument {
    title: Spanned<String>,
    file: Option<Spanned<String>>,
    url: Option<Spanned<String>>,
    format: Option<String>,
    size: Option<String>,
    html: Option<Spanned<String>>,
}

/// Where a document is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Target {
    /// A file under `content/`, copied to the same path in the output (forward slashes).
    File(String),
    /// A link to another site.
    Url(String),
    /// Named in the record but not published here.
    None,
}

/// A document, as shown in the GOV.UK attachment style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Its title.
    pub title: String,
    /// Where it is.
    pub target: Target,
    /// Short format name, e.g. `PDF`.
    pub format: Option<String>,
    /// Human size, e.g. `306 KB`.
    pub size: Option<String>,
    /// Number of pages, for PDFs whose page count can be read.
    pub pages: Option<u32>,
    /// Where `file` was written, to point errors at it.
    pub location: Option<Location>,
    /// For a PDF that could be read: its tags, title and language.
    pub access: Option<Access>,
    /// Its web page version: an `@/` source path (resolved by the model) or an address.
    pub html: Option<String>,
    /// Where `html` was written.
    pub html_location: Option<Location>,
}

impl RawDocument {
    /// Checks the fields that can be checked without the disk.
    pub fn validate(self, source: &Source, offset: usize) -> Result<Document, Diagnostic> {
        let RawDocument {
            title,
            file,
            url,
            format,
            size,
            html,
        } = self;
        // Where the document is named: its address, or else its title.
        let named_at = url.as_ref().map_or(title.span().start, |u| u.span().start);
        let named_at = source.location(offset + named_at);
        let title = title.into_inner();
        let html_location = html
            .as_ref()
            .map(|h| source.location(offset + h.span().start));
        let html = match html {
            Some(h) if h.get_ref().starts_with("@/") => Some(h.into_inner()),
            Some(h) => Some(
                check_url("html", h.get_ref())
                    .map_err(|(m, hint)| source.error_at(offset + h.span().start, m).hint(hint))?,
            ),
            None => None,
        };
        let target = match (file, url) {
            (Some(_), Some(url)) => return Err(source
                .error_at(
                    offset + url.span().start,
                    format!("document \"{title}\" has both `file` and `url`"),
                )
                .hint(
                    "keep `file` for a document published here, or `url` for one on another site",
                )),
            (Some(file), None) => {
                let location = source.location(offset + file.span().start);
                let path = check_path(file.get_ref()).map_err(|(m, h)| {
                    Diagnostic::error(source.path, m)
                        .at(location.clone())
                        .hint(h)
                })?;
                let format = format.or_else(|| format_of(&path));
                return Ok(Document {
                    title,
                    target: Target::File(path),
                    format,
                    size,
                    pages: None,
                    location: Some(location),
                    access: None,
                    html,
                    html_location,
                });
            }
            (None, Some(url)) => {
                let checked = check_url("url", url.get_ref())
                    .map_err(|(m, h)| source.error_at(offset + url.span().start, m).hint(h))?;
                Target::Url(checked)
            }
            (None, None) => Target::None,
        };
        Ok(Document {
            title,
            target,
            format,
            size,
            pages: None,
            location: Some(named_at),
            access: None,
            html,
            html_location,
        })
    }
}

/// A `file` path must stay inside `content/`: relative, no `..`, no hidden files (never published).
fn check_path(file: &str) -> Result<String, (String, String)> {
    let slashed = file.replace('\\', "/");
    let path = Path::new(slashed.trim_start_matches("content/"));
    let inside = !file.is_empty() && path.components().all(|c| matches!(c, Component::Normal(_)));
    if !inside {
        return Err((
            format!("document file \"{file}\" is outside the content folder"),
            "put the file under content/ and write its path from there, e.g. \"documents/report.pdf\"".into(),
        ));
    }
    if path
        .iter()
        .any(|part| part.to_string_lossy().starts_with('.'))
    {
        return Err((
            format!(
                "document file \"{file}\" is a hidden file, and hidden files are never published"
            ),
            "rename the file so that its name does not start with `.`".into(),
        ));
    }
    Ok(path.to_string_lossy().into_owned())
}

/// The format name readers know, from the file's extension.
fn format_of(path: &str) -> Option<String> {
    let ext = Path::new(path).extension()?.to_str()?.to_ascii_lowercase();
    let name = match ext.as_str() {
        "pdf" => "PDF",
        "doc" | "docx" => "Word document",
        "xls" | "xlsx" => "Excel spreadsheet",
        "ppt" | "pptx" => "PowerPoint presentation",
        "odt" => "OpenDocument text",
        "ods" => "OpenDocument spreadsheet",
        "odp" => "OpenDocument presentation",
        "csv" => "CSV",
        "txt" => "Plain text",
        "html" | "htm" => "HTML",
        "jpg" | "jpeg" => "JPEG",
        "png" => "PNG",
        "mp3" => "MP3 audio",
        "mp4" => "MP4 video",
        other => return Some(other.to_ascii_uppercase()),
    };
    Some(name.to_string())
}

/// A byte count the way GOV.UK shows it: `306 KB`, `1.2 MB`.
pub fn human_size(bytes: u64) -> String {
    const KB: f64 = 1024.0;
    let b = bytes as f64;
    if b < KB {
        format!("{bytes} bytes")
    } else if b < KB * KB {
        format!("{} KB", (b / KB).round())
    } else {
        format!("{:.1} MB", b / KB / KB)
    }
}

impl Document {
    /// Reads the file's size, pages and accessibility; an error if it is missing or is not
    /// published as a file of its own (an entry, area or page file, or `site.toml`, is a source,
    /// not a document). A PDF that cannot be read is a warning (returned), never a failed build.
    pub fn read_metadata(
        &mut self,
        content_dir: &Path,
        entry: &Path,
    ) -> Result<Option<Diagnostic>, Diagnostic> {
        let Target::File(rel) = &self.target else {
            return Ok(None);
        };
        let path = content_dir.join(rel);
        let error = |message: String| {
            let mut d = Diagnostic::error(entry, message).hint(format!(
                "put the file at content/{rel}, or correct the path in `file`"
            ));
            d.location = self.location.clone();
            d
        };
        let meta = std::fs::metadata(&path)
            .map_err(|_| error(format!("document file \"{rel}\" does not exist")))?;
        if !meta.is_file() {
            return Err(error(format!("document file \"{rel}\" is not a file")));
        }
        if super::role(Path::new(rel)) != super::Role::Asset {
            let message =
                format!("\"{rel}\" is part of the site's sources, not a document to publish");
            return Err(error(message).hint(
                "a document is a file such as a PDF under content/, e.g. \"documents/report.pdf\"",
            ));
        }
        if self.size.is_none() {
            self.size = Some(human_size(meta.len()));
        }
        let ext = Path::new(rel)
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        if !matches!(ext.as_str(), "pdf" | "docx" | "pptx" | "odt") || meta.len() > inspect::LARGEST
        {
            return Ok(None);
        }
        if ext != "pdf" {
            let bytes =
                std::fs::read(&path).map_err(|e| error(format!("cannot read \"{rel}\": {e}")))?;
            self.pages = inspect::office_pages(&bytes, &ext);
            return Ok(None);
        }
        match super::isolated::read(&path, meta.len()) {
            Ok((pages, access)) => {
                self.pages = Some(pages);
                self.access = Some(access);
                Ok(None)
            }
            Err(why) => {
                let mut d = Diagnostic::warning(
                    entry,
                    format!("document file \"{rel}\" cannot be read: {why}, so its pages and whether screen readers can read it are not shown"),
                )
                .hint("open it and save it again as PDF; if it is protected, save a copy without a password");
                d.location = self.location.clone();
                Ok(Some(d))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_like_govuk() {
        assert_eq!(human_size(313_344), "306 KB");
        assert_eq!(human_size(1_300_000), "1.2 MB");
    }

    #[test]
    fn document_paths_stay_inside_content() {
        assert!(check_path("../secret.pdf").is_err());
        assert!(check_path("/etc/passwd").is_err());
        assert!(check_path("documents/../../secret.pdf").is_err());
        assert!(check_path("documents/.env").is_err());
        assert!(check_path("..\\secret.pdf").is_err());
        assert!(check_path("").is_err());
        assert_eq!(
            check_path("content/documents/a.pdf").unwrap(),
            "documents/a.pdf"
        );
    }
}
