//! A site read months after it was written: built on several days (`--today`), each page says
//! where its survey or meeting stands on that day (open until, closed on, on, held on), on the
//! update's page, its card and in its feed item, and the home page's "Coming up" lists what is
//! open, the next meetings and the actions falling due, and is left out when there is none.

mod common;

use std::path::{Path, PathBuf};

use common::{copy_fixture, read};

/// Builds `root` as on `today` into `<root>/on-<today>`.
fn built_on(root: &Path, today: &str) -> PathBuf {
    let out = root.join(format!("on-{today}"));
    let result = common::sendsite(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--today",
        today,
        "--output",
        out.to_str().unwrap(),
    ]);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    out
}

/// The section "Coming up" of the home page, or `None` when it has none.
fn coming_up(out: &Path) -> Option<String> {
    let home = read(out, "index.html");
    let start = home.find("<h2 id=\"coming-heading\">")?;
    let end = start + home[start..].find("</section>").unwrap();
    Some(home[start..end].to_string())
}

#[test]
fn a_survey_says_it_is_open_until_it_closes_and_closed_after() {
    let site = copy_fixture("feeds");
    let survey = "updates/survey/index.html";
    for (today, words) in [
        (
            "2021-03-20",
            "Open until <time datetime=\"2021-04-30\">30 April 2021</time>",
        ),
        (
            "2021-04-30",
            "Open until <time datetime=\"2021-04-30\">30 April 2021</time>",
        ),
        (
            "2021-05-01",
            "Closed on <time datetime=\"2021-04-30\">30 April 2021</time>",
        ),
    ] {
        let out = built_on(site.path(), today);
        let page = read(&out, survey);
        let h1 = page.find("<h1>").unwrap();
        let said = page
            .find("<p class=\"lead entry-when")
            .unwrap_or_else(|| panic!("{today}: {page}"));
        assert!(
            said > h1 && said < h1 + 200,
            "{today}: on the first screen, under the title"
        );
        assert!(
            page[said..].starts_with("<p class=\"lead entry-when when-"),
            "{today}"
        );
        assert!(page.contains(words), "{today}: {words}\n{page}");
        let timeline = read(&out, "updates/index.html");
        assert!(timeline.contains(words), "{today}: the card says it too");
        let feed = read(&out, "feed.xml");
        // Feed readers get the day without its machine form.
        let plain = words.replace("<time datetime=\"2021-04-30\">", "<time>");
        assert!(feed.contains(&plain), "{today}: the feed says {plain}");
    }
}

#[test]
fn a_meeting_is_on_its_day_until_it_is_held() {
    let site = copy_fixture("feeds");
    let board = "updates/board/index.html";
    let out = built_on(site.path(), "2021-06-20");
    assert!(read(&out, board)
        .contains("On <time datetime=\"2021-06-20T18:30\">20 June 2021, 6:30pm</time>"));
    let out = built_on(site.path(), "2021-06-21");
    assert!(read(&out, board)
        .contains("Held on <time datetime=\"2021-06-20T18:30\">20 June 2021, 6:30pm</time>"));
}

#[test]
fn coming_up_lists_what_is_open_and_the_next_meetings_and_is_left_out_when_empty() {
    let site = copy_fixture("feeds");
    // The survey is open and the board meets in June (published on 15 June).
    let open = coming_up(&built_on(site.path(), "2021-06-16")).expect("coming up");
    assert!(open.contains("Improvement board meeting</a>"), "{open}");
    assert!(!open.contains("parent survey"), "closed in April: {open}");
    let out = built_on(site.path(), "2021-04-01");
    let open = coming_up(&out).expect("coming up");
    assert!(
        open.contains("Tell us about EHC plans: parent survey</a> <span class=\"coming-what\">(Survey):</span> open until <time datetime=\"2021-04-30\">30 April 2021</time>"),
        "{open}"
    );
    // Nothing open, nothing to come: no section at all.
    assert_eq!(coming_up(&built_on(site.path(), "2026-01-01")), None);
}

#[test]
fn coming_up_lists_the_actions_falling_due_in_the_next_three_months() {
    let site = copy_fixture("framework-2023");
    let out = built_on(site.path(), "2025-04-01");
    let soon = coming_up(&out).expect("coming up");
    // Due in June 2025 (within three months), not those due later.
    assert!(
        soon.contains("Due by <time datetime=\"2025-06\">June 2025</time>"),
        "{soon}"
    );
    assert!(!soon.contains("2025-12"), "{soon}");
}

#[test]
fn a_target_whose_day_has_passed_is_missed_and_old_figures_say_how_old_they_are() {
    let site = copy_fixture("framework-2023");
    let page = "measures/longest-wait/index.html";
    // Monthly figures to September 2025; target 20 weeks by December 2025, not met.
    let before = read(&built_on(site.path(), "2025-10-15"), page);
    assert!(
        before.contains("<strong class=\"target-state\">Not met yet</strong>"),
        "{before}"
    );
    assert!(!before.contains("measure-stale"), "a month after: {before}");
    let after = read(&built_on(site.path(), "2026-01-05"), page);
    assert!(
        after.contains("<strong class=\"target-state\">Target missed</strong>"),
        "{after}"
    );
    assert!(
        after.contains("No newer figures have been published since <time datetime=\"2025-09\">September 2025</time>."),
        "{after}"
    );
    let measures = read(&built_on(site.path(), "2026-01-05"), "measures/index.html");
    assert!(measures.contains("Target missed"), "the list says so too");
}

