//! A submitted form: `application/x-www-form-urlencoded` or `multipart/form-data` → [`Fields`].
//!
//! Browsers send a form with a file as multipart, read here by a maintained parser (`multer`):
//! parts with a `name` and maybe a `filename`; anything else is refused rather than guessed at. A file's name is kept only to tell a Word file from an Excel one of
//! the same container format; the name the file is saved under is always made by the server.
//! A form is read as it arrives: a file goes to a private temporary file, never whole into
//! memory.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use tempfile::NamedTempFile;

/// One uploaded file, as it arrived: in a private temporary file (mode 600, removed when the
/// last holder lets go), never whole in memory, so that uploads at once cost disk, not memory.
#[derive(Debug, Clone)]
pub struct FilePart {
    /// The form field.
    pub field: String,
    /// The name the browser gave (never used as a path).
    pub filename: String,
    file: Arc<NamedTempFile>,
    size: u64,
}

impl PartialEq for FilePart {
    fn eq(&self, other: &FilePart) -> bool {
        (&self.field, &self.filename, self.file.path())
            == (&other.field, &other.filename, other.file.path())
    }
}

impl Eq for FilePart {}

impl FilePart {
    /// A file part holding `bytes` (forms made on the server, tests).
    pub fn from_bytes(field: &str, filename: &str, bytes: &[u8]) -> std::io::Result<FilePart> {
        let mut file = private_file()?;
        file.write_all(bytes)?;
        Ok(FilePart {
            field: field.into(),
            filename: filename.into(),
            file: Arc::new(file),
            size: bytes.len() as u64,
        })
    }

    /// Where its contents are.
    pub fn path(&self) -> &Path {
        self.file.path()
    }

    /// Its contents, kept on disk while any holder has it.
    pub fn file(&self) -> Arc<NamedTempFile> {
        Arc::clone(&self.file)
    }

    /// Its size in bytes.
    pub fn len(&self) -> u64 {
        self.size
    }

    /// Whether it has nothing in it.
    pub fn is_empty(&self) -> bool {
        self.size == 0
    }
}

/// A new private temporary file for an upload: mode 600 from the start (tempfile's own), in
/// the system's temporary folder.
pub fn private_file() -> std::io::Result<NamedTempFile> {
    tempfile::Builder::new()
        .prefix("sendsite-upload-")
        .tempfile()
}

/// The fields of a submitted form, in the order sent.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Fields {
    values: Vec<(String, String)>,
    files: Vec<FilePart>,
}

impl Fields {
    /// The first value of a field, or `""`; line endings as `\n`.
    pub fn get(&self, name: &str) -> String {
        self.values
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.replace("\r\n", "\n"))
            .unwrap_or_default()
    }

    /// Whether the field was sent at all (a ticked checkbox, a pressed button).
    pub fn has(&self, name: &str) -> bool {
        self.values.iter().any(|(n, _)| n == name)
    }

    /// Every value of a field (checkboxes).
    pub fn all(&self, name: &str) -> Vec<String> {
        self.values
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// The file sent in a field, if one was chosen.
    pub fn file(&self, name: &str) -> Option<&FilePart> {
        // A form sent with no file chosen has the part, empty and with no name: that is no file.
        // A chosen file that is empty has its name, and is taken in (and refused) as sent.
        self.files
            .iter()
            .find(|f| f.field == name && !(f.is_empty() && f.filename.is_empty()))
    }

    /// The fields of a query string.
    pub fn query(query: &str) -> Fields {
        Fields {
            values: url::form_urlencoded::parse(query.as_bytes())
                .into_owned()
                .collect(),
            files: Vec::new(),
        }
    }
}

/// The most text a form may hold, all its fields together (figures pasted from a spreadsheet
/// included).
pub const MAX_TEXT: usize = 4 * 1024 * 1024;
/// The most files one form may send (each is kept in a file of its own while it is read).
const MAX_FILES: usize = 4;

