//! The output folder: only ever a folder sendsite wrote, replaced whole, one build at a time.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::common::{build_ok, copy_fixture, on_site, write};

fn stderr_of(root: &Path, extra: &[&str]) -> (Option<i32>, String) {
    let result = on_site("build", root, extra);
    (
        result.status.code(),
        String::from_utf8_lossy(&result.stderr).into_owned(),
    )
}

/// The names in a folder, hidden ones included.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_symlinked_output_folder_is_refused_and_its_target_untouched() {
    let site = copy_fixture("small");
    let www = tempfile::tempdir().unwrap();
    write(www.path(), "html/keep.txt", "the web team's file");
    std::os::unix::fs::symlink(www.path().join("html"), site.path().join("public")).unwrap();
    let before = names(site.path());
    let (code, stderr) = stderr_of(site.path(), &[]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "the output folder {} is a link to {}",
            site.path().join("public").display(),
            www.path().join("html").display()
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "hint: sendsite replaces its output folder whole and will not do that through a link"
        ),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(www.path().join("html/keep.txt")).unwrap(),
        "the web team's file"
    );
    assert_eq!(names(&www.path().join("html")), ["keep.txt"]);
    assert!(std::fs::symlink_metadata(site.path().join("public"))
        .unwrap()
        .file_type()
        .is_symlink());
    let after = names(site.path());
    assert_eq!(after, before, "nothing is left beside the output");
}

#[test]
fn a_folder_of_someone_elses_files_is_never_replaced() {
    let site = copy_fixture("small");
    let www = tempfile::tempdir().unwrap();
    write(www.path(), "html/index.html", "the council's own home page");
    let dest = www.path().join("html");
    let (code, stderr) = stderr_of(site.path(), &["--output", dest.to_str().unwrap()]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("already holds files that sendsite did not write"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(dest.join("index.html")).unwrap(),
        "the council's own home page"
    );
    // An empty folder, and then the folder sendsite built, are fine.
    let empty = www.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    for _ in 0..2 {
        let (code, stderr) = stderr_of(site.path(), &["--output", empty.to_str().unwrap()]);
        assert_eq!(code, Some(0), "{stderr}");
    }
    assert!(empty.join(".sendsite").is_file() && empty.join("index.html").is_file());
}

#[test]
fn an_output_that_is_a_file_is_refused_and_left_where_it_is() {
    let site = copy_fixture("small");
    write(site.path(), "notes.txt", "keep me");
    let before = names(site.path());
    let (code, stderr) = stderr_of(
        site.path(),
        &["--output", site.path().join("notes.txt").to_str().unwrap()],
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("is a file, not a folder"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(site.path().join("notes.txt")).unwrap(),
        "keep me"
    );
    let after = names(site.path());
    assert_eq!(after, before);
}

#[test]
fn an_output_inside_the_sources_is_refused_however_it_is_written() {
    let site = copy_fixture("small");
    std::fs::create_dir(site.path().join("x")).unwrap();
    for output in [
        "content/out",
        "./content/x",
        "x/../content/y",
        "nothere/../content/out",
        "nothere/deeper/../../content/z",
        "themes/public",
    ] {
        let dest = site.path().join(output);
        let (code, stderr) = stderr_of(site.path(), &["--output", dest.to_str().unwrap()]);
        assert_eq!(code, Some(1), "{output}: {stderr}");
        assert!(
            stderr.contains("is inside the site's own files (content/ or themes/)"),
            "{output}: {stderr}"
        );
        assert!(!stderr.contains("disk has space"), "{output}: {stderr}");
    }
    for made in ["content/out", "content/y", "content/z", "nothere"] {
        assert!(!site.path().join(made).exists(), "{made}");
    }
    assert!(!site.path().join("themes").exists());
}

#[test]
fn two_builds_at_once_into_one_output_both_leave_a_whole_site() {
    let site = copy_fixture("small");
    for i in 0..200 {
        write(
            site.path(),
            &format!("content/updates/2020/2020-01-01-bulk-{i}.md"),
            &format!(
                "+++\ntitle = \"Bulk {i}\"\ndate = 2020-01-01\nkind = \"news\"\n+++\nText {i}.\n"
            ),
        );
    }
    let reference = build_ok(site.path(), &[]);
    let expected = tree(&reference);
    for _ in 0..5 {
        let started: Vec<_> = (0..2)
            .map(|_| {
                Command::new(env!("CARGO_BIN_EXE_sendsite"))
                    .args([
                        "build",
                        "--root",
                        site.path().to_str().unwrap(),
                        "--today",
                        "2026-11-01",
                    ])
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for mut child in started {
            assert!(child.wait().unwrap().success());
        }
        assert_eq!(tree(&reference), expected);
    }
}

/// Every file under a folder, relative.
fn tree(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    files.sort();
    files
}

#[test]
fn a_named_pipe_in_content_is_an_error_not_a_hang() {
    let site = copy_fixture("small");
    for pipe in [
        "content/updates/2021-01-20-pipe.md",
        "content/documents/pipe.pdf",
    ] {
        let made = Command::new("mkfifo")
            .arg(site.path().join(pipe))
            .status()
            .unwrap();
        assert!(made.success());
    }
    for command in ["build", "check"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_sendsite"))
            .args([
                command,
                "--root",
                site.path().to_str().unwrap(),
                "--today",
                "2026-11-01",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(60);
        while child.try_wait().unwrap().is_none() {
            if Instant::now() > deadline {
                child.kill().unwrap();
                panic!("{command} hung on a named pipe");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        for pipe in [
            "content/updates/2021-01-20-pipe.md",
            "content/documents/pipe.pdf",
        ] {
            assert!(stderr.contains(&format!("error: {pipe}: this is not an ordinary file (it may be a named pipe or a device)")), "{stderr}");
        }
    }
}

#[test]
fn folders_that_only_look_like_leftovers_are_never_removed_or_restored() {
    let site = copy_fixture("small");
    write(site.path(), ".public.old-keep/precious", "mine");
    write(site.path(), ".public.tmp-notes/precious", "mine too");
    write(
        site.path(),
        ".public.old-123/precious",
        "not a site sendsite wrote",
    );
    let (code, stderr) = stderr_of(site.path(), &[]);
    assert_eq!(code, Some(0), "{stderr}");
    for kept in [".public.old-keep/precious", ".public.tmp-notes/precious"] {
        assert!(site.path().join(kept).is_file(), "{kept} was removed");
    }
    assert!(site.path().join("public/.sendsite").is_file());
    assert!(
        !site.path().join("public/precious").exists(),
        "a folder without the mark was put in place of the site"
    );
}
