//! Any text, read as each kind of content file and rendered as markdown, gives a value or a
//! located error (whose message can be printed), never a panic. Text that `site.toml` accepts is
//! also used to build and render a whole small site in memory, since its values (kinds, the
//! glossary, addresses) reach every page, feed and calendar. The same text is read as a measure's
//! figures (CSV) and, when they are figures, charted in a whole site; and checked for plain English.
#![no_main]

use std::collections::BTreeSet;
use std::path::Path;

use libfuzzer_sys::fuzz_target;
use sendsite::config::Config;
use sendsite::check::plain::Plain;
use sendsite::content::figures::{read_csv, Figure};
use sendsite::content::{measure, Area, Content, Entry, EntryContext, Items, Measure, Page};
use sendsite::render::{markdown, render, Theme};
use sendsite::site::{BuildOptions, Site};
use sendsite::source::frontmatter::{normalise, Source};

const SETTINGS: &str = "title = \"T\"\norganisation = \"O\"\ndescription = \"D\"\nbase_url = \"https://x.example/send/\"\n";

fuzz_target!(|data: &[u8]| {
    let Ok(raw) = std::str::from_utf8(data) else { return };
    let text = normalise(raw);
    let print = |errors: &[sendsite::error::Diagnostic]| errors.iter().for_each(|e| drop(e.to_string()));

    match Config::parse(Path::new("content/site.toml"), &text) {
        Ok(config) => render_whole_site(config),
        Err(errors) => print(&errors),
    }
    let config = Config::parse(Path::new("content/site.toml"), SETTINGS).expect("fixed settings parse");
    let areas: BTreeSet<String> = ["accountability".to_string()].into();
    let ctx = EntryContext { config: &config, areas: &areas };
    let entry = Source { path: Path::new("content/updates/2021-01-20-x.md"), text: &text };
    if let Err(errors) = Entry::parse(&entry, &ctx) {
        print(&errors);
    }
    let area = Source { path: Path::new("content/areas/accountability.md"), text: &text };
    if let Err(errors) = Area::parse(&area) {
        print(&errors);
    }
    let as_measure = Source { path: Path::new("content/measures/m.md"), text: &text };
    if let Err(errors) = measure::parse(&as_measure, |_| Ok((Vec::new(), Vec::new()))) {
        print(&errors);
    }
    let plain = Plain { glossary: &["EHC plan".to_string()], reading_age: 12 };
    print(&plain.check(Path::new("content/updates/x.md"), &text, 7));
    match read_csv(Path::new("content/measures/m.csv"), &text) {
        Ok(figures) => chart_whole_site(figures),
        Err(errors) => print(&errors),
    }
    let page = Source { path: Path::new("content/pages/about.md"), text: &text };
    for home in [false, true] {
        if let Err(error) = Page::parse(&page, home) {
            print(&[error]);
        }
    }
    let rendered = markdown::render(&text, "/send/");
    let offsets = rendered.removed.keys().chain(rendered.broken.iter().map(|(at, _)| at));
    for offset in offsets {
        let location = sendsite::error::Location::in_body(&text, *offset, 7);
        assert!(location.line >= 7 && location.column >= 1);
    }
});

/// A site of one area and one entry of the settings' last kind, rendered with the built-in theme.
fn render_whole_site(config: Config) {
    let area_text = "+++\ntitle = \"Leaders\"\nnumber = 1\nfinding = \"F\"\n+++\nBody.\n";
    let area = Area::parse(&Source { path: Path::new("content/areas/leaders.md"), text: area_text }).expect("fixed area parses");
    let kind = config.vocabulary.kinds.last().map(|(slug, _)| slug.clone()).unwrap_or_default();
    let areas: BTreeSet<String> = ["leaders".to_string()].into();
    let entry_text = format!("+++\ntitle = \"SEND update\"\ndate = 2022-11-23\nkind = \"{kind}\"\nareas = [\"leaders\"]\nevent = 2022-12-01T18:00:00\nlocation = \"Hall\"\n+++\nThe SEND board met.\n");
    let ctx = EntryContext { config: &config, areas: &areas };
    let Ok(entry) = Entry::parse(&Source { path: Path::new("content/updates/2022-11-23-x.md"), text: &entry_text }, &ctx) else { return };
    let home = Page::parse(&Source { path: Path::new("content/_index.md"), text: "Welcome to SEND.\n" }, true).expect("fixed home parses");
    let content = Content { config, home, items: Items { areas: vec![area], entries: vec![std::sync::Arc::new(entry)], pages: vec![], measures: vec![] }, data: vec![], assets: vec![] };
    let options = BuildOptions { drafts: true, future: true, today: time::macros::date!(2026 - 11 - 01) };
    let root = Path::new("/nonexistent-fuzz-site");
    let theme = Theme::load(root).expect("built-in theme loads");
    if let Ok(site) = Site::build(content, &options) {
        if let Err(errors) = render(&site, &theme, root) {
            errors.into_iter().for_each(|e| drop(e.to_string()));
        }
    }
}

/// A site with one measure of these figures (and a target), rendered: its chart, its table, its
/// figures to download and the open data.
fn chart_whole_site(figures: Vec<Figure>) {
    let config = Config::parse(Path::new("content/site.toml"), &format!("{SETTINGS}framework = \"2023\"\n")).expect("fixed settings parse");
    let area_text = "+++\ntitle = \"Waits\"\nnumber = 1\ntype = \"priority-action\"\nfinding = \"F\"\n[[actions]]\nid = \"plans\"\ntitle = \"Issue plans\"\ndue = \"2025-03\"\nmeasure = \"m\"\n+++\n";
    let area = Area::parse(&Source { path: Path::new("content/areas/waits.md"), text: area_text }).expect("fixed area parses");
    let measure_text = "+++\ntitle = \"Plans in 20 weeks\"\nunit = \"%\"\ntarget = 60\nbetter = \"higher\"\nareas = [\"waits\"]\ndata = \"m.csv\"\n+++\nWhy.\n";
    let source = Source { path: Path::new("content/measures/m.md"), text: measure_text };
    let Ok(m): Result<Measure, _> = measure::parse(&source, |_| Ok((figures, Vec::new()))) else { return };
    let home = Page::parse(&Source { path: Path::new("content/_index.md"), text: "Welcome.\n" }, true).expect("fixed home parses");
    let content = Content { config, home, items: Items { areas: vec![area], entries: vec![], pages: vec![], measures: vec![m] }, data: vec![], assets: vec![] };
    let options = BuildOptions { drafts: true, future: true, today: time::macros::date!(2026 - 11 - 01) };
    let root = Path::new("/nonexistent-fuzz-site");
    let theme = Theme::load(root).expect("built-in theme loads");
    if let Ok(site) = Site::build(content, &options) {
        if let Err(errors) = render(&site, &theme, root) {
            errors.into_iter().for_each(|e| drop(e.to_string()));
        }
    }
}
