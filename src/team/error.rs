//! What can go wrong in team mode's history and publication, as a type that keeps git's own
//! code (locked, conflict, not found), so that callers can act on it and people are told what
//! happened and what to do, not git's bare words.

use std::io;
use std::path::{Path, PathBuf};

/// An error of the site's history or of publishing.
#[derive(Debug, thiserror::Error)]
pub enum TeamError {
    /// git refused or failed; its code is kept.
    #[error("{}", git_words(.0))]
    Git(#[from] git2::Error),
    /// A file or folder could not be read or written.
    #[error("{}: {source}", .path.display())]
    Io {
        /// The file or folder concerned.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// A version named by a form or a tag is not a commit of this history.
    #[error("\"{0}\" is not a version of the site")]
    NotAVersion(String),
    /// The repository has no working folder (a bare repository).
    #[error("the site's repository has no working folder")]
    Bare,
}

impl TeamError {
    /// `source` about `path`.
    pub fn io(path: impl AsRef<Path>, source: io::Error) -> TeamError {
        TeamError::Io {
            path: path.as_ref().to_path_buf(),
            source,
        }
    }

    /// git's code for what went wrong, if git said it.
    pub fn code(&self) -> Option<git2::ErrorCode> {
        match self {
            TeamError::Git(e) => Some(e.code()),
            _ => None,
        }
    }

    /// Whether a lock file (another program at work, or one left by a program that was stopped)
    /// is in the way.
    pub fn is_locked(&self) -> bool {
        self.code() == Some(git2::ErrorCode::Locked) || self.lock_file().is_some()
    }

    /// The lock file in the way, as git named it.
    pub fn lock_file(&self) -> Option<PathBuf> {
        let TeamError::Git(e) = self else { return None };
        lock_named_in(e.message())
    }

    /// What a person (or the web team) can do about it.
    pub fn what_to_do(&self) -> String {
        if let Some(file) = self.lock_file() {
            return format!(
                "if nobody else is saving or publishing now, the lock was left by a program that was stopped: your web team can remove {} and try again",
                file.display()
            );
        }
        match self {
            TeamError::Git(e) if e.code() == git2::ErrorCode::Locked => "another save or publication is under way: wait a moment and try again".into(),
            TeamError::Io { .. } => "check that the folder is writable by sendsite and the disk has space".into(),
            _ => "check that the site's folder is the git repository team mode made (`git -C <site> fsck` says what is wrong)".into(),
        }
    }
}

/// The lock file git names in `message` ('…/.git/index.lock'), if it names one.
fn lock_named_in(message: &str) -> Option<PathBuf> {
    let start = message.find('\'')? + 1;
    let end = start + message[start..].find('\'')?;
    let path = &message[start..end];
    path.ends_with(".lock").then(|| PathBuf::from(path))
}

/// git's message, with a lock file in the way said in words.
fn git_words(e: &git2::Error) -> String {
    match lock_named_in(e.message()) {
        Some(file) => format!(
            "the site's history is locked: {} exists (another program is changing the history, or one was stopped while it did)",
            file.display()
        ),
        None => e.message().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::TeamError;

    #[test]
    fn a_lock_file_in_the_way_is_named_with_what_to_do() {
        let e = git2::Error::new(
            git2::ErrorCode::Locked,
            git2::ErrorClass::Index,
            "failed to create locked file '/srv/site/.git/index.lock': File exists",
        );
        let e = TeamError::from(e);
        assert!(e.is_locked());
        assert_eq!(e.code(), Some(git2::ErrorCode::Locked));
        assert_eq!(
            e.to_string(),
            "the site's history is locked: /srv/site/.git/index.lock exists (another program is changing the history, or one was stopped while it did)"
        );
        assert!(e.what_to_do().contains("remove /srv/site/.git/index.lock"));
    }

    #[test]
    fn other_git_errors_keep_their_code_and_words() {
        let e = TeamError::from(git2::Error::new(
            git2::ErrorCode::NotFound,
            git2::ErrorClass::Reference,
            "reference 'refs/heads/x' not found",
        ));
        assert!(!e.is_locked());
        assert_eq!(e.code(), Some(git2::ErrorCode::NotFound));
        assert_eq!(e.to_string(), "reference 'refs/heads/x' not found");
    }
}
