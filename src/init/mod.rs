//! `sendsite init DIR`: a new council's site that builds at once.
//!
//! The starter files live in `src/init/scaffold/` (and, for the 2023 framework, in
//! `src/init/scaffold-2023/`) as real files, embedded at compile time.

use std::fs;
use std::path::Path;

use crate::vocabulary::Framework;

/// The sentences the starter files write for the council to replace with its own: `check` and
/// `build` warn of each while it is still in the site.
pub const PLACEHOLDERS: &[&str] = &[
    "Write the inspectors' finding here, in their words.",
    "Explain what this finding means for families, and what happens next.",
    "Write what happened here.",
    "Say what has been done since the last update, and what comes next.",
    "Explain who publishes this page and how often it is updated.",
];

/// The council's name as the starter settings give it, until the council writes its own.
pub const ORGANISATION: &str = "Example Council";

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

#[cfg(test)]
mod tests {
    use super::*;

    /// The placeholder list and the starter files say the same: every text the starter leaves
    /// for the council to write (a body, a finding) is a placeholder `check` knows, and every
    /// placeholder is in a starter file.
    #[test]
    fn the_placeholders_are_the_starters() {
        let files: Vec<&str> = SHARED
            .iter()
            .chain(FILES_2016)
            .chain(FILES_2023)
            .filter(|(path, _)| !path.ends_with("_index.md") && path.ends_with(".md"))
            .map(|(_, text)| *text)
            .collect();
        for text in &files {
            let body = text.rsplit("+++\n").next().unwrap_or("");
            assert!(
                PLACEHOLDERS.iter().any(|p| body.starts_with(p)),
                "a starter body that check does not know: {body}"
            );
            if let Some(line) = text.lines().find(|l| l.starts_with("finding = ")) {
                let finding = line.trim_start_matches("finding = ").trim_matches('"');
                assert!(PLACEHOLDERS.contains(&finding), "{finding}");
            }
        }
        for p in PLACEHOLDERS {
            assert!(
                files.iter().any(|t| t.contains(p)),
                "{p} is in no starter file"
            );
        }
        let settings = [FILES_2016, FILES_2023].map(|f| {
            f.iter()
                .find(|(p, _)| p.ends_with("site.toml"))
                .map(|(_, t)| *t)
                .unwrap_or("")
        });
        for s in settings {
            assert!(s.contains(&format!("organisation = \"{ORGANISATION}\"")));
        }
    }
}
