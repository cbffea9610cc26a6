//! Input that is odd rather than wrong (editors' encodings, other scripts, huge files) builds or
//! fails with a clear message, and nothing an author writes reaches a reader unescaped or unsafe.
//! Cases that need particular bytes or sizes are generated here at run time.

mod common;

use std::path::Path;

use common::{build_err, build_ok, copy_fixture, on_site, read, write};

fn entry(title: &str, body: &str) -> String {
    format!("+++\ntitle = \"{title}\"\ndate = 2021-01-20\nkind = \"news\"\n+++\n{body}")
}

fn not_built(root: &Path) -> String {
    format!(
        "The site was not built; {} is unchanged.\n",
        root.join("public").display()
    )
}

#[test]
fn bom_crlf_and_tabs_are_accepted_silently() {
    let site = copy_fixture("small");
    let text = "\u{feff}+++\r\ntitle\t=\t\"Tabbed\tand CRLF\"\r\ndate = 2021-01-20\r\n\tkind = \"news\"\r\n+++\r\nLine one\r\nline two.\r\n";
    write(site.path(), "content/updates/2021-01-20-windows.md", text);
    let settings = std::fs::read_to_string(site.path().join("content/site.toml")).unwrap();
    write(
        site.path(),
        "content/site.toml",
        &format!("\u{feff}{}", settings.replace('\n', "\r\n")),
    );
    let out = site.path().join("public");
    let result = on_site("build", site.path(), &[]);
    assert_eq!(String::from_utf8_lossy(&result.stderr), "");
    assert!(result.status.success());
    let page = read(&out, "updates/windows/index.html");
    assert!(page.contains("<h1>Tabbed\tand CRLF</h1>"), "{page}");
    assert!(page.contains("<p>Line one\nline two.</p>"), "{page}");
}

#[test]
fn a_file_that_is_not_utf8_is_a_clear_error() {
    let site = copy_fixture("small");
    let mut bytes = entry("Caf", "").into_bytes();
    bytes.splice(18..18, [0xe9]); // "Caf\xe9": Latin-1, as an old Windows editor saves it
    std::fs::write(
        site.path().join("content/updates/2021-01-20-latin1.md"),
        bytes,
    )
    .unwrap();
    assert_eq!(
        build_err(site.path(), &[]),
        format!(
            "error: content/updates/2021-01-20-latin1.md: this file is not UTF-8 text (bad byte at offset 18)\n  \
             = hint: open it in your editor and save it with the UTF-8 encoding\n\n1 error.\n{}",
            not_built(site.path())
        )
    );
}

#[test]
fn site_settings_that_are_not_utf8_are_a_clear_error() {
    let site = copy_fixture("small");
    std::fs::write(
        site.path().join("content/site.toml"),
        b"title = \"Caf\xe9\"\n",
    )
    .unwrap();
    let stderr = build_err(site.path(), &[]);
    assert!(
        stderr.starts_with(
            "error: content/site.toml: this file is not UTF-8 text (bad byte at offset 12)\n"
        ),
        "{stderr}"
    );
}

#[test]
fn a_file_name_that_is_not_utf8_is_a_clear_error() {
    use std::os::unix::ffi::OsStrExt;
    let site = copy_fixture("small");
    let name = std::ffi::OsStr::from_bytes(b"2021-01-20-caf\xe9.md");
    std::fs::write(
        site.path().join("content/updates").join(name),
        entry("Cafe", ""),
    )
    .unwrap();
    assert_eq!(
        build_err(site.path(), &[]),
        format!(
            "error: content/updates/2021-01-20-caf\u{fffd}.md: this file name is not UTF-8 text, so it cannot be a web address\n  \
             = hint: rename the file using letters, digits and `-`\n\n1 error.\n{}",
            not_built(site.path())
        )
    );
}

#[test]
fn empty_settings_name_the_first_missing_field() {
    let site = copy_fixture("small");
    write(site.path(), "content/site.toml", "");
    let stderr = build_err(site.path(), &[]);
    assert!(
        stderr.starts_with("error: content/site.toml:1:1: `title` is missing\n"),
        "{stderr}"
    );
}

