//! Helpers shared by the integration tests: copy a fixture site, run the real binary, read output.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The folder of a fixture site under `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
        .join(name)
}

/// A copy of a fixture in a temporary folder, so a test may edit it and build into it.
pub fn copy_fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_tree(&fixture(name), dir.path());
    dir
}

/// Copies a folder recursively.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk fixture");
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Runs `sendsite` with these arguments.
pub fn sendsite(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sendsite"))
        .args(args)
        .output()
        .expect("run sendsite")
}

/// Runs `sendsite <command> --root <root> --today 2026-11-01 <extra...>`: a fixed day, so that
/// which dated entries are published does not depend on when the tests run.
pub fn on_site(command: &str, root: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        command,
        "--root",
        root.to_str().unwrap(),
        "--today",
        "2026-11-01",
    ];
    args.extend_from_slice(extra);
    sendsite(&args)
}

/// Builds `root` into `<root>/public`, asserting success; returns the output folder.
pub fn build_ok(root: &Path, extra: &[&str]) -> PathBuf {
    let result = on_site("build", root, extra);
    assert!(
        result.status.success(),
        "build failed:\n{}\n{}",
        String::from_utf8_lossy(&result.stdout),
        String::from_utf8_lossy(&result.stderr)
    );
    root.join("public")
}

/// Builds `root` expecting failure; returns stderr.
pub fn build_err(root: &Path, extra: &[&str]) -> String {
    let result = on_site("build", root, extra);
    assert_eq!(
        result.status.code(),
        Some(1),
        "expected exit 1: {}",
        String::from_utf8_lossy(&result.stdout)
    );
    String::from_utf8_lossy(&result.stderr).into_owned()
}

/// Reads an output file as text.
pub fn read(out: &Path, path: &str) -> String {
    std::fs::read_to_string(out.join(path)).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

/// Writes a file under `root`, creating folders.
pub fn write(root: &Path, path: &str, text: &str) {
    let p = root.join(path);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}
