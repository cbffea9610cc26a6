//! Publishing an approved version: the files of one commit, exactly, built into the live folder
//! atomically (as `build` writes), whatever the working folder holds now. The live folder so
//! never shows a change nobody approved, and a failed build leaves it as it was.

use std::path::Path;

use super::history::History;
use super::Team;
use crate::build::{build, BuildReport};
use crate::error::{Diagnostic, Diagnostics};
use crate::site::BuildOptions;

/// What to do when the repository cannot be read.
const HISTORY_HINT: &str = "check that the site's folder is the git repository team mode made (`git -C <site> fsck` says what is wrong)";

/// One error about `file` (the repository, `.git`, unless said otherwise), as a build's.
fn problem(file: impl AsRef<Path>, why: String, hint: &str) -> Diagnostics {
    let mut d = Diagnostics::new();
    d.push(Diagnostic::error(file.as_ref(), why).hint(hint));
    d
}

/// Builds `commit` of the site at `root` into the team's `publish_to`, as published on
/// `options.today` (no drafts, nothing dated after it).
pub fn build_commit(
    root: &Path,
    team: &Team,
    commit: &str,
    today: time::Date,
) -> Result<BuildReport, Diagnostics> {
    let history = History::open(root).map_err(|e| {
        problem(
            ".git",
            format!("cannot read the site's history: {e}"),
            HISTORY_HINT,
        )
    })?;
    let scratch = tempfile::Builder::new()
        .prefix("sendsite-publish-")
        .tempdir()
        .map_err(|e| {
            let why = format!("cannot make a folder to build in: {e}");
            problem(
                std::env::temp_dir(),
                why,
                "free some space, or set TMPDIR to a folder sendsite may write",
            )
        })?;
    history.export(commit, scratch.path()).map_err(|e| {
        problem(
            ".git",
            format!("cannot read the approved version: {e}"),
            HISTORY_HINT,
        )
    })?;
    let options = BuildOptions {
        drafts: false,
        future: false,
        today,
    };
    build(scratch.path(), &team.publish_to, &options, None)
}

/// `sendsite publish`: builds the last approved version again, for the day it runs (an
/// embargoed update approved earlier appears on its day, without another approval).
pub fn republish(root: &Path, today: time::Date) -> Result<(String, BuildReport), Diagnostics> {
    let team = Team::load(root).map_err(|errors| {
        let mut d = Diagnostics::new();
        d.extend(errors);
        d
    })?;
    let history = History::open(root).map_err(|e| {
        problem(
            ".git",
            format!("the site has no history to publish from: {e}"),
            "start `sendsite serve --team` once: it makes the repository",
        )
    })?;
    let last = history
        .last_publication()
        .map_err(|e| {
            problem(
                ".git",
                format!("cannot read the publications: {e}"),
                HISTORY_HINT,
            )
        })?
        .ok_or_else(|| {
            problem(
                ".git",
                "nothing has been approved yet, so nothing is published".into(),
                "an approver publishes first, on the editor's Publish page",
            )
        })?;
    let report = build_commit(root, &team, &last.commit, today)?;
    Ok((last.tag, report))
}
