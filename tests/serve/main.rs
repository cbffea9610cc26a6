//! `sendsite serve`, run for real: edits on disk show over HTTP after a reload event, errors show
//! over the page until fixed, and no address reaches outside the site.
//!
//! Every wait is bounded and polls (the machine may be busy); nothing here measures speed.

mod areas;
#[path = "../common/mod.rs"]
mod common;
mod documents;
mod editor;
mod forms;
mod harness;
mod measures;
mod settings;
mod updates;

use std::path::Path;

use common::{copy_fixture, pdf, sendsite, with_document};
use harness::{eventually, page, save, Server, NEWS, SCRIPT};

#[test]
fn edits_show_after_a_reload_event_and_errors_show_until_fixed() {
    let site = copy_fixture("small");
    let root = site.path();
    save(
        root,
        "themes/default/static/style.css",
        "body { color: #0b0c0c }\n",
    );
    let server = Server::start(root);
    assert!(
        server.url.ends_with("/send/"),
        "served under base_url's path: {}",
        server.url
    );
    let mut tab = server.events();
    let home = page(&server, "/send/");
    assert!(
        home.contains(&format!("<body>{SCRIPT}\n<a class=\"skip-link\"")),
        "the reload script follows <body>"
    );

    // An entry edited (saved by rename), then one added, then one deleted.
    let news = std::fs::read_to_string(root.join(NEWS)).unwrap();
    save(
        root,
        NEWS,
        &news.replace("New staff for EHC plans", "Five new caseworkers"),
    );
    tab.expect("reload");
    eventually("the new title", || {
        page(&server, "/send/updates/news/").contains("<h1>Five new caseworkers</h1>")
    });
    assert!(page(&server, "/send/updates/").contains("Five new caseworkers"));
    let added = "content/updates/2023/2023-02-01-added.md";
    save(
        root,
        added,
        "+++\ntitle = \"A new update\"\ndate = 2023-02-01\nkind = \"news\"\n+++\nJust added.\n",
    );
    tab.expect("reload");
    eventually("the new entry", || {
        server.get("/send/updates/added/").status == 200
    });
    std::fs::remove_file(root.join(added)).unwrap();
    tab.expect("reload");
    eventually("the entry to go", || {
        server.get("/send/updates/added/").status == 404
    });
    assert!(server
        .get("/send/updates/added/")
        .text()
        .contains("<h1>Page not found</h1>"));

    // A template of the site's own, then a stylesheet (swapped without a reload).
    save(
        root,
        "themes/default/templates/404.html",
        "{% extends \"base.html\" %}{% block main %}<h1>Nothing here</h1>{% endblock main %}",
    );
    tab.expect("reload");
    eventually("the new 404 page", || {
        server
            .get("/send/missing/")
            .text()
            .contains("<h1>Nothing here</h1>")
    });
    save(
        root,
        "themes/default/static/style.css",
        "body { color: black }\n",
    );
    tab.expect("css");
    eventually("the new stylesheet", || {
        server.get("/send/static/style.css").text() == "body { color: black }\n"
    });

    // A half-saved file is an error over the last good page, until the file is complete.
    save(root, NEWS, "+++\ntitle = \"Half");
    tab.expect("failed");
    let broken = page(&server, "/send/updates/news/");
    assert!(
        broken.contains("<h1>Five new caseworkers</h1>"),
        "the last good page stays"
    );
    assert!(broken.contains(
        "<div id=\"sendsite-errors\" role=\"alert\" aria-labelledby=\"sendsite-errors-title\">"
    ));
    assert!(broken.contains("The site could not be rebuilt: 1 error</h2>"));
    assert!(broken.contains("content/updates/2022/2022-12-05-news.md, line 1, column 1</span>: the front matter is never closed"));
    let errors = server.stderr.lock().unwrap().clone();
    assert!(errors.contains("error: content/updates/2022/2022-12-05-news.md:1:1: the front matter is never closed\n"), "{errors}");
    save(
        root,
        NEWS,
        &news.replace("New staff for EHC plans", "Fixed at last"),
    );
    tab.expect("reload");
    eventually("the fixed page", || {
        page(&server, "/send/updates/news/").contains("<h1>Fixed at last</h1>")
    });
    assert!(
        !page(&server, "/send/updates/news/").contains("sendsite-errors"),
        "the errors are gone"
    );

    // After all that, every file is what a fresh build makes (but for the reload script).
    same_as_a_build(&server, root);
}

