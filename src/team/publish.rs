//! Publishing an approved version: the files of one commit, exactly, built into the live folder
//! atomically (as `build` writes), whatever the working folder holds now. The live folder so
//! never shows a change nobody approved, and a failed build leaves it as it was.
//!
//! Whoever publishes (the Publish button in `serve --team`, or `sendsite publish` from cron, in
//! another process) takes one lock, an operating-system lock on a file in `.git/sendsite/`,
//! and only under it reads which version to publish, builds it, records the publication (the
//! tag) and swaps the live folder, in that order. Two publishers so never put an older version
//! over a newer one, and the live folder never holds a version the history does not name as
//! the last publication: the tag is made once the whole site is written beside the live
//! folder, and taken back if the swap then fails.
//!
//! The approved version is copied out of git into a scratch folder of sendsite's own inside
//! `.git/sendsite/` (mode 700: it holds drafts, embargoed updates and the whole history's
//! files), removed when the publication ends, and by the next one if a publication was killed.

use std::path::{Path, PathBuf};

use super::history::History;
use super::lock::FileLock;
use super::{Team, TeamError};
use crate::build::{prepare, BuildReport, Ready};
use crate::error::{Diagnostic, Diagnostics};
use crate::site::BuildOptions;

/// sendsite's own folder inside `.git`: the publication lock and the scratch folders.
const OWN: &str = "sendsite";
/// The lock every publisher takes.
const LOCK: &str = "publish.lock";
/// How a scratch folder's name starts.
const SCRATCH: &str = "publish-";

/// Why a publication did not happen.
#[derive(Debug)]
pub enum PublishError {
    /// The history could not be read or written.
    History(TeamError),
    /// The version asked for may not be published (any more): why, in words.
    Refused(String),
    /// The site did not build, or could not be written: the build's messages.
    Build(Diagnostics),
}

impl PublishError {
    /// As a build's errors, for `sendsite publish` to print.
    pub fn into_diagnostics(self) -> Diagnostics {
        match self {
            PublishError::Build(d) => d,
            PublishError::History(e) => problem(
                ".git",
                format!("cannot read or write the site's history: {e}"),
                &e.what_to_do(),
            ),
            PublishError::Refused(why) => problem(
                ".git",
                why,
                "an approver publishes first, on the editor's Publish page",
            ),
        }
    }
}

impl From<TeamError> for PublishError {
    fn from(e: TeamError) -> PublishError {
        PublishError::History(e)
    }
}

/// One error about `file`, as a build's.
fn problem(file: impl AsRef<Path>, why: String, hint: &str) -> Diagnostics {
    let mut d = Diagnostics::new();
    d.push(Diagnostic::error(file.as_ref(), why).hint(hint));
    d
}

/// The publication lock of the site at `root`, held while it lives.
pub struct Publishing {
    history: History,
    own: PathBuf,
    _lock: FileLock,
}

impl Publishing {
    /// Waits for, then takes, the site's publication lock, and removes what a publication
    /// that was killed left behind.
    pub fn begin(root: &Path) -> Result<Publishing, TeamError> {
        let history = History::open(root)?;
        let own = history.git_dir().join(OWN);
        private_folder(&own)?;
        let lock = FileLock::take(&own.join(LOCK))?;
        remove_scratch(&own);
        Ok(Publishing {
            history,
            own,
            _lock: lock,
        })
    }

    /// Builds `commit` into `team.publish_to` as published on `today`, up to the swap of the
    /// live folder (see [`Ready`]).
    fn prepare(&self, team: &Team, commit: &str, today: time::Date) -> Result<Ready, PublishError> {
        let mut scratch = tempfile::Builder::new();
        // Named with this process's id: a publication stopped by a signal removes its own.
        let prefix = own_scratch();
        scratch.prefix(&prefix);
        // Made mode 700 from the start (not changed after), inside a folder that is 700 too.
        #[cfg(unix)]
        scratch.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o700));
        let scratch = scratch
            .tempdir_in(&self.own)
            .map_err(|e| TeamError::io(&self.own, e))?;
        self.history.export(commit, scratch.path())?;
        let options = BuildOptions {
            drafts: false,
            future: false,
            today,
        };
        prepare(scratch.path(), &team.publish_to, &options, None).map_err(PublishError::Build)
    }

    /// Publishes `version`, approved by `email` with `message`. Returns the publication's tag.
    /// The caller decides whether `version` may be published from what it read of the history
    /// after [`Publishing::begin`]: under the lock, nobody else publishes meanwhile.
    pub fn approve(
        &self,
        team: &Team,
        version: &str,
        email: &str,
        message: &str,
        today: time::Date,
    ) -> Result<(String, BuildReport), PublishError> {
        let ready = self.prepare(team, version, today)?;
        // Recorded once nothing but the swap is left; taken back if the swap fails, so the
        // history never names a publication the live folder does not hold.
        let tag = self.history.tag_publication(version, email, message)?;
        let report = ready.swap().map_err(|d| {
            if let Err(e) = self.history.untag(&tag) {
                eprintln!("error: the publication {tag} could not be taken back after the live folder could not be replaced: {e}");
            }
            PublishError::Build(d)
        })?;
        Ok((tag, report))
    }

    /// Builds the last publication again, for `today`. Returns its tag.
    pub fn again(
        &self,
        team: &Team,
        today: time::Date,
    ) -> Result<(String, BuildReport), PublishError> {
        let last = self.history.last_publication()?.ok_or_else(|| {
            PublishError::Refused("nothing has been approved yet, so nothing is published".into())
        })?;
        let report = self
            .prepare(team, &last.commit, today)?
            .swap()
            .map_err(PublishError::Build)?;
        Ok((last.tag, report))
    }
}

