//! Team mode never half-does anything: a cron publish racing the Publish button never puts an
//! older version live; a save lands whole (files and commit) or not at all, and says which; a
//! publication that cannot be recorded is not put live; a killed publish leaves no readable
//! copy of the site and the live folder whole.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use super::harness::{approval, borrowed, version_of};
use super::{as_who, common, direct_team, git, new_update, pairs, publish_on};

const SAM: &str = "sam@council.example";
const ALEX: &str = "alex@council.example";

/// How many times the button and cron race.
const ROUNDS: usize = 30;

/// `sendsite publish` as cron runs it, started and not waited for.
fn cron_publish(root: &Path, tmp: &Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_sendsite"))
        .args(["publish", "--root", root.to_str().unwrap()])
        .args(["--today", "2026-11-01"])
        .env("TMPDIR", tmp)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

#[test]
fn a_cron_publish_racing_the_button_never_leaves_the_live_folder_older_than_the_last_tag() {
    let site = common::copy_fixture("framework-2023");
    let root = site.path();
    let live_dir = tempfile::tempdir().unwrap();
    let live = live_dir.path().join("send");
    let server = direct_team(root, &live);
    let tmp = tempfile::tempdir().unwrap();
    for round in 1..=ROUNDS {
        let title = format!("Round {round} of the race");
        let saved = as_who(
            &server,
            SAM,
            "update",
            &pairs(&new_update(&title, "2026-10-30")),
        );
        assert_eq!(saved.status, 303, "{}", saved.text());
        let version = approval(&as_who(&server, ALEX, "publish", &[]).text());
        // cron starts first: before the fix it read the last tag, then waited for the live
        // folder, then put that older version back over the one just approved.
        let mut cron = cron_publish(root, tmp.path());
        let pressed = as_who(&server, ALEX, "publish", &borrowed(&version));
        assert_eq!(pressed.status, 303, "round {round}: {}", pressed.text());
        cron.wait().unwrap();
        let page = live.join(format!("updates/round-{round}-of-the-race/index.html"));
        assert!(
            page.exists(),
            "round {round}: the live folder holds an older publication than the last tag"
        );
    }
    let tags = git(root, &["tag", "--list", "published/*"]);
    assert_eq!(tags.lines().count(), ROUNDS, "{tags}");
    assert_eq!(
        std::fs::read_dir(tmp.path()).unwrap().count(),
        0,
        "nothing is copied to the system's temporary folder"
    );
}

/// The update Sam adds in these tests, where the editor saves it.
const FILE: &str = "content/updates/2026/2026-10-30-attendance-data-software.md";

#[test]
fn a_save_with_a_stale_index_lock_lands_whole_and_says_so() {
    let site = common::copy_fixture("framework-2023");
    let root = site.path();
    let live_dir = tempfile::tempdir().unwrap();
    let server = direct_team(root, &live_dir.path().join("send"));
    // Left by a git command that was stopped.
    std::fs::write(root.join(".git/index.lock"), "").unwrap();
    let update = new_update("Attendance data software", "2026-10-30");
    let saved = as_who(&server, SAM, "update", &pairs(&update));
    assert_eq!(saved.status, 303, "the save landed: {}", saved.text());
    let on_disk = std::fs::read_to_string(root.join(FILE)).unwrap();
    assert_eq!(git(root, &["show", &format!("HEAD:{FILE}")]), on_disk);
    assert_eq!(
        git(root, &["log", "-1", "--format=%ae"]).trim(),
        SAM,
        "the commit is Sam's"
    );
    // Once the lock is gone, the next save brings git's index up to date for both.
    std::fs::remove_file(root.join(".git/index.lock")).unwrap();
    let other = new_update("Short breaks survey", "2026-10-31");
    assert_eq!(as_who(&server, SAM, "update", &pairs(&other)).status, 303);
    assert_eq!(git(root, &["status", "--porcelain"]), "");
}

#[test]
fn a_save_whose_commit_cannot_land_is_undone_and_names_the_lock_to_remove() {
    let site = common::copy_fixture("framework-2023");
    let root = site.path();
    let live_dir = tempfile::tempdir().unwrap();
    let server = direct_team(root, &live_dir.path().join("send"));
    let branch = git(root, &["symbolic-ref", "HEAD"]);
    let lock = root.join(format!(".git/{}.lock", branch.trim()));
    std::fs::write(&lock, "").unwrap();
    let head = git(root, &["rev-parse", "HEAD"]);
    let update = new_update("Attendance data software", "2026-10-30");
    let refused = as_who(&server, SAM, "update", &pairs(&update));
    assert_eq!(refused.status, 500, "{}", refused.text());
    let text = refused.text();
    assert!(
        text.contains("so it was undone: nothing was changed"),
        "{text}"
    );
    assert!(
        text.contains(&format!("remove {}", lock.display())),
        "the lock file is named with what to do: {text}"
    );
    assert!(!root.join(FILE).exists(), "the file is undone");
    assert_eq!(git(root, &["rev-parse", "HEAD"]), head, "nothing committed");
}

#[test]
fn a_measure_whose_md_changed_on_disk_keeps_its_figures_untouched() {
    let site = common::copy_fixture("framework-2023");
    let root = site.path();
    let live_dir = tempfile::tempdir().unwrap();
    let server = direct_team(root, &live_dir.path().join("send"));
    let file = "content/measures/ehc-plans-20-weeks.md";
    let csv = root.join("content/measures/ehc-plans-20-weeks.csv");
    let form = as_who(
        &server,
        SAM,
        &format!("measure?file={}", file.replace('/', "%2F")),
        &[],
    );
    let version = version_of(&form.text());
    let figures_before = std::fs::read(&csv).unwrap();
    // Someone else changes the measure's text while Sam edits its figures.
    let md = std::fs::read_to_string(root.join(file)).unwrap();
    std::fs::write(root.join(file), format!("{md}Counted again in November.\n")).unwrap();
    let fields = [
        ("file", file),
        ("version", version.as_str()),
        ("title", "New EHC plans issued within 20 weeks"),
        ("unit", "%"),
        ("target", "60"),
        ("target_date", "September 2025"),
        ("better", "higher"),
        ("areas", "waiting-times"),
        ("source", "Northmere Council's EHC plan records."),
        ("body", "Of the new EHC plans issued each month."),
        ("figures", "date,value,note\n2025-09,99,\n"),
        ("action", "save"),
    ];
    let refused = as_who(&server, SAM, "measure", &fields);
    assert_ne!(refused.status, 303, "{}", refused.text());
    assert!(
        refused.text().contains("changed on disk"),
        "{}",
        refused.text()
    );
    assert_eq!(
        std::fs::read(&csv).unwrap(),
        figures_before,
        "the figures are untouched"
    );
}

#[test]
fn a_publication_that_cannot_be_recorded_is_not_put_live() {
    let site = common::copy_fixture("framework-2023");
    let root = site.path();
    let live_dir = tempfile::tempdir().unwrap();
    let live = live_dir.path().join("send");
    let server = direct_team(root, &live);
    let update = new_update("Attendance data software", "2026-10-30");
    assert_eq!(as_who(&server, SAM, "update", &pairs(&update)).status, 303);
    let version = approval(&as_who(&server, ALEX, "publish", &[]).text());
    // The tag cannot be made: someone tagged a commit "published" by hand, so no tag can be
    // named published/<time>.
    git(root, &["tag", "published"]);
    let failed = as_who(&server, ALEX, "publish", &borrowed(&version));
    git(root, &["tag", "-d", "published"]);
    let text = failed.text();
    assert_eq!(failed.status, 500, "{text}");
    assert!(text.contains("Nothing was published"), "{text}");
    assert!(!live.exists(), "the live folder is as it was (none yet)");
    assert_eq!(git(root, &["tag", "--list", "published/*"]), "");
    // Once the hand-made tag is gone, the same press works.
    let done = as_who(&server, ALEX, "publish", &borrowed(&version));
    assert_eq!(done.status, 303, "{}", done.text());
    assert!(live
        .join("updates/attendance-data-software/index.html")
        .exists());
}

#[cfg(unix)]
#[test]
fn a_killed_publish_leaves_no_readable_copy_and_the_live_folder_whole() {
    use std::os::unix::fs::PermissionsExt;
    let site = common::copy_fixture("framework-2023");
    let root = site.path();
    let live_dir = tempfile::tempdir().unwrap();
    let live = live_dir.path().join("send");
    let server = direct_team(root, &live);
    let version = approval(&as_who(&server, ALEX, "publish", &[]).text());
    let first = as_who(&server, ALEX, "publish", &borrowed(&version));
    assert_eq!(first.status, 303, "{}", first.text());
    let tmp = tempfile::tempdir().unwrap();
    let own = root.join(".git/sendsite");
    for kill in 0..20u64 {
        let mut cron = cron_publish(root, tmp.path());
        std::thread::sleep(Duration::from_millis(20 + kill * 17));
        let _ = cron.kill();
        cron.wait().unwrap();
        assert!(
            live.join("index.html").is_file(),
            "kill {kill}: live folder whole"
        );
        assert!(live.join(".sendsite").is_file(), "kill {kill}");
        let mode = std::fs::metadata(&own).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "kill {kill}: .git/sendsite is {mode:o}");
        for item in std::fs::read_dir(&own).unwrap().flatten() {
            let mode = item.metadata().unwrap().permissions().mode();
            assert_eq!(
                mode & 0o077,
                0,
                "kill {kill}: {:?} is {mode:o}",
                item.path()
            );
        }
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0);
    }
    // Stopped by a signal (cron's or systemd's time limit), it removes its copy itself.
    for stop in 0..10u64 {
        let mut cron = cron_publish(root, tmp.path());
        std::thread::sleep(Duration::from_millis(30 + stop * 23));
        let pid = cron.id().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        cron.wait().unwrap();
        let copies: Vec<_> = std::fs::read_dir(&own)
            .unwrap()
            .flatten()
            .filter(|i| i.file_name().to_string_lossy().starts_with("publish-"))
            .collect();
        assert!(copies.is_empty(), "stop {stop}: {copies:?} left");
        assert!(
            live.join("index.html").is_file(),
            "stop {stop}: live folder whole"
        );
    }
    publish_on(root, "2026-11-01");
    let left: Vec<String> = std::fs::read_dir(&own)
        .unwrap()
        .flatten()
        .map(|i| i.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        left,
        ["publish.lock"],
        "the next publish removes what was left"
    );
}

