//! The editor over plain HTTP: every refusal of the issue (key, cookie, origin, host, bind,
//! paths, uploads), and what a save leaves on disk (only the changed fields, nothing over a
//! change made elsewhere). The browser test in `tests/a11y/editor.mjs` drives the same forms
//! through Chromium.

use std::path::Path;

use super::common::copy_fixture;
use super::harness::{eventually, Reply, Server};

/// A browser let in to the editor: the cookie it was given, and this server's origin.
pub struct Editor {
    pub server: Server,
    pub cookie: String,
    pub origin: String,
    /// `/send/__sendsite/edit/`.
    pub base: String,
}

impl Editor {
    pub fn open(root: &Path) -> Editor {
        let server = Server::start(root);
        let edit = server
            .edit
            .clone()
            .expect("serve prints the editor's address");
        let target = edit.split_once("127.0.0.1").unwrap().1;
        let target = &target[target.find('/').unwrap()..];
        let swapped = server.get(target);
        assert_eq!(swapped.status, 303, "{}", swapped.head);
        let cookie = swapped.header("set-cookie").unwrap().to_string();
        let origin = format!("http://{}", server.host);
        let base = target.split('?').next().unwrap().to_string();
        Editor {
            cookie: cookie.split(';').next().unwrap().to_string(),
            server,
            origin,
            base,
        }
    }

    pub fn get(&self, path: &str) -> Reply {
        let target = format!("{}{path}", self.base);
        self.server
            .request("GET", &target, &[("Cookie", &self.cookie)], b"")
    }

    fn post(&self, path: &str, pairs: &[(&str, &str)], extra: &[(&str, &str)]) -> Reply {
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        let mut headers = vec![
            ("Cookie", self.cookie.as_str()),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ];
        headers.extend_from_slice(extra);
        let target = format!("{}{path}", self.base);
        self.server
            .request("POST", &target, &headers, body.as_bytes())
    }

    /// Posts as a page of the editor does (with this server's `Origin`).
    pub fn send(&self, path: &str, pairs: &[(&str, &str)]) -> Reply {
        let origin = self.origin.clone();
        self.post(path, pairs, &[("Origin", &origin)])
    }

