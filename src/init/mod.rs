//! `sendsite init DIR`: a new council's site that builds at once.
//!
//! The starter files live in `src/init/scaffold/` as real files, embedded at compile time.

use std::fs;
use std::path::Path;

/// The starter site: path under the new folder → contents.
const FILES: &[(&str, &str)] = &[
    (
        "content/site.toml",
        include_str!("scaffold/content/site.toml"),
    ),
    (
        "content/_index.md",
        include_str!("scaffold/content/_index.md"),
    ),
    (
        "content/areas/accountability.md",
        include_str!("scaffold/content/areas/accountability.md"),
    ),
    (
        "content/areas/co-production.md",
        include_str!("scaffold/content/areas/co-production.md"),
    ),
    (
        "content/updates/2024-01-15-inspection-report.md",
        include_str!("scaffold/content/updates/2024-01-15-inspection-report.md"),
    ),
    (
        "content/pages/about.md",
        include_str!("scaffold/content/pages/about.md"),
    ),
];

/// Why a site could not be created.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    /// The folder already has content.
    #[error("{0} already has a content folder; choose an empty or new folder")]
    Exists(String),
    /// A file could not be written.
    #[error("cannot write {0}: {1}")]
    Io(String, std::io::Error),
}

/// Writes the starter site into `dir`, which must not already hold `content/`.
pub fn init(dir: &Path) -> Result<usize, InitError> {
    if dir.join("content").exists() {
        return Err(InitError::Exists(dir.display().to_string()));
    }
    for (path, text) in FILES {
        let target = dir.join(path);
        let io = |e| InitError::Io(target.display().to_string(), e);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(io)?;
        }
        fs::write(&target, text).map_err(|e| InitError::Io(target.display().to_string(), e))?;
    }
    Ok(FILES.len())
}