#[test]
fn links_out_of_content_are_rejected() {
    let site = copy_fixture("small");
    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "secret.txt", "secret\n");
    write(outside.path(), "more/2021-01-20-x.md", &entry("X", ""));
    let content = site.path().join("content");
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        content.join("documents/secret.txt"),
    )
    .unwrap();
    std::os::unix::fs::symlink(outside.path().join("more"), content.join("updates/more")).unwrap();
    let hint = "  = hint: copy the file itself into content/ instead of linking to it\n\n";
    assert_eq!(
        build_err(site.path(), &[]),
        format!(
            "error: content/documents/secret.txt: this file is a link to somewhere else\n{hint}\
             error: content/updates/more: this file is a link to somewhere else\n{hint}2 errors.\n{}",
            not_built(site.path())
        )
    );
}

#[test]
fn non_ascii_file_names_get_readable_slugs() {
    let site = copy_fixture("small");
    let names = [
        ("2021-01-20-adroddiad-ôl-ymweliad", "adroddiad-ol-ymweliad"),
        (
            "2021-01-21-warbixinta-horumarka-ee-SEND",
            "warbixinta-horumarka-ee-send",
        ),
        ("2021-01-22-پیش-رفت-رپورٹ", "pysh-rft-rpwrtt"),
        ("2021-01-23-🎉-launch", "tada-launch"),
        ("2021-01-24-进展报告", "jin-zhan-bao-gao"),
    ];
    for (file, _) in names {
        write(
            site.path(),
            &format!("content/updates/{file}.md"),
            &entry("تازہ کاری 📣", "Text.\n"),
        );
    }
    let out = build_ok(site.path(), &[]);
    for (_, slug) in names {
        let page = read(&out, &format!("updates/{slug}/index.html"));
        assert!(page.contains("<h1>تازہ کاری 📣</h1>"), "{slug}");
    }
}

#[test]
fn an_entry_just_under_the_size_limit_builds_and_checks() {
    let site = copy_fixture("small");
    let paragraph = "Families told us what the local offer should say. ".repeat(20);
    let mut body = String::new();
    let mut part = 0;
    while body.len() < 10 * 1024 * 1024 - 4096 {
        part += 1;
        body.push_str(&format!("## Part {part}\n\n{paragraph}\n\n"));
    }
    let text = entry("Huge", &body).replacen("+++\n", "+++\nsummary = \"A long report.\"\n", 1);
    write(site.path(), "content/updates/2021-01-20-huge.md", &text);
    let out = build_ok(site.path(), &[]);
    let page = read(&out, "updates/huge/index.html");
    assert!(page.contains(&format!("<h2 id=\"part-{part}\">Part {part}</h2>")));
    let check = on_site("check", site.path(), &[]);
    assert_eq!(String::from_utf8_lossy(&check.stderr), "");
    assert!(check.status.success());
}

#[test]
fn regression_a_file_over_ten_megabytes_is_refused_by_name() {
    let site = copy_fixture("small");
    let body = "Families told us what the local offer should say.\n".repeat(210_000);
    write(
        site.path(),
        "content/updates/2021-01-20-huge.md",
        &entry("Huge", &body),
    );
    let want = [
        "error: content/updates/2021-01-20-huge.md: this file is larger than 10 MB, the most sendsite reads for one text file",
        "  = hint: split it into several files, or, for a long document, publish it as a PDF under content/documents/ and link to it",
    ];
    for command in ["build", "check"] {
        let run = on_site(command, site.path(), &[]);
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(1), "{command}: {stderr}");
        for line in want {
            assert!(stderr.contains(line), "{command}: {stderr}");
        }
    }
    assert!(!site.path().join("public").exists());
}

#[test]
fn ten_thousand_entries_on_one_date_build() {
    let site = copy_fixture("small");
    let dir = site.path().join("content/updates/many");
    std::fs::create_dir_all(&dir).unwrap();
    for i in 0..10_000 {
        let text = entry(
            &format!("Update {i}"),
            &format!("Update {i}, see [the areas](/areas/).\n"),
        );
        std::fs::write(dir.join(format!("2021-01-20-update-{i:05}.md")), text).unwrap();
    }
    let out = build_ok(site.path(), &[]);
    assert!(out.join("updates/update-00000/index.html").is_file());
    assert!(out.join("updates/update-09999/index.html").is_file());
    let timeline = read(&out, "updates/index.html");
    assert_eq!(
        timeline.matches("href=\"/send/updates/update-").count(),
        10_000
    );
    // Same date: ordered by slug, so the listing is stable from build to build.
    let first = timeline.find("update-00000/").unwrap();
    assert!(first < timeline.find("update-00001/").unwrap());
}

