//! Documents in the browser's forms over HTTP: the list of every document and what a screen
//! reader meets in it, a file replaced keeping its address (only by one of the same type), and
//! an untagged PDF named where it is uploaded, before it is published.

use super::common::{copy_fixture, pdf};
use super::editor::Editor;

/// Posts a multipart form: `pairs`, and one file in `field`.
fn send_file(
    editor: &Editor,
    path: &str,
    pairs: &[(&str, &str)],
    field: &str,
    name: &str,
    bytes: &[u8],
) -> super::harness::Reply {
    let mut body = Vec::new();
    for (k, v) in pairs {
        body.extend_from_slice(
            format!("--B0undary\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    body.extend_from_slice(format!("--B0undary\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes());
    body.extend_from_slice(bytes);
    body.extend_from_slice(b"\r\n--B0undary--\r\n");
    let target = format!("{}{path}", editor.base);
    editor.server.request(
        "POST",
        &target,
        &[
            ("Cookie", &editor.cookie),
            ("Origin", &editor.origin),
            ("Content-Type", "multipart/form-data; boundary=B0undary"),
        ],
        &body,
    )
}

#[test]
fn every_document_is_listed_and_replaced_only_by_a_file_of_its_type() {
    let site = copy_fixture("small");
    let editor = Editor::open(site.path());
    assert!(editor
        .get("")
        .text()
        .contains("href=\"/send/__sendsite/edit/documents\""));
    let list = editor.get("documents");
    assert_eq!(list.status, 200, "{}", list.text());
    let list = list.text();
    assert!(list.contains("<code>documents/letter.pdf</code>"), "{list}");
    assert!(list.contains("<th scope=\"col\">Tagged</th>"));

    let file = site.path().join("content/documents/letter.pdf");
    let before = std::fs::read(&file).unwrap();
    let png = b"\x89PNG\r\n\x1a\n0000";
    let refused = send_file(
        &editor,
        "replace",
        &[("file", "documents/letter.pdf")],
        "replacement",
        "letter.png",
        png,
    );
    assert_eq!(refused.status, 422);
    assert!(
        refused
            .text()
            .contains("Choose a PDF file: the new file must be of the same type"),
        "{}",
        refused.text()
    );
    assert_eq!(std::fs::read(&file).unwrap(), before);

    let untagged = pdf(b"<< /Title (x) >>", 0);
    let replaced = send_file(
        &editor,
        "replace",
        &[("file", "documents/letter.pdf")],
        "replacement",
        "new.pdf",
        &untagged,
    );
    assert_eq!(replaced.status, 303, "{}", replaced.text());
    assert_eq!(
        std::fs::read(&file).unwrap(),
        untagged,
        "the same address holds the new file"
    );
    let to = replaced.header("location").unwrap().to_string();
    let shown = editor
        .get(&format!("documents?{}", to.split_once('?').unwrap().1))
        .text();
    assert!(shown.contains("letter.pdf was replaced"), "{shown}");
    assert!(
        shown.contains("This PDF has no tags"),
        "the untagged file is named where it was uploaded: {shown}"
    );
}

#[test]
fn an_untagged_pdf_is_named_where_it_is_uploaded_before_it_is_published() {
    let site = copy_fixture("small");
    let editor = Editor::open(site.path());
    let untagged = pdf(b"<< /Title (x) >>", 0);
    let fields = [
        ("file", ""),
        ("version", ""),
        ("title", "Letter to parents"),
        ("date", "14/03/2022"),
        ("kind", "news"),
        ("body", "Read the letter."),
        ("new-document-title", "Letter"),
        ("action", "save"),
    ];
    let first = send_file(
        &editor,
        "update",
        &fields,
        "new-document-file",
        "letter.pdf",
        &untagged,
    );
    assert_eq!(first.status, 200, "{}", first.text());
    let form = first.text();
    assert!(form.contains("This PDF has no tags"), "{form}");
    assert!(
        form.contains("Nothing is saved yet") && form.contains("Press Save again to save it"),
        "{form}"
    );
    let saved_update = site
        .path()
        .join("content/updates/2022/2022-03-14-letter-to-parents.md");
    assert!(
        !saved_update.exists(),
        "nothing is saved before the author has seen the warning"
    );
    let grab = |name: &str| {
        let at = form.find(&format!("name=\"{name}\" value=\"")).unwrap() + name.len() + 15;
        form[at..at + form[at..].find('"').unwrap()].to_string()
    };
    let (token, checked) = (grab("new-document-token"), grab("new-document-checked"));
    assert_eq!(token, checked);
    let mut again: Vec<(&str, &str)> = fields.to_vec();
    again.extend([
        ("new-document-token", token.as_str()),
        ("new-document-checked", checked.as_str()),
    ]);
    let saved = editor.send("update", &again);
    assert_eq!(saved.status, 303, "{}", saved.text());
    assert!(saved_update.exists());
    assert!(
        std::fs::read_to_string(&saved_update)
            .unwrap()
            .contains("date = 2022-03-14\n"),
        "a date written 14/03/2022 is saved as the day it is"
    );
}
