//! Ids that stay the same: across renames, edits and rebuilds, and checked for clashes.

use super::common::{build_ok, copy_fixture, read, write};
use super::*;

#[test]
fn a_renamed_entry_keeps_its_id_and_an_edit_changes_nothing_but_the_text() {
    let dir = copy_fixture("feeds");
    let file = "content/updates/2022/2022-07-01-plan-published.md";
    let renamed = read(dir.path(), file);
    // As first published: no slug of its own, so the file name gives `plan-published`.
    let original = renamed
        .replace("slug = \"plan-published-2022\"\n", "")
        .replace("aliases = [\"/updates/plan-published/\"]\n", "");
    write(dir.path(), file, &original);
    let before = parse(&build_ok(dir.path(), &[]), "atom.xml");
    let first = entry(&before, "Our improvement plan");
    assert_eq!(
        first.links[0].href,
        format!("{BASE}updates/plan-published/")
    );
    write(
        dir.path(),
        file,
        &renamed.replace("Our improvement plan", "Our improvement plan (updated)"),
    );
    let after = parse(&build_ok(dir.path(), &[]), "atom.xml");
    let second = entry(&after, "Our improvement plan (updated)");
    assert_eq!(
        second.links[0].href,
        format!("{BASE}updates/plan-published-2022/")
    );
    assert_eq!(first.id, second.id);
    assert_eq!(second.id, id(ENTRIES[2].2));
    let rss = parse(&build_ok(dir.path(), &[]), "feed.xml");
    assert_eq!(entry(&rss, "Our improvement plan (updated)").id, second.id);
}

#[test]
fn two_builds_are_byte_identical() {
    let (_a, first) = built();
    let (_b, second) = built();
    let files = |root: &Path| -> Vec<(String, Vec<u8>)> {
        let mut list: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(root)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (
                    e.path().strip_prefix(root).unwrap().display().to_string(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect();
        list.sort();
        list
    };
    let (a, b) = (files(&first), files(&second));
    assert!(a.iter().any(|(p, _)| p == "feed.xml") && a.iter().any(|(p, _)| p == "calendar.ics"));
    assert_eq!(a.len(), b.len());
    for ((pa, ba), (pb, bb)) in a.iter().zip(&b) {
        assert_eq!(pa, pb);
        assert!(ba == bb, "{pa} differs between two builds");
    }
}

#[test]
fn an_id_that_is_not_a_uri_or_used_twice_is_an_error() {
    let dir = copy_fixture("feeds");
    let file = "content/updates/2022/2022-11-30-forum.md";
    let text = read(dir.path(), file).replace(
        "kind = \"meeting\"\n",
        "kind = \"meeting\"\nid = \"forum 2022\"\n",
    );
    write(dir.path(), file, &text);
    let err = common::build_err(dir.path(), &[]);
    assert!(
        err.contains("2022-11-30-forum.md:5:6: id \"forum 2022\" is not a URI"),
        "{err}"
    );
    let pinned = "urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66";
    write(dir.path(), file, &text.replace("forum 2022", pinned));
    let err = common::build_err(dir.path(), &[]);
    let expected = format!(
        "2022-11-30-forum.md: this entry's feed id \"{pinned}\" is the same as another entry's"
    );
    assert!(err.contains(&expected), "{err}");
    assert!(
        err.contains("content/updates/2022/2022-09-05-pinned.md has it too"),
        "{err}"
    );
}
