//! Writing what the editor saves: ordinary files a person could have written, replaced in one
//! step (a temporary file beside it, then a rename), and never over a change made elsewhere.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::source::frontmatter::{split, Source};

/// A file's version: a hash of its bytes (FNV-1a, 64 bits), carried by the form so that a save
/// can tell whether the file changed on disk since the form was opened. Empty for no file.
pub fn version(bytes: Option<&[u8]>) -> String {
    let Some(bytes) = bytes else {
        return String::new();
    };
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}-{}", bytes.len())
}

/// A source file cut at its front matter, to put back together with new parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parts {
    /// Everything up to the front matter: a byte-order mark if any, and the opening `+++` line.
    pub before: String,
    /// The TOML.
    pub front_matter: String,
    /// The closing `+++` line.
    pub between: String,
    /// The body, as its bytes were.
    pub body: String,
}

impl Parts {
    /// Cuts a file's text; `None` when it has no front matter that can be found.
    pub fn of(path: &Path, text: &str) -> Option<Parts> {
        let bom = if text.starts_with('\u{feff}') {
            "\u{feff}"
        } else {
            ""
        };
        let rest = &text[bom.len()..];
        if !rest.starts_with("+++") {
            return Some(Parts {
                before: bom.to_string(),
                front_matter: String::new(),
                between: String::new(),
                body: rest.to_string(),
            });
        }
        let cut = split(&Source { path, text: rest }, true).ok()?;
        let fm_end = cut.front_matter_offset + cut.front_matter.len();
        Some(Parts {
            before: format!("{bom}{}", &rest[..cut.front_matter_offset]),
            front_matter: cut.front_matter.to_string(),
            between: rest[fm_end..cut.body_offset].to_string(),
            body: cut.body.to_string(),
        })
    }

    /// A file's front matter, read with a format-preserving parser, and its parts.
    pub fn read(path: &Path, text: &str) -> Result<(toml_edit::DocumentMut, Parts), String> {
        let parts =
            Parts::of(path, text).ok_or("its front matter is not closed by a `+++` line")?;
        let doc = parts
            .front_matter
            .parse::<toml_edit::DocumentMut>()
            .map_err(|e| format!("its front matter is not valid TOML: {e}"))?;
        Ok((doc, parts))
    }

    /// A new file's parts.
    pub fn new() -> Parts {
        Parts {
            before: "+++\n".into(),
            front_matter: String::new(),
            between: "+++\n".into(),
            body: String::new(),
        }
    }

    /// The body as the form sent it: the old bytes if only line endings or trailing space
    /// differ, else the new text with the file's line endings.
    pub fn set_body(&mut self, body: &str) {
        let old = self.body.replace("\r\n", "\n");
        if old.trim_end() == body.trim_end() {
            return;
        }
        let mut new = body.trim_end().to_string();
        new.push('\n');
        if self.between.ends_with("\r\n") {
            new = new.replace('\n', "\r\n");
        }
        self.body = new;
    }

    /// The file's text.
    pub fn text(&self) -> String {
        if self.front_matter.trim().is_empty() && self.between.is_empty() {
            return format!("{}{}", self.before, self.body);
        }
        let before = if self.between.is_empty() {
            format!("{}+++\n", self.before)
        } else {
            self.before.clone()
        };
        let between = if self.between.is_empty() {
            "+++\n"
        } else {
            &self.between
        };
        format!("{before}{}{between}{}", self.front_matter, self.body)
    }
}

/// Why a file was not written.
#[derive(Debug)]
pub enum WriteError {
    /// It changed on disk (or appeared, or went) since the form was opened.
    Changed,
    /// The file, or a folder on the way to it, is a link out of `content/` (or not a file).
    Outside,
    /// The disk said no.
    Io(std::io::Error),
}

impl WriteError {
    /// Why, in words.
    pub fn reason(&self) -> String {
        match self {
            WriteError::Changed => "the file changed on disk since the form was opened".into(),
            WriteError::Outside => "it would be written outside content/, through a link".into(),
            WriteError::Io(e) => e.to_string(),
        }
    }
}

/// Whether the file at `path` is still at `expected` (a [`version`]; empty: there is no file).
pub fn unchanged(path: &Path, expected: &str) -> Result<(), WriteError> {
    let now = match fs::read(path) {
        Ok(b) => Some(b),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(WriteError::Io(e)),
    };
    if version(now.as_deref()) == expected {
        Ok(())
    } else {
        Err(WriteError::Changed)
    }
}