#[test]
fn each_page_says_when_it_last_changed_the_same_a_month_later() {
    let site = copy_fixture("framework-2023");
    let (a, b) = (
        built_on(site.path(), "2026-01-05"),
        built_on(site.path(), "2026-02-05"),
    );
    let said = |out: &Path, page: &str| -> String {
        let html = read(out, page);
        let at = html
            .find("<p class=\"last-updated\">")
            .unwrap_or_else(|| panic!("{page}"));
        html[at..at + html[at..].find("</p>").unwrap()].to_string()
    };
    // The home page: when the site last changed (its newest figure, September 2025).
    assert_eq!(
        said(&a, "index.html"),
        "<p class=\"last-updated\">Last updated: <time datetime=\"2025-09-30\">30 September 2025</time>"
    );
    // An area: its newest update.
    assert!(said(&a, "areas/waiting-times/index.html").contains("10 September 2025"));
    for page in [
        "index.html",
        "areas/waiting-times/index.html",
        "plan/index.html",
        "measures/longest-wait/index.html",
    ] {
        assert_eq!(
            said(&a, page),
            said(&b, page),
            "{page}: never the day of the build"
        );
    }
}

#[test]
fn an_announced_inspection_without_its_outcome_says_so_after_three_months() {
    let site = copy_fixture("framework-2023");
    let file = "content/updates/2025/2025-09-10-monitoring-inspection.md";
    let text = read(site.path(), file);
    common::write(
        site.path(),
        file,
        &text.replace("outcome = \"effective-action\"\n", ""),
    );
    let soon = read(&built_on(site.path(), "2025-10-10"), "index.html");
    assert!(
        soon.contains("its outcome will be published here."),
        "{soon}"
    );
    let later = read(&built_on(site.path(), "2026-01-15"), "index.html");
    assert!(
        later.contains("was announced in September 2025 (<a href=\"/send/updates/monitoring-inspection/\">Monitoring inspection letter</a>); its outcome has not been published here yet."),
        "{later}"
    );
    assert!(!later.contains("will be published here"));
    let checked = common::sendsite(&[
        "check",
        "--root",
        site.path().to_str().unwrap(),
        "--today",
        "2026-01-15",
    ]);
    let said = String::from_utf8_lossy(&checked.stderr);
    assert!(
        said.contains("warning: content/updates/2025/2025-09-10-monitoring-inspection.md: the monitoring inspection announced on 10 September 2025 has no outcome on this site three months later"),
        "{said}"
    );
    assert!(said.contains("add its `outcome` to this update"), "{said}");
}

#[test]
fn an_area_rated_on_track_with_an_overdue_action_says_both_and_check_warns() {
    let site = copy_fixture("framework-2023");
    // "Waiting times" is rated On track (March 2025); one of its actions falls overdue.
    let out = built_on(site.path(), "2026-01-15");
    let area = read(&out, "areas/waiting-times/index.html");
    let summary = &area[area.find("area-summary").unwrap()..area.find("</dl>").unwrap()];
    assert!(
        summary.contains("<span class=\"own-but\">Its plan says otherwise: <a href=\"/send/areas/waiting-times/#action-"),
        "{summary}"
    );
    assert!(
        summary.contains("is <strong>Overdue</strong>.</span>"),
        "{summary}"
    );
    let home = read(&out, "index.html");
    assert!(
        home.contains("Its plan says otherwise:"),
        "the home card says it too"
    );
    let checked = common::sendsite(&[
        "check",
        "--root",
        site.path().to_str().unwrap(),
        "--today",
        "2026-01-15",
    ]);
    let said = String::from_utf8_lossy(&checked.stderr);
    assert!(
        said.contains("warning: content/areas/waiting-times.md: the council's latest rating of this area is \"On track\", but its action"),
        "{said}"
    );
}

#[test]
fn a_council_rating_older_than_six_months_is_warned_of_and_dated_on_its_pages() {
    let site = copy_fixture("framework-2023");
    let check = |today: &str| {
        let run = common::sendsite(&[
            "check",
            "--root",
            site.path().to_str().unwrap(),
            "--today",
            today,
        ]);
        String::from_utf8_lossy(&run.stderr).to_string()
    };
    // Rated on 31 March 2025: two months on, nothing; eight months on, a warning.
    let warning = "content/areas/waiting-times.md: the council last rated this area on 31 March 2025, more than six months ago";
    assert!(!check("2025-06-01").contains(warning));
    let later = check("2025-12-01");
    assert!(later.contains(warning), "{later}");
    let home = read(&built_on(site.path(), "2025-12-01"), "index.html");
    assert!(
        home.contains("(the council's rating, <time datetime=\"2025-03-31\">31 March 2025</time>)"),
        "{home}"
    );
}
