//! Review and publish, as an approver meets it after a week of a comms officer's work: each
//! item once, in the site's words, its changed words marked; a document's old and new file;
//! a page previewed as it will be (an embargoed update as on its date); two of three items
//! approved and exactly those live; an update naming a new area refused alone, saying why.

use std::path::{Path, PathBuf};

use super::harness::{approval, borrowed, version_of, Server};
use super::{approve_all, as_who, common, direct_team, git, new_update, pairs};

const SAM: &str = "sam@council.example";
const ALEX: &str = "alex@council.example";
const UPDATE: &str = "content/updates/2026/2026-10-30-attendance-data-software.md";
const STOCKTAKE: &str = "content/updates/2025/2025-06-20-stocktake.md";
const PLAN: &str = "content/documents/plan.pdf";

/// A team site (`framework-2023`) whose first publication, the whole site, Alex has made: its
/// folder, the folder holding the live one, the live folder, and the server.
fn published_team() -> (tempfile::TempDir, tempfile::TempDir, PathBuf, Server) {
    let site = common::copy_fixture("framework-2023");
    let live_dir = tempfile::tempdir().unwrap();
    let live = live_dir.path().join("send");
    let server = direct_team(site.path(), &live);
    approve_all(&server, ALEX);
    (site, live_dir, live, server)
}

/// A save made with git by hand, as Sam (the editor's saves are commits just like it).
fn commit_by_hand(root: &Path, file: &str, bytes: &[u8], message: &str) {
    std::fs::write(root.join(file), bytes).unwrap();
    git(root, &["add", file]);
    git(
        root,
        &[
            "-c",
            "user.name=sam",
            "-c",
            "user.email=sam@council.example",
            "commit",
            "-q",
            "-m",
            message,
        ],
    );
}

/// Saves the update's summary with the editor's form, as Sam.
fn save_summary(server: &Server, summary: &str) {
    let form = as_who(
        server,
        SAM,
        &format!("update?file={}", UPDATE.replace('/', "%2F")),
        &[],
    )
    .text();
    let mut fields = new_update("Attendance data software", "2026-10-30");
    fields.push(("file", UPDATE.to_string()));
    fields.push(("version", version_of(&form)));
    fields.push(("summary", summary.to_string()));
    let saved = as_who(server, SAM, "update", &pairs(&fields));
    assert_eq!(saved.status, 303, "{}", saved.text());
}

/// The section of `page` for the item titled `title`.
fn item<'p>(page: &'p str, title: &str) -> &'p str {
    let at = page
        .find(&format!(">{title} <span class=\"ed-tag"))
        .unwrap_or_else(|| panic!("no item {title}: {page}"));
    let end = page[at..].find("</section>").unwrap();
    &page[at..at + end]
}

