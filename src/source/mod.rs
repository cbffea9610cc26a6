//! Source files as text: reading, normalising and splitting them, and the rules every kind of
//! value written in them passes through (slugs, dates, addresses, text).
//!
//! Both the settings (`config`) and the content stage read files through here, so neither has to
//! import the other, and each kind of value is checked in exactly one place.

pub mod dates;
pub mod frontmatter;
pub mod nesting;
pub mod slug;
pub mod text;
pub mod url;

use std::path::Path;

use crate::error::Diagnostic;

/// A source file's text, ready to parse, and what had to be taken out of it.
#[derive(Debug, Clone)]
pub struct Text {
    /// The text: no byte-order mark, `\n` line endings, no control characters.
    pub text: String,
    /// One warning per line that had control characters removed.
    pub warnings: Vec<Diagnostic>,
}

/// Reads a content file as text, normalised (no BOM, LF line endings, no control characters),
/// with a clear error. Only ordinary files are read: a named pipe or a device would never end.
pub fn read_source(root: &Path, path: &Path) -> Result<Text, Diagnostic> {
    let full = root.join(path);
    let meta = std::fs::symlink_metadata(&full)
        .map_err(|e| Diagnostic::error(path, format!("cannot read this file: {e}")))?;
    if !meta.is_file() {
        return Err(not_a_file(path));
    }
    if meta.len() > LARGEST_SOURCE as u64 {
        return Err(too_large(path));
    }
    let bytes = std::fs::read(&full)
        .map_err(|e| Diagnostic::error(path, format!("cannot read this file: {e}")))?;
    text_of(path, bytes)
}

/// A file's bytes as text to parse, exactly as [`read_source`] gives them: the editor checks the
/// text it is about to save through here, so it gets the messages a build would give.
pub fn text_of(path: &Path, bytes: Vec<u8>) -> Result<Text, Diagnostic> {
    if bytes.len() > LARGEST_SOURCE {
        return Err(too_large(path));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        Diagnostic::error(
            path,
            format!("this file is not UTF-8 text (bad byte at offset {at})"),
        )
        .hint("open it in your editor and save it with the UTF-8 encoding")
    })?;
    let (text, warnings) = text::strip_controls(path, frontmatter::normalise(&text));
    Ok(Text { text, warnings })
}

/// The largest text file read (markdown, `site.toml`, a figures CSV): 10 MB is hundreds of
/// times the longest update or table a council writes, and keeps what one file can make a build
/// hold in memory (its text, its HTML, its pages and feeds) well within an ordinary computer.
pub const LARGEST_SOURCE: usize = 10 * 1024 * 1024;

/// The error for a text file over [`LARGEST_SOURCE`].
fn too_large(path: &Path) -> Diagnostic {
    Diagnostic::error(
        path,
        format!(
            "this file is larger than {} MB, the most sendsite reads for one text file",
            LARGEST_SOURCE >> 20
        ),
    )
    .hint("split it into several files, or, for a long document, publish it as a PDF under content/documents/ and link to it")
}

/// The error for something under `content/` that is not an ordinary file (a named pipe, a
/// device, a socket): reading it could wait for ever.
pub fn not_a_file(path: &Path) -> Diagnostic {
    Diagnostic::error(
        path,
        "this is not an ordinary file (it may be a named pipe or a device)",
    )
    .hint("remove it from content/: only ordinary files and folders can be published")
}
