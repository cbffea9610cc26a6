//! The editor's trial of a file finds exactly the errors `check` finds in that file: on every
//! `tests/fixtures/invalid-*` site, for every file the editor edits that `check` names.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::trial::try_text;
use crate::content::{KindOf, Role};
use crate::serve::Engine;
use crate::site::BuildOptions;

fn options() -> BuildOptions {
    BuildOptions {
        drafts: false,
        future: false,
        today: time::macros::date!(2026 - 11 - 01),
    }
}

/// Each file's errors, as text.
fn by_file<'a>(
    errors: impl Iterator<Item = &'a crate::error::Diagnostic>,
) -> BTreeMap<PathBuf, BTreeSet<String>> {
    let mut map: BTreeMap<PathBuf, BTreeSet<String>> = BTreeMap::new();
    for d in errors.filter(|d| d.is_error()) {
        map.entry(d.file.clone()).or_default().insert(d.to_string());
    }
    map
}

/// Whether the editor opens the file: the home page, areas, updates and pages.
fn edited(file: &Path) -> bool {
    let Ok(rel) = file.strip_prefix("content") else {
        return false;
    };
    matches!(
        crate::content::role(rel),
        Role::Home | Role::Kind(KindOf::Area | KindOf::Entry | KindOf::Page)
    )
}

#[test]
fn the_editor_s_trial_of_a_file_reports_the_errors_check_reports_in_it() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&fixtures)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("invalid-")
        })
        .collect();
    cases.sort();
    let (mut tried, mut differ) = (0, Vec::new());
    for root in &cases {
        let report = crate::check::check(root, &options(), &root.join("public"));
        let expected = by_file(report.diagnostics.iter());
        let mut engine = Engine::new(root, options(), "http://127.0.0.1:9");
        let _ = engine.build_all();
        for (file, errors) in expected.iter().filter(|(f, _)| edited(f)) {
            let bytes = std::fs::read(root.join(file)).unwrap();
            let snapshot = engine.snapshot(0, "/");
            let trial = try_text(&snapshot, file, bytes, &Default::default(), false);
            let found = by_file(trial.problems.iter())
                .remove(file)
                .unwrap_or_default();
            tried += 1;
            if &found != errors {
                differ.push(format!(
                    "{}: {}\n  check: {errors:#?}\n  trial: {found:#?}",
                    root.display(),
                    file.display()
                ));
            }
        }
    }
    assert!(tried >= 20, "only {tried} files were tried");
    assert!(differ.is_empty(), "{}", differ.join("\n"));
}
