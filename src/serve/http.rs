//! HTTP: answers requests from the site held in memory.
//!
//! Each connection gets a thread of its own (at most [`MAX_CONNECTIONS`] at once), with the
//! limits and timeouts of [`wire`](super::wire), so a slow or hanging client delays nobody else.
//! Each request is checked ([`host_allowed`]), routed ([`route`]), then answered from the
//! [`Store`](super::store::Store): generated files from memory, copied files (documents, images)
//! read from disk when asked for, pages with the live-reload snippet added. This module never
//! builds anything.

use std::fs::File;
use std::io::Read;
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;

use super::editor::Editor;
use super::live::{inject, NO_SITE, SCRIPT};
use super::reload::{stream, Hub};
use super::route::{content_type, route, Route};
use super::store::Shared;
use super::wire::{prepare, read_head, Head, ReadError, Response};
use crate::render::Body;

/// How many connections are served at once; more wait for a free place or get a 503.
const MAX_CONNECTIONS: usize = 256;

/// What every connection needs.
#[derive(Clone)]
struct Context {
    store: Shared,
    hub: Hub,
    /// The site root, canonical: files copied from disk must lie under it.
    root: PathBuf,
    /// The port the server listens on, which every `Host` must name.
    port: u16,
    open: Arc<AtomicUsize>,
    /// The editor, when the server listens on a loopback address only.
    editor: Option<Arc<Editor>>,
}

/// Listens on `addr` (port 0: any free port); returns the listener and the address it got.
pub fn bind(addr: SocketAddr) -> Result<(TcpListener, SocketAddr), String> {
    let listener = TcpListener::bind(addr).map_err(|e| e.to_string())?;
    let bound = listener.local_addr().map_err(|e| e.to_string())?;
    Ok((listener, bound))
}

/// Starts answering connections on `listener` from `store`.
pub fn start(
    listener: TcpListener,
    store: Shared,
    hub: Hub,
    root: &Path,
    editor: Option<Arc<Editor>>,
) {
    let port = listener.local_addr().map_or(0, |a| a.port());
    let ctx = Context {
        store,
        hub,
        root: root.to_path_buf(),
        port,
        open: Arc::new(AtomicUsize::new(0)),
        editor,
    };
    thread::spawn(move || {
        for stream in listener.incoming() {
            match stream {
                Ok(stream) => accept(stream, &ctx),
                // Out of file handles, say: wait a moment rather than spin.
                Err(_) => thread::sleep(std::time::Duration::from_millis(50)),
            }
        }
    });
}

/// Gives a connection its own thread, or a 503 when too many are open.
fn accept(stream: TcpStream, ctx: &Context) {
    if ctx.open.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
        ctx.open.fetch_sub(1, Ordering::SeqCst);
        let mut stream = stream;
        let _ = prepare(&stream);
        let _ = text(503, "The preview is busy; try again.\n").write(&mut stream, false);
        return;
    }
    let ctx = ctx.clone();
    thread::spawn(move || {
        connection(stream, &ctx);
        ctx.open.fetch_sub(1, Ordering::SeqCst);
    });
}

/// Reads one request and answers it.
fn connection(mut conn: TcpStream, ctx: &Context) {
    if prepare(&conn).is_err() {
        return;
    }
    let mut head = match read_head(&conn) {
        Ok(head) => head,
        Err(ReadError::TooLarge) => {
            let _ = text(431, "The request is too large.\n").write(&mut conn, false);
            return;
        }
        Err(ReadError::Malformed) => {
            let _ = text(400, "This request could not be read: it is not HTTP/1.1, or it says where it ends in more than one way.\n").write(&mut conn, false);
            return;
        }
        Err(ReadError::Io) => return,
    };
    let head_only = head.method == "HEAD";
    match answer(&mut head, &conn, ctx) {
        Some(response) => {
            let _ = response.write(&mut conn, head_only);
        }
        // The event stream: a tab that stops reading is dropped by the write timeout.
        None => stream(conn, ctx.hub.join()),
    }
}

/// The response to a request, or `None` for the live-reload event stream.
fn answer(head: &mut Head, conn: &TcpStream, ctx: &Context) -> Option<Response> {
    // With the editor on, only this computer's own names: an IP address of the network would
    // let other computers reach a server that writes files.
    let loopback_only = ctx.editor.is_some();
    if !head
        .host
        .as_deref()
        .is_some_and(|h| host_allowed(h, ctx.port, loopback_only))
    {
        let message = if loopback_only {
            "This preview answers only to localhost, 127.0.0.1 or [::1], with its port.\n"
        } else {
            "This preview answers only to localhost or an IP address, with its port.\n"
        };
        return Some(text(403, message));
    }
    let route = {
        let store = ctx.store.read().unwrap_or_else(|e| e.into_inner());
        route(&head.target, &store.base_path, |p| store.contains(p))
    };
    // The editor takes forms; the site itself is only read.
    let editing = matches!(route, Route::Editor(..));
    if !editing && !matches!(head.method.as_str(), "GET" | "HEAD") {
        return Some(text(405, "Only GET and HEAD are allowed.\n").header("Allow", "GET, HEAD"));
    }
    let link = ctx
        .editor
        .as_ref()
        .filter(|e| e.lets_in(head))
        .map(|e| move |path: &str| e.link_for(path));
    Some(match route {
        Route::File(path) => {
            let edit = link.and_then(|l| l(&path));
            // The editor sends the browser to a page it has just saved with `?saved`.
            let saved = head
                .target
                .split_once('?')
                .is_some_and(|(_, q)| q.split('&').any(|p| p == "saved"));
            with_edit_link(file(ctx, &path, 200), edit, saved)
        }
        Route::Editor(rest, query) => match &ctx.editor {
            Some(editor) => editor.handle(head, conn, &rest, &query),
            None => text(
                404,
                "The editor is off: this preview listens on the network (--bind), so it is read-only.\n",
            ),
        },
        Route::NotFound => file(ctx, "404.html", 404),
        Route::Redirect(to) => text(302, "").header("Location", &to),
        Route::BadRequest => text(400, "This address is not allowed.\n"),
        Route::Script => typed(200, "reload.js", SCRIPT.to_vec()),
        Route::Events => return None,
    })
}