impl Drop for Publishing {
    fn drop(&mut self) {
        remove_scratch(&self.own);
    }
}

/// `sendsite publish`: builds the last approved version again, for the day it runs (an
/// embargoed update approved earlier appears on its day, without another approval).
pub fn republish(root: &Path, today: time::Date) -> Result<(String, BuildReport), Diagnostics> {
    let team = Team::load(root).map_err(|errors| {
        let mut d = Diagnostics::new();
        d.extend(errors);
        d
    })?;
    if let Err(e) = History::open(root) {
        return Err(problem(
            ".git",
            format!("the site has no history to publish from: {e}"),
            "start `sendsite serve --team` once: it makes the repository",
        ));
    }
    let publishing = Publishing::begin(root).map_err(|e| {
        let why = format!("cannot take the site's publication lock: {e}");
        problem(".git/sendsite", why, &e.what_to_do())
    })?;
    publishing
        .again(&team, today)
        .map_err(PublishError::into_diagnostics)
}

/// Makes `sendsite publish`, stopped by a signal (cron's or systemd's time limit, Ctrl+C),
/// remove its scratch copies before it ends: they hold drafts and embargoed updates. (Killed
/// outright, it cannot: the next publication removes them, and they are readable by sendsite's
/// user only meanwhile.) The lock goes with the process.
#[cfg(unix)]
pub fn clean_up_when_stopped(root: &Path) {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(history) = History::open(root) else {
        return;
    };
    let own = history.git_dir().join(OWN);
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGTERM, SIGINT, SIGHUP]) else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            // Only its own: another publication may be building from its copy meanwhile.
            remove_scratch_named(&own, &own_scratch());
            eprintln!("Stopped: nothing more was published; the live folder is whole.");
            std::process::exit(128 + signal);
        }
    });
}

/// Makes `dir` (and its parents) if need be, and makes it readable by its owner only.
fn private_folder(dir: &Path) -> Result<(), TeamError> {
    std::fs::create_dir_all(dir).map_err(|e| TeamError::io(dir, e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let private = std::fs::Permissions::from_mode(0o700);
        std::fs::set_permissions(dir, private).map_err(|e| TeamError::io(dir, e))?;
    }
    Ok(())
}

/// How this process's scratch folders' names start.
fn own_scratch() -> String {
    format!("{SCRATCH}{}-", std::process::id())
}

/// Removes scratch folders: the lock is held, so none is in use.
fn remove_scratch(own: &Path) {
    remove_scratch_named(own, SCRATCH);
}

/// Removes the scratch folders whose names start with `prefix`.
fn remove_scratch_named(own: &Path, prefix: &str) {
    let Ok(items) = std::fs::read_dir(own) else {
        return;
    };
    for item in items.flatten() {
        if item.file_name().to_string_lossy().starts_with(prefix) {
            let _ = std::fs::remove_dir_all(item.path());
        }
    }
}

/// Tells the approvers (`[notify]`) that `sendsite publish` failed, and why: an update due to
/// go live today silently staying off the site is the worst failure a cron job can have. Sent
/// now (the command has no request to hold up), each step within a time limit; a mail failure
/// is printed, never hides the publication's own.
pub fn tell_failure(root: &Path, today: time::Date, errors: &Diagnostics) {
    let Ok(team) = Team::load(root) else { return };
    let Some(notify) = &team.notify else { return };
    let mut body = format!(
        "sendsite publish ran on {today} and published nothing: the live site is as it was, so an update due to go live today is not live.\n\nWhy:\n"
    );
    for d in errors.iter().filter(|d| d.is_error()) {
        body.push_str(&format!("- {d}\n"));
    }
    body.push_str(&format!(
        "\nFix this, then publish again from Review and publish: {}publish\n",
        notify.editor_url
    ));
    let mail = super::notify::Mail {
        to: team.approvers.clone(),
        subject: "The SEND progress site could not be published".into(),
        body,
    };
    match own_folder(root) {
        Some(own) => drop(notify.send_and_keep(&own, &mail)),
        None => {
            if let Err(why) = notify.send(&mail) {
                eprintln!("warning: the approvers could not be emailed: {why}");
            }
        }
    }
}

/// sendsite's own folder inside the site's `.git` (`None` without a history).
pub fn own_folder(root: &Path) -> Option<PathBuf> {
    History::open(root).ok().map(|h| h.git_dir().join(OWN))
}
