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
    let mut hash = Fnv::new();
    hash.add(bytes);
    hash.version()
}

/// The [`version`] of the file at `path`, read a piece at a time (a document may be 50 MB);
/// `None` when there is no file.
pub fn version_of(path: &Path) -> std::io::Result<Option<String>> {
    use std::io::Read;
    let mut file = match fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let mut hash = Fnv::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            return Ok(Some(hash.version()));
        }
        hash.add(&buf[..n]);
    }
}

/// FNV-1a over bytes given in pieces, and their count.
struct Fnv {
    hash: u64,
    len: u64,
}

impl Fnv {
    fn new() -> Fnv {
        Fnv {
            hash: 0xcbf2_9ce4_8422_2325,
            len: 0,
        }
    }

    fn add(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.hash ^= u64::from(*b);
            self.hash = self.hash.wrapping_mul(0x0100_0000_01b3);
        }
        self.len += bytes.len() as u64;
    }

    fn version(&self) -> String {
        format!("{:016x}-{}", self.hash, self.len)
    }
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

    /// The file's text, in the file's own line endings throughout (the TOML writer writes
    /// `\n`, so a changed field of a CRLF file would otherwise mix the two).
    pub fn text(&self) -> String {
        let eol = self.line_ending();
        let fence = format!("+++{eol}");
        // A body that starts like front matter must stay body: it gets an empty front matter
        // before it, or the next read would take its first lines for settings.
        let looks_like_front_matter = self.body.starts_with("+++") || self.body.starts_with("---");
        if self.front_matter.trim().is_empty()
            && self.between.is_empty()
            && !looks_like_front_matter
        {
            return format!("{}{}", self.before, self.body);
        }
        let before = match self.between.is_empty() {
            true => format!("{}{fence}", self.before),
            false => self.before.clone(),
        };
        let between = match self.between.is_empty() {
            true => &fence,
            false => &self.between,
        };
        let front_matter = self.front_matter.replace("\r\n", "\n").replace('\n', eol);
        format!("{before}{front_matter}{between}{}", self.body)
    }

    /// The line ending the file uses: its `+++` lines', or its body's when it has none.
    fn line_ending(&self) -> &'static str {
        let crlf = match self.between.is_empty() {
            false => self.between.ends_with("\r\n"),
            true => self.body.contains("\r\n"),
        };
        if crlf {
            "\r\n"
        } else {
            "\n"
        }
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
    /// Team mode: the change could not be recorded in the site's history, so it was undone.
    NotRecorded(crate::team::TeamError),
}

impl WriteError {
    /// Why, in words.
    pub fn reason(&self) -> String {
        match self {
            WriteError::Changed => "the file changed on disk since the form was opened".into(),
            WriteError::Outside => "it would be written outside content/, through a link".into(),
            WriteError::Io(e) => e.to_string(),
            WriteError::NotRecorded(e) => {
                format!("it could not be recorded in the site's history ({e}), so it was undone: nothing was changed. To fix it, {}", e.what_to_do())
            }
        }
    }
}

/// Whether the file at `path` is still at `expected` (a [`version`]; empty: there is no file).
pub fn unchanged(path: &Path, expected: &str) -> Result<(), WriteError> {
    let now = version_of(path).map_err(WriteError::Io)?;
    if now.unwrap_or_default() == expected {
        Ok(())
    } else {
        Err(WriteError::Changed)
    }
}

/// What a file is to hold: bytes in memory, or the contents of another file (an upload, kept
/// on disk).
#[derive(Clone, Copy)]
pub enum New<'a> {
    /// These bytes.
    Bytes(&'a [u8]),
    /// The contents of this file.
    File(&'a Path),
}

impl New<'_> {
    /// Writes it into `file`.
    fn write_into(&self, file: &mut fs::File) -> std::io::Result<()> {
        match self {
            New::Bytes(bytes) => file.write_all(bytes),
            New::File(from) => std::io::copy(&mut fs::File::open(from)?, file).map(drop),
        }
    }

    /// Whether the file at `path` holds it.
    fn is_in(&self, path: &Path) -> bool {
        match self {
            New::Bytes(bytes) => fs::read(path).ok().as_deref() == Some(*bytes),
            New::File(from) => {
                let (a, b) = (version_of(path), version_of(from));
                matches!((a, b), (Ok(Some(a)), Ok(Some(b))) if a == b)
            }
        }
    }
}