/// Compares every file of a fresh `build` with what the server sends for it.
fn same_as_a_build(server: &Server, root: &Path) {
    let out = tempfile::tempdir().unwrap();
    let base = format!("http://{}/send/", server.host);
    let args = [
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        out.path().to_str().unwrap(),
    ];
    let built = sendsite(&[&args[..], &["--today", "2026-11-01", "--base-url", &base]].concat());
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    for item in walkdir::WalkDir::new(out.path())
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        // The mark `build` leaves in its output folder is not part of the site.
        .filter(|e| e.file_name() != ".sendsite")
    {
        let rel = item
            .path()
            .strip_prefix(out.path())
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let served = server.get(&format!("/send/{rel}"));
        assert_eq!(served.status, 200, "{rel}");
        let mut body = served.body;
        if rel.ends_with(".html") {
            body = served_without_script(&body, &rel);
        }
        assert!(
            body == std::fs::read(item.path()).unwrap(),
            "{rel} differs from a build"
        );
    }
}

fn served_without_script(body: &[u8], rel: &str) -> Vec<u8> {
    let text = String::from_utf8(body.to_vec()).unwrap();
    assert_eq!(
        text.matches(SCRIPT).count(),
        1,
        "{rel} has the reload script once"
    );
    text.replacen(SCRIPT, "", 1).into_bytes()
}

#[test]
fn only_the_site_is_served_under_its_base_path() {
    let site = copy_fixture("small");
    let root = site.path();
    let server = Server::start(root);
    for target in [
        "/send/../content/site.toml",
        "/send/%2e%2e/%2e%2e/etc/passwd",
        "/send/updates%2f..%2f..%2fcontent",
        "/send/..%5csite.toml",
    ] {
        assert_eq!(server.get(target).status, 400, "{target}");
    }
    assert_eq!(server.get("/send/content/site.toml").status, 404);
    assert_eq!(server.get("/").header("Location"), Some("/send/"));
    assert_eq!(server.get("/send").header("Location"), Some("/send/"));
    assert_eq!(
        server.get("/send/updates").header("Location"),
        Some("/send/updates/")
    );
    assert_eq!(server.get("/elsewhere/").status, 404);
    for (target, kind) in [
        ("/send/", "text/html; charset=utf-8"),
        ("/send/static/style.css", "text/css; charset=utf-8"),
        ("/send/sitemap.xml", "application/xml; charset=utf-8"),
        ("/send/documents/letter.pdf", "application/pdf"),
        (
            "/send/__sendsite/reload.js",
            "text/javascript; charset=utf-8",
        ),
    ] {
        let reply = server.get(target);
        assert_eq!(
            (reply.status, reply.header("Content-Type")),
            (200, Some(kind)),
            "{target}"
        );
    }
    assert!(
        server.get("/send/sitemap.xml").text().starts_with("<?xml"),
        "no script in XML"
    );
}

#[cfg(unix)]
#[test]
fn a_document_swapped_for_a_link_outside_the_site_is_never_served() {
    let site = copy_fixture("small");
    let root = site.path();
    let server = Server::start(root);
    let mut tab = server.events();
    let secret = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(secret.path(), "secret").unwrap();
    let letter = root.join("content/documents/letter.pdf");
    std::fs::remove_file(&letter).unwrap();
    std::os::unix::fs::symlink(secret.path(), &letter).unwrap();
    tab.expect("failed");
    let errors = server.stderr.lock().unwrap().clone();
    assert!(
        errors.contains(
            "error: content/documents/letter.pdf: this file is a link to somewhere else\n"
        ),
        "{errors}"
    );
    let reply = server.get("/send/documents/letter.pdf");
    assert_eq!(reply.status, 404);
    assert!(!reply.text().contains("secret"));
}

