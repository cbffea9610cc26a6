//! What sendsite reads from document files, with real PDFs (made with qpdf: object streams and
//! cross-reference streams, an incremental update, a tagged one with a title and a language, an
//! untagged one, a damaged one) and a Word file: `tests/fixtures/documents`.

mod common;

use common::{build_ok, copy_fixture, fixture, on_site};

fn meta(html: &str, title: &str) -> String {
    let at = html
        .find(&format!(">{title}</a></p>"))
        .unwrap_or_else(|| panic!("no {title}"));
    let rest = &html[at..];
    let start = rest.find("<p class=\"document-meta\">").unwrap() + 25;
    rest[start..start + rest[start..].find("</p>").unwrap()]
        .trim()
        .to_string()
}

#[test]
fn pages_and_formats_come_from_the_files_themselves() {
    let site = copy_fixture("documents");
    let out = build_ok(site.path(), &[]);
    let plan = std::fs::read_to_string(out.join("updates/plan-published/index.html")).unwrap();
    let survey = std::fs::read_to_string(out.join("updates/survey-results/index.html")).unwrap();
    let pdf = "<abbr title=\"Portable Document Format\">PDF</abbr>";
    // Object streams and a cross-reference stream (qpdf --object-streams=generate).
    assert_eq!(
        meta(&plan, "Westfold SEND improvement plan"),
        format!("{pdf}, 1 KB, 3 pages")
    );
    assert_eq!(
        meta(&survey, "Survey results"),
        format!("{pdf}, 898 bytes, 2 pages")
    );
    // An incremental update that took a page out: the document's own page tree says 1.
    assert_eq!(
        meta(&plan, "Letter to families"),
        format!("{pdf}, 1 KB, 1 page")
    );
    // Damaged: no page count, never a wrong one.
    assert_eq!(
        meta(&survey, "Scanned letter from 2019"),
        format!("{pdf}, 79 bytes")
    );
    // Protected with a password: no page count either.
    assert!(meta(&survey, "Protected report").starts_with(&format!("{pdf}, ")));
    assert!(!meta(&survey, "Protected report").contains("page"));
    // A Word file: its proper name, and the pages its docProps/app.xml records.
    assert_eq!(
        meta(&survey, "Board minutes, March 2025"),
        "Word document, 808 bytes, 4 pages"
    );
}

#[test]
fn a_pdf_screen_readers_may_not_read_says_so_and_check_says_how_to_fix_it() {
    let root = fixture("documents");
    let out = tempfile::tempdir().unwrap();
    let built = on_site(
        "build",
        &root,
        &["--output", out.path().join("site").to_str().unwrap()],
    );
    assert!(built.status.success());
    let site = out.path().join("site");
    let survey = std::fs::read_to_string(site.join("updates/survey-results/index.html")).unwrap();
    let warning = "<p class=\"document-request\">This file may not be suitable for users of assistive technology. <a href=\"mailto:send@westfold.example?subject=Accessible%20format%20request%3A%20Survey%20results\">Request an accessible format";
    assert!(survey.contains(warning), "{survey}");
    let plan = std::fs::read_to_string(site.join("updates/plan-published/index.html")).unwrap();
    assert_eq!(
        plan.matches("may not be suitable").count(),
        1,
        "the tagged plan has no warning"
    );
    assert!(plan.contains(
        "<p class=\"document-html\"><a href=\"/send/easy-read-plan/\">Read it as a web page"
    ));
    let checked = on_site("check", &root, &[]);
    let stderr = String::from_utf8_lossy(&checked.stderr);
    for line in [
        "warning: content/updates/2025-04-01-survey-results.md:9:8: document file \"documents/survey-results.pdf\" has no tags, no title and no language, so screen readers may not read it well",
        "  = hint: in Word, give the document a title (File, Info, Title) and save it again with File, Save as, PDF, Options, and tick \"Document structure tags for accessibility\"",
        "warning: content/updates/2025-03-01-plan-published.md:14:8: document file \"documents/letter.pdf\" has no tags, no title and no language, so screen readers may not read it well",
        "warning: content/updates/2025-04-01-survey-results.md:13:8: document file \"documents/old-scan.pdf\" cannot be read: it is damaged or not a PDF",
        "warning: content/updates/2025-04-01-survey-results.md:17:8: document file \"documents/protected.pdf\" cannot be read: it is",
    ] {
        assert!(stderr.contains(line), "missing {line:?} in\n{stderr}");
    }
    assert!(
        !stderr.contains("improvement-plan.pdf"),
        "the tagged PDF with a title and a language is fine"
    );
    assert_eq!(checked.status.code(), Some(0), "warnings, not errors");
    assert_eq!(
        on_site("check", &root, &["--strict"]).status.code(),
        Some(1)
    );
}

#[test]
fn the_statement_lists_such_documents_and_cannot_claim_full_compliance() {
    let site = copy_fixture("documents");
    let out = build_ok(site.path(), &[]);
    let statement = std::fs::read_to_string(out.join("accessibility/index.html")).unwrap();
    assert!(
        statement.contains("<li>Some older scanned letters are images of text.</li>"),
        "the council's own list first"
    );
    assert!(statement.contains("<li><a href=\"/send/documents/survey-results.pdf\">Survey results</a>: it is not tagged and has no title or language.</li>"), "{statement}");
    assert!(statement.contains("<li><a href=\"/send/documents/letter.pdf\">Letter to families</a>: it is not tagged and has no title or language.</li>"));
    assert!(!statement.contains(">Westfold SEND improvement plan</a>:"));
    let settings = site.path().join("content/site.toml");
    let text = std::fs::read_to_string(&settings).unwrap();
    let text = text
        .replace("status = \"partial\"", "status = \"full\"")
        .replace(
            "non_accessible = [\"Some older scanned letters are images of text.\"]\n",
            "",
        );
    std::fs::write(&settings, text).unwrap();
    let stderr = common::build_err(site.path(), &[]);
    assert!(
        stderr.contains("error: content/site.toml:11:10: [accessibility] status is \"full\", but the site publishes documents that screen readers may not read well: \"Survey results\" (no tags, no title and no language); \"Letter to families\" (no tags, no title and no language)"),
        "{stderr}"
    );
}

#[test]
fn an_html_version_must_be_a_page_of_the_site_or_an_address() {
    let site = copy_fixture("documents");
    let entry = site
        .path()
        .join("content/updates/2025-03-01-plan-published.md");
    let text = std::fs::read_to_string(&entry).unwrap();
    std::fs::write(
        &entry,
        text.replace("@/pages/easy-read-plan.md", "@/pages/easy-read.md"),
    )
    .unwrap();
    let stderr = common::build_err(site.path(), &[]);
    assert!(stderr.contains("error: content/updates/2025-03-01-plan-published.md:10:8: html: \"@/pages/easy-read.md\" is not a page of this site"), "{stderr}");
    std::fs::write(
        &entry,
        text.replace("@/pages/easy-read-plan.md", "javascript:alert(1)"),
    )
    .unwrap();
    let stderr = common::build_err(site.path(), &[]);
    assert!(
        stderr.contains("content/updates/2025-03-01-plan-published.md:10:8"),
        "{stderr}"
    );
}
