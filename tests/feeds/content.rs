//! What each feed holds: entries, order, dates, titles, bodies, categories and links.

use super::common::read;
use super::*;

#[test]
fn site_feeds_list_every_entry_newest_first_with_titles_links_and_ids() {
    let (_dir, out) = built();
    for path in ["feed.xml", "atom.xml"] {
        let feed = parse(&out, path);
        let expected: Vec<&str> = ENTRIES.iter().map(|(t, _, _)| *t).collect();
        assert_eq!(titles(&feed), expected, "{path}");
        for (e, (title, slug, short)) in feed.entries.iter().zip(ENTRIES) {
            assert_eq!(e.id, id(short), "{path}: {title}");
            assert_eq!(
                e.links[0].href,
                format!("{BASE}updates/{slug}/"),
                "{path}: {title}"
            );
        }
    }
    let rss = read(&out, "feed.xml");
    assert!(
        rss.contains(&format!(
            "<guid isPermaLink=\"false\">{HOST},2022-11-30:northby/send/updates/forum</guid>"
        )),
        "{rss}"
    );
}

#[test]
fn markup_and_non_ascii_titles_round_trip_exactly() {
    let (_dir, out) = built();
    let (markup, welsh) = (ENTRIES[4].0, ENTRIES[3].0);
    let cases = [
        ("feed.xml", vec![markup, welsh]),
        ("atom.xml", vec![markup, welsh]),
        ("kinds/news/feed.xml", vec![markup]),
        ("kinds/news/atom.xml", vec![markup]),
        ("areas/leadership/feed.xml", vec![welsh]),
        ("areas/leadership/atom.xml", vec![welsh]),
    ];
    for (path, wanted) in cases {
        let feed = parse(&out, path);
        for title in wanted {
            assert_eq!(
                entry(&feed, title).title.as_ref().unwrap().content,
                title,
                "{path}"
            );
        }
    }
    for path in ["feed.xml", "atom.xml"] {
        assert_eq!(
            parse(&out, path).title.unwrap().content,
            "Northby SEND progress & news",
            "{path}"
        );
    }
}

#[test]
fn publication_dates_are_uk_time_gmt_or_bst() {
    let (_dir, out) = built();
    let rss = read(&out, "feed.xml");
    let expected = [
        "Wed, 30 Nov 2022 00:00:00 +0000",
        "Mon, 5 Sep 2022 00:00:00 +0100",
        "Fri, 1 Jul 2022 00:00:00 +0100",
        "Thu, 10 Feb 2022 00:00:00 +0000",
        "Sun, 31 Oct 2021 00:00:00 +0100",
        "Tue, 15 Jun 2021 00:00:00 +0100",
        "Sun, 28 Mar 2021 00:00:00 +0000",
        "Sat, 20 Mar 2021 00:00:00 +0000",
        "Mon, 18 Jan 2021 00:00:00 +0000",
    ];
    assert_eq!(all_between(&rss, "<pubDate>", "</pubDate>"), expected);
    let atom = read(&out, "atom.xml");
    let published = all_between(&atom, "<published>", "</published>");
    assert_eq!(published[4], "2021-10-31T00:00:00+01:00");
    assert_eq!(published[6], "2021-03-28T00:00:00+00:00");
    // A reader turns them into the right instants.
    for path in ["feed.xml", "atom.xml"] {
        let feed = parse(&out, path);
        let autumn = entry(&feed, ENTRIES[4].0).published.unwrap();
        assert_eq!(autumn.to_rfc3339(), "2021-10-30T23:00:00+00:00", "{path}");
        let clocks = entry(&feed, ENTRIES[6].0).published.unwrap();
        assert_eq!(clocks.to_rfc3339(), "2021-03-28T00:00:00+00:00", "{path}");
    }
}

#[test]
fn a_changed_entry_shows_as_updated_and_feed_dates_come_from_the_content() {
    let (_dir, out) = built();
    let atom = parse(&out, "atom.xml");
    let plan = entry(&atom, "Our improvement plan");
    assert_eq!(
        plan.updated.unwrap().to_rfc3339(),
        "2022-07-31T23:00:00+00:00"
    );
    assert!(read(&out, "atom.xml").contains("<updated>2022-08-01T00:00:00+01:00</updated>"));
    let forum = entry(&atom, "Parent forum meeting");
    assert_eq!(forum.updated, forum.published);
    assert_eq!(
        atom.updated.unwrap().to_rfc3339(),
        "2022-11-30T00:00:00+00:00"
    );
    let rss = read(&out, "feed.xml");
    assert_eq!(
        all_between(&rss, "<lastBuildDate>", "</lastBuildDate>"),
        ["Wed, 30 Nov 2022 00:00:00 +0000"]
    );
    let plans = read(&out, "areas/plans/atom.xml");
    assert_eq!(
        all_between(&plans, "<updated>", "</updated>")[0],
        "2022-09-05T00:00:00+01:00"
    );
}