#[test]
fn a_week_of_saves_is_one_item_each_with_its_words_marked() {
    let site = common::copy_fixture("framework-2023");
    let root = site.path();
    std::fs::create_dir_all(root.join("content/documents")).unwrap();
    std::fs::write(root.join(PLAN), common::pdf(b"<< /Old 1 >>", 0)).unwrap();
    let stocktake = std::fs::read_to_string(root.join(STOCKTAKE)).unwrap();
    let with_plan = stocktake.replace(
        "+++\nOfficials",
        "[[documents]]\ntitle = \"Our improvement plan\"\nfile = \"documents/plan.pdf\"\n+++\nOfficials",
    );
    std::fs::write(root.join(STOCKTAKE), &with_plan).unwrap();
    let live_dir = tempfile::tempdir().unwrap();
    let live = live_dir.path().join("send");
    let server = direct_team(root, &live);
    let mut first = new_update("Attendance data software", "2026-10-30");
    first.push(("summary", "Schools send attendance data every week.".into()));
    assert_eq!(as_who(&server, SAM, "update", &pairs(&first)).status, 303);
    approve_all(&server, ALEX);

    // A week: the same summary saved six times, a setting changed and changed back, the plan
    // replaced, an action rated.
    for n in 1..=6 {
        save_summary(
            &server,
            &format!("Schools send attendance data every day, draft {n}."),
        );
    }
    let settings = std::fs::read_to_string(root.join("content/site.toml")).unwrap();
    let retitled = settings.replacen("title = \"", "title = \"Draft: ", 1);
    commit_by_hand(root, "content/site.toml", retitled.as_bytes(), "Retitled");
    commit_by_hand(root, "content/site.toml", settings.as_bytes(), "Title back");
    let new_plan = common::pdf(b"<< /New 1 >>", 40);
    commit_by_hand(root, PLAN, &new_plan, "Replaced the plan");
    let rated = with_plan.replace(
        "assessment-backlog = \"complete\"",
        "assessment-backlog = \"on-track\"",
    );
    commit_by_hand(root, STOCKTAKE, rated.as_bytes(), "Rated");

    let page = as_who(&server, ALEX, "publish", &[]).text();
    assert!(page.contains("Waiting for approval (3 items)"), "{page}");
    assert!(!page.contains("The site settings"), "changed back: {page}");
    // The summary: one item of six saves, the words that changed marked for every reader.
    let update = item(&page, "Update “Attendance data software”");
    assert!(update.contains(">Changed</span>"), "{update}");
    assert!(
        update.contains("sam@council.example: 6 saves, from "),
        "{update}"
    );
    assert!(
        update.contains("<th scope=\"row\">Summary</th>"),
        "named as the form names it: {update}"
    );
    assert!(
        update.contains("<td>Schools send attendance data every <del><span class=\"visually-hidden\">[removed: </span>week<span class=\"visually-hidden\">]</span></del><ins><span class=\"visually-hidden\">[added: </span>day, draft 6<span class=\"visually-hidden\">]</span></ins>.</td>"),
        "{update}"
    );
    // The rating, in the site's words, the old one struck through.
    let rating = item(&page, "Update “Stocktake by the DfE and NHS England”");
    assert!(rating.contains("<td>Complete</td>"), "{rating}");
    assert!(rating.contains("On track"), "{rating}");
    // The document: the old file and the new, each described and opened from the history.
    let plan = item(&page, "Document plan.pdf");
    assert!(plan.contains("On the live site now"), "{plan}");
    assert!(plan.contains("Once published"), "{plan}");
    assert!(plan.contains("PDF, 1 KB, 1 page"), "{plan}");
    let links: Vec<&str> = plan
        .split("href=\"")
        .skip(1)
        .map(|h| &h[..h.find('"').unwrap()])
        .collect();
    assert_eq!(links.len(), 2, "{plan}");
    let old = as_who(
        &server,
        ALEX,
        links[0]
            .replace("&amp;", "&")
            .rsplit("/edit/")
            .next()
            .unwrap(),
        &[],
    );
    assert_eq!(old.status, 200);
    assert_eq!(old.body, common::pdf(b"<< /Old 1 >>", 0));
    let new = as_who(
        &server,
        ALEX,
        links[1]
            .replace("&amp;", "&")
            .rsplit("/edit/")
            .next()
            .unwrap(),
        &[],
    );
    assert_eq!(new.body, new_plan);
    // Nothing outside the documents, or of no version, is served that way.
    let head = git(root, &["rev-parse", "HEAD"]);
    let refused = as_who(
        &server,
        ALEX,
        &format!("version-file?at={}&file=team.toml", head.trim()),
        &[],
    );
    assert_eq!(refused.status, 404);
}