/// Writes `bytes` to `path` in one step, only if the file is still at `expected` (a
/// [`version`]; empty: it must not exist yet). Folders are made as needed, and the file must end
/// up inside `inside` (the site's `content/`, canonical): a folder that is a link to somewhere
/// else, or a file that is a link, is refused rather than written through.
pub fn replace(path: &Path, bytes: &[u8], expected: &str, inside: &Path) -> Result<(), WriteError> {
    if path.symlink_metadata().is_ok_and(|m| !m.is_file()) {
        return Err(WriteError::Outside);
    }
    unchanged(path, expected)?;
    let folder = path.parent().ok_or(WriteError::Changed)?;
    fs::create_dir_all(folder).map_err(WriteError::Io)?;
    if !folder
        .canonicalize()
        .map_err(WriteError::Io)?
        .starts_with(inside)
    {
        return Err(WriteError::Outside);
    }
    let temp = temporary(path);
    let written = (|| {
        let mut file = fs::File::create_new(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        if let Ok(meta) = fs::metadata(path) {
            fs::set_permissions(&temp, meta.permissions())?;
        }
        fs::rename(&temp, path)
    })();
    if written.is_err() {
        let _ = fs::remove_file(&temp);
    }
    written.map_err(WriteError::Io)
}

/// A hidden name beside `path`, which the build and the watcher skip.
fn temporary(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.{}.sendsite-tmp", std::process::id()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_cut_and_put_back_byte_for_byte() {
        for text in [
            "+++\ntitle = \"A\"\n+++\nBody\n",
            "\u{feff}+++\r\ntitle = \"A\"\r\n+++\r\nBody\r\n\r\nMore",
            "Just a body\n",
        ] {
            let parts = Parts::of(Path::new("a.md"), text).unwrap();
            assert_eq!(parts.text(), text);
        }
        let mut parts = Parts::of(Path::new("a.md"), "+++\r\nx = 1\r\n+++\r\nOld\r\n").unwrap();
        parts.set_body("Old\n\n");
        assert_eq!(parts.body, "Old\r\n");
        parts.set_body("New\nlines");
        assert_eq!(parts.text(), "+++\r\nx = 1\r\n+++\r\nNew\r\nlines\r\n");
        let mut page = Parts::of(Path::new("_index.md"), "Welcome\n").unwrap();
        page.front_matter = "title = \"Home\"\n".into();
        assert_eq!(page.text(), "+++\ntitle = \"Home\"\n+++\nWelcome\n");
    }

    #[test]
    fn nothing_is_written_over_a_change_made_elsewhere() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("updates/2025/a.md");
        let inside = dir.path().canonicalize().unwrap();
        let replace =
            |path: &Path, bytes: &[u8], expected: &str| replace(path, bytes, expected, &inside);
        replace(&path, b"one", "").unwrap();
        assert!(matches!(
            replace(&path, b"two", ""),
            Err(WriteError::Changed)
        ));
        let v = version(Some(b"one"));
        replace(&path, b"two", &v).unwrap();
        assert!(matches!(
            replace(&path, b"three", &v),
            Err(WriteError::Changed)
        ));
        assert_eq!(fs::read(&path).unwrap(), b"two");
        let left: Vec<_> = fs::read_dir(path.parent().unwrap()).unwrap().collect();
        assert_eq!(left.len(), 1, "no temporary file is left");
    }

    #[cfg(unix)]
    #[test]
    fn nothing_is_written_through_a_link_out_of_the_folder() {
        let (dir, away) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let inside = dir.path().canonicalize().unwrap();
        std::os::unix::fs::symlink(away.path(), dir.path().join("updates")).unwrap();
        let through = dir.path().join("updates/a.md");
        assert!(matches!(
            replace(&through, b"x", "", &inside),
            Err(WriteError::Outside)
        ));
        assert_eq!(fs::read_dir(away.path()).unwrap().count(), 0);
        std::os::unix::fs::symlink(away.path().join("b.md"), dir.path().join("b.md")).unwrap();
        assert!(matches!(
            replace(&dir.path().join("b.md"), b"x", "", &inside),
            Err(WriteError::Outside)
        ));
    }
}
