//! Words parents can read: `sendsite check` warns about hard texts, long sentences, unexplained
//! acronyms and link text that means nothing out of context; `--strict` makes them fail.

mod common;

use common::{copy_fixture, on_site, write};

#[test]
fn check_names_each_problem_at_its_line_with_a_hint() {
    let site = copy_fixture("small");
    write(
        site.path(),
        "content/updates/2022/2022-12-20-words.md",
        "+++\ntitle = \"Words\"\ndate = 2022-12-20\nkind = \"news\"\n+++\nAsk your SENCO about support. The council has published its comprehensive multidisciplinary organisational transformation programme documentation, incorporating considerable institutional coordination responsibilities.\n\nThe detailed implementation arrangements necessitate substantial collaborative engagement between educational establishments, commissioning organisations and representative stakeholder associations across the partnership.\n\nFor details, [click here](/areas/) or see [https://www.council.example/](https://www.council.example/).\n",
    );
    let checked = on_site("check", site.path(), &[]);
    let stderr = String::from_utf8_lossy(&checked.stderr);
    let file = "content/updates/2022/2022-12-20-words.md";
    for line in [
        format!("warning: {file}:6:10: \"SENCO\" is not explained where it is first used"),
        "  = hint: spell it out the first time, e.g. \"... (SENCO)\", or add it to [glossary] in content/site.toml".to_string(),
        format!("warning: {file}:6:1: this text has a reading age of about"),
        format!("warning: {file}:10:14: the link text \"click here\" says nothing about where the link goes"),
        format!("warning: {file}:10:43: the link text is a bare address: \"https://www.council.example/\""),
    ] {
        assert!(stderr.contains(&line), "missing {line:?} in\n{stderr}");
    }
    assert!(
        stderr.contains("hardest: line 6: \"The council has published its comprehensive"),
        "{stderr}"
    );
    assert_eq!(
        checked.status.code(),
        Some(0),
        "warnings do not fail a check"
    );
    assert_eq!(
        on_site("check", site.path(), &["--strict"]).status.code(),
        Some(1)
    );
    // The glossary explains an acronym.
    let toml = std::fs::read_to_string(site.path().join("content/site.toml")).unwrap();
    let with = if toml.contains("[glossary]") {
        toml.replace(
            "[glossary]",
            "[glossary]\nSENCO = \"A special educational needs coordinator.\"",
        )
    } else {
        format!("{toml}\n[glossary]\nSENCO = \"A special educational needs coordinator.\"\n")
    };
    write(site.path(), "content/site.toml", &with);
    let again = String::from_utf8_lossy(&on_site("check", site.path(), &[]).stderr).into_owned();
    assert!(!again.contains("\"SENCO\""), "{again}");
}

#[test]
fn a_long_sentence_is_named_and_the_threshold_is_the_site_s() {
    let site = copy_fixture("small");
    write(
        site.path(),
        "content/updates/2022/2022-12-21-long.md",
        "+++\ntitle = \"Long\"\ndate = 2022-12-21\nkind = \"news\"\n+++\nWe are writing to tell every family that the new service will open in the spring and that you can ask us about it at any time by email or phone.\n",
    );
    let stderr = String::from_utf8_lossy(&on_site("check", site.path(), &[]).stderr).into_owned();
    assert!(
        stderr.contains(
            "warning: content/updates/2022/2022-12-21-long.md:6:1: this sentence has 31 words"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("hint: GOV.UK advises 25 words at most"),
        "{stderr}"
    );
    let toml = std::fs::read_to_string(site.path().join("content/site.toml")).unwrap();
    write(
        site.path(),
        "content/site.toml",
        &format!("reading_age = 4\n{toml}"),
    );
    let err = String::from_utf8_lossy(&on_site("check", site.path(), &[]).stderr).into_owned();
    assert!(
        err.contains("reading_age = 4 is not an age this check can estimate"),
        "{err}"
    );
}