#[test]
fn an_approver_publishes_two_of_three_and_a_page_is_previewed_as_it_will_be() {
    let (site, _live_dir, live, server) = published_team();
    let root = site.path();
    let titles = [
        ("Short breaks survey", "2026-10-20"),
        ("New speech therapists start", "2026-10-25"),
        // serve's day is 2026-11-01: this one is embargoed until its day.
        ("Monitoring inspection outcome", "2026-11-20"),
    ];
    for (title, day) in titles {
        let saved = as_who(&server, SAM, "update", &pairs(&new_update(title, day)));
        assert_eq!(saved.status, 303, "{}", saved.text());
    }
    let page = as_who(&server, ALEX, "publish", &[]).text();
    assert!(page.contains("Waiting for approval (3 items)"), "{page}");

    // The embargoed update, previewed: its page as on its date, marked as a preview.
    let outcome = item(&page, "Update “Monitoring inspection outcome”");
    let href = outcome.split("href=\"").nth(1).unwrap();
    let href = &href[..href.find('"').unwrap()];
    assert!(href.contains("preview?file="), "{outcome}");
    let preview = as_who(&server, ALEX, href.rsplit("/edit/").next().unwrap(), &[]);
    assert_eq!(preview.status, 200, "{}", preview.text());
    let shown = preview.text();
    assert!(shown.contains("<title>Preview: "), "{shown}");
    assert!(shown.contains("Preview: not on the live site"), "{shown}");
    assert!(shown.contains("as on 20 November 2026"), "{shown}");
    assert!(
        shown.contains("<h1>Monitoring inspection outcome</h1>")
            || shown.contains("Monitoring inspection outcome</h1>"),
        "{shown}"
    );
    assert!(!live.join("updates/monitoring-inspection-outcome").exists());

    // Two of three ticked: exactly those two go live; the third waits, still listed.
    let mut sent = approval(&page);
    sent.retain(|(k, v)| k != "item" || !v.contains("speech-therapists"));
    assert_eq!(sent.iter().filter(|(k, _)| k == "item").count(), 2);
    let done = as_who(&server, ALEX, "publish", &borrowed(&sent));
    assert_eq!(done.status, 303, "{}", done.text());
    assert!(live.join("updates/short-breaks-survey/index.html").exists());
    assert!(!live.join("updates/new-speech-therapists-start").exists());
    // Approved and embargoed: not live before its day, yet not waiting either.
    assert!(!live.join("updates/monitoring-inspection-outcome").exists());
    let next = as_who(&server, ALEX, "publish", &[]).text();
    assert!(next.contains("Waiting for approval (1 item)"), "{next}");
    assert!(
        next.contains("Approve: Update “New speech therapists start”"),
        "{next}"
    );
    let tag = git(root, &["tag", "-n20", "--list", "published/*"]);
    assert!(
        tag.contains("2 items:"),
        "the tag names what was approved: {tag}"
    );
    assert!(tag.contains("1 item left waiting"), "{tag}");
    // The lists say where each stands.
    let list = as_who(&server, SAM, "", &[]).text();
    assert!(list.contains("Scheduled for 20 November 2026"), "{list}");
    // A page opened before that publication cannot publish: what it listed is not what waits.
    let stale = as_who(&server, ALEX, "publish", &borrowed(&approval(&page)));
    assert_eq!(stale.status, 409, "{}", stale.text());
}

#[test]
fn an_update_naming_a_new_area_cannot_be_approved_without_it() {
    let (site, _live_dir, live, server) = published_team();
    let root = site.path();
    let area = "+++\ntitle = \"Short breaks\"\nnumber = 5\ntype = \"improvement\"\nfinding = \"Too few short breaks.\"\n+++\nWe are adding places.\n";
    commit_by_hand(
        root,
        "content/areas/short-breaks.md",
        area.as_bytes(),
        "New area",
    );
    let mut update = new_update("More short breaks", "2026-10-28");
    update.push(("areas", "short-breaks".into()));
    // The area is committed by hand: serve's preview reads it on its next rebuild.
    super::harness::eventually("the preview reads the new area", || {
        as_who(&server, SAM, "", &[])
            .text()
            .contains("Short breaks")
    });
    let saved = as_who(&server, SAM, "update", &pairs(&update));
    assert_eq!(saved.status, 303, "{}", saved.text());
    let page = as_who(&server, ALEX, "publish", &[]).text();
    let mut sent = approval(&page);
    sent.retain(|(k, v)| k != "item" || !v.contains("areas/short-breaks"));
    let refused = as_who(&server, ALEX, "publish", &borrowed(&sent));
    assert_eq!(refused.status, 422, "{}", refused.text());
    let said = refused.text();
    assert!(
        said.contains(
            "Update “More short breaks” needs area “Short breaks”, which is not selected"
        ),
        "{said}"
    );
    assert!(!live.join("updates/more-short-breaks").exists());
    assert!(
        said.contains("name=\"item\" value=\"content/updates/2026/2026-10-28-more-short-breaks.md\" id=\"approve-2\" checked")
            || said.contains("2026-10-28-more-short-breaks.md\" id="),
        "the page keeps what was ticked: {said}"
    );
    // Both together go live.
    let done = as_who(&server, ALEX, "publish", &borrowed(&approval(&page)));
    assert_eq!(done.status, 303, "{}", done.text());
    assert!(live.join("updates/more-short-breaks/index.html").exists());
}
