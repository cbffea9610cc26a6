//! The generator end to end: build fixture sites with the real binary and read what a parent sees.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::*;

#[test]
fn every_page_of_the_site_is_written() {
    let site = copy_fixture("small");
    let out = build_ok(site.path(), &[]);
    for path in [
        "index.html",
        "updates/index.html",
        "updates/inspection/index.html",
        "updates/revisit-report/index.html",
        "updates/revisit/index.html",
        "areas/index.html",
        "areas/leadership/index.html",
        "kinds/index.html",
        "kinds/board/index.html",
        "kinds/consultation/index.html",
        "documents/index.html",
        "documents/letter.pdf",
        "about/index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "static/style.css",
    ] {
        assert!(out.join(path).is_file(), "missing {path}");
    }
}

#[test]
fn area_status_is_derived_from_the_latest_published_judgement() {
    let site = copy_fixture("small");
    let out = build_ok(site.path(), &[]);
    let area = without_terms(&read(&out, "areas/leadership/index.html"));
    assert!(
        area.contains(
            "<dt>Inspectors</dt><dd><strong class=\"tag tag-good\">Sufficient progress</strong>"
        ),
        "{area}"
    );
    assert!(area.contains("judged on <time datetime=\"2022-11-20\">20 November 2022</time> in <a href=\"/send/updates/revisit-report/\">Revisit: progress in two areas</a>"));
    let history = area.split("Status over time").nth(1).unwrap();
    let first = history.find("10 January 2021").unwrap();
    let second = history.find("20 November 2022").unwrap();
    assert!(first < second, "history is oldest first");
    assert!(without_terms(&read(&out, "areas/plans/index.html"))
        .contains("tag-mixed\">Insufficient progress"));
    // The embargoed entry's judgement does not count until it is published.
    let families = without_terms(&read(&out, "areas/families/index.html"));
    assert!(
        families
            .contains("<dt>Inspectors</dt><dd><strong class=\"tag tag-poor\">Significant weakness"),
        "{families}"
    );
    let previewed = build_ok(site.path(), &["--future"]);
    let families = without_terms(&read(&previewed, "areas/families/index.html"));
    assert!(
        families.contains("<dt>Inspectors</dt><dd><strong class=\"tag tag-good\">"),
        "{families}"
    );
}

#[test]
fn home_shows_each_area_with_its_status_in_words_and_the_latest_updates() {
    let site = copy_fixture("small");
    let home = without_terms(&read(&build_ok(site.path(), &[]), "index.html"));
    let areas: Vec<&str> = ["Leadership", "EHC plans", "Working with families"]
        .into_iter()
        .collect();
    let positions: Vec<usize> = areas
        .iter()
        .map(|a| home.find(&format!(">{a}</a></h3>")).unwrap())
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "areas in numbered order"
    );
    assert!(home.contains("<strong class=\"tag tag-mixed\">Insufficient progress</strong> <span class=\"status-source\">Judged on <time datetime=\"2022-11-20\">20 November 2022</time>"));
    assert!(home.contains("<strong class=\"tag tag-poor\">Significant weakness</strong>"));
    assert!(home.contains("<p>Welcome to the <strong>record</strong> of our progress. See <a href=\"/send/areas/\">the areas</a>.</p>"));
    let latest = home.split("Latest updates").nth(1).unwrap();
    assert!(
        latest.find("New staff for EHC plans").unwrap()
            < latest.find("Revisit: progress in two areas").unwrap()
    );
}

