//! docs/publishing.md, "Removing personal data from the history", followed step by step on a
//! team site: a name pasted into an update and figures with personal data, each corrected and
//! published, then taken out of every version with git filter-repo; the publications keep
//! their approver and meaning, and `sendsite publish` still builds the last one.

use std::path::Path;
use std::process::Command;

use super::harness::version_of;
use super::{as_who, common, direct_team, git, new_update, pairs, publish_on};

const SAM: &str = "sam@council.example";
const ALEX: &str = "alex@council.example";
const NAME: &str = "Jane Example";

fn publish(server: &super::harness::Server) {
    super::approve_all(server, ALEX);
}

/// Runs a step's shell commands in the site's folder, as the guide writes them.
fn sh(root: &Path, script: &str) {
    let out = Command::new("sh")
        .arg("-c")
        .arg(script)
        .current_dir(root)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{script}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn measure(file: &str, version: &str, figures: &str) -> Vec<(&'static str, String)> {
    [
        ("file", file),
        ("version", version),
        ("title", "Families who say they were listened to"),
        ("unit", "%"),
        ("target", "75"),
        ("target_date", "March 2027"),
        ("better", "higher"),
        ("areas", "waiting-times"),
        ("source", "The council's survey of parents and carers."),
        ("body", "How many families said they were listened to."),
        ("figures", figures),
        ("action", "save"),
    ]
    .into_iter()
    .map(|(k, v)| (k, v.to_string()))
    .collect()
}

#[test]
fn personal_data_is_taken_out_of_every_version_and_the_publications_keep_their_meaning() {
    assert!(
        Command::new("git")
            .args(["filter-repo", "--version"])
            .output()
            .is_ok_and(|o| o.status.success()),
        "git filter-repo is not installed: apt-get install git-filter-repo (.ci/run does)"
    );
    let site = common::copy_fixture("framework-2023");
    let root = site.path();
    let live_dir = tempfile::tempdir().unwrap();
    let live = live_dir.path().join("send");
    let server = direct_team(root, &live);

    // A name pasted into an update, and figures with a note naming a child.
    let mut update = new_update("Meeting with families", "2026-10-30");
    update[3].1 = format!("{NAME}, aged 9, told us about her wait.");
    assert_eq!(as_who(&server, SAM, "update", &pairs(&update)).status, 303);
    let csv_file = "content/measures/families-who-say-they-were-listened-to.csv";
    let md_file = "content/measures/families-who-say-they-were-listened-to.md";
    let figures = format!("date,value,note\n2026-09,41,\n2026-10,44,Only {NAME} answered late\n");
    let saved = as_who(&server, SAM, "measure", &pairs(&measure("", "", &figures)));
    assert_eq!(saved.status, 303, "{}", saved.text());
    publish(&server);

    // 1. Corrected in the editor, approved and published.
    let file = "content/updates/2026/2026-10-30-meeting-with-families.md";
    let form = as_who(
        &server,
        SAM,
        &format!("update?file={}", file.replace('/', "%2F")),
        &[],
    );
    let mut fixed = new_update("Meeting with families", "2026-10-30");
    fixed.push(("file", file.into()));
    fixed.push(("version", version_of(&form.text())));
    assert_eq!(as_who(&server, SAM, "update", &pairs(&fixed)).status, 303);
    let form = as_who(
        &server,
        SAM,
        &format!("measure?file={}", md_file.replace('/', "%2F")),
        &[],
    );
    let figures = "date,value,note\n2026-09,41,\n2026-10,44,\n";
    let fixed = measure(md_file, &version_of(&form.text()), figures);
    assert_eq!(as_who(&server, SAM, "measure", &pairs(&fixed)).status, 303);
    publish(&server);
    let tags_before = git(root, &["tag", "--list", "published/*"]);
    let current_csv = std::fs::read(root.join(csv_file)).unwrap();
    // 2. The editor is stopped.
    drop(server);
    assert!(git(root, &["log", "--all", "-p"]).contains(NAME));

    // 4. The text is replaced in every version; the figures' earlier versions are stripped.
    let remove = root.join("../remove.txt");
    std::fs::write(&remove, format!("{NAME}==>[name removed]\n")).unwrap();
    sh(
        root,
        &format!(
            "git filter-repo --replace-text {} --force",
            remove.display()
        ),
    );
    let old = root.join("../old-versions.txt");
    sh(
        root,
        &format!(
            r#"FILE={csv_file}
NOW=$(git rev-parse "HEAD:$FILE" 2>/dev/null || echo none)
git log --all --format= --raw --no-abbrev -- "$FILE" | awk '{{print $3; print $4}}' \
  | sort -u | grep -v -e '^0*$' -e "^$NOW$" > {old}
git filter-repo --strip-blobs-with-ids {old} --force"#,
            old = old.display()
        ),
    );

    // 5. Checked: no version holds the name; the publications are the same, each still
    // approved by Alex; the working files are as they were; publish builds the last one.
    let all = git(root, &["log", "--all", "-p"]);
    assert!(!all.contains(NAME), "{all}");
    assert_eq!(git(root, &["tag", "--list", "published/*"]), tags_before);
    let approvers = git(
        root,
        &[
            "for-each-ref",
            "--format=%(objecttype) %(taggeremail)",
            "refs/tags/published",
        ],
    );
    assert_eq!(approvers.lines().count(), 2, "{approvers}");
    assert!(
        approvers.lines().all(|l| l == format!("tag <{ALEX}>")),
        "{approvers}"
    );
    let first = git(root, &["tag", "--list", "published/*"]);
    let first = first.lines().next().unwrap();
    let earlier = git(root, &["show", &format!("{first}:{file}")]);
    assert!(earlier.contains("[name removed], aged 9"), "{earlier}");
    assert_eq!(std::fs::read(root.join(csv_file)).unwrap(), current_csv);
    assert_eq!(git(root, &["status", "--porcelain"]), "");
    git(root, &["fsck", "--strict"]);
    let said = publish_on(root, "2026-11-01");
    let last = tags_before.lines().last().unwrap();
    assert!(said.contains(last), "{said}");
    let page =
        std::fs::read_to_string(live.join("updates/meeting-with-families/index.html")).unwrap();
    assert!(!page.contains(NAME));
}
