//! Documents attached to entries: a file under `content/`, an external link, or a name only.
//!
//! A file's format, size and (for PDFs) page count are read from the file itself, so the page
//! never disagrees with what a parent downloads. Paths cannot leave `content/`.

use std::path::{Component, Path};

use serde::Deserialize;
use toml::Spanned;

use crate::error::{Diagnostic, Location};
use crate::source::frontmatter::Source;
use crate::source::url::check_url;

/// `[[documents]]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDocument {
    title: String,
    file: Option<Spanned<String>>,
    url: Option<Spanned<String>>,
    format: Option<String>,
    size: Option<String>,
}

/// Where a document is.
#[derive(Debug, Clone, PartialEq, Eq)]
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
        } = self;
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
            location: None,
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
        "doc" | "docx" => "MS Word Document",
        "xls" | "xlsx" => "MS Excel Spreadsheet",
        "ppt" | "pptx" => "MS PowerPoint Presentation",
        "odt" => "OpenDocument Text",
        "ods" => "OpenDocument Spreadsheet",
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

/// Counts the pages of a PDF by its page objects; `None` when they are hidden (compressed streams).
pub fn pdf_pages(bytes: &[u8]) -> Option<u32> {
    let mut count = 0u32;
    let needle = b"/Type";
    let mut i = 0;
    while let Some(pos) = find(&bytes[i..], needle) {
        let rest = &bytes[i + pos + needle.len()..];
        let rest = &rest[rest.iter().take_while(|b| b.is_ascii_whitespace()).count()..];
        if rest.starts_with(b"/Page")
            && !rest[5..].first().is_some_and(|b| b.is_ascii_alphanumeric())
        {
            count += 1;
        }
        i += pos + needle.len();
    }
    (count > 0).then_some(count)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

impl Document {
    /// Reads the file's size and page count; an error if it is missing or is not published as a
    /// file of its own (an entry, area or page file, or `site.toml`, is a source, not a document).
    pub fn read_metadata(&mut self, content_dir: &Path, entry: &Path) -> Result<(), Diagnostic> {
        let Target::File(rel) = &self.target else {
            return Ok(());
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
        if self.format.as_deref() == Some("PDF") {
            let bytes =
                std::fs::read(&path).map_err(|e| error(format!("cannot read \"{rel}\": {e}")))?;
            self.pages = pdf_pages(&bytes);
        }
        Ok(())
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
    fn pdf_pages_counts_page_objects_not_the_tree() {
        let pdf = b"<< /Type /Pages /Count 2 >> << /Type /Page >> << /Type/Page/Parent 1 0 R >>";
        assert_eq!(pdf_pages(pdf), Some(2));
        assert_eq!(pdf_pages(b"nothing"), None);
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
