//! A save as one transaction: every file it writes (the `.md`, a measure's `.csv`, an uploaded
//! document, a restore's files) and, in team mode, its commit land together or are all undone.
//!
//! Every file is checked against the version its form was opened at before any is written, so
//! a save refused for one file writes none. The files are then written one by one, each in one
//! step ([`write::replace`]); if one cannot be, those already written are put back. Last, the
//! change is recorded; a commit that did not land puts every file back too. A commit that did
//! land is never undone (the history and the files must agree).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use tempfile::NamedTempFile;

use super::write::{self, New, WriteError};
use super::Editor;

/// A file a save wrote, and what it held before.
pub struct Written {
    pub(super) path: PathBuf,
    pub(super) before: Before,
}

impl Written {
    /// `path` is relative to the site's root.
    pub fn new(path: &Path, before: Before) -> Written {
        Written {
            path: path.to_path_buf(),
            before,
        }
    }
}

/// What a file held before a save, to put back if the save does not land: text in memory, a
/// large file (a document) as a private copy on disk, or nothing (the save made it).
pub enum Before {
    /// There was no file.
    Absent,
    /// Its bytes.
    Bytes(Vec<u8>),
    /// A copy of it, in a private temporary file.
    Copy(tempfile::NamedTempFile),
}

/// Files larger than this are kept on disk, not in memory, while a save may be undone.
const IN_MEMORY: u64 = 1024 * 1024;

impl Before {
    /// What the file at `path` holds now.
    pub fn read(path: &Path) -> std::io::Result<Before> {
        let size = match std::fs::metadata(path) {
            Ok(m) => m.len(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Before::Absent),
            Err(e) => return Err(e),
        };
        if size <= IN_MEMORY {
            return std::fs::read(path).map(Before::Bytes);
        }
        // Copied into the private file as it is (mode 600), not with the original's mode.
        let mut copy = super::form::private_file()?;
        std::io::copy(&mut std::fs::File::open(path)?, copy.as_file_mut())?;
        Ok(Before::Copy(copy))
    }

    /// Whether there was a file.
    pub fn exists(&self) -> bool {
        !matches!(self, Before::Absent)
    }

    /// Whether it held exactly `bytes`.
    pub fn is(&self, bytes: &[u8]) -> bool {
        matches!(self, Before::Bytes(b) if b == bytes)
    }

    /// Its bytes for describing a change: a large file is described by its presence only.
    pub(super) fn described(&self) -> Option<&[u8]> {
        match self {
            Before::Absent => None,
            Before::Bytes(b) => Some(b),
            Before::Copy(_) => Some(&[]),
        }
    }

    /// Puts it back at `path`, in one step.
    pub fn put_back(&self, path: &Path) -> std::io::Result<()> {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let temp = path.with_file_name(format!(".{name}.sendsite-undo"));
        let put = |from: &dyn Fn() -> std::io::Result<()>| {
            from().and_then(|()| std::fs::rename(&temp, path))
        };
        match self {
            Before::Absent => match std::fs::remove_file(path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
                _ => Ok(()),
            },
            Before::Bytes(bytes) => put(&|| std::fs::write(&temp, bytes)),
            Before::Copy(copy) => put(&|| std::fs::copy(copy.path(), &temp).map(drop)),
        }
    }
}

/// What the file at `path` holds after a save, for describing it (see [`Before::described`]).
pub(super) fn described_after(path: &Path) -> Option<Vec<u8>> {
    let size = std::fs::metadata(path).ok()?.len();
    match size <= IN_MEMORY {
        true => std::fs::read(path).ok(),
        false => Some(Vec::new()),
    }
}

/// What a file of a save is to hold.
pub enum Content {
    /// Text the form made.
    Bytes(Vec<u8>),
    /// An upload, as it is kept on disk.
    File(Arc<NamedTempFile>),
}

/// One file a save writes.
pub struct Change {
    /// Relative to the site's root, as git names it.
    pub path: PathBuf,
    /// What it will hold; `None`: it is removed.
    pub content: Option<Content>,
    /// The version ([`write::version`]) it must still be at; empty: it must not exist.
    pub expected: String,
}

impl Change {
    /// `path` to hold `bytes`, if it is still at `expected`.
    pub fn write(path: impl Into<PathBuf>, bytes: impl Into<Vec<u8>>, expected: &str) -> Change {
        Change {
            path: path.into(),
            content: Some(Content::Bytes(bytes.into())),
            expected: expected.to_string(),
        }
    }

    /// `path` to hold the uploaded `file`, if it is still at `expected`.
    pub fn upload(path: impl Into<PathBuf>, file: Arc<NamedTempFile>, expected: &str) -> Change {
        Change {
            path: path.into(),
            content: Some(Content::File(file)),
            expected: expected.to_string(),
        }
    }

