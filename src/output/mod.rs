//! Write: outputs → a folder on disk, all or nothing.
//!
//! The site is written into a fresh temporary folder beside the destination and swapped in only
//! when every file is written, so a failed build, a killed process or a full disk leaves the
//! previous site exactly as it was.
//!
//! The output folder is replaced whole, so this stage only ever replaces a folder that sendsite
//! wrote itself (it leaves a `.sendsite` marker in it): a link, a file, a folder inside the
//! sources or a folder of someone else's files is refused before anything is written. A lock
//! beside the folder makes a second build into the same place wait for the first.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::render::{Body, Output};

mod lock;

/// Why the site could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// A file or folder could not be written.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The path concerned.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
    /// The output folder would hold or replace the sources.
    #[error(
        "the output folder {0} is inside the site's own files (content/ or themes/), or holds them"
    )]
    Unsafe(PathBuf),
    /// The output is a symbolic link, which sendsite does not write through.
    #[error("the output folder {0} is a link to {1}")]
    Link(PathBuf, PathBuf),
    /// The output is a file, not a folder.
    #[error("the output {0} is a file, not a folder")]
    File(PathBuf),
    /// The output folder holds files that sendsite did not write.
    #[error("the output folder {0} already holds files that sendsite did not write")]
    Foreign(PathBuf),
}

impl WriteError {
    /// What the person running the build can do about it.
    pub fn hint(&self) -> String {
        match self {
            WriteError::Io { .. } => "check that the folder is writable and the disk has space".into(),
            WriteError::Unsafe(_) => "write the site somewhere else, e.g. --output public (the default)".into(),
            WriteError::Link(_, target) => format!(
                "sendsite replaces its output folder whole and will not do that through a link; build into a folder of its own (e.g. --output public) and copy or link that to where it is served, or pass --output {} if everything in it may be replaced",
                target.display()
            ),
            WriteError::File(_) => "pass the name of a folder to --output; a file there is never replaced".into(),
            WriteError::Foreign(_) => format!(
                "sendsite replaces its output folder whole, so it only writes into an empty folder or one it built (marked by a {MARKER} file); choose another folder with --output, or empty this one first"
            ),
        }
    }
}

/// The file that marks a folder as sendsite's output, so a later build may replace it.
pub const MARKER: &str = ".sendsite";

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Writes every output under `dest`, replacing what was there only if all of it was written.
pub fn write_atomically(outputs: &[Output], dest: &Path, root: &Path) -> Result<(), WriteError> {
    stage(outputs, dest, root)?.swap()
}

/// A site written in full beside its destination, not yet in its place. The output folder's
/// lock is held until it is swapped in or dropped; dropped unswapped, it is removed and the
/// destination is as it was. Between the two, the caller may record what it is about to put
/// live (team mode tags a publication), knowing that nothing can fail any more but the swap.
pub struct Staged {
    _lock: lock::Lock,
    staging: PathBuf,
    dest: PathBuf,
    parent: PathBuf,
    name: String,
    swapped: bool,
}

/// Writes every output into a new folder beside `dest` (see [`Staged`]).
pub fn stage(outputs: &[Output], dest: &Path, root: &Path) -> Result<Staged, WriteError> {
    check_destination(dest, root)?;
    let lock = lock::Lock::take(dest).map_err(io_err(dest))?;
    check_existing(dest)?;
    let parent = dest
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = dest
        .file_name()
        .map_or("public".into(), |n| n.to_string_lossy().into_owned());
    fs::create_dir_all(parent).map_err(io_err(parent))?;
    remove_leftovers(parent, &name);
    let staging = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    let staged = Staged {
        _lock: lock,
        staging: staging.clone(),
        dest: dest.to_path_buf(),
        parent: parent.to_path_buf(),
        name,
        swapped: false,
    };
    write_tree(outputs, &staging)?;
    let marker = staging.join(MARKER);
    fs::write(
        &marker,
        "This folder is written by `sendsite build`, which replaces it whole.\n",
    )
    .map_err(io_err(&marker))?;
    Ok(staged)
}

