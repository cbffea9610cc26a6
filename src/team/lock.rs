//! An operating-system lock on a file, which separate processes (`serve --team` and
//! `sendsite publish` from cron) and threads of one process all respect: the second taker waits.
//! The system releases it when its holder ends, however it ends, so a killed publication never
//! leaves the site locked.

use std::fs::File;
use std::path::Path;

use super::TeamError;

/// Held while it lives.
pub struct FileLock {
    _file: File,
}

impl FileLock {
    /// Waits for, then takes, the lock on `path` (made if need be, mode 600).
    pub fn take(path: &Path) -> Result<FileLock, TeamError> {
        let mut options = std::fs::OpenOptions::new();
        options.create(true).truncate(false).write(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let file = options.open(path).map_err(|e| TeamError::io(path, e))?;
        lock(&file).map_err(|e| TeamError::io(path, e))?;
        Ok(FileLock { _file: file })
    }
}

/// Locks `file` for this open file (not this process: two threads opening it each wait for
/// the other).
#[cfg(target_os = "linux")]
fn lock(file: &File) -> std::io::Result<()> {
    use rustix::fs::{flock, FlockOperation};
    flock(file, FlockOperation::LockExclusive).map_err(std::io::Error::from)
}

/// Elsewhere publications are not serialised between processes (as builds are not: see
/// `output/lock.rs`); team mode is for the Linux servers councils run.
#[cfg(not(target_os = "linux"))]
fn lock(_: &File) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::FileLock;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    use std::time::Duration;

    #[test]
    fn a_second_taker_waits_for_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.lock");
        let first = FileLock::take(&path).unwrap();
        let taken = Arc::new(AtomicBool::new(false));
        let seen = Arc::clone(&taken);
        let other = path.clone();
        let waiter = std::thread::spawn(move || {
            let _second = FileLock::take(&other).unwrap();
            seen.store(true, Ordering::SeqCst);
        });
        std::thread::sleep(Duration::from_millis(200));
        assert!(!taken.load(Ordering::SeqCst), "taken while held");
        drop(first);
        waiter.join().unwrap();
        assert!(taken.load(Ordering::SeqCst));
    }
}