#[test]
fn timeline_is_newest_first_under_year_headings() {
    let site = copy_fixture("small");
    let timeline = read(&build_ok(site.path(), &[]), "updates/index.html");
    let order: Vec<usize> = [
        "<h2 id=\"year-2022\">2022</h2>",
        "New staff for EHC plans",
        "Revisit: progress in two areas",
        "<h2 id=\"year-2021\">2021</h2>",
        "Improvement board meeting",
        "Tell us what you think: parent survey",
        "Inspection report published",
    ]
    .iter()
    .map(|t| timeline.find(t).unwrap_or_else(|| panic!("missing {t}")))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    assert!(timeline.contains("<time datetime=\"2021-03-01\">1 March 2021</time> <span class=\"sep\" aria-hidden=\"true\">·</span> <a class=\"kind\" href=\"/send/kinds/survey/\">Survey</a>"));
    assert!(timeline.contains("<p class=\"entry-summary\">A survey for parents &amp; carers.</p>"));
    assert!(timeline.contains("<a href=\"/send/areas/families/\">Working with families</a>"));
    assert!(!timeline.contains("Draft: not ready") && !timeline.contains("Embargoed plan"));
}

#[test]
fn drafts_and_embargoed_entries_are_held_back_unless_asked_for() {
    let site = copy_fixture("small");
    let result = on_site("build", site.path(), &[]);
    let stdout = String::from_utf8_lossy(&result.stdout);
    assert!(
        stdout.contains("2 entries held back (drafts or dated in the future)."),
        "{stdout}"
    );
    assert!(
        stdout.contains("Next held-back entry falls due on 2030-01-01"),
        "{stdout}"
    );
    let out = site.path().join("public");
    assert!(!out.join("updates/draft/index.html").exists());
    assert!(!out.join("updates/embargoed/index.html").exists());
    build_ok(site.path(), &["--drafts"]);
    assert!(out.join("updates/draft/index.html").exists());
    build_ok(site.path(), &["--future"]);
    assert!(
        out.join("updates/embargoed/index.html").exists()
            && !out.join("updates/draft/index.html").exists()
    );
}

#[test]
fn an_entry_page_shows_everything_about_it() {
    let site = copy_fixture("small");
    let out = build_ok(site.path(), &[]);
    let letter = read(&out, "updates/inspection/index.html");
    assert!(
        letter.contains("<a href=\"/send/documents/letter.pdf\">Inspection letter</a>"),
        "{letter}"
    );
    assert!(
        letter.contains("<abbr title=\"Portable Document Format\">PDF</abbr>, 640 bytes, 2 pages"),
        "{letter}"
    );
    assert!(letter.contains("email <a href=\"mailto:send@council.example\">send@council.example</a> and say which document you need"));
    assert!(letter.contains("<li><a href=\"/send/areas/leadership/\">Leadership</a>: <strong class=\"tag tag-poor\">Significant weakness</strong></li>"));
    let revisit = read(&out, "updates/revisit-report/index.html");
    assert!(revisit
        .contains("<dt>Last updated</dt><dd><time datetime=\"2022-12-01\">1 December 2022</time>"));
    assert!(revisit.contains(
        "<li><time datetime=\"2022-12-01\">1 December 2022</time>: Added the revisit letter.</li>"
    ));
    assert!(revisit.contains("PDF</abbr>, 128 KB. On another website"));
    assert!(revisit.contains("rel=\"prev\"><span class=\"pager-label\">Previous update</span> Improvement board meeting</a>"));
    assert!(revisit.contains(
        "rel=\"next\"><span class=\"pager-label\">Next update</span> New staff for EHC plans</a>"
    ));
    assert!(
        revisit.contains("<li><a href=\"/send/updates/\">All updates</a></li>"),
        "breadcrumbs"
    );
    let meeting = read(&out, "updates/board/index.html");
    assert!(
        meeting.contains(
            "<dt>When</dt><dd><time datetime=\"2021-06-20T18:30\">20 June 2021, 6:30pm</time></dd>"
        ),
        "{meeting}"
    );
    assert!(meeting.contains("<dt>Where</dt><dd>Council House, Testshire</dd>"));
    assert!(meeting.contains("<a class=\"kind\" href=\"/send/kinds/board/\">Board minutes</a>"));
    let survey = read(&out, "updates/survey/index.html");
    assert!(survey
        .contains("<dt>Closes</dt><dd><time datetime=\"2021-04-30\">30 April 2021</time></dd>"));
}

