//! Any text, read as each kind of content file and rendered as markdown, gives a value or a
//! located error (whose message can be printed), never a panic.
#![no_main]

use std::collections::BTreeSet;
use std::path::Path;

use libfuzzer_sys::fuzz_target;
use sendsite::config::Config;
use sendsite::content::frontmatter::{normalise, Source};
use sendsite::content::{Area, Entry, EntryContext, Page};
use sendsite::render::markdown;

const SETTINGS: &str = "title = \"T\"\norganisation = \"O\"\ndescription = \"D\"\nbase_url = \"https://x.example/send/\"\n";

fuzz_target!(|data: &[u8]| {
    let Ok(raw) = std::str::from_utf8(data) else { return };
    let text = normalise(raw);
    let print = |errors: &[sendsite::error::Diagnostic]| errors.iter().for_each(|e| drop(e.to_string()));

    if let Err(errors) = Config::parse(Path::new("content/site.toml"), &text) {
        print(&errors);
    }
    let config = Config::parse(Path::new("content/site.toml"), SETTINGS).expect("fixed settings parse");
    let areas: BTreeSet<String> = ["accountability".to_string()].into();
    let ctx = EntryContext { config: &config, areas: &areas };
    let entry = Source { path: Path::new("content/updates/2021-01-20-x.md"), text: &text };
    if let Err(errors) = Entry::parse(&entry, &ctx) {
        print(&errors);
    }
    let area = Source { path: Path::new("content/areas/accountability.md"), text: &text };
    if let Err(error) = Area::parse(&area) {
        print(&[error]);
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
