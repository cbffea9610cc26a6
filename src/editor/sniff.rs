//! What an uploaded file is, by its contents (never its name): its first bytes, what its zip
//! holds, or whether it is text a CSV file can be. Files are read from disk a piece at a time,
//! so that checking a 50 MB upload costs no more memory than a small one.

use std::fs::File;
use std::io::{self, Read, Write};
use std::path::Path;
use std::sync::Arc;

use tempfile::NamedTempFile;

use super::form::{private_file, FilePart};

/// The kinds of file accepted, in words, for the form's hint and its error.
pub const ACCEPTED: &str =
    "a PDF, Word, Excel, PowerPoint or OpenDocument file, a CSV file, or a PNG or JPEG image";

/// The largest document the editor accepts.
pub const MAX_UPLOAD: usize = 50 * 1024 * 1024;

/// How much is read at a time.
const PIECE: usize = 64 * 1024;

/// The extension a file is saved with, from its contents; `None` if it is not a kind the site
/// publishes. `name` (the browser's) only tells apart the formats that share a container.
#[cfg(test)]
fn kind_of(path: &Path, name: &str) -> io::Result<Option<&'static str>> {
    Ok(classify(path, name)?.ok())
}

/// What the file at `path` is: the extension it is saved with, or, when it is not a kind the
/// site publishes, what its text was found to be (read once).
fn classify(path: &Path, name: &str) -> io::Result<Result<&'static str, Scan>> {
    let given = Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let mut head = [0u8; 8];
    let mut file = File::open(path)?;
    let n = file.read(&mut head)?;
    let head = &head[..n];
    let signed = [
        (&b"%PDF-"[..], "pdf"),
        (&b"\x89PNG\r\n\x1a\n"[..], "png"),
        (&[0xFF, 0xD8, 0xFF][..], "jpg"),
    ];
    if let Some((_, ext)) = signed.iter().find(|(sign, _)| head.starts_with(sign)) {
        return Ok(Ok(ext));
    }
    if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        // Word 97-2003, Excel and PowerPoint share one container: the name says which.
        let ole = ["doc", "xls", "ppt"].into_iter().find(|e| *e == given);
        return Ok(Ok(ole.unwrap_or("doc")));
    }
    if head.starts_with(b"PK\x03\x04") {
        return Ok(zipped(File::open(path)?).ok_or(Scan::Other));
    }
    Ok(match scan(path)? {
        Scan::Csv => Ok("csv"),
        other => Err(other),
    })
}

/// An Office Open XML or OpenDocument file, by what its zip holds.
fn zipped(file: File) -> Option<&'static str> {
    let mut zip = zip::ZipArchive::new(file).ok()?;
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

/// What a file's text is.
#[derive(Debug, PartialEq, Eq)]
enum Scan {
    /// A CSV file: UTF-8 text, with no control characters but tabs and line breaks, with a
    /// comma or a tab in its first line, and with no markup a browser would run if the file
    /// were opened as a page (`<script`, `<html`, `<!--`, `</`...): a CSV file is data, and an
    /// HTML file named `.csv` is not one.
    Csv,
    /// Not UTF-8 (it may be Windows-1252).
    NotUtf8,
    /// Markup: a web page.
    Markup,
    /// Something else.
    Other,
}

/// Reads the file at `path` a piece at a time and says what its text is.
fn scan(path: &Path) -> io::Result<Scan> {
    let mut file = File::open(path)?;
    let mut buf = vec![0u8; PIECE];
    let mut pending: Vec<u8> = Vec::new();
    let mut text = TextScan::default();
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        pending.extend_from_slice(&buf[..n]);
        let valid = match std::str::from_utf8(&pending) {
            Ok(_) => pending.len(),
            // A character cut by the end of the piece: the rest comes with the next one.
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            Err(_) => return Ok(Scan::NotUtf8),
        };
        let piece = std::str::from_utf8(&pending[..valid]).unwrap_or_default();
        text.add(piece);
        pending.drain(..valid);
    }
    if !pending.is_empty() {
        return Ok(Scan::NotUtf8);
    }
    Ok(text.verdict())
}

/// What has been read of a text so far.
#[derive(Default)]
struct TextScan {
    /// The first line is over (a line break was read).
    first_done: bool,
    /// The first line has a comma or a tab.
    separated: bool,
    control: bool,
    markup: bool,
    /// The last character read was `<`.
    after_lt: bool,
}

impl TextScan {
    fn add(&mut self, piece: &str) {
        for c in piece.chars() {
            if self.after_lt && (c.is_ascii_alphabetic() || "!/?".contains(c)) {
                self.markup = true;
            }
            self.after_lt = c == '<';
            if c.is_control() && !matches!(c, '\t' | '\n' | '\r') {
                self.control = true;
            }
            if !self.first_done {
                self.separated |= c == ',' || c == '\t';
                self.first_done = c == '\n';
            }
        }
    }

    fn verdict(&self) -> Scan {
        match (self.markup, self.control, self.separated) {
            (true, _, _) => Scan::Markup,
            (false, false, true) => Scan::Csv,
            _ => Scan::Other,
        }
    }
}