/// Whether a `Host` header names this server in a way no other site can: `localhost` or an IP
/// address, with the server's port. Any other name may be a site of someone else's that points
/// its name at this computer (DNS rebinding), to read drafts and embargoed entries.
pub fn host_allowed(host: &str, port: u16, loopback_only: bool) -> bool {
    let Some((name, given)) = host.rsplit_once(':') else {
        return false;
    };
    if given.parse::<u16>().ok() != Some(port) {
        return false;
    }
    let name = name.to_ascii_lowercase();
    let literal = name
        .strip_prefix('[')
        .and_then(|n| n.strip_suffix(']'))
        .unwrap_or(&name);
    name == "localhost"
        || literal.parse::<IpAddr>().is_ok_and(|ip| {
            (!name.contains(']') || ip.is_ipv6()) && (!loopback_only || ip.is_loopback())
        })
}

/// Adds the editor's "Edit this page" link to a page, for a browser let in to the editor.
fn with_edit_link(response: Response, link: Option<String>, saved: bool) -> Response {
    let Some(link) = link else {
        return response;
    };
    let Response {
        status,
        headers,
        mut body,
        length,
    } = response;
    let mut page = Vec::with_capacity(length as usize);
    if body.read_to_end(&mut page).is_err() {
        return text(500, "This page cannot be read.\n");
    }
    let page = super::live::edit_link(&page, &link, saved);
    let mut response = Response::bytes(status, page);
    response.headers = headers;
    response
}

/// The output at `path`, with the live-reload snippet added to pages.
fn file(ctx: &Context, path: &str, status: u16) -> Response {
    let (body, snippet) = {
        let store = ctx.store.read().unwrap_or_else(|e| e.into_inner());
        (store.get(path), Arc::clone(&store.snippet))
    };
    let page = content_type(path).starts_with("text/html");
    let Some(body) = body else {
        return typed(status, "index.html", inject(NO_SITE, &snippet));
    };
    match (&*body, page) {
        (Body::Bytes(b), true) => typed(status, path, inject(b, &snippet)),
        (Body::Bytes(_), false) => with_type(Response::bytes(status, Stored(body)), path),
        (Body::Copy(from), _) => match open_inside(from, &ctx.root) {
            Some(mut f) if page => {
                let mut html = Vec::new();
                let _ = f.read_to_end(&mut html);
                typed(status, path, inject(&html, &snippet))
            }
            Some(f) => {
                let length = f.metadata().map_or(0, |m| m.len());
                let response = Response {
                    status,
                    headers: Vec::new(),
                    body: Box::new(f),
                    length,
                };
                with_type(response, path)
            }
            None => text(404, "This file cannot be read.\n"),
        },
    }
}

/// Opens a file to copy only if it is a plain file (not a link) inside the site's folder.
fn open_inside(path: &Path, root: &Path) -> Option<File> {
    let meta = path.symlink_metadata().ok()?;
    let real = path.canonicalize().ok()?;
    (meta.file_type().is_file() && real.starts_with(root))
        .then(|| File::open(&real).ok())
        .flatten()
}

/// Lets a response read the stored bytes without copying them.
struct Stored(Arc<Body>);

impl AsRef<[u8]> for Stored {
    fn as_ref(&self) -> &[u8] {
        match &*self.0 {
            Body::Bytes(b) => b,
            Body::Copy(_) => &[],
        }
    }
}

fn typed(status: u16, path: &str, bytes: Vec<u8>) -> Response {
    with_type(Response::bytes(status, bytes), path)
}

fn with_type(response: Response, path: &str) -> Response {
    response
        .header("Content-Type", content_type(path))
        .header("Cache-Control", "no-store")
        .header("X-Content-Type-Options", "nosniff")
}

fn text(status: u16, message: &str) -> Response {
    typed(status, "message.txt", message.as_bytes().to_vec())
}

#[cfg(test)]
mod tests {
    use super::host_allowed;

    #[test]
    fn only_loopback_names_and_addresses_with_the_port_are_answered() {
        for good in [
            "127.0.0.1:1111",
            "localhost:1111",
            "LOCALHOST:1111",
            "[::1]:1111",
            "127.0.0.2:1111",
        ] {
            assert!(host_allowed(good, 1111, true), "{good}");
            assert!(host_allowed(good, 1111, false), "{good}");
        }
        // A preview on the network (read-only) is also reached by the computer's address.
        assert!(host_allowed("192.168.1.20:1111", 1111, false));
        assert!(!host_allowed("192.168.1.20:1111", 1111, true));
        assert!(!host_allowed("[fe80::1]:1111", 1111, true));
        for bad in [
            "evil.example:1111",
            "127.0.0.1:80",
            "localhost",
            "127.0.0.1",
            "localhost.evil.example:1111",
            "[::1]",
            ":1111",
            "1.2.3.4.nip.io:1111",
        ] {
            assert!(!host_allowed(bad, 1111, false), "{bad}");
        }
    }
}
