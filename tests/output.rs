//! The output folder is never half-written: a failed build, a killed build or a full disk leaves
//! the previous site exactly as it was, and two builds of the same input are byte-identical.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use common::{build_err, build_ok, copy_fixture, on_site, write};

/// Every file under `dir`, by relative path, with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// Folders a build leaves beside the output while it works (`.public.tmp-*`, `.public.old-*`).
fn leftovers(root: &Path) -> Vec<String> {
    std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public."))
        .collect()
}

fn args(root: &Path) -> Vec<String> {
    [
        "build",
        "--root",
        root.to_str().unwrap(),
        "--today",
        "2026-11-01",
    ]
    .map(String::from)
    .to_vec()
}

#[test]
fn a_failed_build_leaves_the_previous_output_byte_identical() {
    let site = copy_fixture("small");
    let out = build_ok(site.path(), &[]);
    let before = snapshot(&out);
    write(
        site.path(),
        "content/updates/2021-01-20-bad.md",
        "+++\ntitle = \"Bad\"\ndate = 2021-02-30\nkind = \"news\"\n+++\n",
    );
    write(
        site.path(),
        "content/pages/about.md",
        "+++\ntitle = \"Changed\"\n+++\nChanged.\n",
    );
    let stderr = build_err(site.path(), &[]);
    assert!(
        stderr.contains("2021-02-30 is not a day in the calendar"),
        "{stderr}"
    );
    assert_eq!(snapshot(&out), before);
    assert_eq!(leftovers(site.path()), Vec::<String>::new());
}

#[test]
fn two_builds_are_byte_identical() {
    let site = copy_fixture("small");
    let first = site.path().join("first");
    let second = site.path().join("second");
    build_ok(site.path(), &["--output", first.to_str().unwrap()]);
    build_ok(site.path(), &["--output", second.to_str().unwrap()]);
    let (a, b) = (snapshot(&first), snapshot(&second));
    assert!(a.len() > 20, "{} files", a.len());
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(bytes == &b[path], "{path} differs between two builds");
    }
}

/// A site big enough that writing it takes a while: `version` changes every page's text.
fn large_site(root: &Path, version: &str) {
    let dir = root.join("content/updates/many");
    std::fs::create_dir_all(&dir).unwrap();
    let body = format!(
        "Version {version}. {}\n",
        "Families told us what the local offer should say. ".repeat(40)
    );
    for i in 0..1500 {
        let text = format!(
            "+++\ntitle = \"Update {i} ({version})\"\ndate = 2021-01-20\nkind = \"news\"\nsummary = \"Update {i}.\"\n+++\n{body}"
        );
        std::fs::write(dir.join(format!("2021-01-20-update-{i:04}.md")), text).unwrap();
    }
}

#[test]
fn killing_the_build_mid_write_leaves_the_previous_output() {
    let site = copy_fixture("small");
    let root = site.path();
    let out = root.join("public");
    // The two versions of the site, built whole, are the only states the output may be in.
    large_site(root, "A");
    let started = Instant::now();
    build_ok(root, &[]);
    let full = started.elapsed();
    let version_a = snapshot(&out);
    large_site(root, "B");
    build_ok(root, &[]);
    let version_b = snapshot(&out);
    assert_ne!(version_a, version_b);

    let versions = [("A", version_a), ("B", version_b)];
    let mut current = 1;
    let mut delay = full / 2;
    let (mut mid_write, mut tries) = (0, 0);
    // Up to 40 tries: on a loaded machine (the other tests of this file run beside it) the
    // build's time varies, and the search for a kill that lands mid-write takes longer.
    while mid_write < 2 && tries < 40 {
        tries += 1;
        let next = 1 - current;
        large_site(root, versions[next].0);
        let mut child = Command::new(env!("CARGO_BIN_EXE_sendsite"))
            .args(args(root))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let _ = child.kill();
        child.wait().unwrap();
        let now = snapshot(&out);
        if now == versions[next].1 {
            // Finished before the kill: the new site, whole. Aim earlier next time.
            current = next;
            delay = delay.mul_f64(0.8);
            continue;
        }
        assert!(
            now == versions[current].1,
            "try {tries}: killed after {delay:?}, the previous output changed"
        );
        // The killed build's own staging folder is still there only if it was writing.
        if leftovers(root).contains(&format!(".public.tmp-{}", child.id())) {
            mid_write += 1;
        } else {
            delay = delay.mul_f64(1.15).min(full * 2);
        }
    }
    assert!(
        mid_write >= 1,
        "no kill landed while the site was being written ({tries} tries)"
    );
    build_ok(root, &[]);
    assert_eq!(
        leftovers(root),
        Vec::<String>::new(),
        "the next build cleans up after killed ones"
    );
}

#[test]
fn a_full_disk_leaves_the_previous_output() {
    let site = copy_fixture("small");
    let out = build_ok(site.path(), &[]);
    let before = snapshot(&out);
    write(
        site.path(),
        "content/documents/big.csv",
        &"a,b,c\n".repeat(200_000),
    );
    // RLIMIT_FSIZE makes every write past 100 KB fail with "File too large", as a full disk would.
    let script = "trap '' XFSZ; ulimit -f 200; exec \"$0\" \"$@\"";
    let result = Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_sendsite"))
        .args(args(site.path()))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("File too large"), "{stderr}");
    assert!(
        stderr.contains("= hint: check that the folder is writable and the disk has space"),
        "{stderr}"
    );
    assert!(
        stderr.ends_with(&format!(
            "The site was not built; {} is unchanged.\n",
            out.display()
        )),
        "{stderr}"
    );
    assert_eq!(snapshot(&out), before);
    assert_eq!(leftovers(site.path()), Vec::<String>::new());
}

#[test]
fn check_writes_nothing() {
    let site = copy_fixture("small");
    let result = on_site("check", site.path(), &[]);
    assert!(result.status.success());
    let names: Vec<String> = std::fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["content"]);
}