#[test]
fn documents_page_lists_every_document_newest_first() {
    let site = copy_fixture("small");
    let docs = read(&build_ok(site.path(), &[]), "documents/index.html");
    assert!(docs.find("Revisit letter").unwrap() < docs.find("Inspection letter").unwrap());
    assert!(
        docs.contains("From <a href=\"/send/updates/inspection/\">Inspection report published</a>")
    );
}

#[test]
fn old_urls_redirect_to_the_entry() {
    let site = copy_fixture("small");
    let redirect = read(&build_ok(site.path(), &[]), "updates/revisit/index.html");
    assert!(redirect.contains("<meta http-equiv=\"refresh\" content=\"0; url=https://www.council.example/send/updates/revisit-report/\">"));
}

/// Every `href`/`src` on every page, as written.
fn links(out: &Path) -> BTreeMap<String, Vec<String>> {
    let mut all = BTreeMap::new();
    for entry in walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.path().extension().is_some_and(|e| e == "html") {
            let html = std::fs::read_to_string(entry.path()).unwrap();
            let found: Vec<String> = html
                .split(['"'])
                .collect::<Vec<_>>()
                .windows(2)
                .filter(|w| w[0].ends_with("href=") || w[0].ends_with("src="))
                .map(|w| w[1].to_string())
                .collect();
            all.insert(
                entry
                    .path()
                    .strip_prefix(out)
                    .unwrap()
                    .display()
                    .to_string(),
                found,
            );
        }
    }
    all
}

#[test]
fn every_internal_link_works_under_the_sub_path() {
    let site = copy_fixture("small");
    let out = build_ok(site.path(), &[]);
    for (page, hrefs) in links(&out) {
        for href in hrefs.iter().filter(|h| h.starts_with('/')) {
            let rest = href
                .strip_prefix("/send/")
                .unwrap_or_else(|| panic!("{page}: {href} is outside /send/"));
            let rest = rest.split('#').next().unwrap();
            let target = if rest.is_empty() || rest.ends_with('/') {
                format!("{rest}index.html")
            } else {
                rest.to_string()
            };
            assert!(out.join(&target).is_file(), "{page}: {href} points nowhere");
        }
    }
}

#[test]
fn base_url_can_be_overridden_for_hosting_at_the_root() {
    let site = copy_fixture("small");
    let out = build_ok(site.path(), &["--base-url", "http://localhost:8000"]);
    let home = read(&out, "index.html");
    assert!(home.contains("<link rel=\"stylesheet\" href=\"/static/style.css\">"));
    assert!(home.contains("<link rel=\"canonical\" href=\"http://localhost:8000/\">"));
    assert!(!home.contains("/send/"));
    assert!(read(&out, "sitemap.xml")
        .contains("<loc>http://localhost:8000/updates/revisit-report/</loc>"));
}

#[test]
fn sitemap_and_robots_use_absolute_urls() {
    let site = copy_fixture("small");
    let out = build_ok(site.path(), &[]);
    let sitemap = read(&out, "sitemap.xml");
    assert!(sitemap.contains("<loc>https://www.council.example/send/areas/plans/</loc>"));
    assert!(!sitemap.contains("draft"));
    assert!(
        read(&out, "robots.txt").contains("Sitemap: https://www.council.example/send/sitemap.xml")
    );
}

#[test]
fn pages_have_one_h1_a_language_and_a_skip_link() {
    let site = copy_fixture("small");
    let out = build_ok(site.path(), &[]);
    for page in links(&out)
        .keys()
        .filter(|p| !p.ends_with("updates/revisit/index.html"))
    {
        let html = read(&out, page);
        assert_eq!(html.matches("<h1").count(), 1, "{page}");
        assert!(html.contains("<html lang=\"en-GB\">"), "{page}");
        assert!(
            html.contains("<a class=\"skip-link\" href=\"#main-content\">"),
            "{page}"
        );
        // No script runs: the only script element is data (the open data's description).
        let data = html
            .matches("<script type=\"application/ld+json\">")
            .count();
        assert_eq!(html.matches("<script").count(), data, "{page} has script");
    }
}

