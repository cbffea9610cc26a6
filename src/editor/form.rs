//! A submitted form: `application/x-www-form-urlencoded` or `multipart/form-data` → [`Fields`].
//!
//! Browsers send a form with a file as multipart, read here by a maintained parser (`multer`):
//! parts with a `name` and maybe a `filename`; anything else is refused rather than guessed at. A file's name is kept only to tell a Word file from an Excel one of
//! the same container format; the name the file is saved under is always made by the server.

/// One uploaded file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilePart {
    /// The form field.
    pub field: String,
    /// The name the browser gave (never used as a path).
    pub filename: String,
    /// The contents.
    pub bytes: Vec<u8>,
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
            .find(|f| f.field == name && !(f.bytes.is_empty() && f.filename.is_empty()))
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

/// Parses a request body by its `Content-Type`.
pub async fn parse(content_type: &str, body: bytes::Bytes) -> Result<Fields, String> {
    let lower = content_type.to_ascii_lowercase();
    if lower.starts_with("application/x-www-form-urlencoded") {
        return Ok(Fields {
            values: url::form_urlencoded::parse(&body).into_owned().collect(),
            files: Vec::new(),
        });
    }
    if !lower.starts_with("multipart/form-data") {
        return Err("the form was not sent as a form".into());
    }
    let boundary =
        multer::parse_boundary(content_type).map_err(|_| "the form has no boundary".to_string())?;
    let stream = futures_util::stream::once(async move { Ok::<_, std::io::Error>(body) });
    // The body is whole and within the editor's limit already: the server read it so.
    let mut parts = multer::Multipart::new(stream, boundary);
    let mut fields = Fields::default();
    let cut = |_| "the form is cut short".to_string();
    while let Some(part) = parts.next_field().await.map_err(cut)? {
        let name = part
            .name()
            .ok_or("a part of the form has no name")?
            .to_string();
        let filename = part.file_name().map(str::to_string);
        let bytes = part.bytes().await.map_err(cut)?;
        match filename {
            Some(filename) => fields.files.push(FilePart {
                field: name,
                filename,
                bytes: bytes.to_vec(),
            }),
            None => fields.values.push((
                name,
                String::from_utf8(bytes.to_vec()).map_err(|_| "a field is not UTF-8 text")?,
            )),
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
        runtime.block_on(super::parse(
            content_type,
            bytes::Bytes::copy_from_slice(body),
        ))
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
        assert_eq!(file.bytes, b"%PDF-1.7\r\n\r\nbytes");
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
