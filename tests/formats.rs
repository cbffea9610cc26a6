//! What `check` and `build` print for CI: `check --format github` (GitHub Actions annotations),
//! `--format json` (one object a line), and `--quiet` (nothing on standard output when all is
//! well; diagnostics still on standard error), on real fixture sites.

mod common;

use common::{fixture, on_site};

/// The lines of people's form that start a diagnostic ("error: file:line:col: message").
fn human_lines(stderr: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(stderr)
        .lines()
        .filter(|l| l.starts_with("error: ") || l.starts_with("warning: "))
        .map(str::to_string)
        .collect()
}

#[test]
fn json_says_each_diagnostic_once_with_its_place_as_people_s_form_does() {
    let site = fixture("invalid-unknown-area");
    let human = on_site("check", &site, &[]);
    let json = on_site("check", &site, &["--format", "json"]);
    assert_eq!(human.status.code(), json.status.code(), "the same verdict");
    assert_eq!(json.status.code(), Some(1));
    let stdout = String::from_utf8(json.stdout).unwrap();
    let objects: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    let people = human_lines(&human.stderr);
    assert_eq!(objects.len(), people.len(), "{stdout}\n{people:#?}");
    for (o, line) in objects.iter().zip(&people) {
        // For machines a file is named from where the command ran: the root, then its path.
        let root = format!("{}/", site.display());
        let file = o["file"].as_str().unwrap();
        let file = file
            .strip_prefix(&root)
            .unwrap_or_else(|| panic!("{file} is not under {root}"));
        let place = match (o["line"].as_u64(), o["column"].as_u64()) {
            (Some(l), Some(c)) => format!("{file}:{l}:{c}"),
            _ => file.to_string(),
        };
        let said = format!(
            "{}: {place}: {}",
            o["level"].as_str().unwrap(),
            o["message"].as_str().unwrap()
        );
        assert_eq!(&said, line);
        assert!(o.get("hint").is_some(), "{o}");
    }
    assert!(
        String::from_utf8_lossy(&json.stderr).trim().is_empty(),
        "nothing for people"
    );
}

#[test]
fn github_annotations_name_file_line_and_column_as_the_runner_reads_them() {
    let site = fixture("invalid-unknown-area");
    let run = on_site("check", &site, &["--format", "github"]);
    assert_eq!(run.status.code(), Some(1));
    let stdout = String::from_utf8(run.stdout).unwrap();
    let annotations: Vec<&str> = stdout.lines().collect();
    assert!(!annotations.is_empty());
    for a in &annotations {
        // `::error file=…,line=…,col=…,title=sendsite::message`, as actions/toolkit parses it.
        let (command, message) = a[2..].split_once("::").unwrap_or_else(|| panic!("{a}"));
        let (level, props) = command.split_once(' ').unwrap();
        assert!(
            a.starts_with("::") && ["error", "warning"].contains(&level),
            "{a}"
        );
        let props: Vec<(&str, &str)> = props
            .split(',')
            .map(|p| p.split_once('=').unwrap())
            .collect();
        assert_eq!(props[0].0, "file", "{a}");
        assert!(
            props[0]
                .1
                .starts_with(&format!("{}/content/", site.display())),
            "{a}"
        );
        assert!(
            props.iter().any(|(k, v)| *k == "title" && *v == "sendsite"),
            "{a}"
        );
        assert!(!message.contains('\n') && !message.is_empty(), "{a}");
    }
    assert!(
        annotations
            .iter()
            .any(|a| a.contains(",line=") && a.contains(",col=")),
        "{stdout}"
    );
}

#[test]
fn quiet_says_nothing_on_standard_output_and_keeps_every_diagnostic() {
    let site = common::copy_fixture("small");
    let out = tempfile::tempdir().unwrap();
    let output = out.path().join("site");
    let built = on_site(
        "build",
        site.path(),
        &["--quiet", "--output", output.to_str().unwrap()],
    );
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    assert!(
        built.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&built.stdout)
    );
    assert!(output.join("index.html").exists());
    let loud = on_site("check", site.path(), &[]);
    let quiet = on_site("check", site.path(), &["--quiet"]);
    assert_eq!(loud.status.code(), quiet.status.code());
    assert!(
        quiet.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&quiet.stdout)
    );
    assert_eq!(human_lines(&loud.stderr), human_lines(&quiet.stderr));
    // A site with mistakes: quiet or not, every one is said, and the build fails.
    let invalid = fixture("invalid-unknown-area");
    let failed = on_site(
        "build",
        &invalid,
        &["--quiet", "--output", output.to_str().unwrap()],
    );
    assert_eq!(failed.status.code(), Some(1));
    assert!(!human_lines(&failed.stderr).is_empty());
    assert!(failed.stdout.is_empty());
}