#[test]
fn feeds_link_themselves_and_their_pages() {
    let (_dir, out) = built();
    let rss = read(&out, "areas/plans/feed.xml");
    let self_link = format!("<atom:link href=\"{BASE}areas/plans/feed.xml\" rel=\"self\" type=\"application/rss+xml\"/>");
    assert!(rss.contains(&self_link), "{rss}");
    assert!(
        rss.contains(&format!("<link>{BASE}areas/plans/</link>")),
        "{rss}"
    );
    let atom = parse(&out, "areas/plans/atom.xml");
    let links: Vec<(&str, &str)> = atom
        .links
        .iter()
        .map(|l| (l.rel.as_deref().unwrap_or(""), l.href.as_str()))
        .collect();
    let (page, own) = (
        format!("{BASE}areas/plans/"),
        format!("{BASE}areas/plans/atom.xml"),
    );
    assert_eq!(
        links,
        [("alternate", page.as_str()), ("self", own.as_str())]
    );
    assert_eq!(atom.id, own);
    assert_eq!(
        atom.title.unwrap().content,
        "Northby SEND progress & news: EHC plans"
    );
}

#[test]
fn bodies_are_complete_html_with_absolute_links_and_images() {
    let (_dir, out) = built();
    for path in ["feed.xml", "atom.xml"] {
        let feed = parse(&out, path);
        let body = entry(&feed, "Inspection report published")
            .content
            .as_ref()
            .unwrap()
            .body
            .clone()
            .unwrap();
        for url in [
            format!("href=\"{BASE}areas/leadership/\""),
            format!("href=\"{BASE}areas/\""),
            format!("src=\"{BASE}updates/inspection/chart.png\""),
            format!("href=\"{BASE}updates/inspection/#notes\""),
            "href=\"https://www.ofsted.gov.uk/\"".to_string(),
            format!("href=\"{BASE}documents/letter.pdf\""),
        ] {
            assert!(body.contains(&url), "{path}: {url} missing in {body}");
        }
        assert!(
            !body.contains("href=\"/") && !body.contains("src=\"chart"),
            "{path}: a relative link is left: {body}"
        );
        assert!(
            body.contains("<h2 id=\"notes\">Notes</h2>"),
            "{path}: {body}"
        );
    }
}

#[test]
fn summaries_categories_and_documents_are_there() {
    let (_dir, out) = built();
    let atom = parse(&out, "atom.xml");
    let inspection = entry(&atom, "Inspection report published");
    assert_eq!(
        inspection.summary.as_ref().unwrap().content,
        "Inspectors found weaknesses in leadership & plans."
    );
    let categories: Vec<(&str, &str, &str)> = inspection
        .categories
        .iter()
        .map(|c| {
            (
                c.term.as_str(),
                c.label.as_deref().unwrap_or(""),
                c.scheme.as_deref().unwrap_or(""),
            )
        })
        .collect();
    let (areas, kinds) = (format!("{BASE}areas/"), format!("{BASE}kinds/"));
    assert_eq!(
        categories,
        [
            ("leadership", "Leadership", areas.as_str()),
            ("plans", "EHC plans", areas.as_str()),
            ("inspection", "Inspection", kinds.as_str())
        ]
    );
    let related: Vec<(&str, &str)> = inspection
        .links
        .iter()
        .filter(|l| l.rel.as_deref() == Some("related"))
        .map(|l| (l.title.as_deref().unwrap_or(""), l.href.as_str()))
        .collect();
    let letter = format!("{BASE}documents/letter.pdf");
    assert_eq!(
        related,
        [
            ("Inspection letter", letter.as_str()),
            (
                "Ofsted's copy of the letter",
                "https://reports.elsewhere.example/northby.pdf"
            )
        ]
    );
    let rss = parse(&out, "feed.xml");
    let board = entry(&rss, "Improvement board meeting");
    let terms: Vec<&str> = board.categories.iter().map(|c| c.term.as_str()).collect();
    assert_eq!(terms, ["Leadership", "Board minutes"]);
    assert_eq!(
        board.summary.as_ref().unwrap().content,
        "The board meets in public."
    );
}

#[test]
fn area_and_kind_feeds_hold_their_own_entries_and_empty_ones_are_valid() {
    let (_dir, out) = built();
    let cases: [(&str, &[usize]); 6] = [
        ("areas/leadership/", &[3, 5, 8]),
        ("areas/plans/", &[1, 2, 7, 8]),
        ("areas/quiet/", &[]),
        ("kinds/news/", &[4, 6]),
        ("kinds/board/", &[5]),
        ("kinds/audit/", &[]),
    ];
    for (dir, indices) in cases {
        let expected: Vec<&str> = indices.iter().map(|&i| ENTRIES[i].0).collect();
        for file in ["feed.xml", "atom.xml"] {
            let feed = parse(&out, &format!("{dir}{file}"));
            assert_eq!(titles(&feed), expected, "{dir}{file}");
        }
    }
    let empty = read(&out, "areas/quiet/atom.xml");
    assert!(
        empty.contains("<updated>2022-11-30T00:00:00+00:00</updated>"),
        "{empty}"
    );
    assert!(
        empty.contains(&format!(
            "<link href=\"{BASE}areas/quiet/atom.xml\" rel=\"self\""
        )),
        "{empty}"
    );
    let empty = read(&out, "kinds/audit/feed.xml");
    assert!(
        empty.contains("<lastBuildDate>Wed, 30 Nov 2022 00:00:00 +0000</lastBuildDate>"),
        "{empty}"
    );
}
