//! The subscribe page and how every other page leads to it: built from the fixture site `feeds`
//! by the real binary, read as the HTML a browser gets.

mod common;

use std::path::Path;

use common::{build_ok, copy_fixture, read, write};

const BASE: &str = "https://www.council.example/northby/send/";

/// Every page built from the theme's base layout, as (path, html).
fn pages(out: &Path) -> Vec<(String, String)> {
    let mut list: Vec<(String, String)> = walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            (
                e.path().strip_prefix(out).unwrap().display().to_string(),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .filter(|(_, html)| html.contains("<header class=\"site-header\">"))
        .collect();
    list.sort();
    list
}

/// The copy box of one feed, exactly as the subscribe page shows it.
fn address(section: &str, title: &str, url: &str) -> String {
    format!(
        "<label for=\"{section}-address\">Feed address for {title}</label>\n  \
         <textarea class=\"copy-box\" id=\"{section}-address\" rows=\"2\" readonly spellcheck=\"false\">{url}</textarea>"
    )
}

#[test]
fn the_subscribe_page_has_the_address_of_every_feed() {
    let dir = copy_fixture("feeds");
    let out = build_ok(dir.path(), &[]);
    let page = read(&out, "subscribe/index.html");
    assert!(page.contains("<h1>Subscribe to updates</h1>"), "{page}");
    assert!(page.contains("<h2 id=\"what-is-a-feed\">Follow a feed</h2>"));
    // The one feed for everything, to copy; how to follow it behind a disclosure.
    assert!(page.contains("<section class=\"feed\" id=\"all-updates\""));
    assert!(page.contains(&address(
        "all-updates",
        "All updates",
        &format!("{BASE}feed.xml")
    )));
    assert!(page
        .contains("<summary>How to follow a feed in an app, in Outlook or on a phone</summary>"));
    for heading in ["In a feed reader app", "In Outlook", "On a phone"] {
        assert!(page.contains(&format!("<h3>{heading}</h3>")), "{heading}");
    }
    // One link per area and per kind, each at the address other pages link to.
    let feeds = [
        (
            "area-leadership",
            "Feed for area 1: Leadership",
            "areas/leadership/",
        ),
        (
            "area-quiet",
            "Feed for area 3: Transition to adulthood",
            "areas/quiet/",
        ),
        ("kind-board", "Feed for Board minutes", "kinds/board/"),
        ("kind-audit", "Feed for Audit", "kinds/audit/"),
    ];
    for (section, words, dir) in feeds {
        let link = format!("<li id=\"{section}\"><a href=\"{BASE}{dir}feed.xml\" type=\"application/rss+xml\">{words}</a>");
        assert!(page.contains(&link), "{link}\n{page}");
    }
    assert_eq!(
        page.matches("<li id=\"kind-").count(),
        14,
        "thirteen built-in kinds and the site's own"
    );
}

#[test]
fn the_subscribe_page_offers_the_calendars_and_email() {
    let dir = copy_fixture("feeds");
    let out = build_ok(dir.path(), &[]);
    let page = read(&out, "subscribe/index.html");
    assert!(
        page.contains("<h2 id=\"calendar\">Add our dates to your calendar</h2>"),
        "{page}"
    );
    assert!(page.contains(
        "<a href=\"webcal://www.council.example/northby/send/calendar.ics\">add the calendar</a>"
    ));
    assert!(page.contains(&format!("id=\"calendar-address\" rows=\"2\" readonly spellcheck=\"false\">{BASE}calendar.ics</textarea>")));
    assert!(
        page.contains(
            "<a href=\"webcal://www.council.example/northby/send/areas/plans/calendar.ics\">Calendar for area 2: "
        ) && page.contains(&format!(
            "(<a href=\"{BASE}areas/plans/calendar.ics\" type=\"text/calendar\">file</a>)"
        )),
        "{page}"
    );
    assert!(
        page.contains("id=\"area-leadership-calendar\"")
            && !page.contains("id=\"area-quiet-calendar\"")
    );
    assert!(page.contains("<h2 id=\"email\">Get updates by email</h2>"));
    assert!(page.contains(
        "<a href=\"mailto:send@northby.council.example\">send@northby.council.example</a>"
    ));

    let site = "content/site.toml";
    write(
        dir.path(),
        site,
        &read(dir.path(), site).replace("email = \"send@northby.council.example\"\n", ""),
    );
    let page = read(&build_ok(dir.path(), &[]), "subscribe/index.html");
    assert!(
        !page.contains("id=\"email\"") && !page.contains("mailto:"),
        "{page}"
    );
}

#[test]
fn every_page_links_the_site_feeds_and_the_subscribe_page() {
    let dir = copy_fixture("feeds");
    let out = build_ok(dir.path(), &[]);
    let rss = format!("<link rel=\"alternate\" type=\"application/rss+xml\" title=\"Northby SEND progress &amp; news (RSS)\" href=\"{BASE}feed.xml\">");
    let atom = format!("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Northby SEND progress &amp; news (Atom)\" href=\"{BASE}atom.xml\">");
    let list = pages(&out);
    assert!(list.len() > 20, "{} pages", list.len());
    for (path, html) in &list {
        assert!(
            html.contains(&rss) && html.contains(&atom),
            "{path} lacks the site feeds"
        );
        assert!(
            html.contains("<a href=\"/northby/send/subscribe/\""),
            "{path} lacks the link to the subscribe page"
        );
        // Nobody lands on raw XML by accident: only the subscribe page links a feed file.
        if path != "subscribe/index.html" {
            let links = html
                .split("<a href=\"")
                .skip(1)
                .map(|rest| rest.split('"').next().unwrap_or_default());
            for link in links {
                let raw =
                    link.ends_with(".xml") || link.ends_with(".ics") || link.starts_with("webcal:");
                assert!(!raw, "{path} links {link}");
            }
        }
    }
    let sitemap = read(&out, "sitemap.xml");
    assert!(
        sitemap.contains(&format!("<loc>{BASE}subscribe/</loc>")),
        "{sitemap}"
    );
}

#[test]
fn area_kind_and_home_pages_link_their_own_feed_and_subscribe_section() {
    let dir = copy_fixture("feeds");
    let out = build_ok(dir.path(), &[]);
    let area = read(&out, "areas/quiet/index.html");
    let own = format!("<link rel=\"alternate\" type=\"application/rss+xml\" title=\"Transition to adulthood – Northby SEND progress &amp; news (RSS)\" href=\"{BASE}areas/quiet/feed.xml\">");
    assert!(area.contains(&own), "{area}");
    assert!(area.contains(&format!("href=\"{BASE}areas/quiet/atom.xml\">")));
    assert!(area.contains("<a href=\"/northby/send/subscribe/#area-quiet\">Subscribe to updates about Transition to adulthood</a>"));
    let kind = read(&out, "kinds/board/index.html");
    assert!(kind.contains(&format!("title=\"Board minutes – Northby SEND progress &amp; news (RSS)\" href=\"{BASE}kinds/board/feed.xml\">")));
    assert!(kind.contains(
        "<a href=\"/northby/send/subscribe/#kind-board\">Subscribe to Board minutes updates</a>"
    ));
    let home = read(&out, "index.html");
    assert!(home.contains(
        "<a href=\"/northby/send/subscribe/#all-updates\">Subscribe to get new updates</a>"
    ));
    assert!(
        !home.contains("/areas/quiet/feed.xml"),
        "the home page links only the site feeds"
    );
}

/// The sign-up addresses of the fixture `framework-2023`, as its email service gave them.
const ALL: &str = "https://alerts.northmere.example/accounts/UKNM/subscriber/new?topic_id=UKNM_12";
const WAITING: &str =
    "https://alerts.northmere.example/accounts/UKNM/subscriber/new?topic_id=UKNM_31&amp;pop=t";
const COMMUNICATION: &str =
    "https://alerts.northmere.example/accounts/UKNM/subscriber/new?topic_id=UKNM_32";

#[test]
fn an_email_sign_up_address_is_offered_first_on_the_home_subscribe_and_area_pages() {
    let site = common::copy_fixture("framework-2023");
    let out = common::build_ok(site.path(), &[]);
    let read = |p: &str| std::fs::read_to_string(out.join(p)).unwrap();
    let home = read("index.html");
    let email = home
        .find(&format!(
            "<a href=\"{ALL}\" rel=\"external\">Get emails about new updates</a>"
        ))
        .expect("home offers emails");
    assert!(
        email < home.find("Subscribe to get new updates").unwrap(),
        "emails come first"
    );
    // An area with a list of its own offers it, its opaque id as the service wrote it.
    let area = read("areas/waiting-times/index.html");
    assert!(
        area.contains(&format!(
        "<a href=\"{WAITING}\" rel=\"external\">Get emails about Waiting times for EHC plans</a>"
    )),
        "{area}"
    );
    // One without offers the list of everything, saying so.
    let other = read("areas/health-input/index.html");
    assert!(
        other.contains(&format!(
            "<a href=\"{ALL}\" rel=\"external\">Get emails about all our updates</a>"
        )),
        "{other}"
    );
    let subscribe = read("subscribe/index.html");
    let first = subscribe
        .find("<li><a href=\"#email\">Get emails</a>")
        .expect("listed first");
    assert!(first < subscribe.find("Follow a feed").unwrap());
    assert!(subscribe.contains(&format!(
        "<li><a href=\"{COMMUNICATION}\" rel=\"external\">Get emails about Communication with families</a></li>"
    )));
    assert_eq!(
        subscribe
            .matches("rel=\"external\">Get emails about")
            .count(),
        3,
        "everything, and the two areas with lists of their own: {subscribe}"
    );
    assert!(
        !subscribe.contains("write to us at"),
        "the sign-up replaces writing in"
    );
    // Without it, writing to the council stays.
    let small = common::copy_fixture("small");
    let out = common::build_ok(small.path(), &[]);
    let subscribe = std::fs::read_to_string(out.join("subscribe/index.html")).unwrap();
    assert!(!subscribe.contains("Get emails"));
}

#[test]
fn an_email_sign_up_address_must_be_a_web_address_for_an_area_of_the_site() {
    let site = common::copy_fixture("framework-2023");
    let settings = site.path().join("content/site.toml");
    let text = std::fs::read_to_string(&settings).unwrap();
    std::fs::write(
        &settings,
        text.replace(
            "https://alerts.northmere.example/accounts/UKNM/subscriber/new?topic_id=UKNM_32",
            "javascript:alert(1)",
        ),
    )
    .unwrap();
    let stderr = common::build_err(site.path(), &[]);
    assert!(
        stderr.contains("error: content/site.toml:26:17: email_signup.areas.communication: \"javascript:alert(1)\""),
        "{stderr}"
    );
    // An area the site does not have is named, at its line.
    std::fs::write(
        &settings,
        text.replace("waiting-times = ", "waiting-time = "),
    )
    .unwrap();
    let stderr = common::build_err(site.path(), &[]);
    assert!(
        stderr.contains("error: content/site.toml:25:1: ")
            && stderr.contains("[email_signup.areas]: there is no area \"waiting-time\"")
            && stderr.contains("did you mean \"waiting-times\"?"),
        "{stderr}"
    );
}

#[test]
fn the_old_email_signup_url_says_exactly_what_to_write_instead() {
    let site = common::copy_fixture("small");
    let settings = site.path().join("content/site.toml");
    let text = std::fs::read_to_string(&settings).unwrap();
    let old = "email_signup_url = \"https://alerts.council.example/send/{area}\"\n";
    std::fs::write(&settings, format!("{old}{text}")).unwrap();
    let stderr = common::build_err(site.path(), &[]);
    assert!(
        stderr.contains(
            "error: content/site.toml:1:20: email_signup_url has been replaced by [email_signup]"
        ),
        "{stderr}"
    );
    for line in [
        "      [email_signup]",
        "      all = \"https://alerts.council.example/send\"",
        "      [email_signup.areas]",
        "      <area-slug> = \"https://alerts.council.example/send/<area-slug>\"",
    ] {
        assert!(
            stderr.contains(&format!("\n{line}\n")) || stderr.ends_with(line),
            "{line} in {stderr}"
        );
    }
}
