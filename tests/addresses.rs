//! Addresses that last: a new `slug` keeps an update's feed id, and `sendsite check` warns when
//! an address the last build published is gone without an alias.

mod common;

use common::{build_ok, copy_fixture, on_site};

const NEWS: &str = "content/updates/2022/2022-12-05-news.md";

/// The (guid, link) of every item of the site's RSS feed.
fn items(out: &std::path::Path) -> Vec<(String, String)> {
    let feed = std::fs::read(out.join("feed.xml")).unwrap();
    let channel = rss::Channel::read_from(&feed[..]).unwrap();
    channel
        .items()
        .iter()
        .map(|i| {
            (
                i.guid().unwrap().value().to_string(),
                i.link().unwrap().to_string(),
            )
        })
        .collect()
}

fn rename(root: &std::path::Path, with_alias: bool) {
    let path = root.join(NEWS);
    let text = std::fs::read_to_string(&path).unwrap();
    let alias = if with_alias {
        "aliases = [\"/updates/news/\"]\n"
    } else {
        ""
    };
    let text = text.replacen(
        "kind = ",
        &format!("slug = \"five-new-caseworkers\"\n{alias}kind = "),
        1,
    );
    std::fs::write(path, text).unwrap();
}

#[test]
fn a_new_slug_keeps_the_feed_id_and_check_warns_until_an_alias_keeps_the_old_address() {
    let site = copy_fixture("small");
    let out = build_ok(site.path(), &[]);
    let before = items(&out);
    let (id, link) = before
        .iter()
        .find(|(_, link)| link.ends_with("/updates/news/"))
        .cloned()
        .expect("the news entry is in the feed");
    rename(site.path(), false);
    let checked = on_site("check", site.path(), &[]);
    let stderr = String::from_utf8_lossy(&checked.stderr);
    assert!(
        stderr.contains("warning: content/updates/2022/2022-12-05-news.md: this update's address changed from /updates/news/ to /updates/five-new-caseworkers/ since the last build, and nothing sends readers from the old one")
            && stderr.contains("hint: add aliases = [\"/updates/news/\"]"),
        "{stderr}"
    );
    let out = build_ok(site.path(), &[]);
    let after = items(&out);
    let renamed = after.iter().find(|(i, _)| *i == id).expect("the same id");
    assert_ne!(renamed.1, link, "the address changed");
    assert!(renamed.1.ends_with("/updates/five-new-caseworkers/"));
    // Every other item kept its id and address.
    let others = |list: &[(String, String)]| {
        list.iter()
            .filter(|(i, _)| *i != id)
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(others(&after), others(&before));
    // The build now in the output folder has the new address: check has nothing to say about it.
    let again = on_site("check", site.path(), &[]);
    assert!(!String::from_utf8_lossy(&again.stderr).contains("address changed"));
}

#[test]
fn an_alias_silences_the_warning_and_keeps_the_id() {
    let site = copy_fixture("small");
    let out = build_ok(site.path(), &[]);
    let before = items(&out);
    rename(site.path(), true);
    let checked = on_site("check", site.path(), &[]);
    let stderr = String::from_utf8_lossy(&checked.stderr);
    assert!(
        !stderr.contains("address changed") && !stderr.contains("no longer has"),
        "{stderr}"
    );
    let after = items(&build_ok(site.path(), &[]));
    let ids = |list: &[(String, String)]| list.iter().map(|(i, _)| i.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&after), ids(&before));
}

#[test]
fn an_update_removed_since_the_last_build_is_named_by_its_address() {
    let site = copy_fixture("small");
    build_ok(site.path(), &[]);
    std::fs::remove_file(site.path().join(NEWS)).unwrap();
    let checked = on_site("check", site.path(), &[]);
    let stderr = String::from_utf8_lossy(&checked.stderr);
    assert!(
        stderr.contains("warning: public/sitemap.xml: the last build published /updates/news/, which this site no longer has"),
        "{stderr}"
    );
    assert_eq!(checked.status.code(), Some(0), "a warning, not an error");
}

#[test]
fn an_id_that_changed_since_the_last_build_is_named_with_the_id_to_pin() {
    let site = copy_fixture("small");
    let out = build_ok(site.path(), &[]);
    // As if the last build had published the update under another id (the rule before ids were
    // made from file names gave one to updates with a `slug` and no alias).
    let data = std::fs::read_to_string(out.join("data.json")).unwrap();
    let now = data
        .lines()
        .find(|l| l.contains("\"id\": \"tag:") && l.contains("updates/news\""))
        .expect("the news update's id")
        .to_string();
    std::fs::write(
        out.join("data.json"),
        data.replace(
            &now,
            "      \"id\": \"tag:www.council.example,2022-12-05:old-news\",",
        ),
    )
    .unwrap();
    let checked = on_site("check", site.path(), &[]);
    let stderr = String::from_utf8_lossy(&checked.stderr);
    assert!(
        stderr.contains("warning: content/updates/2022/2022-12-05-news.md: this update's feed id was \"tag:www.council.example,2022-12-05:old-news\" in the last build")
            && stderr.contains("hint: keep the published id: add id = \"tag:www.council.example,2022-12-05:old-news\""),
        "{stderr}"
    );
}

#[test]
fn a_free_page_cannot_take_a_folder_of_the_site_s_own_pages_even_one_it_has_not_got_yet() {
    // The small site has no plan and no glossary: /plan/ and /glossary/ are still kept free,
    // as are the folders of the pages it has. The list comes from the registry of pages.
    for taken in ["plan", "updates", "glossary", "static", "measures"] {
        let dir = copy_fixture("small");
        let page = dir.path().join(format!("content/pages/{taken}.md"));
        std::fs::write(&page, "+++\ntitle = \"Mine\"\n+++\nText.\n").unwrap();
        let result = on_site("build", dir.path(), &[]);
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert_eq!(result.status.code(), Some(1), "{taken}: {stderr}");
        assert!(
            stderr.contains(&format!(
                "error: content/pages/{taken}.md: the page address /{taken}/ is used by sendsite itself"
            )),
            "{taken}: {stderr}"
        );
        assert!(
            !dir.path().join("public").exists(),
            "{taken}: something was written"
        );
    }
    let dir = copy_fixture("small");
    let page = dir.path().join("content/pages/planning.md");
    std::fs::write(&page, "+++\ntitle = \"Planning\"\n+++\nText.\n").unwrap();
    build_ok(dir.path(), &[]);
}
