//! Feeds on a server that knows nothing of feeds: served as `text/xml` with no charset (which
//! means US-ASCII), every feed is still read by feedparser without a fault (its `bozo` flag),
//! and its titles keep every letter. The feeds are ASCII, with other characters written as
//! numeric character references, so no charset can mislabel them.

use std::process::Command;

use super::built;

#[test]
fn feeds_served_as_text_xml_without_a_charset_read_cleanly_in_feedparser() {
    let (_dir, out) = built();
    let feeds: Vec<String> = walkdir::WalkDir::new(&out)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| ["feed.xml", "atom.xml"].contains(&&*e.file_name().to_string_lossy()))
        .map(|e| {
            let rel = e.path().strip_prefix(&out).unwrap();
            rel.to_string_lossy().replace('\\', "/")
        })
        .collect();
    assert!(feeds.len() >= 4, "{feeds:?}");
    for feed in &feeds {
        let bytes = std::fs::read(out.join(feed)).unwrap();
        assert!(bytes.is_ascii(), "{feed} is ASCII alone");
    }
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/feeds/feedparser_served.py"
    );
    let run = Command::new("python3")
        .arg(script)
        .arg(&out)
        .args(&feeds)
        .output()
        .expect("python3 with feedparser (PyPI), which .ci/run installs");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let read: Vec<serde_json::Value> = String::from_utf8(run.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(read.len(), feeds.len());
    for feed in &read {
        assert_eq!(feed["status"], 200, "{feed}");
        assert_eq!(feed["content_type"], "text/xml", "{feed}");
        assert_eq!(feed["bozo"], false, "{feed}");
    }
    let home = read.iter().find(|f| f["path"] == "atom.xml").unwrap();
    let titles: Vec<&str> = home["titles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert!(
        titles.contains(&"Adroddiad ôl-ymweliad 🎉"),
        "every letter read back: {titles:?}"
    );
}