#[test]
fn a_site_that_does_not_build_yet_is_served_once_fixed() {
    let site = copy_fixture("small");
    let root = site.path();
    let config = std::fs::read_to_string(root.join("content/site.toml")).unwrap();
    save(
        root,
        "content/site.toml",
        &config.replace("title = ", "titel = "),
    );
    let server = Server::start(root);
    let waiting = server.get("/anything/");
    assert_eq!(waiting.status, 404);
    assert!(waiting
        .text()
        .contains("<h1>The site has not been built yet</h1>"));
    assert!(waiting.text().contains("role=\"alert\""));
    assert!(waiting
        .text()
        .contains("<script src=\"/__sendsite/reload.js\" defer></script>"));
    let mut tab = server.events_at("/__sendsite/events");
    save(root, "content/site.toml", &config);
    tab.expect("reload");
    eventually("the site", || server.get("/send/").status == 200);
}

/// Sends raw bytes and reads the whole answer (the server closes each connection).
fn raw(server: &Server, request: &[u8]) -> harness::Reply {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(&server.host).unwrap();
    stream.set_read_timeout(Some(harness::PATIENCE)).unwrap();
    let _ = stream.write_all(request);
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    harness::Reply::parse(&answer)
}

#[test]
fn the_preview_answers_only_to_its_own_host_names() {
    let site = copy_fixture("small");
    let server = Server::start(site.path());
    let port = server.host.rsplit(':').next().unwrap().to_string();
    for host in [
        format!("evil.example:{port}"),
        format!("localhost.evil.example:{port}"),
        "127.0.0.1:1".to_string(),
        String::new(),
    ] {
        let request = format!("GET /send/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        assert_eq!(raw(&server, request.as_bytes()).status, 403, "Host: {host}");
    }
    let request =
        format!("GET /send/ HTTP/1.1\r\nHost: localhost:{port}\r\nConnection: close\r\n\r\n");
    assert_eq!(raw(&server, request.as_bytes()).status, 200);
}

/// Sends raw bytes and reads everything the server answers until it closes the connection.
fn raw_bytes(server: &Server, request: &[u8]) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(&server.host).unwrap();
    stream.set_read_timeout(Some(harness::PATIENCE)).unwrap();
    let _ = stream.write_all(request);
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    String::from_utf8_lossy(&answer).into_owned()
}

#[test]
fn regression_a_request_whose_end_is_ambiguous_is_refused() {
    let site = copy_fixture("small");
    let server = Server::start(site.path());
    let port = server.host.rsplit(':').next().unwrap().to_string();
    let host = format!("Host: localhost:{port}\r\n");
    for (what, extra) in [
        ("two lengths", "Content-Length: 5\r\nContent-Length: 0\r\n"),
        ("chunked", "Transfer-Encoding: chunked\r\n"),
        (
            "length and chunked",
            "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n",
        ),
        (
            "chunked and length",
            "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n",
        ),
        ("a signed length", "Content-Length: +5\r\n"),
        ("a length with a comma", "Content-Length: 5, 0\r\n"),
        ("a space before the colon", "Content-Length : 5\r\n"),
        ("a folded line", "X-A: 1\r\n b\r\n"),
        ("two hosts", "Host: evil.example\r\n"),
    ] {
        let request =
            format!("POST /send/ HTTP/1.1\r\n{host}{extra}Connection: close\r\n\r\nhello");
        assert_eq!(raw(&server, request.as_bytes()).status, 400, "{what}");
    }
    // The same length said twice is one length (RFC 9112, 6.3): read once, answered once.
    let twice = format!(
        "POST /send/ HTTP/1.1\r\n{host}Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello"
    );
    let answer = raw_bytes(&server, twice.as_bytes());
    assert!(answer.starts_with("HTTP/1.1 405"), "{answer}");
    let request = format!("GET /send/ HTTP/1.1\r\n{host}Content-Length: 0\r\n\r\n");
    assert_eq!(raw(&server, request.as_bytes()).status, 200);
}

