//! Write: outputs → a folder on disk, all or nothing.
//!
//! The site is written into a fresh temporary folder beside the destination and swapped in only
//! when every file is written, so a failed build, a killed process or a full disk leaves the
//! previous site exactly as it was.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::render::{Body, Output};

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
    #[error("the output folder {0} holds the site's own files; choose another with --output")]
    Unsafe(PathBuf),
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Writes every output under `dest`, replacing what was there only if all of it was written.
pub fn write_atomically(outputs: &[Output], dest: &Path, root: &Path) -> Result<(), WriteError> {
    check_destination(dest, root)?;
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
    if let Err(e) = write_tree(outputs, &staging) {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    swap_in(&staging, dest, parent, &name)
}

/// Refuses destinations that are the site root, or a folder above it, or its content.
fn check_destination(dest: &Path, root: &Path) -> Result<(), WriteError> {
    let canon = |p: &Path| fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let (d, r) = (canon(dest), canon(root));
    if r.starts_with(&d) || d.starts_with(r.join("content")) || d.starts_with(r.join("themes")) {
        return Err(WriteError::Unsafe(dest.to_path_buf()));
    }
    Ok(())
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
    let mut found: Vec<(String, PathBuf)> = read
        .flatten()
        .map(|item| (item.file_name().to_string_lossy().into_owned(), item.path()))
        .filter(|(file, _)| prefixes.iter().any(|p| file.starts_with(p.as_str())))
        .collect();
    found.sort();
    if !dest.exists() {
        if let Some((_, old)) = found
            .iter()
            .find(|(file, _)| file.starts_with(prefixes[1].as_str()))
        {
            let _ = fs::rename(old, &dest);
        }
    }
    for (_, path) in found {
        let _ = fs::remove_dir_all(path);
    }
}
