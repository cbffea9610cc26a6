//! Whole outputs pinned: each site below is built and compared file by file with its tree under
//! `tests/expected/<name>/`, which fails when a file is added, missing or different (mdBook's
//! harness). A deliberate change is accepted by running the tests with `SENDSITE_BLESS=1`, which
//! rewrites the trees; the diff then shows exactly what every page now says.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{copy_tree, fixture, on_site};

/// Every file under `dir` (relative path → bytes).
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// Builds the site at `root` (drafts and future entries included, so every page is pinned) and
/// compares it with `tests/expected/<name>/`.
fn assert_tree(name: &str, root: &Path) {
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("site");
    let result = on_site(
        "build",
        root,
        &["--drafts", "--future", "--output", dest.to_str().unwrap()],
    );
    assert_built(name, result, &dest);
}

/// Builds the site at `root` as it reads on `today` (only what is published by then) and
/// compares it with `tests/expected/<name>/`: a dated site's words as the days pass.
fn assert_tree_on(name: &str, root: &Path, today: &str) {
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("site");
    let result = common::sendsite(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--today",
        today,
        "--output",
        dest.to_str().unwrap(),
    ]);
    assert_built(name, result, &dest);
}

fn assert_built(name: &str, result: std::process::Output, dest: &Path) {
    assert!(
        result.status.success(),
        "{name}: {}",
        String::from_utf8_lossy(&result.stderr)
    );
    let built = files(dest);
    let expected_dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/expected")
        .join(name);
    if std::env::var_os("SENDSITE_BLESS").is_some() {
        let _ = std::fs::remove_dir_all(&expected_dir);
        copy_tree(dest, &expected_dir);
        return;
    }
    let expected = files(&expected_dir);
    let mut problems = Vec::new();
    for (path, bytes) in &built {
        match expected.get(path) {
            None => problems.push(format!("added: {path}")),
            Some(want) if want != bytes => problems.push(format!("different: {path}")),
            Some(_) => {}
        }
    }
    problems.extend(
        expected
            .keys()
            .filter(|p| !built.contains_key(*p))
            .map(|p| format!("missing: {p}")),
    );
    assert!(
        problems.is_empty(),
        "{name}: the output differs from tests/expected/{name}/ (run with SENDSITE_BLESS=1 if the change is meant):\n{}",
        problems.join("\n")
    );
}

/// The site folder of the example site: the repository itself.
fn example_site() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_example_site_is_exactly_as_pinned() {
    assert_tree("example", &example_site());
}

#[test]
fn the_small_fixture_is_exactly_as_pinned() {
    assert_tree("small", &fixture("small"));
}

#[test]
fn the_2023_framework_fixture_is_exactly_as_pinned() {
    assert_tree("framework-2023", &fixture("framework-2023"));
}

/// The starter site `sendsite init --framework <framework>` writes, exactly as it builds.
fn assert_starter(framework: &str) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("starter");
    let made = common::sendsite(&["init", "--framework", framework, root.to_str().unwrap()]);
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    assert_tree(&format!("init-{framework}"), &root);
}

#[test]
fn the_2023_starter_site_is_exactly_as_pinned() {
    assert_starter("2023");
}

#[test]
fn the_2016_starter_site_is_exactly_as_pinned() {
    assert_starter("2016");
}

#[test]
fn every_pinned_tree_has_a_test() {
    let pinned: Vec<String> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/expected"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
    for name in pinned {
        assert!(
            [
                "example",
                "small",
                "framework-2023",
                "framework-2023-on-2025-04-01",
                "framework-2023-on-2027-12-01",
                "init-2023",
                "init-2016",
                "withdrawn"
            ]
            .contains(&name.as_str()),
            "no test compares tests/expected/{name}"
        );
    }
}

/// The 2023 site a month into its plan (actions falling due, a meeting coming up) and years
/// on (an outcome long awaited, ratings out of date, targets missed): what it says of itself as
/// the days pass, pinned.
#[test]
fn the_2023_framework_fixture_on_two_days_is_exactly_as_pinned() {
    for today in ["2025-04-01", "2027-12-01"] {
        assert_tree_on(
            &format!("framework-2023-on-{today}"),
            &fixture("framework-2023"),
            today,
        );
    }
}

#[test]
fn the_withdrawn_fixture_is_exactly_as_pinned() {
    assert_tree("withdrawn", &fixture("withdrawn"));
}