/// A CSV file saved by UK Excel ("CSV (Comma delimited)") is Windows-1252, not UTF-8: the same
/// text in UTF-8, in a new private file, if it has none of the bytes Windows-1252 leaves
/// undefined and is then a CSV file. (Windows-1252 is one byte a character, so it is turned a
/// piece at a time.)
fn windows_1252_csv(path: &Path) -> io::Result<Option<NamedTempFile>> {
    let mut file = File::open(path)?;
    let mut out = private_file()?;
    let mut buf = vec![0u8; PIECE];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        let piece = &buf[..n];
        if piece
            .iter()
            .any(|b| matches!(b, 0x81 | 0x8D | 0x8F | 0x90 | 0x9D))
        {
            return Ok(None);
        }
        let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(piece);
        out.write_all(text.as_bytes())?;
        // Turned into UTF-8, a file grows (up to three times): never past the largest upload.
        if out.as_file().metadata()?.len() > MAX_UPLOAD as u64 {
            return Ok(None);
        }
    }
    out.flush()?;
    Ok((scan(out.path())? == Scan::Csv).then_some(out))
}

/// A file the site may publish, as it will be saved.
pub struct Accepted {
    /// Its extension, from its contents.
    pub ext: &'static str,
    /// What is saved: the file as sent, or a CSV file turned into UTF-8.
    pub file: Arc<NamedTempFile>,
    /// Its size in bytes, as saved.
    pub size: u64,
    /// What was done to it, to tell the person (a CSV file turned into UTF-8).
    pub note: Option<String>,
}

/// Takes in an uploaded file as the site will publish it, or says why not (for its field).
pub fn accept(part: &FilePart) -> Result<Accepted, String> {
    let unreadable =
        |e: io::Error| format!("The selected file could not be read ({e}): choose it again");
    match classify(part.path(), &part.filename).map_err(unreadable)? {
        Ok(ext) => {
            return Ok(Accepted {
                ext,
                file: part.file(),
                size: part.len(),
                note: None,
            })
        }
        Err(Scan::NotUtf8) => {}
        Err(Scan::Markup) => return Err(format!("The selected file holds web page code (HTML), which the site does not publish as a document: it must be {ACCEPTED}")),
        _ => return Err(format!("The selected file must be {ACCEPTED}")),
    }
    match windows_1252_csv(part.path()).map_err(unreadable)? {
        Some(utf8) => Ok(Accepted {
            ext: "csv",
            size: utf8.as_file().metadata().map_or(part.len(), |m| m.len()),
            file: Arc::new(utf8),
            note: Some("This CSV file was saved by Excel in its older encoding (Windows-1252): it has been turned into UTF-8, so that £, é and curly quotes show as they should. Check its page in the preview.".into()),
        }),
        None => Err(format!("The selected file must be {ACCEPTED}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(bytes: &[u8], name: &str) -> FilePart {
        FilePart::from_bytes("f", name, bytes).unwrap()
    }

    fn kind(bytes: &[u8], name: &str) -> Option<&'static str> {
        kind_of(part(bytes, name).path(), name).unwrap()
    }

    #[test]
    fn files_are_known_by_their_first_bytes_not_their_names() {
        assert_eq!(kind(b"%PDF-1.7 ...", "x.exe"), Some("pdf"));
        assert_eq!(kind(b"\x89PNG\r\n\x1a\n....", "a.pdf"), Some("png"));
        assert_eq!(kind(&[0xFF, 0xD8, 0xFF, 0xE0], "a"), Some("jpg"));
        assert_eq!(kind(b"date,value\n2025-01,3\n", "a.pdf"), Some("csv"));
        assert_eq!(kind(b"MZ\x90\x00\x03", "report.pdf"), None);
        assert_eq!(kind(b"<script>alert(1)</script>", "a.csv"), None);
        assert_eq!(kind(b"PK\x03\x04 not a zip", "a.docx"), None);
        let ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0];
        assert_eq!(kind(&ole, "Budget.XLS"), Some("xls"));
    }

    #[test]
    fn a_web_page_named_csv_is_refused_and_an_excel_csv_is_turned_into_utf8() {
        let page = b"<html><script>alert(1)</script>,x\n1,2\n";
        assert_eq!(kind(page, "x.csv"), None);
        let refused = accept(&part(page, "x.csv")).err().unwrap();
        assert!(refused.contains("web page code (HTML)"), "{refused}");
        assert!(accept(&part(b"a,b\n1,<!-- x -->\n", "x.csv")).is_err());
        // Figures that compare (fewer than 5) are still data.
        assert_eq!(kind(b"measure,value\nwaits,<5\n", "x.csv"), Some("csv"));
        // "Cost (£),Café" as UK Excel saves it.
        let excel = b"Cost (\xa3),Caf\xe9\n12,\x93quoted\x94\n";
        let taken = accept(&part(excel, "budget.csv")).unwrap();
        assert_eq!(taken.ext, "csv");
        assert_eq!(
            std::fs::read_to_string(taken.file.path()).unwrap(),
            "Cost (\u{a3}),Caf\u{e9}\n12,\u{201c}quoted\u{201d}\n"
        );
        assert!(taken.note.unwrap().contains("Windows-1252"));
        // Bytes Windows-1252 does not define are not text of it.
        assert!(accept(&part(b"a,b\n\x81\x8d,\x90\n", "x.csv")).is_err());
    }

    #[test]
    fn text_is_read_a_piece_at_a_time_with_nothing_lost_between_pieces() {
        // A character of three bytes, and a tag, each cut by the end of a piece.
        let mut csv = b"a,b\n".to_vec();
        csv.resize(PIECE - 1, b'x');
        csv.extend_from_slice("€,1\n".as_bytes());
        assert_eq!(kind(&csv, "x.csv"), Some("csv"));
        let mut page = b"a,b\n".to_vec();
        page.resize(PIECE - 1, b'x');
        page.extend_from_slice(b"<script>\n");
        assert_eq!(kind(&page, "x.csv"), None);
    }
}
