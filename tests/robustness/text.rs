//! Text from content reaches pages, feeds and calendars only in forms they can carry.

use super::common::{build_ok, copy_fixture, on_site, read, write};

#[test]
fn control_characters_are_removed_from_feeds_with_a_warning_naming_the_line() {
    let site = copy_fixture("small");
    let entry = "+++\ntitle = \"Pasted\u{b}from Word\"\ndate = 2022-12-30\nkind = \"news\"\nsummary = \"Escaped \\u000B and \\u0001 too.\"\n+++\nA NUL\u{0} here.\n\nAnd U+0001\u{1} there.\n";
    write(site.path(), "content/updates/2022-12-30-pasted.md", entry);
    let result = on_site("build", site.path(), &[]);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(result.status.success(), "{stderr}");
    let lines: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("warning: "))
        .collect();
    assert_eq!(
        lines,
        [
            "warning: content/updates/2022-12-30-pasted.md:2:16: removed an invisible control character (U+000B, a vertical tab) from this line",
            "warning: content/updates/2022-12-30-pasted.md:7:6: removed an invisible control character (U+0000 NUL) from this line",
            "warning: content/updates/2022-12-30-pasted.md:9:11: removed an invisible control character (U+0001) from this line",
        ],
        "{stderr}"
    );
    let out = site.path().join("public");
    for feed in ["feed.xml", "atom.xml", "kinds/news/feed.xml"] {
        let xml = read(&out, feed);
        assert!(
            !xml.chars().any(|c| c.is_control() && !"\t\n\r".contains(c)),
            "{feed}"
        );
        let parsed =
            feed_rs::parser::parse(xml.as_bytes()).unwrap_or_else(|e| panic!("{feed}: {e}"));
        let titles: Vec<String> = parsed
            .entries
            .iter()
            .filter_map(|e| e.title.as_ref().map(|t| t.content.clone()))
            .collect();
        assert!(
            titles.contains(&"Pastedfrom Word".to_string()),
            "{feed}: {titles:?}"
        );
    }
}

#[test]
fn a_carriage_return_in_a_location_cannot_start_a_calendar_line() {
    let site = copy_fixture("small");
    let entry = "+++\ntitle = \"Meeting\"\ndate = 2021-07-01\nkind = \"meeting\"\nevent = 2021-07-08T18:00:00\nlocation = \"City Hall\\rEND:VEVENT\\rBEGIN:VEVENT\\rSUMMARY:Injected\"\n+++\n";
    write(site.path(), "content/updates/2021-07-01-meeting.md", entry);
    let out = build_ok(site.path(), &[]);
    let ics = read(&out, "calendar.ics");
    let bare_cr = ics
        .char_indices()
        .any(|(i, c)| c == '\r' && !ics[i + 1..].starts_with('\n'));
    assert!(!bare_cr, "{ics}");
    assert!(
        ics.contains("LOCATION:City Hall\\nEND:VEVENT\\nBEGIN:VEVENT\\nSUMMARY:Injected"),
        "{ics}"
    );
    let calendar = ical::IcalParser::new(ics.as_bytes())
        .next()
        .unwrap()
        .unwrap();
    let summaries: Vec<String> = calendar
        .events
        .iter()
        .flat_map(|e| &e.properties)
        .filter(|p| p.name == "SUMMARY")
        .filter_map(|p| p.value.clone())
        .collect();
    assert!(!summaries.iter().any(|s| s == "Injected"), "{summaries:?}");
    assert_eq!(
        summaries.iter().filter(|s| *s == "Meeting").count(),
        1,
        "{summaries:?}"
    );
}

#[test]
fn removed_html_is_reported_on_its_own_line_and_kept_out_of_the_summary() {
    let site = copy_fixture("small");
    let body = "Bold <b>bold</b> <script>alert(2)</script> text.\n\nLine 8.\n\nSee [a video](https://v.example/embed/x).\n\nLine 12.\n\n<embed src=\"x.swf\">\n";
    write(
        site.path(),
        "content/updates/2021-01-20-embed.md",
        &format!("+++\ntitle = \"E\"\ndate = 2021-01-20\nkind = \"news\"\n+++\n{body}"),
    );
    let result = on_site("build", site.path(), &[]);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(result.status.success(), "{stderr}");
    assert!(
        stderr.contains(
            "warning: content/updates/2021-01-20-embed.md:14:1: unsafe HTML was removed: <embed>"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "warning: content/updates/2021-01-20-embed.md:6:18: unsafe HTML was removed: <script>"
        ),
        "{stderr}"
    );
    let out = site.path().join("public");
    let timeline = read(&out, "updates/index.html");
    assert!(timeline.contains("Bold bold  text."), "{timeline}");
    assert!(!timeline.contains("alert(2)"));
}
