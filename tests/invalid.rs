//! Every mistake an author can make, one fixture site each (`tests/fixtures/invalid-<case>/`),
//! checked with `sendsite check` against the exact messages in its `expected-stderr.txt`.
//! Run with `SENDSITE_BLESS=1` to rewrite the expected files after a deliberate change.

mod common;

use std::path::Path;

use common::{copy_fixture, fixture, on_site, sendsite};

/// Runs `sendsite <command>` on a fixture and compares stderr with the fixture's expected text.
fn assert_messages(case: &str) {
    let root = fixture(case);
    let result = on_site("check", &root, &[]);
    let stderr = String::from_utf8_lossy(&result.stderr);
    let expected_file = root.join("expected-stderr.txt");
    if std::env::var_os("SENDSITE_BLESS").is_some() {
        std::fs::write(&expected_file, stderr.as_bytes()).unwrap();
    }
    let expected =
        std::fs::read_to_string(&expected_file).unwrap_or_else(|e| panic!("{case}: {e}"));
    assert_eq!(
        stderr, expected,
        "{case}: stderr differs from expected-stderr.txt"
    );
    let code = if expected.contains("\nerror: ") || expected.starts_with("error: ") {
        1
    } else {
        0
    };
    assert_eq!(result.status.code(), Some(code), "{case}: exit code");
    assert!(
        !root.join("public").exists(),
        "{case}: check wrote an output folder"
    );
}

macro_rules! cases {
    ($($name:ident => $dir:literal,)*) => {
        $(#[test] fn $name() { assert_messages($dir); })*

        #[test]
        fn every_invalid_fixture_has_a_test() {
            let listed = [$($dir),*];
            for item in std::fs::read_dir(fixture("")).unwrap() {
                let name = item.unwrap().file_name().to_string_lossy().into_owned();
                if name.starts_with("invalid-") {
                    assert!(listed.contains(&name.as_str()), "no test runs tests/fixtures/{name}");
                }
            }
        }
    };
}

cases! {
    withdrawn_without_a_reason_or_in_the_wrong_days => "invalid-withdrawn",
    yaml_front_matter => "invalid-yaml-front-matter",
    unclosed_front_matter => "invalid-unclosed-front-matter",
    uk_dates_quoted_or_not => "invalid-uk-dates",
    impossible_date => "invalid-impossible-date",
    unknown_area_gets_did_you_mean => "invalid-unknown-area",
    plan_actions_and_reports => "invalid-plan",
    measures_and_their_figures => "invalid-measures",
    kind_and_status_in_the_wrong_case => "invalid-wrong-case",
    misspelt_field => "invalid-unknown-field",
    empty_files => "invalid-empty-files",
    page_file_name => "invalid-page-name",
    source_link_to_nothing => "invalid-source-link",
    links_and_anchors_to_nothing => "invalid-links",
    missing_alt_text_and_empty_link_text => "invalid-alt-text",
    headings_that_skip_a_level => "invalid-headings",
    closes_before_opens => "invalid-closes-before-opens",
    long_summaries => "invalid-long-summary",
    document_nothing_links => "invalid-unlinked-document",
    missing_document => "invalid-missing-document",
    document_that_is_a_source_or_hidden => "invalid-document-source",
    unsafe_html_is_named => "invalid-unsafe-html",
    paths_that_leave_their_folder => "invalid-path-escape",
    non_ascii_names_that_share_a_slug => "invalid-duplicate-slug",
    two_files_at_one_address => "invalid-address-clash",
    unknown_framework_and_statuses_settings => "invalid-framework-name",
    outcomes_judgements_and_ratings_under_2023 => "invalid-framework-2023",
    words_of_2023_in_a_2016_site => "invalid-framework-2016",
}

/// One verdict: on every fixture, valid or not, `build` refuses exactly when `check` does, with
/// the same errors, says nothing was built, and writes nothing; every warning it prints is one
/// `check` gives (`check` adds its advice on plain English).
#[test]
fn build_refuses_whatever_check_refuses() {
    let mut refused = 0;
    for item in std::fs::read_dir(fixture("")).unwrap() {
        let case = item.unwrap().file_name().to_string_lossy().into_owned();
        let checked = on_site("check", &fixture(&case), &[]);
        let checked = String::from_utf8_lossy(&checked.stderr).into_owned();
        let site = copy_fixture(&case);
        let out = site.path().join("public");
        let built = on_site("build", site.path(), &[]);
        let stderr = String::from_utf8_lossy(&built.stderr).into_owned();
        let said = |text: &str, kind: &str| -> Vec<String> {
            let lines = text.lines().filter(|l| l.starts_with(kind));
            lines.map(str::to_string).collect()
        };
        assert_eq!(
            said(&stderr, "error: "),
            said(&checked, "error: "),
            "{case}"
        );
        let warnings = said(&checked, "warning: ");
        for w in said(&stderr, "warning: ") {
            assert!(
                warnings.contains(&w),
                "{case}: build warns that {w}, check does not"
            );
        }
        if said(&checked, "error: ").is_empty() {
            assert_eq!(built.status.code(), Some(0), "{case}: {stderr}");
            assert!(out.join("index.html").exists(), "{case}");
        } else {
            refused += 1;
            assert_eq!(built.status.code(), Some(1), "{case}");
            let last = format!("The site was not built; {} is unchanged.\n", out.display());
            assert!(stderr.ends_with(&last), "{case}: {stderr}");
            assert!(!out.exists(), "{case}: build wrote {}", out.display());
        }
    }
    // Every invalid fixture whose expected messages have an error: the image without alt text
    // and the link to nowhere among them, which `build` once published.
    let with_errors = std::fs::read_dir(fixture(""))
        .unwrap()
        .filter_map(|i| std::fs::read_to_string(i.unwrap().path().join("expected-stderr.txt")).ok())
        .filter(|expected| expected.lines().any(|l| l.starts_with("error: ")))
        .count();
    assert_eq!(refused, with_errors);
    assert!(with_errors > 20);
}

/// Warnings pass, unless `--strict` is given.
#[test]
fn strict_fails_on_warnings() {
    let root = fixture("invalid-headings");
    let run = |extra: &[&str]| {
        let mut args = vec![
            "check",
            "--root",
            root.to_str().unwrap(),
            "--today",
            "2026-11-01",
        ];
        args.extend_from_slice(extra);
        sendsite(&args)
    };
    assert_eq!(run(&[]).status.code(), Some(0));
    let strict = run(&["--strict"]);
    assert_eq!(strict.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&strict.stderr);
    assert!(
        stderr.ends_with("3 warnings.\n--strict: warnings count as errors.\n"),
        "{stderr}"
    );
}

/// A clean site says so on stdout and exits 0.
#[test]
fn a_clean_site_passes() {
    let root = fixture("small");
    let result = on_site("check", &root, &[]);
    assert_eq!(String::from_utf8_lossy(&result.stderr), "");
    assert_eq!(
        String::from_utf8_lossy(&result.stdout),
        "No problems found in 5 entries and the pages around them.\n"
    );
    assert!(result.status.success());
    assert!(!Path::new(&root).join("public").exists());
}
