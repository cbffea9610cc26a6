//! The update form over HTTP: how each action of the plan is going, rated in the browser.

use super::common::copy_fixture;
use super::editor::Editor;
use super::harness::{eventually, page, version_of};

#[test]
fn a_progress_update_rates_an_action_and_the_plan_shows_it() {
    let site = copy_fixture("framework-2023");
    let editor = Editor::open(site.path());
    let form = editor.get("update").text();
    for label in [
        "Send families a newsletter every month: how it is going",
        "Send families a newsletter every month: why (optional)",
        "Communication with families: our own rating",
    ] {
        assert_eq!(
            form.matches(&format!(">{label}</label>")).count(),
            1,
            "{label}\n{form}"
        );
    }
    let saved = editor.send(
        "update",
        &[
            ("file", ""),
            ("version", ""),
            ("title", "Progress update: December 2026"),
            ("date", "2026-10-30"),
            ("kind", "progress-update"),
            ("areas", "communication"),
            ("body", "The newsletter is late this term."),
            ("action-monthly-newsletter", "at-risk"),
            (
                "action-monthly-newsletter-note",
                "New date: January 2027, because the editor left.",
            ),
            ("action", "save"),
        ],
    );
    assert_eq!(saved.status, 303, "{}", saved.text());
    let file = site
        .path()
        .join("content/updates/2026/2026-10-30-progress-update-december-2026.md");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains("\n[actions]\nmonthly-newsletter = { status = \"at-risk\", note = \"New date: January 2027, because the editor left.\" }\n"),
        "{text}"
    );
    eventually("the plan shows the council's rating and its note", || {
        page(&editor.server, "/send/plan/")
            .contains("New date: January 2027, because the editor left.")
    });

    // Changing one rating changes that line only.
    let existing = "content/updates/2024/2024-09-30-progress-september-2024.md";
    let before = std::fs::read_to_string(site.path().join(existing)).unwrap();
    let form = editor
        .get(&format!("update?file={}", existing.replace('/', "%2F")))
        .text();
    assert!(
        form.contains("<option value=\"complete\" selected>"),
        "the form shows each rating: {form}"
    );
    let mut fields = vec![
        ("file", existing.to_string()),
        ("version", version_of(&form)),
        ("title", "Progress update: September 2024".into()),
        ("date", "2024-09-30".into()),
        ("kind", "progress-update".into()),
        (
            "body",
            "Assessments are faster, but not yet fast enough.".into(),
        ),
        ("progress-waiting-times", "at-risk".into()),
        ("progress-preparing-for-adulthood", "on-track".into()),
        ("progress-communication", "on-track".into()),
        ("action-more-psychologists", "on-track".into()),
        ("action-assessment-backlog", "at-risk".into()),
        (
            "action-assessment-backlog-note",
            "Referrals rose by a third over the summer.".into(),
        ),
        ("action-transition-reviews", "off-track".into()),
        ("action-monthly-newsletter", "complete".into()),
        ("action", "save".into()),
    ];
    for area in ["waiting-times", "preparing-for-adulthood", "communication"] {
        fields.push(("areas", area.into()));
    }
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let saved = editor.send("update", &pairs);
    assert_eq!(saved.status, 303, "{}", saved.text());
    let after = std::fs::read_to_string(site.path().join(existing)).unwrap();
    assert_eq!(
        after,
        before.replace(
            "transition-reviews = \"on-track\"",
            "transition-reviews = \"off-track\""
        )
    );
}

#[test]
fn a_draft_is_deleted_after_asking_and_a_published_update_never_is() {
    let site = copy_fixture("small");
    let editor = Editor::open(site.path());
    let draft = "content/updates/2022/2022-12-24-draft.md";
    let form = editor
        .get(&format!("update?file={}", draft.replace('/', "%2F")))
        .text();
    assert!(form.contains(">Delete this update</button>"), "{form}");
    let asked = editor.send("remove", &[("file", draft)]);
    assert_eq!(asked.status, 200, "{}", asked.text());
    let asked = asked.text();
    assert!(asked.contains("Delete the update “"), "{asked}");
    assert!(site.path().join(draft).exists(), "asking deletes nothing");
    let version = version_of(&asked);
    let gone = editor.send(
        "remove",
        &[("file", draft), ("version", &version), ("confirm", "yes")],
    );
    assert_eq!(gone.status, 303, "{}", gone.text());
    assert!(!site.path().join(draft).exists());
    let to = gone.header("location").unwrap().to_string();
    let query = to.split_once('?').unwrap().1;
    let list = editor.get(&format!("?{query}")).text();
    assert!(list.contains("The update was removed."), "{list}");
    assert!(
        !list.contains("Draft: not ready"),
        "the list no longer has it"
    );

    let published = "content/updates/2022/2022-12-05-news.md";
    let before = std::fs::read(site.path().join(published)).unwrap();
    let form = editor
        .get(&format!("update?file={}", published.replace('/', "%2F")))
        .text();
    assert!(
        !form.contains(">Delete this update</button>"),
        "a published update offers no delete"
    );
    assert!(form.contains("A published update is not deleted"), "{form}");
    let refused = editor.send("remove", &[("file", published), ("confirm", "yes")]);
    assert_eq!(refused.status, 409);
    assert!(refused.text().contains("A published update is not deleted"));
    assert_eq!(std::fs::read(site.path().join(published)).unwrap(), before);
}