#[test]
fn regression_a_request_hidden_in_another_s_body_is_never_answered() {
    // Request smuggling: a second request inside the first one's body, found by a server that
    // reads the body's end another way than a proxy in front. Whatever the first gets, the
    // hidden one is never answered: one answer per connection, and the connection closes.
    let site = copy_fixture("small");
    let server = Server::start(site.path());
    let port = server.host.rsplit(':').next().unwrap().to_string();
    let host = format!("Host: localhost:{port}\r\n");
    let hidden = format!("GET /send/__sendsite/reload.js HTTP/1.1\r\n{host}\r\n");
    for (what, head, body) in [
        (
            "length then chunked (CL.TE)",
            "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n".to_string(),
            format!("0\r\n\r\n{hidden}"),
        ),
        (
            "chunked then length (TE.CL)",
            "Transfer-Encoding: chunked\r\nContent-Length: 4\r\n".to_string(),
            format!("5c\r\n{hidden}\r\n0\r\n\r\n"),
        ),
        (
            "a length that ends before the body",
            "Content-Length: 0\r\n".to_string(),
            hidden.clone(),
        ),
        (
            "a GET with a body",
            "Content-Length: 0\r\n".to_string(),
            hidden.clone(),
        ),
    ] {
        let method = if what.starts_with("a GET") {
            "GET"
        } else {
            "POST"
        };
        let request = format!("{method} /send/ HTTP/1.1\r\n{host}{head}\r\n{body}");
        let answer = raw_bytes(&server, request.as_bytes());
        assert_eq!(answer.matches("HTTP/1.1 ").count(), 1, "{what}: {answer}");
        assert!(
            !answer.contains("EventSource"),
            "{what}: the hidden request was answered"
        );
    }
}

#[test]
fn regression_a_pdf_that_crashes_its_reader_never_stops_the_preview() {
    let nested = format!("{}{}", "[".repeat(200_000), "]".repeat(200_000));
    let site = with_document(&pdf(nested.as_bytes(), 0));
    let server = Server::start(site.path());
    let reply = server.get("/send/updates/news/");
    assert_eq!(reply.status, 200);
    assert!(reply.text().contains("documents/hostile.pdf"));
    eventually("the warning naming the file", || {
        let said = server.stderr.lock().unwrap().clone();
        said.contains("document file \"documents/hostile.pdf\" cannot be read: it is too large or too complex to read safely")
    });
    assert_eq!(server.get("/send/").status, 200);
}

#[test]
fn a_huge_request_header_is_refused_without_being_read_whole() {
    use std::io::{Read, Write};
    let site = copy_fixture("small");
    let server = Server::start(site.path());
    let mut stream = std::net::TcpStream::connect(&server.host).unwrap();
    stream.set_read_timeout(Some(harness::PATIENCE)).unwrap();
    write!(
        stream,
        "GET /send/ HTTP/1.1\r\nHost: {}\r\nX-Big: ",
        server.host
    )
    .unwrap();
    // 128 MB would be sent if the server kept reading; it stops after 16 KB and answers.
    let chunk = vec![b'a'; 64 * 1024];
    let mut sent = 0usize;
    while sent < 128 * 1024 * 1024 && stream.write_all(&chunk).is_ok() {
        sent += chunk.len();
    }
    assert!(
        sent < 128 * 1024 * 1024,
        "the server read all of a 128 MB header"
    );
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let text = String::from_utf8_lossy(&answer);
    assert!(
        text.is_empty() || text.starts_with("HTTP/1.1 431"),
        "{text}"
    );
    assert_eq!(
        server.get("/send/").status,
        200,
        "the preview still answers"
    );
}

#[test]
fn the_preview_still_answers_while_slow_clients_hang() {
    use std::io::Write;
    let site = copy_fixture("small");
    // A large document, so that an answer cannot fit in the socket's buffers.
    let big = vec![b'%'; 32 * 1024 * 1024];
    std::fs::write(site.path().join("content/documents/big.pdf"), big).unwrap();
    let server = Server::start(site.path());
    let mut hanging = Vec::new();
    for _ in 0..8 {
        let mut stream = std::net::TcpStream::connect(&server.host).unwrap();
        write!(
            stream,
            "GET /send/documents/big.pdf HTTP/1.1\r\nHost: {}\r\n\r\n",
            server.host
        )
        .unwrap();
        hanging.push(stream); // never read
    }
    // And some that never finish their request.
    for _ in 0..8 {
        let mut stream = std::net::TcpStream::connect(&server.host).unwrap();
        write!(stream, "GET /send/ HTTP/1.1\r\n").unwrap();
        hanging.push(stream);
    }
    for path in ["/send/", "/send/updates/", "/send/feed.xml"] {
        assert_eq!(server.get(path).status, 200, "{path}");
    }
    drop(hanging);
}

