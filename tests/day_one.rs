//! Day one: a new site from `sendsite init` says what is still the starter's. `check` and
//! `build` both warn of each placeholder, of "Example Council", of addresses at the domains
//! kept for examples, and of documents with neither a file nor an address; once the council
//! writes its own, they stop.

mod common;

use std::path::Path;

use common::{on_site, read, sendsite, write};

/// The warning lines (`warning: file:line:col: message`) of a run.
fn warnings(output: &std::process::Output) -> Vec<String> {
    let stderr = String::from_utf8_lossy(&output.stderr);
    let lines = stderr.lines().filter(|l| l.starts_with("warning: "));
    lines.map(str::to_string).collect()
}

fn init(dir: &Path, framework: &str) {
    let made = sendsite(&["init", dir.to_str().unwrap(), "--framework", framework]);
    assert!(made.status.success(), "{made:?}");
}

#[test]
fn a_new_site_is_told_what_is_still_the_starters_by_check_and_build() {
    for framework in ["2016", "2023"] {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        init(&root, framework);
        let checked = on_site("check", &root, &[]);
        assert_eq!(
            checked.status.code(),
            Some(0),
            "warnings do not stop a check"
        );
        let said = warnings(&checked);
        let area = if framework == "2016" {
            "accountability"
        } else {
            "waiting-times"
        };
        for expected in [
            "warning: content/site.toml:3:17: the council's name is still the starter's \"Example Council\"".to_string(),
            "warning: content/site.toml:5:13: \"https://www.example.gov.uk/send-progress/\" is an example address, not the council's".to_string(),
            format!("warning: content/areas/{area}.md:"),
            "warning: content/pages/about.md:4:1: \"Explain who publishes this page and how often it is updated.\" is the starter's placeholder, still waiting for your words".to_string(),
            "warning: content/updates/2024-01-15-inspection-report.md:".to_string(),
        ] {
            assert!(said.iter().any(|w| w.starts_with(&expected)), "{framework}: no {expected} in {said:#?}");
        }
        let email = said
            .iter()
            .find(|w| w.contains("\"send@example.gov.uk\" is an example address"));
        assert!(
            email.is_some_and(|w| w.starts_with("warning: content/site.toml:")),
            "{said:#?}"
        );
        let (named, line) = if framework == "2016" {
            ("accountability", 4)
        } else {
            ("communication", 5)
        };
        let finding = format!("warning: content/areas/{named}.md:{line}:12: \"Write the inspectors' finding here, in their words.\" is the starter's placeholder");
        assert!(
            said.iter().any(|w| w.starts_with(&finding)),
            "{finding} {said:#?}"
        );
        // The starter's comments show example addresses on purpose: they are not warned of.
        assert!(!said.iter().any(|w| w.contains("access")), "{said:#?}");
        // `build` prints the same warnings and publishes (warnings never stop a build).
        let built = on_site("build", &root, &[]);
        assert_eq!(built.status.code(), Some(0));
        let printed = warnings(&built);
        for w in said
            .iter()
            .filter(|w| w.contains("starter") || w.contains("example address"))
        {
            assert!(
                printed.contains(w),
                "{framework}: build does not warn that {w}"
            );
        }
        assert!(root.join("public/index.html").exists());
    }
}

#[test]
fn the_warnings_stop_once_the_council_writes_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    init(&root, "2023");
    let settings = read(&root, "content/site.toml")
        .replace("Example Council", "Northmere Council")
        .replace("www.example.gov.uk", "www.northmere.example")
        .replace(
            "email = \"send@example.gov.uk\"",
            "email = \"send@northmere.example\"",
        );
    write(&root, "content/site.toml", &settings);
    for file in [
        "content/areas/waiting-times.md",
        "content/areas/communication.md",
        "content/pages/about.md",
        "content/updates/2024-01-15-inspection-report.md",
        "content/updates/2024-04-30-progress-update.md",
    ] {
        let text = read(&root, file);
        let mut mended = text.clone();
        for p in [
            "Write the inspectors' finding here, in their words.",
            "Explain what this finding means for families, and what happens next.",
            "Write what happened here.",
            "Say what has been done since the last update, and what comes next.",
            "Explain who publishes this page and how often it is updated.",
        ] {
            mended = mended.replace(p, "Families wait too long for their plans.");
        }
        assert_ne!(mended, text, "{file} had no placeholder");
        write(&root, file, &mended);
    }
    let said = warnings(&on_site("check", &root, &[]));
    let left: Vec<&String> = said
        .iter()
        .filter(|w| {
            w.contains("starter") || w.contains("example address") || w.contains("Example Council")
        })
        .collect();
    assert!(left.is_empty(), "{left:#?}");
}

#[test]
fn a_document_with_no_file_or_address_and_example_addresses_in_text_are_warned_of() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    init(&root, "2023");
    let file = "content/updates/2024-04-30-progress-update.md";
    let text = read(&root, file).replace(
        "+++\nSay what",
        "\n[[documents]]\ntitle = \"Letter to parents\"\n\n[[documents]]\ntitle = \"Survey results\"\nurl = \"https://surveys.example.org/results\"\n+++\nWrite to [us](mailto:send@example.com) or say what",
    );
    write(&root, file, &text);
    let said = warnings(&on_site("check", &root, &[]));
    for expected in [
        format!("warning: {file}:15:9: document \"Letter to parents\" has no file or address, so its page says \"Not published on this site\""),
        format!("warning: {file}:19:7: \"https://surveys.example.org/results\" is an example address, not the council's"),
        format!("warning: {file}:21:15: \"mailto:send@example.com\" is an example address, not the council's"),
    ] {
        assert!(said.contains(&expected), "no {expected} in {said:#?}");
    }
}