#[test]
fn text_from_content_is_escaped_everywhere() {
    let site = copy_fixture("small");
    let title = r#"<script>alert(\"x\")</script> & \"quotes\""#;
    let text = format!(
        "+++\ntitle = \"{title}\"\ndate = 2021-01-20\nkind = \"news\"\nareas = [\"leadership\"]\nsummary = \"<b onmouseover=x>s</b>\"\nlocation = \"<img src=x onerror=y>\"\n+++\nBody.\n"
    );
    write(site.path(), "content/updates/2021-01-20-xss.md", &text);
    let out = build_ok(site.path(), &[]);
    for item in walkdir::WalkDir::new(&out) {
        let item = item.unwrap();
        if item.file_type().is_file() {
            let text = String::from_utf8_lossy(&std::fs::read(item.path()).unwrap()).into_owned();
            for raw in ["<script>alert", "<b onmouseover", "<img src=x"] {
                assert!(
                    !text.contains(raw),
                    "{} contains {raw}",
                    item.path().display()
                );
            }
        }
    }
    let page = read(&out, "updates/xss/index.html");
    assert!(
        page.contains(
            "<h1>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quotes&quot;</h1>"
        ),
        "{page}"
    );
    assert!(page.contains("&lt;img src=x onerror=y&gt;"), "{page}");
}

#[test]
fn iframes_only_from_the_sites_site_toml_allows() {
    let site = copy_fixture("small");
    let settings = std::fs::read_to_string(site.path().join("content/site.toml")).unwrap();
    let settings = settings.replacen(
        "[kinds]",
        "allow_iframes_from = [\"https://www.youtube-nocookie.com\"]\n\n[kinds]",
        1,
    );
    write(site.path(), "content/site.toml", &settings);
    let body =
        "<iframe src=\"https://www.youtube-nocookie.com/embed/abc\" title=\"Film\"></iframe>\n\n\
                <iframe src=\"https://tracker.example/embed\" title=\"Ad\"></iframe>\n";
    write(
        site.path(),
        "content/updates/2021-01-20-film.md",
        &entry("Film", body),
    );
    let result = on_site("build", site.path(), &[]);
    assert!(result.status.success());
    assert_eq!(
        String::from_utf8_lossy(&result.stderr),
        "warning: content/updates/2021-01-20-film.md:8:1: unsafe HTML was removed: an <iframe> from \"https://tracker.example/embed\"\n  \
         |\n8 | <iframe src=\"https://tracker.example/embed\" title=\"Ad\"></iframe>\n  | ^\n  \
         = hint: to embed videos from a site, list it in content/site.toml: allow_iframes_from = [\"https://www.youtube-nocookie.com\"]\n\n\
         1 warning.\n"
    );
    let page = read(&site.path().join("public"), "updates/film/index.html");
    assert!(
        page.contains(
            "<iframe src=\"https://www.youtube-nocookie.com/embed/abc\" title=\"Film\"></iframe>"
        ),
        "{page}"
    );
    assert!(!page.contains("tracker.example"), "{page}");
}

#[test]
fn source_links_become_page_addresses_with_the_base_path() {
    let site = copy_fixture("small");
    let body = "Read [the revisit](@/updates/2022/2022-11-20-revisit.md#what-changed), \
                [leadership](@/areas/leadership.md), [about](@/pages/about.md) and [the letter](@/documents/letter.pdf).\n";
    write(
        site.path(),
        "content/updates/2021-01-20-links.md",
        &entry("Links", body),
    );
    write(
        site.path(),
        "content/updates/2022/2022-11-20-revisit.md",
        &std::fs::read_to_string(
            site.path()
                .join("content/updates/2022/2022-11-20-revisit.md"),
        )
        .unwrap()
        .replace(
            "Inspectors came back.",
            "Inspectors came back.\n\n## What changed\n\nA lot.",
        ),
    );
    let out = build_ok(site.path(), &[]);
    let page = read(&out, "updates/links/index.html");
    for href in [
        "/send/updates/revisit-report/#what-changed",
        "/send/areas/leadership/",
        "/send/about/",
        "/send/documents/letter.pdf",
    ] {
        assert!(page.contains(&format!("href=\"{href}\"")), "{href}: {page}");
    }
    let check = on_site("check", site.path(), &[]);
    assert_eq!(String::from_utf8_lossy(&check.stderr), "");
}
