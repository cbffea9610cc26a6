//! The accessibility statement at /accessibility/: made from `[accessibility]` in site.toml, with
//! truthful defaults when the table is missing, and clear errors when it is wrong.

mod common;

use common::{build_err, build_ok, copy_fixture, read, sendsite, write};

/// The statement fixture with one line of its site.toml replaced.
fn with_setting(from: &str, to: &str) -> tempfile::TempDir {
    let site = copy_fixture("statement");
    let toml = read(site.path(), "content/site.toml");
    assert!(toml.contains(from), "the fixture has no {from}");
    write(site.path(), "content/site.toml", &toml.replace(from, to));
    site
}

#[test]
fn the_statement_says_what_the_settings_say() {
    let site = copy_fixture("statement");
    let out = build_ok(site.path(), &[]);
    let page = read(&out, "accessibility/index.html");
    for expected in [
        "<h1>Accessibility statement for Statement test site</h1>",
        "<p>This website is partially compliant with the <a href=\"https://www.w3.org/TR/WCAG22/\">Web Content Accessibility Guidelines version 2.2</a> AA standard, due to the non-compliances listed below.</p>",
        "<li>Some PDF documents from 2020 are not tagged for screen readers.</li>\n  <li>The 2021 survey results are a scanned image.</li>",
        "email <a href=\"mailto:access@council.example\">access@council.example</a> and tell us which page or document you need.",
        "<p>We will consider your request and reply within 5 working days.</p>",
        "<a href=\"https://www.equalityadvisoryservice.com/\">contact the Equality Advisory and Support Service (EASS)</a>",
        "<p>This website was last tested on <time datetime=\"2024-03-01\">1 March 2024</time>. The test was carried out by Testshire Council&#39;s digital team.</p>\n<p>We tested every page with a keyboard and a screen reader.</p>",
        "<p>This statement was prepared on <time datetime=\"2024-03-04\">4 March 2024</time>. It was last reviewed on <time datetime=\"2024-09-04\">4 September 2024</time>.</p>",
    ] {
        assert!(page.contains(expected), "missing {expected}\n\n{page}");
    }
    assert!(!page.contains("not complete yet"), "{page}");
    assert!(read(&out, "index.html")
        .contains("<li><a href=\"/accessibility/\">Accessibility statement</a></li>"));
    assert!(
        read(&out, "sitemap.xml").contains("<loc>https://www.council.example/accessibility/</loc>")
    );
}

#[test]
fn a_fully_compliant_site_lists_nothing_as_inaccessible() {
    let site = with_setting(
        "status = \"partial\"\nnon_accessible = [\n  \"Some PDF documents from 2020 are not tagged for screen readers.\",\n  \"The 2021 survey results are a scanned image.\",\n]",
        "status = \"full\"",
    );
    let page = read(&build_ok(site.path(), &[]), "accessibility/index.html");
    assert!(page.contains("<p>This website is fully compliant with the <a href=\"https://www.w3.org/TR/WCAG22/\">Web Content Accessibility Guidelines version 2.2</a> AA standard.</p>"), "{page}");
    assert!(
        page.contains(
            "<p>We are not aware of any content on this website that is not accessible.</p>"
        ),
        "{page}"
    );
}

#[test]
fn a_site_without_settings_gets_a_statement_that_says_it_is_not_complete() {
    let site = copy_fixture("small");
    let page = read(&build_ok(site.path(), &[]), "accessibility/index.html");
    for expected in [
        "<p><strong>This statement is not complete yet.</strong> Testshire Council has not yet tested the content of this website",
        "This website is partially compliant with the",
        "<li>The documents attached to our updates, such as PDF files, have not been checked for accessibility.",
        "email <a href=\"mailto:send@council.example\">send@council.example</a> and tell us which page or document you need.",
        "<p>Testshire Council has not yet tested this website.",
        "It has not yet been prepared or reviewed by Testshire Council.</p>",
    ] {
        assert!(page.contains(expected), "missing {expected}\n\n{page}");
    }
}