#[test]
fn team_toml_is_the_web_teams_settings_never_in_the_history() {
    let site = common::copy_fixture("framework-2023");
    let root = site.path();
    let live_dir = tempfile::tempdir().unwrap();
    let server = direct_team(root, &live_dir.path().join("send"));
    let files = git(root, &["ls-files"]);
    assert!(!files.contains("team.toml"), "{files}");
    assert!(files.contains("content/site.toml"));
    drop(server);

    // A history made before (which recorded team.toml) stops recording it, in a change of
    // its own; the file itself stays.
    let site = common::copy_fixture("framework-2023");
    let root = site.path();
    git(root, &["init", "-q"]);
    std::fs::write(root.join("team.toml"), "").unwrap();
    git(root, &["add", "."]);
    git(
        root,
        &[
            "-c",
            "user.name=web",
            "-c",
            "user.email=web@council.example",
            "commit",
            "-qm",
            "Site",
        ],
    );
    assert!(git(root, &["ls-files"]).contains("team.toml"));
    let _server = direct_team(root, &live_dir.path().join("send"));
    assert!(!git(root, &["ls-files"]).contains("team.toml"));
    assert!(git(root, &["log", "-1", "--format=%s"])
        .starts_with("team.toml is the web team's settings"));
    assert!(root.join("team.toml").is_file());
    assert_eq!(git(root, &["status", "--porcelain"]), "");
    assert!(std::fs::read_to_string(root.join(".gitignore"))
        .unwrap()
        .contains("/team.toml"));
}
