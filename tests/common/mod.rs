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

/// A PDF with one page whose catalogue also points at `extra` (object 4), and `more` objects
/// after it, its cross-reference table exact.
pub fn pdf(extra: &[u8], more: usize) -> Vec<u8> {
    let mut objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R /X 4 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>".to_vec(),
        extra.to_vec(),
    ];
    objects.extend((0..more).map(|i| format!("<< /N {i} >>").into_bytes()));
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", i + 1).bytes());
        out.extend(object);
        out.extend(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for offset in offsets {
        out.extend(format!("{offset:010} 00000 n \n").bytes());
    }
    let trailer = format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    );
    out.extend(trailer.bytes());
    out
}

/// A copy of `small` whose first update attaches `documents/hostile.pdf`, holding `bytes`.
pub fn with_document(bytes: &[u8]) -> tempfile::TempDir {
    let site = copy_fixture("small");
    let update = site.path().join("content/updates/2022/2022-12-05-news.md");
    let text = std::fs::read_to_string(&update).unwrap();
    std::fs::write(&update, attach(&text)).unwrap();
    std::fs::write(site.path().join("content/documents/hostile.pdf"), bytes).unwrap();
    site
}

/// `text` (an update) with a document table added at the end of its front matter.
pub fn attach(text: &str) -> String {
    let close = text[3..].find("\n+++").unwrap() + 4;
    format!(
        "{}[[documents]]\ntitle = \"Report\"\nfile = \"documents/hostile.pdf\"\n{}",
        &text[..close],
        &text[close..]
    )
}

/// `html` with the glossary's buttons around terms taken out (`<button class="term" ...>Ofsted</button>`
/// is `Ofsted`), for tests that read a page's words whether or not a term in them is explained.
/// A term marked as the glossary marks it: `<button ...>` opening the popover of the term with
/// id `id` (the text and `</button>` follow).
pub fn term_button(id: &str) -> String {
    format!("<button type=\"button\" class=\"term\" popovertarget=\"term-{id}\" aria-describedby=\"term-meaning-{id}\">")
}

pub fn without_terms(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<button type=\"button\" class=\"term\"") {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let open_end = after.find('>').map_or(after.len(), |i| i + 1);
        let close = after[open_end..]
            .find("</button>")
            .map_or(after.len() - open_end, |i| i);
        out.push_str(&after[open_end..open_end + close]);
        rest = &after[(open_end + close + 9).min(after.len())..];
    }
    out.push_str(rest);
    out
}
