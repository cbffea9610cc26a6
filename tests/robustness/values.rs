//! Values that become addresses, links or dates pass one rule each, with a located error.

use std::path::Path;

use super::common::{build_err, copy_fixture, on_site, write};

/// Replaces `from` with `to` in the fixture's site.toml.
fn edit_settings(root: &Path, from: &str, to: &str) {
    let path = root.join("content/site.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from}");
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// `check` must find what `build` refuses, with the same messages.
fn check_agrees(root: &Path, build_stderr: &str) {
    let check = on_site("check", root, &[]);
    assert_eq!(check.status.code(), Some(1));
    let check_stderr = String::from_utf8_lossy(&check.stderr);
    let errors = |s: &str| {
        s.lines()
            .filter(|l| l.starts_with("error: "))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(errors(&check_stderr), errors(build_stderr));
}

#[test]
fn a_kinds_key_is_never_used_as_a_path() {
    let site = copy_fixture("small");
    let outside = site.path().parent().unwrap().join("ESCAPED");
    edit_settings(
        site.path(),
        "[kinds]\n",
        "[kinds]\n\"../../ESCAPED\" = \"L\"\n\"..\" = \"Up\"\n\".\" = \"Here\"\n",
    );
    let stderr = build_err(site.path(), &[]);
    assert!(stderr.starts_with("error: content/site.toml:8:1: [kinds]: \"../../ESCAPED\" cannot be used as a web address\n  |\n8 | \"../../ESCAPED\" = \"L\"\n  | ^\n  = hint: a slug uses lower-case letters, digits and `-`: try \"escaped\"\n"), "{stderr}");
    assert!(
        stderr.contains("content/site.toml:9:1: [kinds]: \"..\" cannot be used"),
        "{stderr}"
    );
    assert!(
        stderr.contains("content/site.toml:10:1: [kinds]: \".\" cannot be used"),
        "{stderr}"
    );
    assert!(!outside.exists() && !site.path().join("public").exists());
    check_agrees(site.path(), &stderr);
}

#[test]
fn a_non_ascii_quoted_or_empty_kinds_key_is_an_error_not_a_panic() {
    let site = copy_fixture("small");
    edit_settings(
        site.path(),
        "[kinds]\n",
        "[kinds]\n\"cyfarfod-â\" = \"Cyfarfod\"\n'a\"b' = \"Q\"\n\"\" = \"Empty\"\nfine = \"\"\n",
    );
    let stderr = build_err(site.path(), &[]);
    for (line, what) in [
        (8, "\"cyfarfod-â\" cannot be used"),
        (9, "\"a\"b\" cannot be used"),
        (10, "\"\" cannot be used"),
        (11, "the label of \"fine\" is empty"),
    ] {
        assert!(
            stderr.contains(&format!("content/site.toml:{line}:")) && stderr.contains(what),
            "{what}: {stderr}"
        );
    }
    assert!(stderr.contains("\n4 errors.\n"), "{stderr}");
    check_agrees(site.path(), &stderr);
}

#[test]
fn a_script_or_data_document_url_is_an_error_where_it_is_written() {
    let site = copy_fixture("small");
    let entry = "+++\ntitle = \"Links\"\ndate = 2021-01-20\nkind = \"news\"\n[[documents]]\ntitle = \"A\"\nurl = \"javascript:alert(1)\"\n[[documents]]\ntitle = \"B\"\nurl = \"data:text/html,<script>alert(1)</script>\"\n[[documents]]\ntitle = \"C\"\nurl = \"https://files.council.example/c.pdf\"\n+++\n";
    write(site.path(), "content/updates/2021-01-20-links.md", entry);
    let stderr = build_err(site.path(), &[]);
    assert!(stderr.contains("error: content/updates/2021-01-20-links.md:7:7: url: \"javascript:alert(1)\" uses `javascript:`, which is not allowed (only https, http and mailto)"), "{stderr}");
    assert!(stderr.contains("error: content/updates/2021-01-20-links.md:10:7: url: \"data:text/html,<script>alert(1)</script>\" uses `data:`"), "{stderr}");
    assert!(stderr.contains("2 errors."), "{stderr}");
    check_agrees(site.path(), &stderr);
}

#[test]
fn an_email_that_could_add_recipients_or_headers_is_an_error() {
    for bad in [
        "send@council.example?cc=x@y.org",
        "send @council.example",
        "send@example",
    ] {
        let site = copy_fixture("small");
        edit_settings(
            site.path(),
            "email = \"send@council.example\"",
            &format!("email = \"{bad}\""),
        );
        let stderr = build_err(site.path(), &[]);
        assert!(
            stderr.starts_with(&format!(
                "error: content/site.toml:5:9: email: \"{bad}\" is not an email address"
            )),
            "{stderr}"
        );
    }
    let site = copy_fixture("small");
    edit_settings(
        site.path(),
        "email = \"send@council.example\"",
        "email = \"send@council.example\\r\\nBcc: all@example.org\"",
    );
    let stderr = build_err(site.path(), &[]);
    assert!(
        stderr.contains(
            "email: \"send@council.example\\r\\nBcc: all@example.org\" is not an email address"
        ),
        "{stderr}"
    );
}

#[test]
fn an_empty_glossary_term_or_meaning_is_an_error() {
    let site = copy_fixture("small");
    edit_settings(
        site.path(),
        "[glossary]\n",
        "[glossary]\n\"\" = \"Nothing.\"\nEHCP = \" \"\n",
    );
    let stderr = build_err(site.path(), &[]);
    assert!(
        stderr.contains("error: content/site.toml:12:1: a glossary term is empty"),
        "{stderr}"
    );
    assert!(
        stderr.contains("error: content/site.toml:13:8: this glossary term has no meaning"),
        "{stderr}"
    );
}

#[test]
fn years_no_site_can_mean_are_errors() {
    let site = copy_fixture("small");
    write(
        site.path(),
        "content/updates/2021-01-20-zero.md",
        "+++\ntitle = \"Z\"\ndate = 0000-01-01\nkind = \"news\"\n+++\n",
    );
    write(
        site.path(),
        "content/updates/2021-01-21-far.md",
        "+++\ntitle = \"F\"\ndate = 2021-01-21\nkind = \"meeting\"\nevent = 9999-12-31\n+++\n",
    );
    let stderr = build_err(site.path(), &[]);
    assert!(stderr.contains("error: content/updates/2021-01-20-zero.md:3:8: date: 0000-01-01 is not a year this site can mean"), "{stderr}");
    assert!(stderr.contains("error: content/updates/2021-01-21-far.md:5:9: event: 9999-12-31 is not a year this site can mean"), "{stderr}");
    assert!(
        stderr.contains("hint: check the year: dates from 1990 to 2100 are accepted"),
        "{stderr}"
    );
}

#[test]
fn a_long_slug_or_an_alias_on_a_generated_file_is_located_by_check_and_build() {
    let site = copy_fixture("small");
    let long = "a".repeat(300);
    write(
        site.path(),
        "content/updates/2021-01-20-long.md",
        &format!(
            "+++\ntitle = \"L\"\ndate = 2021-01-20\nkind = \"news\"\nslug = \"{long}\"\n+++\n"
        ),
    );
    write(site.path(), "content/updates/2021-01-21-feed.md", "+++\ntitle = \"F\"\ndate = 2021-01-21\nkind = \"news\"\naliases = [\"/feed.xml\", \"/static/style.css\"]\n+++\n");
    let stderr = build_err(site.path(), &[]);
    assert!(
        stderr.contains(
            "error: content/updates/2021-01-20-long.md:5:8: this slug is 300 characters long"
        ),
        "{stderr}"
    );
    check_agrees(site.path(), &stderr);
    // Once the slug is fixed, the aliases are what is left: named with their entry.
    write(
        site.path(),
        "content/updates/2021-01-20-long.md",
        "+++\ntitle = \"L\"\ndate = 2021-01-20\nkind = \"news\"\n+++\n",
    );
    let stderr = build_err(site.path(), &[]);
    assert!(stderr.contains("error: content/updates/2021-01-21-feed.md: two files would be published at \"feed.xml\""), "{stderr}");
    assert!(stderr.contains("error: content/updates/2021-01-21-feed.md: two files would be published at \"static/style.css\""), "{stderr}");
    assert!(!stderr.contains("cannot write"), "{stderr}");
    check_agrees(site.path(), &stderr);
}