#[test]
fn the_starter_site_scaffolds_the_settings_and_builds_a_truthful_statement() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    assert!(sendsite(&["init", root.to_str().unwrap()]).status.success());
    let toml = read(&root, "content/site.toml");
    for key in [
        "# [accessibility]",
        "# status = ",
        "# non_accessible = ",
        "# tested = ",
        "# tested_by = ",
        "# test_method = ",
        "# prepared = ",
        "# reviewed = ",
    ] {
        assert!(toml.contains(key), "the starter site.toml lacks {key}");
    }
    let page = read(&build_ok(&root, &[]), "accessibility/index.html");
    assert!(
        page.contains("This statement is not complete yet."),
        "{page}"
    );
    // Removing the `# ` in front of the table gives a valid, complete statement.
    let (head, table) = toml.split_at(toml.find("# [accessibility]").unwrap());
    let table: Vec<&str> = table
        .lines()
        .map(|l| l.strip_prefix("# ").unwrap_or(l))
        .collect();
    write(
        &root,
        "content/site.toml",
        &format!("{head}{}\n", table.join("\n")),
    );
    let page = read(&build_ok(&root, &[]), "accessibility/index.html");
    assert!(page.contains("This statement was prepared on <time datetime=\"2024-01-15\">15 January 2024</time>. It was last reviewed on"), "{page}");
}

#[test]
fn an_unknown_status_is_an_error_with_the_choices() {
    let site = with_setting("status = \"partial\"", "status = \"partly\"");
    assert_eq!(
        build_err(site.path(), &[]),
        "error: content/site.toml:8:10: unknown accessibility status \"partly\"\n  |\n8 | status = \"partly\"\n  |          ^\n  = hint: write \"full\", \"partial\" or \"not\" (how far the site meets WCAG 2.2 AA)\n\n1 error.\nThe site was not built; "
            .to_string()
            + &format!("{} is unchanged.\n", site.path().join("public").display())
    );
}

#[test]
fn a_review_before_the_statement_was_prepared_is_an_error() {
    let site = with_setting("reviewed = 2024-09-04", "reviewed = 2024-01-04");
    let err = build_err(site.path(), &[]);
    assert!(err.starts_with(
        "error: content/site.toml:19:12: the statement was reviewed (2024-01-04) before it was prepared (2024-03-04)\n   |\n19 | reviewed = 2024-01-04\n   |            ^\n  = hint: `reviewed` is the date of the latest review, on or after `prepared`\n"
    ), "{err}");
}

#[test]
fn a_date_written_the_uk_way_gets_a_rewrite_hint() {
    let site = with_setting("prepared = 2024-03-04", "prepared = \"4 March 2024\"");
    let err = build_err(site.path(), &[]);
    assert!(err.starts_with(
        "error: content/site.toml:18:12: prepared: `4 March 2024` is not a date sendsite can read\n   |\n18 | prepared = \"4 March 2024\"\n   |            ^\n  = hint: write dates as year-month-day: 2024-03-04\n"
    ), "{err}");
}

#[test]
fn a_partial_status_needs_a_list_and_a_full_one_must_not_have_one() {
    let site = with_setting("status = \"partial\"", "status = \"full\"");
    let err = build_err(site.path(), &[]);
    assert!(err.starts_with(
        "error: content/site.toml:9:1: status is \"full\", but `non_accessible` lists content that is not accessible\n  |\n9 | non_accessible = [\n  | ^\n  = hint: use status = \"partial\" while any content is not accessible, or empty the list\n"
    ), "{err}");
    let site = with_setting("non_accessible = [", "non_accessible = []\nold = [");
    let err = build_err(site.path(), &[]);
    assert!(err.contains("unknown field `old`"), "{err}");
    let site = with_setting(
        "non_accessible = [\n  \"Some PDF documents from 2020 are not tagged for screen readers.\",\n  \"The 2021 survey results are a scanned image.\",\n]",
        "non_accessible = []",
    );
    let err = build_err(site.path(), &[]);
    assert!(
        err.starts_with(
            "error: content/site.toml:9:1: status is \"partial\", but `non_accessible` is empty\n"
        ),
        "{err}"
    );
}

#[test]
fn a_statement_without_any_email_is_an_error() {
    let site = with_setting("email = \"send@council.example\"\n", "");
    let toml =
        read(site.path(), "content/site.toml").replace("email = \"access@council.example\"\n", "");
    write(site.path(), "content/site.toml", &toml);
    let err = build_err(site.path(), &[]);
    assert!(err.starts_with(
        "error: content/site.toml:6:1: the accessibility statement needs an email address\n  |\n6 | [accessibility]\n  | ^\n  = hint: set `email` in [accessibility] (or at the top of site.toml) so people can ask for another format and report problems\n"
    ), "{err}");
}

#[test]
fn a_misspelt_setting_is_an_error_that_lists_the_settings() {
    let site = with_setting("tested_by =", "tested_bye =");
    let err = build_err(site.path(), &[]);
    assert!(err.starts_with("error: content/site.toml:16:1: unknown field `tested_bye`, expected one of `status`, `non_accessible`, `email`, `response_days`, `tested`, `tested_by`, `test_method`, `prepared`, `reviewed`\n"), "{err}");
}