/// Parses a request body by its `Content-Type`, as it arrives: text fields within [`MAX_TEXT`],
/// files written to private temporary files chunk by chunk, the whole within `limit` bytes.
pub async fn parse<S, E>(content_type: &str, body: S, limit: u64) -> Result<Fields, String>
where
    S: Stream<Item = Result<Bytes, E>> + Send + Unpin + 'static,
    E: Into<Box<dyn std::error::Error + Send + Sync>> + 'static,
{
    let lower = content_type.to_ascii_lowercase();
    if lower.starts_with("application/x-www-form-urlencoded") {
        let mut text = Vec::new();
        let mut body = body;
        while let Some(chunk) = body.next().await {
            text.extend_from_slice(&chunk.map_err(|_| "the form is cut short".to_string())?);
            if text.len() > MAX_TEXT {
                return Err("the form is too long".into());
            }
        }
        return Ok(Fields {
            values: url::form_urlencoded::parse(&text).into_owned().collect(),
            files: Vec::new(),
        });
    }
    if !lower.starts_with("multipart/form-data") {
        return Err("the form was not sent as a form".into());
    }
    let boundary =
        multer::parse_boundary(content_type).map_err(|_| "the form has no boundary".to_string())?;
    let limits =
        multer::Constraints::new().size_limit(multer::SizeLimit::new().whole_stream(limit));
    let mut parts = multer::Multipart::with_constraints(body, boundary, limits);
    let mut fields = Fields::default();
    let mut text_size = 0;
    let cut = |e: multer::Error| match e {
        multer::Error::StreamSizeExceeded { .. } => "the form is too large".to_string(),
        _ => "the form is cut short".to_string(),
    };
    while let Some(mut part) = parts.next_field().await.map_err(cut)? {
        let name = part
            .name()
            .ok_or("a part of the form has no name")?
            .to_string();
        match part.file_name().map(str::to_string) {
            Some(_) if fields.files.len() >= MAX_FILES => {
                return Err("the form sends more files than any form has".into())
            }
            Some(filename) => {
                let mut file = private_file()
                    .map_err(|e| format!("it cannot be kept while it is checked ({e})"))?;
                let mut size = 0u64;
                while let Some(chunk) = part.chunk().await.map_err(cut)? {
                    size += chunk.len() as u64;
                    file.write_all(&chunk)
                        .map_err(|e| format!("it cannot be kept while it is checked ({e})"))?;
                }
                fields.files.push(FilePart {
                    field: name,
                    filename,
                    file: Arc::new(file),
                    size,
                });
            }
            None => {
                let mut text = Vec::new();
                while let Some(chunk) = part.chunk().await.map_err(cut)? {
                    text_size += chunk.len();
                    text.extend_from_slice(&chunk);
                    if text_size > MAX_TEXT {
                        return Err("the form is too long".into());
                    }
                }
                let text = String::from_utf8(text).map_err(|_| "a field is not UTF-8 text")?;
                fields.values.push((name, text));
            }
        }
    }
    Ok(fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parses as the server does, on a runtime of its own.
    fn parse(content_type: &str, body: &[u8]) -> Result<Fields, String> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let body = bytes::Bytes::copy_from_slice(body);
        let stream = futures_util::stream::iter([Ok::<_, std::io::Error>(body)]);
        runtime.block_on(super::parse(content_type, stream, 1 << 20))
    }

    #[test]
    fn url_encoded_forms_keep_every_value() {
        let f = parse(
            "application/x-www-form-urlencoded",
            b"title=A+%26+B&areas=a&areas=b&body=x%0D%0Ay",
        )
        .unwrap();
        assert_eq!(f.get("title"), "A & B");
        assert_eq!(f.all("areas"), ["a", "b"]);
        assert_eq!(f.get("body"), "x\ny");
        assert!(!f.has("draft"));
    }

    #[test]
    fn multipart_forms_give_fields_and_files() {
        let body = b"--XY\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nA report\r\n--XY\r\nContent-Disposition: form-data; name=\"doc\"; filename=\"../../r.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\r\n\r\nbytes\r\n--XY--\r\n";
        let f = parse("multipart/form-data; boundary=XY", body).unwrap();
        assert_eq!(f.get("title"), "A report");
        let file = f.file("doc").unwrap();
        assert_eq!(file.filename, "../../r.pdf");
        assert_eq!(
            std::fs::read(file.path()).unwrap(),
            b"%PDF-1.7\r\n\r\nbytes"
        );
        assert_eq!(file.len(), 17);
        assert!(parse("multipart/form-data; boundary=XY", b"--XY\r\nno end").is_err());
        assert!(parse("text/plain", b"a=b").is_err());
    }

    #[test]
    fn a_form_cut_short_anywhere_is_an_error_never_a_panic() {
        let body = b"--XY\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--XY\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x\"\r\n\r\n--X\r\n--XY--\r\n";
        assert!(parse("multipart/form-data; boundary=XY", body).is_ok());
        for end in 0..body.len() - 4 {
            let cut = &body[..end];
            let parsed = parse("multipart/form-data; boundary=XY", cut);
            assert!(parsed.is_err(), "{}", String::from_utf8_lossy(cut));
        }
    }
}
