//! Areas in the browser's forms over HTTP: a new area with its type and an action, an area's
//! type changed, and an area removed only when nothing names it, after asking.

use super::common::copy_fixture;
use super::editor::Editor;
use super::harness::{eventually, page, version_of};

const NEW: &[(&str, &str)] = &[
    ("file", ""),
    ("new", "area"),
    ("version", ""),
    ("title", "Short breaks for disabled children"),
    ("type", "priority-action"),
    ("finding", "Families wait too long for short breaks."),
    ("body", "We are doubling the places."),
    ("actions", "0"),
    ("new-action-title", "Open two more short-break centres"),
    ("new-action-due", "2027-03"),
    ("new-action-owner", "Head of SEND"),
    ("action", "save"),
];

#[test]
fn a_new_area_for_priority_action_is_made_with_its_action_and_can_then_be_removed() {
    let site = copy_fixture("framework-2023");
    let editor = Editor::open(site.path());
    assert!(editor
        .get("")
        .text()
        .contains("href=\"/send/__sendsite/edit/area\""));
    let form = editor.get("area");
    assert_eq!(form.status, 200, "{}", form.text());
    let form = form.text();
    assert!(
        form.contains("<legend class=\"ed-legend\">Type of area</legend>"),
        "{form}"
    );
    assert!(
        form.contains(">Area for priority action</label>")
            && form.contains(">Area for improvement</label>")
    );

    let saved = editor.send("page", NEW);
    assert_eq!(saved.status, 303, "{}", saved.text());
    let file = "content/areas/short-breaks-for-disabled-children.md";
    let text = std::fs::read_to_string(site.path().join(file)).unwrap();
    assert_eq!(
        text,
        "+++\ntitle = \"Short breaks for disabled children\"\nnumber = 5\nfinding = \"Families wait too long for short breaks.\"\ntype = \"priority-action\"\n\n[[actions]]\nid = \"open-two-more-short-break-centres\"\ntitle = \"Open two more short-break centres\"\ndue = \"2027-03\"\nowner = \"Head of SEND\"\n+++\nWe are doubling the places.\n"
    );
    eventually(
        "the preview lists it among the areas for priority action",
        || page(&editor.server, "/send/").contains("Short breaks for disabled children"),
    );

    let again = editor.send("page", NEW);
    assert_eq!(again.status, 422, "the same title twice is refused");
    assert!(again
        .text()
        .contains("There is already an area with this title"));

    // Nothing names it: asked first, then removed.
    let asked = editor.send("remove", &[("file", file)]);
    assert_eq!(asked.status, 200, "{}", asked.text());
    let asked = asked.text();
    assert!(
        asked.contains("Remove the area “Short breaks for disabled children”?"),
        "{asked}"
    );
    assert!(site.path().join(file).exists(), "asking removes nothing");
    let version = version_of(&asked);
    let removed = editor.send(
        "remove",
        &[("file", file), ("version", &version), ("confirm", "yes")],
    );
    assert_eq!(removed.status, 303, "{}", removed.text());
    assert!(!site.path().join(file).exists());
    eventually("the preview no longer has it", || {
        !page(&editor.server, "/send/").contains("Short breaks for disabled children")
    });
}

#[test]
fn an_area_named_by_updates_is_not_removed_and_its_type_can_change() {
    let site = copy_fixture("framework-2023");
    let editor = Editor::open(site.path());
    let file = "content/areas/waiting-times.md";
    let before = std::fs::read(site.path().join(file)).unwrap();
    let refused = editor.send("remove", &[("file", file), ("confirm", "yes")]);
    assert_eq!(refused.status, 409);
    let refused = refused.text();
    assert!(refused.contains("This area is still in use"), "{refused}");
    assert!(
        refused.contains("content/updates/"),
        "the updates that name it are listed: {refused}"
    );
    assert_eq!(std::fs::read(site.path().join(file)).unwrap(), before);

    let health = "content/areas/health-input.md";
    let form = editor
        .get(&format!("page?file={}", health.replace('/', "%2F")))
        .text();
    assert!(
        form.contains("value=\"improvement\" id=\"f-type-improvement\" checked"),
        "{form}"
    );
    let version = version_of(&form);
    let changed = editor.send(
        "page",
        &[
            ("file", health),
            ("version", &version),
            ("title", "Health advice in EHC plans"),
            ("type", "priority-action"),
            ("finding", "Health advice for EHC plans is often late."),
            (
                "body",
                "The health partners have set a 6-week deadline for their advice.",
            ),
            ("actions", "0"),
            ("action", "save"),
        ],
    );
    assert_eq!(changed.status, 303, "{}", changed.text());
    let text = std::fs::read_to_string(site.path().join(health)).unwrap();
    assert!(text.contains("type = \"priority-action\"\n"), "{text}");
    assert!(
        text.contains("title = \"Health advice in EHC plans\"\nnumber = 4\n"),
        "only the type changed: {text}"
    );
}

#[test]
fn an_action_is_due_by_a_date_as_people_write_it() {
    for (typed, saved) in [
        ("March 2027", "due = \"2027-03\"\n"),
        ("31/07/2027", "due = 2027-07-31\n"),
        ("31 July 2027", "due = 2027-07-31\n"),
    ] {
        let site = copy_fixture("framework-2023");
        let editor = Editor::open(site.path());
        let fields: Vec<(&str, &str)> = NEW
            .iter()
            .map(|&(k, v)| (k, if k == "new-action-due" { typed } else { v }))
            .collect();
        let answer = editor.send("page", &fields);
        assert_eq!(answer.status, 303, "{typed}: {}", answer.text());
        let file = "content/areas/short-breaks-for-disabled-children.md";
        let text = std::fs::read_to_string(site.path().join(file)).unwrap();
        assert!(text.contains(saved), "{typed}: {text}");
    }
}