    /// Posts the update form as multipart, with one file in `new-document-file`.
    fn send_file(&self, pairs: &[(&str, &str)], name: &str, bytes: &[u8]) -> Reply {
        let mut body = Vec::new();
        for (k, v) in pairs {
            body.extend_from_slice(
                format!(
                    "--B0undary\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
                )
                .as_bytes(),
            );
        }
        body.extend_from_slice(format!("--B0undary\r\nContent-Disposition: form-data; name=\"new-document-file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes());
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n--B0undary--\r\n");
        let target = format!("{}update", self.base);
        let origin = self.origin.clone();
        self.server.request(
            "POST",
            &target,
            &[
                ("Cookie", &self.cookie),
                ("Origin", &origin),
                ("Content-Type", "multipart/form-data; boundary=B0undary"),
            ],
            &body,
        )
    }

    /// The hidden version of the form that opens `file`.
    fn version(&self, file: &str) -> String {
        let form = self.get(&format!("update?file={}", encode(file))).text();
        let at = form.find("name=\"version\" value=\"").unwrap() + 22;
        form[at..at + form[at..].find('"').unwrap()].to_string()
    }
}

fn encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// Every file under `content/`, with its bytes.
fn files(root: &Path) -> Vec<(String, Vec<u8>)> {
    let mut all: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect();
    all.sort();
    all
}

const NEW: &[(&str, &str)] = &[
    ("title", "Parents' survey"),
    ("date", "2022-12-10"),
    ("kind", "survey"),
    ("areas", "leadership"),
    ("body", "Tell us how we are doing."),
    ("action", "save"),
];

#[test]
fn every_editor_request_without_the_key_cookie_or_origin_is_refused() {
    let site = copy_fixture("small");
    let editor = Editor::open(site.path());
    let before = files(site.path());
    let server = &editor.server;
    let page = editor.base.clone();
    // The key is swapped for a cookie no script and no other site can use.
    let edit = server.edit.clone().unwrap();
    let key = edit.rsplit("key=").next().unwrap();
    let swapped = server.get(&format!("{page}?key={key}"));
    let cookie = swapped.header("set-cookie").unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    assert_eq!(
        swapped.header("location"),
        Some(page.as_str()),
        "the key leaves the address"
    );
    // Without the key or the cookie, or with a wrong one: refused.
    let no_cookie = server.get(&page);
    assert_eq!(no_cookie.status, 403);
    assert!(
        no_cookie.text().contains("Edit the site:"),
        "the refusal says where the key is"
    );
    assert_eq!(
        server.get(&format!("{page}?key={}", "0".repeat(48))).status,
        403
    );
    let wrong = server.request("GET", &page, &[("Cookie", "sendsite-editor-1=x")], b"");
    assert_eq!(wrong.status, 403);
    assert_eq!(editor.get("").status, 200);
    // A change needs the cookie and this server's Origin (or Referer).
    let no_origin = editor.post("update", NEW, &[]);
    assert_eq!(no_origin.status, 403, "{}", no_origin.text());
    for origin in ["http://evil.example", "null", "http://localhost:1"] {
        assert_eq!(
            editor.post("update", NEW, &[("Origin", origin)]).status,
            403,
            "{origin}"
        );
    }
    let referer = format!("{}{page}update", editor.origin);
    let evil_referer = editor.post("update", NEW, &[("Referer", "http://evil.example/")]);
    assert_eq!(evil_referer.status, 403);
    let cross_site = server.request(
        "POST",
        &format!("{page}update"),
        &[
            ("Origin", &editor.origin),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ],
        b"title=x",
    );
    assert_eq!(cross_site.status, 403, "no cookie, no change");
    assert_eq!(
        files(site.path()),
        before,
        "nothing was written by a refused request"
    );
    // Any Host but this computer's own names is refused, the editor's requests too.
    for host in ["evil.example", "192.168.1.20", "10.0.0.1"] {
        let port = server.host.rsplit(':').next().unwrap();
        let raw = format!(
            "GET {page} HTTP/1.1\r\nHost: {host}:{port}\r\nCookie: {}\r\nConnection: close\r\n\r\n",
            editor.cookie
        );
        assert_eq!(super::raw(server, raw.as_bytes()).status, 403, "{host}");
    }
    // Files are named by the server: only files the site already has can be opened.
    for file in [
        "../../../etc/passwd",
        "content/site.toml",
        "content/updates/../site.toml",
        "/etc/passwd",
    ] {
        let reply = editor.get(&format!("update?file={}", encode(file)));
        assert_eq!(reply.status, 404, "{file}");
        let saved = editor.send(
            "update",
            &[("file", file), ("title", "x"), ("action", "save")],
        );
        assert_eq!(saved.status, 404, "{file}");
    }
    assert_eq!(files(site.path()), before);
    // The one allowed: a Referer of this server.
    let saved = editor.post("update", NEW, &[("Referer", &referer)]);
    assert_eq!(saved.status, 303, "{}", saved.text());
    let written = site
        .path()
        .join("content/updates/2022/2022-12-10-parents-survey.md");
    assert!(
        written.is_file(),
        "the name is made from the date and the title"
    );
}

#[test]
fn uploads_are_checked_by_their_bytes_and_their_size() {
    let site = copy_fixture("small");
    let editor = Editor::open(site.path());
    let before = files(site.path());
    let mut form = NEW.to_vec();
    form.push(("new-document-title", "Survey questions"));
    // A program named as a PDF is not a PDF.
    let exe = editor.send_file(
        &form,
        "questions.pdf",
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00",
    );
    assert_eq!(exe.status, 422);
    let page = exe.text();
    assert!(page.contains("There is a problem"), "{page}");
    assert!(page.contains("href=\"#f-new-document-file\">The selected file must be a PDF, Word, Excel, PowerPoint or OpenDocument file, a CSV file, or a PNG or JPEG image"), "{page}");
    assert_eq!(
        files(site.path()),
        before,
        "nothing is saved while there is an error"
    );
    // Too large: refused before it is read.
    let target = format!("{}update", editor.base);
    let huge = editor.server.request_head_only(
        &target,
        &[
            ("Cookie", &editor.cookie),
            ("Origin", &editor.origin),
            ("Content-Type", "multipart/form-data; boundary=x"),
        ],
        60 * 1024 * 1024,
    );
    assert_eq!(huge.status, 413);
    assert!(huge.text().contains("up to 50 MB"), "{}", huge.text());
    // A real PDF is saved under content/documents/, named from its title, whatever its name was.
    let pdf = std::fs::read(site.path().join("content/documents/letter.pdf")).unwrap();
    let saved = editor.send_file(&form, "../../../../tmp/evil.pdf", &pdf);
    assert_eq!(saved.status, 303, "{}", saved.text());
    let stored = site.path().join("content/documents/survey-questions.pdf");
    assert_eq!(std::fs::read(&stored).unwrap(), pdf);
    assert!(!Path::new("/tmp/evil.pdf").exists());
    let update = std::fs::read_to_string(
        site.path()
            .join("content/updates/2022/2022-12-10-parents-survey.md"),
    )
    .unwrap();
    assert_eq!(
        update,
        "+++\ntitle = \"Parents' survey\"\ndate = 2022-12-10\nkind = \"survey\"\nareas = [\"leadership\"]\n\n[[documents]]\ntitle = \"Survey questions\"\nfile = \"documents/survey-questions.pdf\"\n+++\nTell us how we are doing.\n"
    );
    let added: Vec<String> = files(site.path())
        .into_iter()
        .map(|f| f.0)
        .filter(|f| !before.iter().any(|b| &b.0 == f))
        .collect();
    assert_eq!(
        added,
        [
            "content/documents/survey-questions.pdf",
            "content/updates/2022/2022-12-10-parents-survey.md"
        ]
    );
}

/// The token of the upload a form sent back keeps, from its hidden field.
fn kept_token(page: &str) -> String {
    let at = page.find("name=\"new-document-token\" value=\"").unwrap() + 34;
    page[at..at + page[at..].find('"').unwrap()].to_string()
}

#[test]
fn regression_an_upload_dropped_or_empty_is_an_error_never_a_document_without_its_file() {
    let site = copy_fixture("small");
    let editor = Editor::open(site.path());
    let before = files(site.path());
    let pdf = std::fs::read(site.path().join("content/documents/letter.pdf")).unwrap();
    let mut broken = NEW.to_vec();
    broken.retain(|(k, _)| *k != "title");
    broken.push(("title", ""));
    broken.push(("new-document-title", "Survey questions"));
    // Sent with a mistake: the file is kept for the corrected form.
    let first = editor.send_file(&broken, "questions.pdf", &pdf);
    assert_eq!(first.status, 422);
    let token = kept_token(&first.text());
    assert!(!token.is_empty());
    // Four more uploads wait meanwhile (another tab): the first is no longer kept.
    for _ in 0..4 {
        assert_eq!(editor.send_file(&broken, "other.pdf", &pdf).status, 422);
    }
    let mut fixed = NEW.to_vec();
    fixed.push(("new-document-title", "Survey questions"));
    fixed.push(("new-document-token", &token));
    let again = editor.send("update", &fixed);
    assert_eq!(again.status, 422, "{}", again.text());
    assert!(
        again
            .text()
            .contains("href=\"#f-new-document-file\">Choose the file again"),
        "{}",
        again.text()
    );
    // A chosen file with nothing in it.
    let empty = editor.send_file(&fixed[..fixed.len() - 1], "questions.pdf", b"");
    assert_eq!(empty.status, 422);
    assert!(
        empty
            .text()
            .contains("href=\"#f-new-document-file\">The selected file is empty"),
        "{}",
        empty.text()
    );
    assert_eq!(files(site.path()), before, "nothing was saved");
}

const HAND_WRITTEN: &str = "+++\n# Written by hand, with comments.\ntitle = 'Board meeting'   # the short name\nkind = \"board\"\ndate = 2021-06-15\nareas = [ \"leadership\" ]  # one area\nevent = 2021-06-20T18:00:00\n\n[[history]]\ndate = 2021-06-16\nnote = \"Added the minutes.\"\n+++\nThe board met.\r\nIt agreed the plan.  \n\n\n";

#[test]
fn a_save_changes_only_the_fields_that_changed_and_never_a_file_changed_elsewhere() {
    let site = copy_fixture("small");
    let file = "content/updates/2021/2021-06-15-board.md";
    std::fs::write(site.path().join(file), HAND_WRITTEN).unwrap();
    let editor = Editor::open(site.path());
    let version = editor.version(file);
    let form = editor.get(&format!("update?file={}", encode(file))).text();
    assert!(form.contains("value=\"Board meeting\""), "{form}");
    assert!(form.contains("value=\"20 June 2021\"") && form.contains("value=\"18:00\""));
    let same = |title: &str, version: &str| -> Vec<(String, String)> {
        [
            ("file", file),
            ("version", version),
            ("title", title),
            ("date", "2021-06-15"),
            ("kind", "board"),
            ("areas", "leadership"),
            ("event-date", "2021-06-20"),
            ("event-time", "18:00"),
            ("body", "The board met.\r\nIt agreed the plan.\r\n"),
            ("notes", "1"),
            ("note-0-date", "2021-06-16"),
            ("note-0-note", "Added the minutes."),
            ("action", "save"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
    };
    let pairs = same("Board meeting, June 2021", &version);
    let refs: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let saved = editor.send("update", &refs);
    let text = saved.text();
    let summary = text.split("ed-error-summary").nth(1).unwrap_or("");
    assert_eq!(saved.status, 303, "{}", &summary[..summary.len().min(1500)]);
    let now = std::fs::read_to_string(site.path().join(file)).unwrap();
    assert_eq!(
        now,
        HAND_WRITTEN.replace(
            "title = 'Board meeting'   #",
            "title = \"Board meeting, June 2021\"   #"
        ),
        "only the title changed: comments, order, layout and the body's bytes are kept"
    );
    // The preview shows it at the address the save sent the browser to.
    let location = saved.header("location").unwrap().to_string();
    assert_eq!(location, "/send/updates/board/?saved");
    let shown = editor
        .server
        .request("GET", &location, &[("Cookie", &editor.cookie)], b"")
        .text();
    assert!(shown.contains("Board meeting, June 2021"), "{location}");
    assert!(
        shown.contains("role=\"status\"")
            && shown.contains("Saved. This is the page as the site will show it."),
        "the page says it was saved: {shown}"
    );
    assert!(!editor
        .server
        .get("/send/updates/board/")
        .text()
        .contains("Saved."));
    // The file changes on disk while the form is open: the form's save is refused.
    let version = editor.version(file);
    std::fs::write(
        site.path().join(file),
        now.replace("The board met.", "The board met twice."),
    )
    .unwrap();
    let pairs = same("Another title", &version);
    let refs: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let refused = editor.send("update", &refs);
    assert_eq!(refused.status, 422);
    assert!(
        refused
            .text()
            .contains("changed on disk after you opened this form"),
        "{}",
        refused.text()
    );
    let kept = std::fs::read_to_string(site.path().join(file)).unwrap();
    assert!(kept.contains("The board met twice.") && !kept.contains("Another title"));
}

#[test]
fn a_validation_error_is_shown_at_its_field_and_nothing_is_saved() {
    let site = copy_fixture("small");
    let editor = Editor::open(site.path());
    let before = files(site.path());
    let mut form: Vec<(&str, &str)> = NEW.iter().filter(|(k, _)| *k != "title").cloned().collect();
    form.extend([
        ("title", ""),
        ("opens", "10/12/2022"),
        ("closes", "01/12/2022"),
    ]);
    let reply = editor.send("update", &form);
    assert_eq!(reply.status, 422);
    let page = reply.text();
    assert!(page.contains("<title>Error: New update"), "{page}");
    assert!(page.contains(
        "<h2 class=\"ed-error-summary-title\" id=\"error-summary-title\">There is a problem</h2>"
    ));
    assert!(
        page.contains("<a href=\"#f-title\">Enter the title."),
        "{page}"
    );
    // In the form's words, with the day as people read it: never the file's 2022-12-10.
    assert!(
        page.contains(
            "<a href=\"#f-closes\">The day it closes must be on or after the day it opens (10 December 2022)"
        ),
        "{page}"
    );
    assert!(!page.contains("opens (2022-12-10)"), "{page}");
    assert!(page.contains("id=\"f-closes-error\""));
    assert!(
        page.contains("aria-describedby=\"f-closes-hint f-closes-error\""),
        "the message is tied to its field"
    );
    assert_eq!(files(site.path()), before);
}

#[test]
fn a_preview_on_the_network_is_read_only() {
    let site = copy_fixture("small");
    let server = Server::start_with(site.path(), &["--bind", "0.0.0.0"]);
    assert!(server.edit.is_none(), "{:?}", server.said);
    assert!(
        server.said.iter().any(|l| l.contains("It is read-only")),
        "{:?}",
        server.said
    );
    let reply = server.get("/send/__sendsite/edit/?key=anything");
    assert_eq!(reply.status, 404);
    assert!(reply.text().contains("read-only"));
    assert!(!server.get("/send/").text().contains("Edit this page"));
    eventually("the site is served", || server.get("/send/").status == 200);
}

#[test]
fn the_preview_links_each_page_to_its_form_only_for_the_editor() {
    let site = copy_fixture("small");
    let editor = Editor::open(site.path());
    let page = "/send/updates/news/";
    let plain = editor.server.get(page).text();
    assert!(!plain.contains("Edit this page"), "not without the cookie");
    let with = editor
        .server
        .request("GET", page, &[("Cookie", &editor.cookie)], b"")
        .text();
    assert!(with.contains("<a href=\"/send/__sendsite/edit/update?file=content%2Fupdates%2F2022%2F2022-12-05-news.md\""), "{with}");
    let area = editor
        .server
        .request(
            "GET",
            "/send/areas/plans/",
            &[("Cookie", &editor.cookie)],
            b"",
        )
        .text();
    assert!(area.contains("/send/__sendsite/edit/page?file=content%2Fareas%2Fplans.md"));
    let built = super::common::build_ok(site.path(), &[]);
    for file in walkdir::WalkDir::new(&built)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        let bytes = std::fs::read(file.path()).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("__sendsite") && !text.contains("Edit this page"),
            "{}",
            file.path().display()
        );
    }
}

#[test]
fn an_area_s_actions_are_edited_and_one_updates_report_on_is_not_removed() {
    let site = copy_fixture("framework-2023");
    let editor = Editor::open(site.path());
    let file = "content/areas/communication.md";
    let before = std::fs::read_to_string(site.path().join(file)).unwrap();
    let version = {
        let form = editor.get(&format!("page?file={}", encode(file))).text();
        assert!(form.contains("Action 1 (monthly-newsletter)"), "{form}");
        let at = form.find("name=\"version\" value=\"").unwrap() + 22;
        form[at..at + form[at..].find('"').unwrap()].to_string()
    };
    let mut form = vec![
        ("file", file),
        ("version", version.as_str()),
        ("title", "Communication with families"),
        (
            "finding",
            "Leaders do not tell families clearly what is happening and when.",
        ),
        ("body", "We publish this page and a monthly newsletter."),
        ("actions", "2"),
        ("action-0-id", "monthly-newsletter"),
        ("action-0-title", "Send families a newsletter every month"),
        ("action-0-due", "2024-09"),
        ("action-0-owner", "Communications Manager"),
        ("action-1-id", "named-contact"),
        (
            "action-1-title",
            "Give every family one named contact during their child's EHC needs assessment",
        ),
        ("action-1-due", "2025-12"),
        ("action-1-owner", "Head of SEND"),
        ("action", "save"),
    ];
    // Progress updates report on monthly-newsletter: taking it out would break them.
    let mut removing = form.clone();
    removing.push(("action-0-remove", "yes"));
    let refused = editor.send("page", &removing);
    assert_eq!(refused.status, 422);
    assert!(refused.text().contains("content/updates/2024/2024-09-30-progress-september-2024.md: Unknown action &quot;monthly-newsletter&quot;"), "{}", refused.text());
    assert_eq!(
        std::fs::read_to_string(site.path().join(file)).unwrap(),
        before
    );
    // A new action gets an id made from its title.
    form.extend([
        (
            "new-action-title",
            "Answer every email within five working days",
        ),
        ("new-action-due", "2026-06"),
        ("new-action-owner", "Head of SEND"),
    ]);
    let saved = editor.send("page", &form);
    assert_eq!(saved.status, 303, "{}", saved.text());
    assert_eq!(
        std::fs::read_to_string(site.path().join(file)).unwrap(),
        before.replace("+++\nWe publish", "\n[[actions]]\nid = \"answer-every-email-within-five-working\"\ntitle = \"Answer every email within five working days\"\ndue = \"2026-06\"\nowner = \"Head of SEND\"\n+++\nWe publish")
    );
    let page = editor.server.get(saved.header("location").unwrap()).text();
    assert!(page.contains("Answer every email within five working days"));
}

#[test]
fn preview_shows_the_page_as_it_would_be_and_saves_nothing() {
    let site = copy_fixture("small");
    let editor = Editor::open(site.path());
    let before = files(site.path());
    let mut form: Vec<(&str, &str)> = NEW
        .iter()
        .filter(|(k, _)| *k != "action")
        .cloned()
        .collect();
    form.extend([("action", "preview"), ("draft", "yes")]);
    let reply = editor.send("update", &form);
    assert_eq!(reply.status, 200, "{}", reply.text());
    let page = reply.text();
    let preview = page
        .split("<h2 id=\"preview-title\">Preview (not saved yet)</h2>")
        .nth(1)
        .expect("a preview");
    // The page's own h1 sits under the editor's h2, two levels down.
    assert!(
        preview.contains("<h3>Parents&#39; survey</h3>"),
        "{preview}"
    );
    assert!(
        preview.contains("<p>Tell us how we are doing.</p>"),
        "{preview}"
    );
    assert!(!preview.contains("<h1"), "{preview}");
    assert_eq!(files(site.path()), before, "a preview writes nothing");
}

#[cfg(unix)]
#[test]
fn nothing_is_written_through_a_link_out_of_content() {
    let site = copy_fixture("small");
    let away = tempfile::tempdir().unwrap();
    let year = site.path().join("content/updates/2022");
    std::fs::remove_dir_all(&year).unwrap();
    std::os::unix::fs::symlink(away.path(), &year).unwrap();
    let editor = Editor::open(site.path());
    let saved = editor.send("update", NEW);
    assert_eq!(saved.status, 500, "{}", saved.text());
    assert!(
        saved
            .text()
            .contains("it would be written outside content/, through a link"),
        "{}",
        saved.text()
    );
    assert_eq!(
        std::fs::read_dir(away.path()).unwrap().count(),
        0,
        "nothing was written there"
    );
}

#[test]
fn an_update_is_not_saved_unchecked_while_site_toml_has_errors() {
    let site = copy_fixture("small");
    let editor = Editor::open(site.path());
    let settings = site.path().join("content/site.toml");
    let good = std::fs::read_to_string(&settings).unwrap();
    std::fs::write(&settings, good.replace("title = ", "title = = ")).unwrap();
    eventually("the broken settings are read", || {
        editor
            .get("update")
            .text()
            .contains("The kinds cannot be read while the site settings have a mistake")
    });
    let before = files(site.path());
    let reply = editor.send("update", NEW);
    assert_eq!(reply.status, 422, "{}", reply.text());
    assert!(reply.text().contains("This update cannot be checked while content/site.toml has errors: fix content/site.toml first"), "{}", reply.text());
    assert_eq!(files(site.path()), before);
}

#[test]
fn a_file_with_mistakes_opens_with_them_shown_at_their_fields() {
    let site = copy_fixture("small");
    let file = "content/updates/2022/2022-12-05-news.md";
    std::fs::write(
        site.path().join(file),
        "+++\ntitle = \"New staff for EHC plans\"\ndate = 2022-12-05\nkind = \"nwes\"\nareas = [\"plans\"]\n+++\nWe hired five new caseworkers.\n",
    )
    .unwrap();
    let editor = Editor::open(site.path());
    let reply = editor.get(&format!("update?file={}", encode(file)));
    let page = reply.text();
    assert!(
        page.contains("The site cannot be built with this file as it is. Fix this, then save:"),
        "{page}"
    );
    assert!(
        page.contains("<a href=\"#f-kind\">Unknown kind &quot;nwes&quot;"),
        "{page}"
    );
    assert!(page.contains("id=\"f-kind-error\""), "{page}");
}

/// The key in the editor's address is kept between runs, so a bookmark of it still works after
/// a restart; it is readable by this user alone; `--new-key` makes a new one and the old
/// address stops working.
#[test]
fn a_bookmarked_editor_address_works_after_a_restart_until_a_new_key_is_made() {
    let site = copy_fixture("small");
    let key_of = |server: &Server| {
        let edit = server
            .edit
            .clone()
            .expect("serve prints the editor's address");
        edit.split_once("key=").unwrap().1.to_string()
    };
    let first = key_of(&Server::start(site.path()));
    let again = Server::start(site.path());
    assert_eq!(key_of(&again), first, "the key is the same after a restart");
    let target = |key: &str| format!("/send/__sendsite/edit/?key={key}");
    assert_eq!(again.get(&target(&first)).status, 303);
    drop(again);

    let folder = super::harness::settings_home().join("sendsite/editor-keys");
    let holding: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| std::fs::read_to_string(p).is_ok_and(|t| t.trim() == first))
        .collect();
    assert_eq!(
        holding.len(),
        1,
        "one file in {} holds the key",
        folder.display()
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&holding[0]), 0o600, "only this user reads the key");
        assert_eq!(mode(&folder), 0o700);
    }

    let renewed = Server::start_with(site.path(), &["--new-key"]);
    let new = key_of(&renewed);
    assert_ne!(new, first);
    assert_eq!(
        renewed.get(&target(&first)).status,
        403,
        "the old key is refused"
    );
    assert_eq!(renewed.get(&target(&new)).status, 303);
    drop(renewed);
    assert_eq!(
        key_of(&Server::start(site.path())),
        new,
        "the new key is kept"
    );
}

