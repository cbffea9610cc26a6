//! One build at a time into one output folder.
//!
//! Two builds into the same folder would each clear away the other's half-written copy. The
//! second one therefore waits for the first. The lock is taken on the folder that holds the
//! output (where the temporary copy is written), so no lock file is left behind, and the system
//! releases it even if a build is killed.

use std::fs::File;
use std::io;
use std::path::Path;

/// Held while a build writes its output; released when dropped.
pub struct Lock {
    _file: File,
}

impl Lock {
    /// Takes the lock for `dest`, waiting (and saying so) while another build holds it.
    pub fn take(dest: &Path) -> io::Result<Lock> {
        let parent = dest
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)?;
        let file = File::open(parent)?;
        if !try_lock(&file)? {
            eprintln!(
                "Another build is writing {}; waiting for it to finish.",
                dest.display()
            );
            lock(&file)?;
        }
        Ok(Lock { _file: file })
    }
}

#[cfg(target_os = "linux")]
fn try_lock(file: &File) -> io::Result<bool> {
    use rustix::fs::{flock, FlockOperation};
    match flock(file, FlockOperation::NonBlockingLockExclusive) {
        Ok(()) => Ok(true),
        Err(e) if e == rustix::io::Errno::WOULDBLOCK => Ok(false),
        Err(e) => Err(e.into()),
    }
}

#[cfg(target_os = "linux")]
fn lock(file: &File) -> io::Result<()> {
    use rustix::fs::{flock, FlockOperation};
    flock(file, FlockOperation::LockExclusive).map_err(io::Error::from)
}

/// Elsewhere builds are not serialised (the swap is still all or nothing for each).
#[cfg(not(target_os = "linux"))]
fn try_lock(_: &File) -> io::Result<bool> {
    Ok(true)
}

#[cfg(not(target_os = "linux"))]
fn lock(_: &File) -> io::Result<()> {
    Ok(())
}