/// Writes `bytes` to `path` in one step, only if the file is still at `expected` (a
/// [`version`]; empty: it must not exist yet). Folders are made as needed, and the file must end
/// up inside `inside` (the site's `content/`, canonical): a folder that is a link to somewhere
/// else, or a file that is a link, is refused rather than written through.
///
/// Checking and then renaming would leave a moment in which another program's change is
/// replaced unseen. So the new file is swapped in atomically (Linux's `RENAME_EXCHANGE`), and
/// the file it displaced is checked: if it is not the version the form was opened at, the swap
/// is undone and the save refused. A new file is linked in only if no file has the name yet.
pub fn replace(path: &Path, bytes: &[u8], expected: &str, inside: &Path) -> Result<(), WriteError> {
    replace_with(path, New::Bytes(bytes), expected, inside)
}

/// [`replace`], with what the file is to hold given as [`New`].
pub fn replace_with(
    path: &Path,
    new: New,
    expected: &str,
    inside: &Path,
) -> Result<(), WriteError> {
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
    let result = write_temporary(&temp, path, new).and_then(|()| match expected.is_empty() {
        true => create(&temp, path),
        false => swap_in(&temp, path, new, expected),
    });
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// Deletes the file at `path`, only if it is still at `expected` (a [`version`]) and inside
/// `inside` (the site's `content/`, canonical). The file is first moved aside in one step, and
/// what was moved is checked: a change made in the meantime is put back, and the removal refused.
pub fn remove(path: &Path, expected: &str, inside: &Path) -> Result<(), WriteError> {
    match path.symlink_metadata() {
        Ok(m) if m.is_file() => {}
        Ok(_) => return Err(WriteError::Outside),
        Err(_) => return Err(WriteError::Changed),
    }
    unchanged(path, expected)?;
    let folder = path.parent().ok_or(WriteError::Changed)?;
    if !folder
        .canonicalize()
        .map_err(WriteError::Io)?
        .starts_with(inside)
    {
        return Err(WriteError::Outside);
    }
    let aside = temporary(path);
    fs::rename(path, &aside).map_err(WriteError::Io)?;
    if unchanged(&aside, expected).is_err() {
        // Put back only if nothing took its name since; else keep both, never lose either.
        if fs::hard_link(&aside, path).is_ok() {
            let _ = fs::remove_file(&aside);
        }
        return Err(WriteError::Changed);
    }
    fs::remove_file(&aside).map_err(WriteError::Io)
}

/// Writes the new text beside the file, on disk before it takes the file's place.
fn write_temporary(temp: &Path, path: &Path, new: New) -> Result<(), WriteError> {
    let mut file = fs::File::create_new(temp).map_err(WriteError::Io)?;
    new.write_into(&mut file).map_err(WriteError::Io)?;
    file.sync_all().map_err(WriteError::Io)?;
    if let Ok(meta) = fs::metadata(path) {
        fs::set_permissions(temp, meta.permissions()).map_err(WriteError::Io)?;
    }
    Ok(())
}

/// Gives a new file its name, unless a file took the name meanwhile (a hard link is never made
/// over an existing name).
fn create(temp: &Path, path: &Path) -> Result<(), WriteError> {
    match fs::hard_link(temp, path) {
        Ok(()) => {
            let _ = fs::remove_file(temp);
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(WriteError::Changed),
        Err(e) => Err(WriteError::Io(e)),
    }
}

/// Swaps the new text in and checks what it displaced; undoes the swap when that was not the
/// `expected` version. Where the system cannot swap, checks once more and renames.
fn swap_in(temp: &Path, path: &Path, new: New, expected: &str) -> Result<(), WriteError> {
    if exchange(temp, path).is_err() {
        unchanged(path, expected)?;
        return fs::rename(temp, path).map_err(WriteError::Io);
    }
    let displaced = version_of(temp).ok().flatten().unwrap_or_default();
    if displaced == expected {
        let _ = fs::remove_file(temp);
        return Ok(());
    }
    // Someone else's change: put it back. Should yet another change have landed in between,
    // keep what comes back beside the file rather than delete anything that is not ours.
    exchange(temp, path).map_err(WriteError::Io)?;
    if new.is_in(temp) {
        let _ = fs::remove_file(temp);
    } else {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let _ = fs::rename(
            temp,
            path.with_file_name(format!(".{name}.sendsite-conflict")),
        );
    }
    Err(WriteError::Changed)
}

/// Swaps two files atomically.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

/// Swaps two files atomically (not available here: the caller checks, then renames).
#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
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
    fn regression_a_body_that_starts_like_front_matter_stays_body() {
        let mut page = Parts::of(Path::new("_index.md"), "Welcome\n").unwrap();
        page.set_body("+++\ntitle = \"Injected\"\n+++\nHello");
        let text = page.text();
        assert_eq!(text, "+++\n+++\n+++\ntitle = \"Injected\"\n+++\nHello\n");
        let again = Parts::of(Path::new("_index.md"), &text).unwrap();
        assert_eq!(again.front_matter, "");
        assert!(again.body.starts_with("+++\ntitle = \"Injected\""));
    }

    #[test]
    fn regression_a_crlf_file_keeps_crlf_when_a_field_changes() {
        let text = "+++\r\ntitle = \"A\"\r\n# note\r\n+++\r\nBody\r\n";
        let (mut doc, mut parts) = Parts::read(Path::new("a.md"), text).unwrap();
        doc["title"] = toml_edit::value("B");
        doc["summary"] = toml_edit::value("New");
        parts.front_matter = doc.to_string();
        let written = parts.text();
        assert_eq!(
            written.matches("\r\n").count(),
            written.matches('\n').count(),
            "{written:?}"
        );
        assert!(written.contains("title = \"B\"\r\n"), "{written:?}");
        assert!(written.contains("# note\r\n+++\r\nBody\r\n"), "{written:?}");
        let mut page = Parts::of(Path::new("_index.md"), "Welcome\r\n").unwrap();
        page.front_matter = "title = \"Home\"\n".into();
        assert_eq!(page.text(), "+++\r\ntitle = \"Home\"\r\n+++\r\nWelcome\r\n");
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

    #[test]
    fn regression_a_change_made_while_saving_is_never_lost() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        let inside = dir.path().canonicalize().unwrap();
        let (mut saved, mut refused) = (0, 0);
        for round in 0..300u64 {
            fs::write(&path, b"as opened").unwrap();
            let v = version(Some(b"as opened"));
            // Another program saves as editors do: a file of its own, renamed over the name.
            let other = {
                let (path, dir) = (path.clone(), dir.path().to_path_buf());
                std::thread::spawn(move || {
                    std::thread::sleep(std::time::Duration::from_micros(round % 7 * 50));
                    let theirs = dir.join(format!("theirs-{round}"));
                    fs::write(&theirs, b"their change").unwrap();
                    fs::rename(&theirs, &path).unwrap();
                })
            };
            match replace(&path, b"our change", &v, &inside) {
                Ok(()) => saved += 1,
                Err(WriteError::Changed) => refused += 1,
                Err(e) => panic!("{}", e.reason()),
            }
            other.join().unwrap();
            // Theirs came either before the save (which is then refused) or after it.
            assert_eq!(fs::read(&path).unwrap(), b"their change", "round {round}");
        }
        assert_eq!(saved + refused, 300);
        let left = fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(left, 1, "no temporary file is left");
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
