//! `sendsite init DIR`: a new council's site that builds at once.
//!
//! The starter files live in `src/init/scaffold/` (and, for the 2023 framework, in
//! `src/init/scaffold-2023/`) as real files, embedded at compile time.

use std::fs;
use std::path::Path;

use crate::vocabulary::Framework;

/// The files every starter site has, whatever its framework.
const SHARED: &[(&str, &str)] = &[(
    "content/pages/about.md",
    include_str!("scaffold/content/pages/about.md"),
)];

/// The starter of a site under the 2016 framework: two areas of significant weakness.
const FILES_2016: &[(&str, &str)] = &[
    (
        "content/_index.md",
        include_str!("scaffold/content/_index.md"),
    ),
    (
        "content/site.toml",
        include_str!("scaffold/content/site.toml"),
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
];

/// The starter of a site under the 2023 framework: an outcome, one area of each type, and the
/// council's own assessment.
const FILES_2023: &[(&str, &str)] = &[
    (
        "content/_index.md",
        include_str!("scaffold-2023/content/_index.md"),
    ),
    (
        "content/site.toml",
        include_str!("scaffold-2023/content/site.toml"),
    ),
    (
        "content/areas/waiting-times.md",
        include_str!("scaffold-2023/content/areas/waiting-times.md"),
    ),
    (
        "content/areas/communication.md",
        include_str!("scaffold-2023/content/areas/communication.md"),
    ),
    (
        "content/updates/2024-01-15-inspection-report.md",
        include_str!("scaffold-2023/content/updates/2024-01-15-inspection-report.md"),
    ),
    (
        "content/updates/2024-04-30-progress-update.md",
        include_str!("scaffold-2023/content/updates/2024-04-30-progress-update.md"),
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

/// Writes the starter site of `framework` into `dir`, which must not already hold `content/`.
pub fn init(dir: &Path, framework: Framework) -> Result<usize, InitError> {
    if dir.join("content").exists() {
        return Err(InitError::Exists(dir.display().to_string()));
    }
    let own = match framework {
        Framework::F2016 => FILES_2016,
        Framework::F2023 => FILES_2023,
    };
    for (path, text) in SHARED.iter().chain(own) {
        let target = dir.join(path);
        let io = |e| InitError::Io(target.display().to_string(), e);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(io)?;
        }
        fs::write(&target, text).map_err(|e| InitError::Io(target.display().to_string(), e))?;
    }
    Ok(SHARED.len() + own.len())
}