#[test]
fn a_link_or_pipe_added_while_serving_is_reported_as_build_reports_it() {
    let site = copy_fixture("small");
    let server = Server::start(site.path());
    let mut tab = server.events();
    let outside = tempfile::NamedTempFile::new().unwrap();
    std::os::unix::fs::symlink(
        outside.path(),
        site.path().join("content/documents/linked.pdf"),
    )
    .unwrap();
    tab.expect("failed");
    eventually("the link reported", || {
        server
            .stderr
            .lock()
            .unwrap()
            .contains("error: content/documents/linked.pdf: this file is a link to somewhere else")
    });
    std::fs::remove_file(site.path().join("content/documents/linked.pdf")).unwrap();
    tab.expect("reload");
    let made = std::process::Command::new("mkfifo")
        .arg(site.path().join("content/documents/pipe.pdf"))
        .status()
        .unwrap();
    assert!(made.success());
    tab.expect("failed");
    eventually("the pipe reported", || {
        server.stderr.lock().unwrap().contains(
            "error: content/documents/pipe.pdf: this is not an ordinary file (it may be a named pipe or a device)",
        )
    });
}

#[test]
fn a_request_that_trickles_in_is_dropped_after_the_read_timeout() {
    use std::io::{Read, Write};
    let site = copy_fixture("small");
    let server = Server::start(site.path());
    let mut stream = std::net::TcpStream::connect(&server.host).unwrap();
    stream.set_read_timeout(Some(harness::PATIENCE)).unwrap();
    let started = std::time::Instant::now();
    let _ = stream.write_all(b"GET /send/ HTTP/1.1\r\n");
    // One byte a second never finishes the head; the server must give up on its own.
    let mut answer = Vec::new();
    let mut closed = false;
    for _ in 0..40 {
        std::thread::sleep(std::time::Duration::from_secs(1));
        if stream.write_all(b"X").is_err() {
            closed = true;
            break;
        }
        stream.set_nonblocking(true).unwrap();
        let mut buf = [0u8; 64];
        match stream.read(&mut buf) {
            Ok(0) => {
                closed = true;
                break;
            }
            Ok(n) => answer.extend_from_slice(&buf[..n]),
            Err(_) => {}
        }
        stream.set_nonblocking(false).unwrap();
    }
    assert!(
        closed,
        "the connection was still open after {:?}",
        started.elapsed()
    );
    assert!(answer.is_empty(), "{}", String::from_utf8_lossy(&answer));
    assert_eq!(server.get("/send/").status, 200);
}

/// The lines of `sendsite` output that start an error, sorted.
fn error_lines(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = text
        .lines()
        .filter(|l| l.starts_with("error: "))
        .map(str::to_string)
        .collect();
    lines.sort();
    lines.dedup();
    lines
}

#[test]
fn a_running_serve_reports_exactly_the_errors_check_reports_on_every_invalid_site() {
    let fixtures = common::fixture("");
    let mut cases: Vec<_> = std::fs::read_dir(&fixtures)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("invalid-"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 27, "{cases:?}");
    let mut differ = Vec::new();
    for case in &cases {
        let site = copy_fixture(case);
        let checked = common::on_site("check", site.path(), &[]);
        let expected = error_lines(&String::from_utf8_lossy(&checked.stderr));
        let server = Server::start(site.path());
        // Its report ends with a count ("2 errors.", "1 warning."), printed before it serves.
        let done = |s: &str| {
            s.lines().any(|l| {
                l.ends_with(" error.")
                    || l.ends_with(" errors.")
                    || l.ends_with(" warnings.")
                    || l.ends_with(" warning.")
            })
        };
        eventually("serve reports what it found", || {
            expected.is_empty() || done(&server.stderr.lock().unwrap())
        });
        let reported = error_lines(&server.stderr.lock().unwrap());
        if reported != expected {
            differ.push(format!(
                "{case}:\n  check: {expected:#?}\n  serve: {reported:#?}"
            ));
        }
    }
    assert!(differ.is_empty(), "{}", differ.join("\n"));
}