#[test]
fn two_builds_are_byte_identical() {
    let site = copy_fixture("small");
    let first = tempfile::tempdir().unwrap();
    let second = tempfile::tempdir().unwrap();
    for out in [&first, &second] {
        let dest = out.path().join("site");
        let r = sendsite(&[
            "build",
            "--root",
            site.path().to_str().unwrap(),
            "--output",
            dest.to_str().unwrap(),
            "--today",
            "2026-11-01",
        ]);
        assert!(r.status.success());
    }
    let files = |root: &Path| -> BTreeMap<String, Vec<u8>> {
        walkdir::WalkDir::new(root)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (
                    e.path().strip_prefix(root).unwrap().display().to_string(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect()
    };
    let (a, b) = (
        files(&first.path().join("site")),
        files(&second.path().join("site")),
    );
    assert!(a.len() > 20);
    assert_eq!(a, b);
}

#[test]
fn a_site_theme_overrides_the_built_in_one_file_by_file() {
    let site = copy_fixture("small");
    write(site.path(), "themes/default/templates/page.html", "{% extends \"base.html\" %}{% block main %}<h1>Custom {{ page.title }}</h1>{% endblock main %}");
    write(site.path(), "themes/default/static/extra.css", "body{}");
    let out = build_ok(site.path(), &[]);
    assert!(read(&out, "about/index.html").contains("<h1>Custom About this record</h1>"));
    assert!(
        read(&out, "index.html").contains("<h2 id=\"areas-significant-weakness-heading\">"),
        "other templates stay built in"
    );
    assert_eq!(read(&out, "static/extra.css"), "body{}");
}

#[test]
fn a_site_header_of_its_own_is_rendered_for_each_update_page() {
    // The built-in header and footer are rendered once for every update's page; a site's own
    // may read the page, so each page renders it.
    let site = copy_fixture("small");
    write(
        site.path(),
        "themes/default/templates/site-header.html",
        "<header class=\"site-header\"><p>Header of {{ page.title }}</p></header>",
    );
    let out = build_ok(site.path(), &[]);
    let pages: Vec<String> = std::fs::read_dir(out.join("updates"))
        .unwrap()
        .map(|e| e.unwrap().path().join("index.html"))
        .filter(|p| p.exists())
        .map(|p| std::fs::read_to_string(p).unwrap())
        .filter(|page| page.contains("<article>"))
        .collect();
    assert!(pages.len() > 2, "{}", pages.len());
    for page in &pages {
        let title = page
            .split("<h1>")
            .nth(1)
            .unwrap()
            .split("</h1>")
            .next()
            .unwrap();
        assert!(
            page.contains(&format!("<p>Header of {title}</p>")),
            "{title}: {page}"
        );
    }
    // The built-in one: the same on every update's page, the current page never marked.
    let plain = copy_fixture("small");
    let built_in = build_ok(plain.path(), &[]);
    let headers: Vec<String> = std::fs::read_dir(built_in.join("updates"))
        .unwrap()
        .map(|e| e.unwrap().path().join("index.html"))
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .filter(|page| page.contains("<article>"))
        .map(|page| {
            let start = page.find("<header class=\"site-header\">").unwrap();
            page[start..start + page[start..].find("</header>").unwrap()].to_string()
        })
        .collect();
    assert!(headers.len() > 2);
    assert!(headers
        .iter()
        .all(|h| *h == headers[0] && !h.contains("aria-current")));
}

#[test]
fn init_scaffolds_a_site_that_builds_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("new-council");
    let r = sendsite(&["init", root.to_str().unwrap()]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let said = String::from_utf8_lossy(&r.stdout);
    let start = format!("sendsite serve --root {} --open", root.display());
    assert!(
        said.contains(&start),
        "init says how to start editing: {said}"
    );
    let out = build_ok(&root, &[]);
    assert!(read(&out, "index.html").contains("Our SEND improvement progress"));
    let home = read(&out, "index.html");
    assert!(
        home.contains("<h2 id=\"outcome-heading\">How the inspectors judged the local area</h2>"),
        "the default starter is a 2023 site"
    );
    assert!(
        home.contains("<h2 id=\"areas-priority-action-heading\">Areas for priority action</h2>")
    );
    assert!(home.contains("<h2 id=\"areas-improvement-heading\">Areas for improvement</h2>"));
    assert!(home.contains("<span class=\"label\">Our own assessment:</span> <span class=\"own-rating own-mixed\">At risk</span>"));
    let again = sendsite(&["init", root.to_str().unwrap()]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already has a content folder"));
}

#[test]
fn init_with_the_2016_framework_scaffolds_areas_of_significant_weakness() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("older");
    let r = sendsite(&["init", "--framework", "2016", root.to_str().unwrap()]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let home = read(&build_ok(&root, &[]), "index.html");
    assert!(
        home.contains(
            "<h2 id=\"areas-significant-weakness-heading\">Areas of significant weakness</h2>"
        ),
        "{home}"
    );
    assert!(!home.contains("Latest inspection outcome"));
}

#[test]
fn the_example_site_builds_with_lean_pages_and_no_script() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_tree(&root.join("content"), &dir.path().join("content"));
    let out = build_ok(dir.path(), &[]);
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
    {
        let path = entry.path();
        let size = entry.metadata().unwrap().len();
        match path.extension().and_then(|e| e.to_str()) {
            Some("html") => {
                pages += 1;
                assert!(size < 50_000, "{} is {size} bytes", path.display());
            }
            Some("css") => assert!(size < 15_000, "{} is {size} bytes", path.display()),
            Some("js") => panic!("{} is JavaScript", path.display()),
            _ => {}
        }
    }
    assert!(pages > 30, "only {pages} pages");
    let home = without_terms(&read(&out, "index.html"));
    assert_eq!(home.matches("tag-good\">Sufficient progress").count(), 4);
    assert_eq!(home.matches("tag-mixed\">Insufficient progress").count(), 1);
}

/// `build` and `check` read each body's links and headings from rendering's one pass over its
/// markdown, in the order `check::body_refs` lists the bodies: the same outlines, body for body,
/// as each body read again on its own.
#[test]
fn rendering_outlines_every_body_in_the_order_check_reads_them() {
    let options = sendsite::site::BuildOptions {
        drafts: false,
        future: false,
        today: time::macros::date!(2026 - 12 - 01),
    };
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf();
    let (mut links, mut headings) = (0, 0);
    for root in [example, fixture("framework-2023"), fixture("small")] {
        let rendered = sendsite::pipeline::render_site(&root, &options, None)
            .unwrap_or_else(|d| panic!("{}: {:?}", root.display(), d.sorted()));
        let bodies = sendsite::check::body_refs(&rendered.site);
        let outlines = sendsite::check::in_body_order(&rendered.site, &rendered.outlines)
            .unwrap_or_else(|| panic!("{}: a body without its outline", root.display()));
        assert_eq!(outlines.len(), bodies.len(), "{}", root.display());
        for (body, outline) in bodies.iter().zip(&outlines) {
            let alone = sendsite::render::outline::outline(body.body);
            assert_eq!(*outline, &alone, "{}", body.source.display());
        }
        links += outlines.iter().map(|o| o.links.len()).sum::<usize>();
        headings += outlines.iter().map(|o| o.headings.len()).sum::<usize>();
    }
    assert!(
        links > 0 && headings > 0,
        "nothing compared: {links} links, {headings} headings"
    );
}
