//! Routing: a request target → what to answer, without touching the disk or the network.
//!
//! This is where the server's safety lives: a target is decoded once, and anything that could
//! step outside the built site (`..`, encoded slashes or backslashes, NUL bytes, invalid UTF-8)
//! is refused before a path is looked up. Paths are only ever looked up among the outputs of the
//! build, so no request can name a file on disk.

use percent_encoding::percent_decode_str;

use crate::editor::{EDIT, OWN};

/// What to answer a request with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// The output at this path.
    File(String),
    /// A redirect to this location (a folder without its slash, or the root to the base path).
    Redirect(String),
    /// The live-reload event stream.
    Events,
    /// The live-reload script.
    Script,
    /// The editor: the rest of the path after `__sendsite/edit/`, and the query.
    Editor(String, String),
    /// Nothing there: the site's 404 page.
    NotFound,
    /// A target that tries to leave the site, or cannot be decoded.
    BadRequest,
}

/// Routes a request target (path and query) for a site served under `base` (`/` or `/x/`);
/// `exists` tells whether the site has an output at a path.
pub fn route(target: &str, base: &str, exists: impl Fn(&str) -> bool) -> Route {
    let (raw, query) = match target.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (target, None),
    };
    let Some(path) = decode(raw) else {
        return Route::BadRequest;
    };
    if path
        .split('/')
        .any(|segment| segment == ".." || segment == ".")
    {
        return Route::BadRequest;
    }
    let with_query = |to: String| match query {
        Some(q) => format!("{to}?{q}"),
        None => to,
    };
    // The server's own files answer at the root too: a tab keeps its event stream's address
    // when a change to site.toml moves the site to another base path.
    match path
        .strip_prefix(base)
        .or_else(|| path.strip_prefix('/'))
        .and_then(|rel| rel.strip_prefix(OWN))
    {
        Some("events") => return Route::Events,
        Some("reload.js") => return Route::Script,
        Some(own) => {
            if let Some(rest) = own.strip_prefix(EDIT) {
                return Route::Editor(rest.to_string(), query.unwrap_or("").to_string());
            }
        }
        None => {}
    }
    let Some(rel) = path.strip_prefix(base) else {
        let root = path == "/" || path == base.trim_end_matches('/');
        return if root {
            Route::Redirect(with_query(base.to_string()))
        } else {
            Route::NotFound
        };
    };
    if rel.is_empty() || rel.ends_with('/') {
        let index = format!("{rel}index.html");
        return if exists(&index) {
            Route::File(index)
        } else {
            Route::NotFound
        };
    }
    if exists(rel) {
        Route::File(rel.to_string())
    } else if exists(&format!("{rel}/index.html")) {
        // The path as the client wrote it (still encoded), so the address stays valid.
        Route::Redirect(with_query(format!("{raw}/")))
    } else {
        Route::NotFound
    }
}

/// Decodes a request path once; `None` for anything that is not a plain absolute path.
fn decode(raw: &str) -> Option<String> {
    let lower = raw.to_ascii_lowercase();
    // An encoded slash or backslash would make one segment look like two after decoding.
    if !raw.starts_with('/') || ["%2f", "%5c", "%00"].iter().any(|e| lower.contains(e)) {
        return None;
    }
    let path = percent_decode_str(raw).decode_utf8().ok()?;
    (!path.contains(['\\', '\0'])).then(|| path.into_owned())
}

/// The media type to send a file with: the same table the server files of `[hosting]` are made from.
pub fn content_type(path: &str) -> &'static str {
    crate::media::content_type(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(path: &str) -> bool {
        [
            "index.html",
            "updates/index.html",
            "updates/a/index.html",
            "style.css",
        ]
        .contains(&path)
    }

    #[test]
    fn folders_are_served_by_their_index_and_redirected_to_their_slash() {
        assert_eq!(
            route("/send/", "/send/", site),
            Route::File("index.html".into())
        );
        assert_eq!(
            route("/send/updates/a/", "/send/", site),
            Route::File("updates/a/index.html".into())
        );
        assert_eq!(
            route("/send/updates?x=1", "/send/", site),
            Route::Redirect("/send/updates/?x=1".into())
        );
        assert_eq!(
            route("/send/style.css?v=2", "/send/", site),
            Route::File("style.css".into())
        );
        assert_eq!(route("/send/missing/", "/send/", site), Route::NotFound);
    }

    #[test]
    fn the_root_redirects_to_the_base_path() {
        assert_eq!(route("/", "/send/", site), Route::Redirect("/send/".into()));
        assert_eq!(
            route("/send", "/send/", site),
            Route::Redirect("/send/".into())
        );
        assert_eq!(route("/other/", "/send/", site), Route::NotFound);
        assert_eq!(route("/", "/", site), Route::File("index.html".into()));
    }

    #[test]
    fn paths_that_leave_the_site_are_refused() {
        for target in [
            "/send/../etc/passwd",
            "/send/%2e%2e/%2e%2e/etc/passwd",
            "/send/%2E%2E/x",
            "/send/updates%2f..%2f..%2fx",
            "/send/..%5c..%5cx",
            "/send/a\\..\\b",
            "/send/%00",
            "/send/%ff",
            "/send/./index.html",
            "send/index.html",
        ] {
            assert_eq!(route(target, "/send/", site), Route::BadRequest, "{target}");
        }
    }

    #[test]
    fn the_server_s_own_files_sit_under_the_base_path() {
        assert_eq!(
            route("/send/__sendsite/events", "/send/", site),
            Route::Events
        );
        assert_eq!(
            route("/send/__sendsite/reload.js", "/send/", site),
            Route::Script
        );
        assert_eq!(route("/__sendsite/events", "/send/", site), Route::Events);
        assert_eq!(
            route("/send/__sendsite/edit/update?file=a.md", "/send/", site),
            Route::Editor("update".into(), "file=a.md".into())
        );
        assert_eq!(
            route("/send/__sendsite/edit/../../x", "/send/", site),
            Route::BadRequest
        );
    }

    #[test]
    fn types_follow_extensions() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(
            content_type("feed.xml"),
            "application/rss+xml; charset=utf-8"
        );
        assert_eq!(
            content_type("sitemap.xml"),
            "application/xml; charset=utf-8"
        );
        assert_eq!(content_type("events.ics"), "text/calendar; charset=utf-8");
        assert_eq!(content_type("documents/r.PDF"), "application/pdf");
        assert_eq!(content_type("README"), "application/octet-stream");
    }
}