/// `serve --open` opens the editor itself, key included, in the default browser (here a stand-in
/// for `xdg-open` that writes down what it was asked to open), so that nothing is copied from
/// the terminal.
#[cfg(target_os = "linux")]
#[test]
fn serve_open_opens_the_editor_with_its_key() {
    use std::os::unix::fs::PermissionsExt;
    let site = copy_fixture("small");
    let bin = tempfile::tempdir().unwrap();
    let opened = bin.path().join("opened.txt");
    let opener = bin.path().join("xdg-open");
    std::fs::write(
        &opener,
        format!("#!/bin/sh\necho \"$1\" > '{}'\n", opened.display()),
    )
    .unwrap();
    std::fs::set_permissions(&opener, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = std::env::join_paths(std::iter::once(bin.path().to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    let server = Server::start_in(site.path(), &["--open"], &[("PATH", path.as_os_str())]);
    let edit = server
        .edit
        .clone()
        .expect("serve prints the editor's address");
    eventually("the browser is asked to open the editor", || {
        std::fs::read_to_string(&opened).is_ok_and(|t| t.trim() == edit)
    });
}

/// The comms officer never runs `check`: the editor's first page lists what it would say of
/// the whole site (here, a new site's placeholders and example addresses), each linked to the
/// form that mends it, and a mended one leaves the list.
#[test]
fn the_first_page_lists_what_to_mend_each_linked_to_its_form() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let made = super::common::sendsite(&["init", root.to_str().unwrap(), "--framework", "2023"]);
    assert!(made.status.success());
    let editor = Editor::open(&root);
    let list = editor.get("").text();
    assert!(
        list.contains("<h2 id=\"notices-title\">To look at before you publish</h2>"),
        "{list}"
    );
    let settings = format!("<a href=\"{}settings\">Site settings</a>\n      <p>The council&#39;s name is still the starter&#39;s &quot;Example Council&quot;. Write your council&#39;s name", editor.base);
    assert!(list.contains(&settings), "{list}");
    let area = format!("<a href=\"{}page?file=content%2Fareas%2Fcommunication.md\">Communication with families</a>", editor.base);
    assert!(list.contains(&area), "{list}");
    assert!(list.contains("Write the inspectors"), "{list}");
    assert!(!list.contains('`'), "no command-line backticks: {list}");
    let update = format!(
        "{}update?file=content%2Fupdates%2F2024-01-15-inspection-report.md",
        editor.base
    );
    assert!(list.contains(&update), "{list}");
    // Mended on disk (as a save does), the council's name leaves the list; the rest stay.
    let text = std::fs::read_to_string(root.join("content/site.toml")).unwrap();
    super::harness::save(
        &root,
        "content/site.toml",
        &text.replace("Example Council", "Northmere Council"),
    );
    eventually("the mended name leaves the list", || {
        let list = editor.get("").text();
        !list.contains("Example Council") && list.contains(&area)
    });
}