impl Staged {
    /// Puts the new site in place of the old one, in one step where the system can.
    pub fn swap(mut self) -> Result<(), WriteError> {
        swap_in(&self.staging, &self.dest, &self.parent, &self.name)?;
        self.swapped = true;
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.swapped {
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
}

/// Writes one file beside the output folder (the nginx configuration): to a temporary file in the
/// same folder, then renamed over the old one, so a reader never sees half of it. A link at its
/// place is replaced, never followed.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let name = path
        .file_name()
        .map_or("file".into(), |n| n.to_string_lossy().into_owned());
    let temp = path.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
    let written = fs::write(&temp, bytes).and_then(|()| fs::rename(&temp, path));
    written.map_err(|e| {
        let _ = fs::remove_file(&temp);
        io_err(path)(e)
    })
}

/// Refuses destinations that are the site root, or a folder above it, or inside its sources,
/// however the path is written (`content/out`, `./content/x`, `x/../content/y`), and whether or
/// not it exists yet.
fn check_destination(dest: &Path, root: &Path) -> Result<(), WriteError> {
    let (d, r) = (resolve(dest), resolve(root));
    if r.starts_with(&d) || d.starts_with(r.join("content")) || d.starts_with(r.join("themes")) {
        return Err(WriteError::Unsafe(dest.to_path_buf()));
    }
    Ok(())
}

/// What is at the destination now may be replaced only if sendsite wrote it (or it is empty).
fn check_existing(dest: &Path) -> Result<(), WriteError> {
    let Ok(meta) = fs::symlink_metadata(dest) else {
        return Ok(());
    };
    if meta.file_type().is_symlink() {
        let target = fs::read_link(dest).unwrap_or_default();
        return Err(WriteError::Link(dest.to_path_buf(), target));
    }
    if !meta.is_dir() {
        return Err(WriteError::File(dest.to_path_buf()));
    }
    let mut items = fs::read_dir(dest).map_err(io_err(dest))?;
    let empty = items.next().is_none();
    if empty || dest.join(MARKER).is_file() || legacy_output(dest) {
        return Ok(());
    }
    Err(WriteError::Foreign(dest.to_path_buf()))
}

/// A site built before the marker existed: it has the pages only sendsite writes together (the
/// subscribe page, the accessibility statement, the feeds, the stylesheet and the sitemap).
fn legacy_output(dest: &Path) -> bool {
    [
        "static/style.css",
        "sitemap.xml",
        "404.html",
        "feed.xml",
        "atom.xml",
        "subscribe/index.html",
        "accessibility/index.html",
    ]
    .iter()
    .all(|f| dest.join(f).is_file())
}

/// An absolute path with `.` and `..` worked out: through the links of the part that exists,
/// and lexically from the first folder that does not (`nothere/../content/out` is
/// `content/out`, whether or not `nothere/` exists).
fn resolve(path: &Path) -> PathBuf {
    use std::path::Component;
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut resolved = PathBuf::new();
    let mut exists = true;
    for part in absolute.components() {
        if exists {
            let next = resolved.join(part);
            if fs::symlink_metadata(&next).is_ok() {
                resolved = fs::canonicalize(&next).unwrap_or(next);
                continue;
            }
            exists = false;
        }
        match part {
            Component::ParentDir => {
                resolved.pop();
            }
            Component::CurDir => {}
            other => resolved.push(other),
        }
    }
    resolved
}

/// Writes the outputs into a new folder, in parallel (each file creates its own folder).
fn write_tree(outputs: &[Output], dir: &Path) -> Result<(), WriteError> {
    fs::create_dir_all(dir).map_err(io_err(dir))?;
    outputs.par_iter().try_for_each(|output| {
        let path = dir.join(&output.path);
        if let Some(folder) = path.parent() {
            fs::create_dir_all(folder).map_err(io_err(folder))?;
        }
        match &output.body {
            Body::Bytes(bytes) => fs::write(&path, bytes).map_err(io_err(&path)),
            Body::Copy(from) => fs::copy(from, &path).map(drop).map_err(io_err(from)),
        }
    })
}

/// Removes a folder and everything in it, spreading the work over every core: a site of
/// thousands of pages is thousands of folders.
fn remove_tree(dir: &Path) -> io::Result<()> {
    let items: Vec<fs::DirEntry> = fs::read_dir(dir)?.collect::<io::Result<_>>()?;
    items.par_iter().try_for_each(|item| {
        if item.file_type()?.is_dir() {
            remove_tree(&item.path())
        } else {
            fs::remove_file(item.path())
        }
    })?;
    fs::remove_dir(dir)
}

/// Moves the new site into place and removes the old one. Where the system can swap two folders
/// in one step (Linux), there is no moment at which `dest` is missing; elsewhere the old site is
/// moved aside first and put back if the new one cannot take its place.
fn swap_in(staging: &Path, dest: &Path, parent: &Path, name: &str) -> Result<(), WriteError> {
    let had_old = dest.exists();
    if had_old && exchange(staging, dest).is_ok() {
        let _ = remove_tree(staging);
        return Ok(());
    }
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    if had_old {
        fs::rename(dest, &old).map_err(io_err(dest))?;
    }
    if let Err(source) = fs::rename(staging, dest) {
        if had_old {
            let _ = fs::rename(&old, dest);
        }
        let _ = fs::remove_dir_all(staging);
        return Err(WriteError::Io {
            path: dest.to_path_buf(),
            source,
        });
    }
    if had_old {
        let _ = remove_tree(&old);
    }
    Ok(())
}

/// Swaps two folders atomically.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

/// Swaps two folders atomically (not available here: the caller falls back to two renames).
#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

/// Removes folders left by a build that was killed before it could clean up; if it was killed
/// between moving the old site aside and moving the new one in, puts the old site back first.
fn remove_leftovers(parent: &Path, name: &str) {
    let Ok(read) = fs::read_dir(parent) else {
        return;
    };
    let dest = parent.join(name);
    let prefixes = [format!(".{name}.tmp-"), format!(".{name}.old-")];
    // Only the exact names a build gives its folders (`.public.tmp-<process id>`), never a
    // folder of someone else's that merely starts the same way.
    let ours = |file: &str| {
        prefixes.iter().any(|p| {
            file.strip_prefix(p.as_str())
                .is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
        })
    };
    let mut found: Vec<(String, PathBuf)> = read
        .flatten()
        .filter(|item| item.file_type().is_ok_and(|t| t.is_dir()))
        .map(|item| (item.file_name().to_string_lossy().into_owned(), item.path()))
        .filter(|(file, _)| ours(file))
        .collect();
    found.sort();
    if !dest.exists() {
        // The old site moved aside by a killed build: put back only a folder sendsite wrote.
        if let Some((_, old)) = found.iter().find(|(file, path)| {
            file.starts_with(prefixes[1].as_str())
                && (path.join(MARKER).is_file() || legacy_output(path))
        }) {
            let _ = fs::rename(old, &dest);
        }
    }
    for (_, path) in found {
        let _ = fs::remove_dir_all(path);
    }
}
