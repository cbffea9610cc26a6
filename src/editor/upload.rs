//! Documents uploaded through the editor: what kind of file each is (by its first bytes, never
//! its name), the name it is saved under (made from its title), and where it waits until the
//! update that attaches it is saved.

use std::collections::VecDeque;
use std::io::Read;
use std::path::Path;

use super::form::FilePart;
use crate::source::slug::short_slug;

/// The largest document the editor accepts.
pub const MAX_UPLOAD: usize = 50 * 1024 * 1024;
/// The most uploads kept waiting for their update to be saved (the oldest are dropped).
const KEPT: usize = 4;

/// The kinds of file accepted, in words, for the form's hint and its error.
pub const ACCEPTED: &str =
    "a PDF, Word, Excel, PowerPoint or OpenDocument file, a CSV file, or a PNG or JPEG image";

/// The extension a file is saved with, from its first bytes; `None` if it is not a kind the
/// site publishes. `name` (the browser's) only tells apart the formats that share a container.
pub fn kind_of(bytes: &[u8], name: &str) -> Option<&'static str> {
    let given = Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if bytes.starts_with(b"%PDF-") {
        return Some("pdf");
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some("png");
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some("jpg");
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        // Word 97-2003, Excel and PowerPoint share one container: the name says which.
        return ["doc", "xls", "ppt"]
            .into_iter()
            .find(|e| *e == given)
            .or(Some("doc"));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return zipped(bytes);
    }
    csv(bytes).then_some("csv")
}

/// An Office Open XML or OpenDocument file, by what its zip holds.
fn zipped(bytes: &[u8]) -> Option<&'static str> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    if let Ok(file) = zip.by_name("mimetype") {
        let mut mime = String::new();
        file.take(100).read_to_string(&mut mime).ok()?;
        return match mime.trim() {
            "application/vnd.oasis.opendocument.text" => Some("odt"),
            "application/vnd.oasis.opendocument.spreadsheet" => Some("ods"),
            "application/vnd.oasis.opendocument.presentation" => Some("odp"),
            _ => None,
        };
    }
    let names: Vec<String> = zip.file_names().map(str::to_string).collect();
    let has = |prefix: &str| names.iter().any(|n| n.starts_with(prefix));
    if !has("[Content_Types].xml") {
        return None;
    }
    [("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx")]
        .into_iter()
        .find(|(folder, _)| has(folder))
        .map(|(_, ext)| ext)
}

/// Whether the bytes read as a CSV file: UTF-8 text, with no control characters but tabs and
/// line breaks, with a comma or a tab in its first line, and with no markup a browser would run
/// if the file were opened as a page (`<script`, `<html`, `<!--`, `</`...): a CSV file is data,
/// and an HTML file named `.csv` is not one.
fn csv(bytes: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return false;
    };
    let first = text
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap_or("");
    !text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        && (first.contains(',') || first.contains('\t'))
        && !has_markup(text)
}

/// Whether `text` holds something a browser reads as a tag: `<` then a letter, `!`, `/` or `?`.
fn has_markup(text: &str) -> bool {
    text.as_bytes()
        .windows(2)
        .any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || b"!/?".contains(&w[1])))
}

/// A CSV file saved by UK Excel ("CSV (Comma delimited)") is Windows-1252, not UTF-8: read as
/// such (when it is not UTF-8 and has none of the bytes Windows-1252 leaves undefined), the same
/// text in UTF-8, if it is then a CSV file.
fn windows_1252_csv(bytes: &[u8]) -> Option<Vec<u8>> {
    if std::str::from_utf8(bytes).is_ok() {
        return None;
    }
    let (text, _, bad) = encoding_rs::WINDOWS_1252.decode(bytes);
    let undefined = bytes
        .iter()
        .any(|b| matches!(b, 0x81 | 0x8D | 0x8F | 0x90 | 0x9D));
    let utf8 = text.into_owned().into_bytes();
    (!bad && !undefined && csv(&utf8)).then_some(utf8)
}

/// A file the site may publish, as it will be saved.
pub struct Accepted {
    /// Its extension, from its contents.
    pub ext: &'static str,
    /// What is saved: the file as sent, or a CSV file turned into UTF-8.
    pub bytes: Vec<u8>,
    /// What was done to it, to tell the person (a CSV file turned into UTF-8).
    pub note: Option<String>,
}

/// Takes in a file's bytes as the site will publish them, or says why not (for its field).
pub fn accept(bytes: &[u8], name: &str) -> Result<Accepted, String> {
    if let Some(ext) = kind_of(bytes, name) {
        return Ok(Accepted {
            ext,
            bytes: bytes.to_vec(),
            note: None,
        });
    }
    if let Some(utf8) = windows_1252_csv(bytes) {
        return Ok(Accepted {
            ext: "csv",
            bytes: utf8,
            note: Some("This CSV file was saved by Excel in its older encoding (Windows-1252): it has been turned into UTF-8, so that £, é and curly quotes show as they should. Check its page in the preview.".into()),
        });
    }
    let html = std::str::from_utf8(bytes).is_ok_and(has_markup);
    Err(match html {
        true => format!("The selected file holds web page code (HTML), which the site does not publish as a document: it must be {ACCEPTED}"),
        false => format!("The selected file must be {ACCEPTED}"),
    })
}

