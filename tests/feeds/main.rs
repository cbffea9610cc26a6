//! Feeds as a feed reader sees them: the fixture site `feeds` is built by the real binary and every
//! feed is read back with `feed-rs`, a real RSS and Atom parser.

#[path = "../common/mod.rs"]
mod common;
mod content;
mod ids;
mod served;

use std::path::{Path, PathBuf};

use common::{build_ok, copy_fixture, read};
use feed_rs::model::{Entry, Feed};

const BASE: &str = "https://www.council.example/northby/send/";
const HOST: &str = "tag:www.council.example";

/// The fixture's entries, newest first: (title, slug, id).
const ENTRIES: [(&str, &str, &str); 9] = [
    (
        "Parent forum meeting",
        "forum",
        "2022-11-30:northby/send/updates/forum",
    ),
    (
        "Consultation on the local offer",
        "pinned",
        "urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66",
    ),
    (
        "Our improvement plan",
        "plan-published-2022",
        "2022-07-01:northby/send/updates/plan-published",
    ),
    (
        "Adroddiad ôl-ymweliad 🎉",
        "welsh",
        "2022-02-10:northby/send/updates/welsh",
    ),
    (
        "Ofsted & CQC <revisit> \"report\" – it's here",
        "autumn",
        "2021-10-31:northby/send/updates/autumn",
    ),
    (
        "Improvement board meeting",
        "board",
        "2021-06-15:northby/send/updates/board",
    ),
    (
        "Published on the day the clocks went forward",
        "clocks-forward",
        "2021-03-28:northby/send/updates/clocks-forward",
    ),
    (
        "Tell us about EHC plans: parent survey",
        "survey",
        "2021-03-20:northby/send/updates/survey",
    ),
    (
        "Inspection report published",
        "inspection",
        "2021-01-18:northby/send/updates/inspection",
    ),
];

fn built() -> (tempfile::TempDir, PathBuf) {
    let dir = copy_fixture("feeds");
    let out = build_ok(dir.path(), &[]);
    (dir, out)
}

fn parse(out: &Path, path: &str) -> Feed {
    feed_rs::parser::parse(read(out, path).as_bytes())
        .unwrap_or_else(|e| panic!("{path} does not parse: {e}"))
}

fn id(short: &str) -> String {
    if short.starts_with("urn:") {
        short.to_string()
    } else {
        format!("{HOST},{short}")
    }
}

fn titles(feed: &Feed) -> Vec<String> {
    feed.entries
        .iter()
        .map(|e| {
            e.title
                .as_ref()
                .map(|t| t.content.clone())
                .unwrap_or_default()
        })
        .collect()
}

fn entry<'a>(feed: &'a Feed, title: &str) -> &'a Entry {
    feed.entries
        .iter()
        .find(|e| e.title.as_ref().is_some_and(|t| t.content == title))
        .unwrap_or_else(|| panic!("no entry titled {title:?}"))
}

/// Every text between `open` and `close`, in order, as written in the file.
fn all_between(text: &str, open: &str, close: &str) -> Vec<String> {
    text.split(open)
        .skip(1)
        .map(|part| part.split(close).next().unwrap_or_default().to_string())
        .collect()
}
