//! The example site on the web servers councils run: built with `[hosting]`, served by real nginx
//! and Apache httpd under its sub-path, and checked over HTTP: every file is served as built, with
//! the right content type; a missing page gets the site's 404 page with status 404; an old address
//! answers with a 301 to the new one.

#[path = "../common/mod.rs"]
mod common;
mod servers;
mod windows;

use std::path::{Path, PathBuf};

use servers::{get, Reply};

/// The entry given an old address for these tests, and that address.
const RENAMED: &str = "content/updates/2022/2022-09-20-revisit-notification.md";
const OLD: &str = "/send-progress/updates/revisit-notice/";
const NEW: &str = "/send-progress/updates/revisit-notification/";

/// The example site built with `[hosting] server = "<server>"` into `<tmp>/www/send-progress`.
fn built(server: &str) -> (tempfile::TempDir, PathBuf) {
    built_at(server, &[])
}

/// As [`built`], with more arguments for the build (`--base-url`).
fn built_at(server: &str, extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    common::copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        &site.join("content"),
    );
    let settings = site.join("content/site.toml");
    let toml = std::fs::read_to_string(&settings).unwrap();
    std::fs::write(
        &settings,
        format!("{toml}\n[hosting]\nserver = \"{server}\"\n"),
    )
    .unwrap();
    let entry = site.join(RENAMED);
    let text = std::fs::read_to_string(&entry).unwrap();
    let text = text.replacen(
        "kind = ",
        "aliases = [\"/updates/revisit-notice/\"]\nkind = ",
        1,
    );
    std::fs::write(&entry, text).unwrap();
    let out = tmp.path().join("www/send-progress");
    let mut args = vec!["--output", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let result = common::on_site("build", &site, &args);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    servers::readable(tmp.path());
    (tmp, out)
}

/// Every file of the built site (but sendsite's and the server's own, and the pages that only
/// redirect, which the server answers with a 301 instead), as URL paths.
fn files(out: &Path) -> Vec<(String, PathBuf)> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .filter(|e| {
            !std::fs::read(e.path())
                .unwrap()
                .windows(19)
                .any(|w| w == b"http-equiv=\"refresh")
        })
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(out)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let url = format!(
                "/send-progress/{}",
                rel.strip_suffix("index.html").unwrap_or(&rel)
            );
            (url, e.path().to_path_buf())
        })
        .collect()
}

fn content_type(reply: &Reply) -> String {
    reply
        .header("content-type")
        .unwrap_or("")
        .to_ascii_lowercase()
        .replace(' ', "")
}

/// What every server must do with the example site.
fn check_site(port: u16, out: &Path) {
    let all = files(out);
    assert!(all.len() > 50, "{} files", all.len());
    for (url, file) in &all {
        let reply = get(port, url);
        assert_eq!(reply.status, 200, "{url}");
        assert_eq!(
            reply.body,
            std::fs::read(file).unwrap(),
            "{url} is not the file as built"
        );
    }
    for (url, want) in [
        ("/send-progress/", "text/html;charset=utf-8"),
        (
            "/send-progress/feed.xml",
            "application/rss+xml;charset=utf-8",
        ),
        (
            "/send-progress/atom.xml",
            "application/atom+xml;charset=utf-8",
        ),
        (
            "/send-progress/areas/co-production/feed.xml",
            "application/rss+xml;charset=utf-8",
        ),
        ("/send-progress/calendar.ics", "text/calendar;charset=utf-8"),
        (
            "/send-progress/sitemap.xml",
            "application/xml;charset=utf-8",
        ),
        ("/send-progress/static/style.css", "text/css;charset=utf-8"),
        ("/send-progress/robots.txt", "text/plain;charset=utf-8"),
    ] {
        assert_eq!(content_type(&get(port, url)), want, "{url}");
    }
    let missing = get(port, "/send-progress/updates/no-such-update/");
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.body,
        std::fs::read(out.join("404.html")).unwrap(),
        "the site's own 404 page"
    );
    assert!(content_type(&missing).starts_with("text/html"));
    let moved = get(port, OLD);
    assert_eq!(moved.status, 301, "an old address moves for good");
    let location = moved.header("location").unwrap_or("");
    assert!(location.ends_with(NEW), "{location}");
    assert_eq!(
        get(port, "/send-progress/.sendsite").status,
        404,
        "sendsite's mark is not a page"
    );
}

#[test]
fn nginx_serves_the_site_with_its_redirects_types_and_404_page() {
    let (tmp, out) = built("nginx");
    let include = tmp.path().join("www/send-progress.nginx.conf");
    assert!(
        include.is_file(),
        "the nginx file is written beside the output folder"
    );
    assert!(!out.join(".htaccess").exists());
    let work = tmp.path().join("nginx");
    std::fs::create_dir_all(&work).unwrap();
    let server = servers::nginx(&work, &tmp.path().join("www"), &include);
    // `nginx -t` reads the file without a word: no warning (a duplicate type was one).
    let tested = std::process::Command::new("/usr/sbin/nginx")
        .arg("-t")
        .arg("-p")
        .arg(&work)
        .arg("-c")
        .arg(work.join("nginx.conf"))
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&tested.stderr);
    assert!(
        tested.status.success() && !said.contains("[warn]"),
        "{said}"
    );
    check_site(server.port, &out);
    assert_eq!(
        get(server.port, "/send-progress.nginx.conf").status,
        404,
        "the server's own file is not served"
    );
}

#[test]
fn apache_serves_the_site_with_its_redirects_types_and_404_page() {
    let (tmp, out) = built("apache");
    assert!(out.join(".htaccess").is_file());
    assert!(!tmp.path().join("www/send-progress.nginx.conf").exists());
    let work = tmp.path().join("apache");
    std::fs::create_dir_all(&work).unwrap();
    let server = servers::apache(&work, &tmp.path().join("www"));
    check_site(server.port, &out);
    assert_eq!(get(server.port, "/send-progress/.htaccess").status, 404);
}

#[test]
fn netlify_gets_its_redirects_and_headers_files() {
    let (_tmp, out) = built("netlify");
    let redirects = std::fs::read_to_string(out.join("_redirects")).unwrap();
    assert!(
        redirects.contains(&format!("\n{OLD} {NEW} 301!\n")),
        "{redirects}"
    );
    assert!(
        redirects.ends_with("\n/send-progress/* /send-progress/404.html 404\n"),
        "{redirects}"
    );
    let headers = std::fs::read_to_string(out.join("_headers")).unwrap();
    assert!(
        headers.contains(
            "\n/send-progress/feed.xml\n  Content-Type: application/rss+xml; charset=utf-8\n"
        ),
        "{headers}"
    );
    assert!(headers
        .contains("\n/send-progress/calendar.ics\n  Content-Type: text/calendar; charset=utf-8\n"));
}

#[test]
fn without_hosting_no_server_files_are_written() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let result = common::on_site("build", root, &["--output", out.to_str().unwrap()]);
    assert!(result.status.success());
    for file in [".htaccess", "_redirects", "_headers"] {
        assert!(!out.join(file).exists(), "{file}");
    }
    assert!(!tmp.path().join("public.nginx.conf").exists());
}