/// The path under `content/` for a document called `title`, with extension `ext`, that no file
/// has yet: `documents/<slug of title>.<ext>`, then `-2`, `-3`... `taken` says if a path is used.
pub fn document_path(title: &str, ext: &str, taken: impl Fn(&str) -> bool) -> String {
    let slug = short_slug(title, 60, "document");
    let mut n = 1;
    loop {
        let name = match n {
            1 => format!("documents/{slug}.{ext}"),
            n => format!("documents/{slug}-{n}.{ext}"),
        };
        if !taken(&name) {
            return name;
        }
        n += 1;
    }
}

/// An upload waiting for its update to be saved.
#[derive(Debug, Clone)]
pub struct Staged {
    /// The key the form carries to find it again.
    pub token: String,
    /// The browser's name for it, to show in the form.
    pub filename: String,
    /// Its extension (from its contents).
    pub ext: &'static str,
    /// Its contents, shared: every check of the form while it waits reads them, none copies them.
    pub bytes: std::sync::Arc<Vec<u8>>,
    /// What was done to it when it was taken in, to say before it is saved.
    pub note: Option<String>,
}

/// Uploads kept in memory until their update is saved, so that a form sent back with an error
/// does not ask for the file again.
#[derive(Debug, Default)]
pub struct Uploads {
    kept: VecDeque<Staged>,
}

impl Uploads {
    /// Takes in an uploaded file: kept under a new token if it is small enough and of a kind the
    /// site publishes (returns the token and the file's own name, to show), else the error to
    /// show at its field.
    pub fn take(&mut self, part: &FilePart) -> Result<(String, String), String> {
        if part.bytes.len() > MAX_UPLOAD {
            let mb = MAX_UPLOAD / (1024 * 1024);
            return Err(format!("The selected file must be smaller than {mb} MB"));
        }
        if part.bytes.is_empty() {
            return Err("The selected file is empty: choose the file again, or open it to check it has something in it".into());
        }
        let accepted = accept(&part.bytes, &part.filename)?;
        // Only the last part of the browser's name, to show: it never becomes a path.
        let filename: String = Path::new(&part.filename.replace('\\', "/"))
            .file_name()
            .map(|n| {
                let n = n.to_string_lossy();
                n.chars().filter(|c| !c.is_control()).take(100).collect()
            })
            .unwrap_or_default();
        let token = super::access::random_key();
        self.keep(Staged {
            token: token.clone(),
            filename: filename.clone(),
            ext: accepted.ext,
            bytes: std::sync::Arc::new(accepted.bytes),
            note: accepted.note,
        });
        Ok((token, filename))
    }

    /// Keeps an upload; the oldest is dropped when too many wait.
    fn keep(&mut self, staged: Staged) {
        if self.kept.len() >= KEPT {
            self.kept.pop_front();
        }
        self.kept.push_back(staged);
    }

    /// The upload with this token.
    pub fn get(&self, token: &str) -> Option<&Staged> {
        self.kept.iter().find(|s| s.token == token)
    }

    /// Forgets an upload once it is saved.
    pub fn forget(&mut self, token: &str) {
        self.kept.retain(|s| s.token != token);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_known_by_their_first_bytes_not_their_names() {
        assert_eq!(kind_of(b"%PDF-1.7 ...", "x.exe"), Some("pdf"));
        assert_eq!(kind_of(b"\x89PNG\r\n\x1a\n....", "a.pdf"), Some("png"));
        assert_eq!(kind_of(&[0xFF, 0xD8, 0xFF, 0xE0], "a"), Some("jpg"));
        assert_eq!(kind_of(b"date,value\n2025-01,3\n", "a.pdf"), Some("csv"));
        assert_eq!(kind_of(b"MZ\x90\x00\x03", "report.pdf"), None);
        assert_eq!(kind_of(b"<script>alert(1)</script>", "a.csv"), None);
        assert_eq!(kind_of(b"PK\x03\x04 not a zip", "a.docx"), None);
        let ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0];
        assert_eq!(kind_of(&ole, "Budget.XLS"), Some("xls"));
    }

    #[test]
    fn a_web_page_named_csv_is_refused_and_an_excel_csv_is_turned_into_utf8() {
        let page = b"<html><script>alert(1)</script>,x\n1,2\n";
        assert_eq!(kind_of(page, "x.csv"), None);
        let refused = accept(page, "x.csv").err().unwrap();
        assert!(refused.contains("web page code (HTML)"), "{refused}");
        assert!(accept(b"a,b\n1,<!-- x -->\n", "x.csv").is_err());
        // Figures that compare (fewer than 5) are still data.
        assert_eq!(kind_of(b"measure,value\nwaits,<5\n", "x.csv"), Some("csv"));
        // "Cost (\u{a3}),Caf\u{e9}" as UK Excel saves it.
        let excel = b"Cost (\xa3),Caf\xe9\n12,\x93quoted\x94\n";
        let taken = accept(excel, "budget.csv").unwrap();
        assert_eq!(taken.ext, "csv");
        assert_eq!(
            String::from_utf8(taken.bytes).unwrap(),
            "Cost (\u{a3}),Caf\u{e9}\n12,\u{201c}quoted\u{201d}\n"
        );
        assert!(taken.note.unwrap().contains("Windows-1252"));
        // Bytes Windows-1252 does not define are not text of it.
        assert!(accept(b"a,b\n\x81\x8d,\x90\n", "x.csv").is_err());
    }

    #[test]
    fn names_come_from_titles_and_never_replace_a_file() {
        let taken = |p: &str| p == "documents/send-survey-results.pdf";
        assert_eq!(
            document_path("SEND survey: results", "pdf", taken),
            "documents/send-survey-results-2.pdf"
        );
        assert_eq!(
            document_path("../../", "pdf", |_| false),
            "documents/document.pdf"
        );
    }
}
