//! Bad input: every error at once, with file, line, column and a hint; the old output untouched.

mod common;

use common::*;

/// A copy of the small fixture with one of every mistake the issue lists.
fn broken_site() -> tempfile::TempDir {
    let site = copy_fixture("small");
    let root = site.path();
    write(root, "content/updates/2023-01-01-typo.md", "+++\ntitle = \"Typos\"\ndate = 2023-01-01\nkind = \"inspektion\"\nareas = [\"leadrship\"]\n[judgements]\nplans = \"good\"\n+++\nBody\n");
    write(
        root,
        "content/updates/2023-01-02-no-title.md",
        "+++\ndate = 2023-01-02\nkind = \"news\"\n+++\nBody\n",
    );
    write(
        root,
        "content/updates/2023-01-03-bad-date.md",
        "+++\ntitle = \"Bad date\"\ndate = \"20/01/2021\"\nkind = \"news\"\n+++\n",
    );
    write(
        root,
        "content/updates/2023-01-04-bad-toml.md",
        "+++\ntitle = \"Unclosed\ndate = 2023-01-04\n+++\n",
    );
    write(root, "content/updates/2023-01-05-missing-doc.md", "+++\ntitle = \"Doc\"\ndate = 2023-01-05\nkind = \"news\"\n[[documents]]\ntitle = \"Plan\"\nfile = \"documents/plan.pdf\"\n+++\n");
    write(
        root,
        "content/updates/2023-01-06-news.md",
        "+++\ntitle = \"Same slug\"\ndate = 2023-01-06\nkind = \"news\"\n+++\n",
    );
    site
}

const EXPECTED: &str = r#"error: content/updates/2023-01-01-typo.md:4:8: unknown kind "inspektion"
  |
4 | kind = "inspektion"
  |        ^
  = hint: did you mean "inspection"?

error: content/updates/2023-01-01-typo.md:5:10: unknown area "leadrship"
  |
5 | areas = ["leadrship"]
  |          ^
  = hint: did you mean "leadership"?

error: content/updates/2023-01-01-typo.md:7:9: unknown status "good"
  |
7 | plans = "good"
  |         ^
  = hint: a judgement is one of significant-weakness, sufficient-progress, insufficient-progress

error: content/updates/2023-01-02-no-title.md:2:1: `title` is missing
  |
2 | date = 2023-01-02
  | ^
  = hint: add `title = ...` to the front matter, between the `+++` lines

error: content/updates/2023-01-03-bad-date.md:3:8: date: `20/01/2021` is not a date sendsite can read
  |
3 | date = "20/01/2021"
  |        ^
  = hint: write dates as year-month-day: 2021-01-20

error: content/updates/2023-01-04-bad-toml.md:2:18: invalid basic string
  |
2 | title = "Unclosed
  |                  ^
  = hint: end the text with a closing double quote on the same line, e.g. `title = "Revisit report"`

error: content/updates/2023-01-05-missing-doc.md:7:8: document file "documents/plan.pdf" does not exist
  |
7 | file = "documents/plan.pdf"
  |        ^
  = hint: put the file at content/documents/plan.pdf, or correct the path in `file`

error: content/updates/2023-01-06-news.md: two entries have the slug "news"
  = hint: content/updates/2022/2022-12-05-news.md has it too; give one of them another file name or a `slug = "..."`

8 errors.
"#;

#[test]
fn every_error_is_reported_at_once_with_its_place_and_a_hint() {
    let site = broken_site();
    let stderr = build_err(site.path(), &[]);
    let (report, last) = stderr.rsplit_once("The site was not built; ").unwrap();
    assert_eq!(report, EXPECTED);
    assert!(last.ends_with("public is unchanged.\n"), "{last}");
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = copy_fixture("small");
    let out = build_ok(site.path(), &[]);
    let before = read(&out, "index.html");
    write(
        site.path(),
        "content/updates/2023-01-01-typo.md",
        "+++\ntitle = \"T\"\ndate = 2023-01-01\nkind = \"nope\"\n+++\n",
    );
    build_err(site.path(), &[]);
    assert_eq!(read(&out, "index.html"), before);
    assert!(out.join("updates/revisit-report/index.html").is_file());
}

#[test]
fn a_broken_site_toml_is_reported_on_its_line() {
    let site = copy_fixture("small");
    write(site.path(), "content/site.toml", "title = \"T\"\norganisation = \"O\"\ndescription = \"D\"\nbase_url = \"www.council.example\"\n");
    let stderr = build_err(site.path(), &[]);
    assert!(stderr.starts_with("error: content/site.toml:4:1: base_url: \"www.council.example\" must start with https:// or http://\n  |\n4 | base_url = \"www.council.example\"\n  | ^\n  = hint: write the full address of the site"), "{stderr}");
}

#[test]
fn a_folder_without_content_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let stderr = build_err(dir.path(), &[]);
    assert!(
        stderr.contains("error: content/site.toml: there are no site settings"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "hint: every site needs `content/site.toml`; `sendsite init DIR` creates one"
        ),
        "{stderr}"
    );
}
