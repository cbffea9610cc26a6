//! Publishing an approved version: the files of one commit, exactly, built into the live folder
//! atomically (as `build` writes), whatever the working folder holds now. The live folder so
//! never shows a change nobody approved, and a failed build leaves it as it was.

use std::path::Path;

use super::history::History;
use super::Team;
use crate::build::{build, BuildReport};
use crate::error::{Diagnostic, Diagnostics};
use crate::site::BuildOptions;

/// Builds `commit` of the site at `root` into the team's `publish_to`, as published on
/// `options.today` (no drafts, nothing dated after it).
pub fn build_commit(
    root: &Path,
    team: &Team,
    commit: &str,
    today: time::Date,
) -> Result<BuildReport, Diagnostics> {
    let failed = |why: String| {
        let mut d = Diagnostics::new();
        d.push(Diagnostic::error(super::config::FILE, why));
        d
    };
    let history =
        History::open(root).map_err(|e| failed(format!("cannot read the site's history: {e}")))?;
    let scratch = tempfile::Builder::new()
        .prefix("sendsite-publish-")
        .tempdir()
        .map_err(|e| failed(format!("cannot make a folder to build in: {e}")))?;
    history
        .export(commit, scratch.path())
        .map_err(|e| failed(format!("cannot read the approved version: {e}")))?;
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
    let failed = |why: String, hint: &str| {
        let mut d = Diagnostics::new();
        d.push(Diagnostic::error(super::config::FILE, why).hint(hint));
        d
    };
    let history = History::open(root).map_err(|e| {
        failed(
            format!("the site has no history to publish from: {e}"),
            "start `sendsite serve --team` once: it makes the repository",
        )
    })?;
    let last = history
        .last_publication()
        .map_err(|e| failed(format!("cannot read the publications: {e}"), ""))?
        .ok_or_else(|| {
            failed(
                "nothing has been approved yet, so nothing is published".into(),
                "an approver publishes first, on the editor's Publish page",
            )
        })?;
    let report = build_commit(root, &team, &last.commit, today)?;
    Ok((last.tag, report))
}
