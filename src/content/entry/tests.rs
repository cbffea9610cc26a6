//! An entry read from its text: what is accepted, and every error located.

use super::*;

fn config() -> Config {
    let text =
        "title = \"T\"\norganisation = \"O\"\ndescription = \"D\"\nbase_url = \"https://x/\"\n";
    Config::parse(Path::new("site.toml"), text).unwrap()
}

fn parse(text: &str) -> Result<Entry, Vec<Diagnostic>> {
    let config = config();
    let areas: BTreeSet<String> =
        ["accountability".to_string(), "co-production".to_string()].into();
    let ctx = EntryContext {
        config: &config,
        areas: &areas,
    };
    let path = Path::new("content/updates/2022-11-23-revisit.md");
    Entry::parse(&Source { path, text }, &ctx)
}

#[test]
fn a_full_entry_parses() {
    let e = parse("+++\ntitle = \"Revisit\"\ndate = 2022-11-23\nkind = \"inspection\"\nareas = [\"co-production\"]\n[judgements]\naccountability = \"sufficient-progress\"\n+++\nFirst *para*.\n\nSecond.\n").unwrap();
    assert_eq!(
        (e.slug.as_str(), e.summary.as_str(), e.body_line),
        ("revisit", "First para.", 9)
    );
    assert_eq!(
        e.judgements,
        vec![Judgement {
            area: "accountability".into(),
            status: "sufficient-progress".into(),
            location: e.judgements[0].location.clone()
        }]
    );
}

#[test]
fn every_problem_of_a_file_is_reported() {
    let errors = parse("+++\ntitle = \"R\"\ndate = \"20/01/2021\"\nkind = \"inspektion\"\nareas = [\"acountability\"]\n[judgements]\nco-production = \"Sufficient progress\"\n+++\n").unwrap_err();
    let text: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(errors.len(), 4, "{text:#?}");
    assert!(text[0].contains(":3:8: date: `20/01/2021`"), "{}", text[0]);
    assert!(
        text[1].contains("did you mean \"inspection\"?"),
        "{}",
        text[1]
    );
    assert!(
        text[2].contains(":5:10: unknown area \"acountability\""),
        "{}",
        text[2]
    );
    assert!(
        text[3].contains("did you mean \"sufficient-progress\"?"),
        "{}",
        text[3]
    );
}

#[test]
fn missing_title_names_the_field() {
    let errors = parse("+++\ndate = 2022-11-23\nkind = \"news\"\n+++\n").unwrap_err();
    assert!(
        errors[0].message.contains("`title` is missing"),
        "{}",
        errors[0]
    );
}

#[test]
fn a_pinned_id_must_be_a_uri() {
    let e = parse("+++\ntitle = \"R\"\ndate = 2022-11-23\nkind = \"news\"\nid = \"urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66\"\n+++\n").unwrap();
    assert_eq!(
        e.id.as_deref(),
        Some("urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66")
    );
    let errors = parse(
        "+++\ntitle = \"R\"\ndate = 2022-11-23\nkind = \"news\"\nid = \"revisit report\"\n+++\n",
    )
    .unwrap_err();
    assert!(
        errors[0]
            .to_string()
            .contains(":5:6: id \"revisit report\" is not a URI"),
        "{}",
        errors[0]
    );
}

#[test]
fn a_window_cannot_close_before_it_opens() {
    let errors = parse("+++\ntitle = \"S\"\ndate = 2022-11-23\nkind = \"survey\"\nopens = 2022-11-23\ncloses = 2022-11-01\n+++\n").unwrap_err();
    assert!(
        errors[0]
            .to_string()
            .contains(":6:10: closes: 2022-11-01 is before the day it opens (2022-11-23)"),
        "{}",
        errors[0]
    );
}

#[test]
fn date_prefix_is_stripped_from_slug() {
    assert_eq!(
        strip_date_prefix("2022-11-23-revisit-report"),
        "revisit-report"
    );
    assert_eq!(strip_date_prefix("about"), "about");
}

#[test]
fn aliases_cannot_leave_the_site() {
    assert_eq!(normalise_alias("/updates/old/").unwrap(), "updates/old/");
    for bad in [
        "/../../etc/",
        "",
        "/",
        "updates//x",
        "a/./b",
        "x y",
        "https://x.org/a",
    ] {
        assert!(normalise_alias(bad).is_err(), "{bad}");
    }
}

#[test]
fn the_keys_the_editor_writes_are_the_fields_the_parser_reads() {
    use crate::content::keys::{self, fields_of};
    assert_eq!(fields_of::<RawEntry>(), keys::entry::ALL);
    assert_eq!(fields_of::<RawHistory>(), keys::history::ALL);
    assert_eq!(fields_of::<RawWithdrawal>(), keys::withdrawn::ALL);
    assert_eq!(
        fields_of::<crate::content::document::RawDocument>(),
        keys::document::ALL
    );
}