#[test]
fn a_published_update_is_withdrawn_with_a_reason_and_taken_back() {
    let site = copy_fixture("framework-2023");
    let editor = Editor::open(site.path());
    let file = "content/updates/2025/2025-03-31-progress-march-2025.md";
    let query = file.replace('/', "%2F");
    let area = "/send/areas/waiting-times/";
    let before = std::fs::read_to_string(site.path().join(file)).unwrap();
    assert!(page(&editor.server, area).contains(">On track</span>"));

    let form = editor.get(&format!("update?file={query}")).text();
    assert!(
        form.contains(&format!("withdraw?file={query}\">Withdraw this update</a>")),
        "{form}"
    );
    let asked = editor.get(&format!("withdraw?file={query}")).text();
    assert!(
        asked.contains("Withdraw “Progress update: March 2025”?"),
        "{asked}"
    );
    let version = version_of(&asked);

    let empty = editor.send(
        "withdraw",
        &[
            ("file", file),
            ("version", &version),
            ("reason", " "),
            ("action", "withdraw"),
        ],
    );
    assert_eq!(empty.status, 422, "{}", empty.text());
    assert!(empty.text().contains("Enter why it is withdrawn"));
    assert_eq!(
        std::fs::read_to_string(site.path().join(file)).unwrap(),
        before
    );

    let reason = "The figures counted some plans twice.";
    let done = editor.send(
        "withdraw",
        &[
            ("file", file),
            ("version", &version),
            ("reason", reason),
            ("action", "withdraw"),
        ],
    );
    assert_eq!(done.status, 303, "{}", done.text());
    let after = std::fs::read_to_string(site.path().join(file)).unwrap();
    let today = "2026-11-01"; // the harness starts serve with --today 2026-11-01
    let (front, body) = before.rsplit_once("+++\n").unwrap();
    assert_eq!(
        after,
        format!("{front}\n[withdrawn]\ndate = {today}\nreason = \"{reason}\"\n+++\n{body}"),
        "only [withdrawn] is added"
    );
    eventually("the preview shows the withdrawal", || {
        let shown = page(&editor.server, "/send/updates/progress-march-2025/");
        shown.contains("This update was withdrawn on") && shown.contains(reason)
    });
    let now = page(&editor.server, area);
    assert!(
        now.contains(">At risk of delay</span>") && !now.contains(">On track</span>"),
        "the withdrawn rating no longer counts: the one before it does: {now}"
    );
    let list = editor.get("").text();
    assert!(
        list.contains("Progress update: March 2025</a>")
            && list.contains(" · <strong>Withdrawn</strong>"),
        "the editor's list marks it: {list}"
    );
    let timeline = page(&editor.server, "/send/updates/");
    assert!(timeline.contains("<strong class=\"withdrawn-tag\">Withdrawn</strong>"));

    // A save with the version opened before the withdrawal is refused, not written over it.
    let stale = editor.send(
        "withdraw",
        &[
            ("file", file),
            ("version", &version),
            ("reason", "Other."),
            ("action", "withdraw"),
        ],
    );
    assert_eq!(stale.status, 422, "{}", stale.text());
    assert!(stale.text().contains("Someone changed the update"));

    let reopened = editor.get(&format!("withdraw?file={query}")).text();
    assert!(reopened.contains("was withdrawn on"), "{reopened}");
    let back = editor.send(
        "withdraw",
        &[
            ("file", file),
            ("version", &version_of(&reopened)),
            ("reason", reason),
            ("action", "reinstate"),
        ],
    );
    assert_eq!(back.status, 303, "{}", back.text());
    let reinstated = std::fs::read_to_string(site.path().join(file)).unwrap();
    assert!(!reinstated.contains("[withdrawn]"), "{reinstated}");
    assert!(
        reinstated.contains(&format!(
            "[[history]]\ndate = {today}\nnote = \"It was withdrawn on "
        )),
        "the page says what happened: {reinstated}"
    );
    eventually("the rating counts again", || {
        page(&editor.server, area).contains(">On track</span>")
    });
}

#[test]
fn a_draft_cannot_be_withdrawn() {
    let site = copy_fixture("small");
    let editor = Editor::open(site.path());
    let draft = "content/updates/2022/2022-12-24-draft.md";
    let refused = editor.get(&format!("withdraw?file={}", draft.replace('/', "%2F")));
    assert_eq!(refused.status, 409);
    assert!(refused.text().contains("was never published"));
}