    /// `path` to hold `bytes`, whatever it holds now (read now: the caller has checked what
    /// it needed to, under the editor's one-save-at-a-time lock).
    pub fn write_over(root: &Path, path: impl Into<PathBuf>, bytes: Option<Vec<u8>>) -> Change {
        let path = path.into();
        let now = write::version_of(&root.join(&path)).ok().flatten();
        Change {
            expected: now.unwrap_or_default(),
            path,
            content: bytes.map(Content::Bytes),
        }
    }
}

impl Editor {
    /// Writes `changes` (in their order) and records them as one change: all of it, or none.
    pub(super) fn apply(
        &self,
        changes: &[Change],
        message: Option<String>,
    ) -> Result<(), WriteError> {
        for c in changes {
            write::unchanged(&self.root.join(&c.path), &c.expected)?;
        }
        let mut done: Vec<Written> = Vec::new();
        for c in changes {
            let at = self.root.join(&c.path);
            let before = Before::read(&at).map_err(WriteError::Io);
            let written = before.and_then(|before| {
                let done = match &c.content {
                    Some(Content::Bytes(bytes)) if before.is(bytes) => Ok(()),
                    Some(Content::Bytes(bytes)) => {
                        write::replace(&at, bytes, &c.expected, &self.content)
                    }
                    Some(Content::File(file)) => {
                        let new = New::File(file.path());
                        write::replace_with(&at, new, &c.expected, &self.content)
                    }
                    None if before.exists() => write::remove(&at, &c.expected, &self.content),
                    None => Ok(()),
                };
                done.map(|()| before)
            });
            match written {
                Ok(before) => done.push(Written::new(&c.path, before)),
                Err(error) => {
                    undo(&self.root, &done);
                    return Err(error);
                }
            }
        }
        self.record(&done, message).map_err(WriteError::NotRecorded)
    }
}

/// Puts every file of `done` back as it was (last written first), each in one step.
pub(super) fn undo(root: &Path, done: &[Written]) {
    for w in done.iter().rev() {
        let path = root.join(&w.path);
        if let Err(e) = w.before.put_back(&path) {
            eprintln!(
                "error: {} could not be put back as it was after a save failed: {e}",
                path.display()
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::path::Path;
    use std::sync::Arc;

    use super::{Change, Editor};
    use crate::editor::write::{version, WriteError};

    fn editor(root: &Path) -> Editor {
        let options = crate::site::BuildOptions {
            drafts: false,
            future: false,
            today: time::macros::date!(2026 - 12 - 05),
        };
        let engine = crate::serve::Engine::new(root, options, "http://127.0.0.1:1");
        let latest = Arc::new(crate::editor::Latest::new(engine.snapshot(0, "/")));
        Editor::new(root, latest, 0, String::new())
    }

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("content/measures")).unwrap();
        fs::write(dir.path().join("content/measures/a.csv"), "old").unwrap();
        fs::write(dir.path().join("content/measures/a.md"), "+++\n+++\n").unwrap();
        dir
    }

    #[test]
    fn a_save_refused_for_one_file_writes_none() {
        let dir = site();
        let root = dir.path();
        let changes = [
            Change::write("content/measures/a.csv", "new", &version(Some(b"old"))),
            // The measure changed on disk since its form was opened.
            Change::write(
                "content/measures/a.md",
                "+++\ntitle = \"x\"\n+++\n",
                "stale",
            ),
        ];
        let refused = editor(root).apply(&changes, None);
        assert!(matches!(refused, Err(WriteError::Changed)));
        assert_eq!(
            fs::read_to_string(root.join("content/measures/a.csv")).unwrap(),
            "old"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_file_that_cannot_be_written_puts_back_those_written_before_it() {
        let dir = site();
        let root = dir.path();
        let elsewhere = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), root.join("content/linked")).unwrap();
        let changes = [
            Change::write("content/measures/a.csv", "new", &version(Some(b"old"))),
            Change::write("content/new.pdf", "%PDF-1.7", ""),
            // Checked and found absent, then refused when written: a link out of content/.
            Change::write("content/linked/b.md", "+++\n+++\n", ""),
        ];
        let refused = editor(root).apply(&changes, None);
        assert!(matches!(refused, Err(WriteError::Outside)));
        assert_eq!(
            fs::read_to_string(root.join("content/measures/a.csv")).unwrap(),
            "old"
        );
        assert!(!root.join("content/new.pdf").exists());
        assert!(!elsewhere.path().join("b.md").exists());
    }
}
