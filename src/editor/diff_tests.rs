//! History in the forms' words: an action named by its title, a rating said in the site's words.

use super::diff::{changes, describe, Words};

const AREA: &str = "+++\ntitle = \"Sharing SEND data and information\"\nnumber = 1\n\n[[actions]]\nid = \"agree-the-data-sharing\"\ntitle = \"Agree the data-sharing agreement\"\ndue = \"2026-03\"\n+++\nText.\n";

#[test]
fn an_action_is_named_by_its_title_and_an_added_one_is_said_so() {
    let file = "content/areas/data-sharing.md";
    let added = AREA.replace(
        "+++\nText.",
        "\n[[actions]]\nid = \"publish-one-dashboard\"\ntitle = \"Publish one dashboard\"\ndue = \"2026-09\"\n+++\nText.",
    );
    assert_eq!(
        describe(
            &Words::default(),
            file,
            Some(AREA.as_bytes()),
            Some(added.as_bytes())
        ),
        "Added the action “Publish one dashboard” to the area “Sharing SEND data and information”"
    );
    assert_eq!(
        describe(
            &Words::default(),
            file,
            Some(added.as_bytes()),
            Some(AREA.as_bytes())
        ),
        "Took the action “Publish one dashboard” off the area “Sharing SEND data and information”"
    );
    let later = AREA.replace("2026-03", "2026-06");
    let list = changes(
        &Words::default(),
        file,
        Some(AREA.as_bytes()),
        Some(later.as_bytes()),
    );
    assert_eq!(list.len(), 1);
    assert_eq!(
        list[0].field,
        "Action “Agree the data-sharing agreement” › Due by"
    );
    assert!(
        !changes(&Words::default(), file, None, Some(AREA.as_bytes()))
            .iter()
            .any(|c| c.field.ends_with("› Id")),
        "an id is never shown"
    );
}

#[test]
fn a_rating_is_said_in_the_site_s_words_by_the_action_s_title() {
    let words = Words::given(
        &[("on-track", "On track"), ("at-risk", "At risk")],
        &[("data-sharing", "Sharing SEND data and information")],
        &[("publish-one-dashboard", "Publish one dashboard")],
    );
    let file = "content/updates/2026/2026-09-01-progress.md";
    let before = "+++\ntitle = \"Progress\"\ndate = 2026-09-01\nkind = \"progress\"\n+++\nText.\n";
    let rated = before.replace(
        "+++\nText.",
        "[progress]\ndata-sharing = \"at-risk\"\n\n[actions]\npublish-one-dashboard = \"on-track\"\n+++\nText.",
    );
    let only_action = before.replace(
        "+++\nText.",
        "[actions]\npublish-one-dashboard = \"on-track\"\n+++\nText.",
    );
    assert_eq!(
        describe(
            &words,
            file,
            Some(before.as_bytes()),
            Some(only_action.as_bytes())
        ),
        "Rated “Publish one dashboard”: On track"
    );
    let list = changes(
        &words,
        file,
        Some(before.as_bytes()),
        Some(rated.as_bytes()),
    );
    let said: Vec<(&str, Option<&str>)> = list
        .iter()
        .map(|c| (c.field.as_str(), c.after.as_deref()))
        .collect();
    assert_eq!(
        said,
        [
            (
                "Our own assessment › Sharing SEND data and information",
                Some("At risk")
            ),
            (
                "How the action is going › “Publish one dashboard”",
                Some("On track")
            ),
        ]
    );
    let noted = only_action.replace(
        "= \"on-track\"",
        "= { status = \"at-risk\", note = \"New date: March 2027\" }",
    );
    assert_eq!(
        describe(
            &words,
            file,
            Some(only_action.as_bytes()),
            Some(noted.as_bytes())
        ),
        "Rated “Publish one dashboard”: At risk"
    );
}
