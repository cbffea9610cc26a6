//! HTTP: answers requests from the site held in memory.
//!
//! A few worker threads take requests from `tiny_http`; each is routed ([`route`]), then
//! answered from the [`Store`](super::store::Store): generated files from memory, copied files
//! (documents, images) read from disk when asked for, pages with the live-reload snippet added.
//! Event streams get a thread of their own. This module never builds anything.

use std::fs::File;
use std::io::{Cursor, Read};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread;

use percent_encoding::{utf8_percent_encode, CONTROLS};
use tiny_http::{Header, Method, Request, Response, ResponseBox, Server};

use super::live::{inject, NO_SITE, SCRIPT};
use super::reload::{stream, Hub};
use super::route::{content_type, route, Route};
use super::store::Shared;
use crate::render::Body;

/// How many requests are answered at once (event streams do not count).
const WORKERS: usize = 4;

/// What every worker needs.
#[derive(Clone)]
struct Context {
    store: Shared,
    hub: Hub,
    /// The site root, canonical: files copied from disk must lie under it.
    root: PathBuf,
}

/// Listens on `addr` (port 0: any free port); returns the server and the address it got.
pub fn bind(addr: SocketAddr) -> Result<(Arc<Server>, SocketAddr), String> {
    let server = Server::http(addr).map_err(|e| e.to_string())?;
    let bound = server.server_addr().to_ip().unwrap_or(addr);
    Ok((Arc::new(server), bound))
}

/// Starts the workers that answer requests from `store`.
pub fn start(server: Arc<Server>, store: Shared, hub: Hub, root: &Path) {
    let ctx = Context {
        store,
        hub,
        root: root.to_path_buf(),
    };
    for _ in 0..WORKERS {
        let (server, ctx) = (Arc::clone(&server), ctx.clone());
        thread::spawn(move || {
            while let Ok(request) = server.recv() {
                answer(request, &ctx);
            }
        });
    }
}

fn answer(request: Request, ctx: &Context) {
    if !matches!(request.method(), Method::Get | Method::Head) {
        let response = with(
            text(405, "Only GET and HEAD are allowed.\n"),
            "Allow",
            "GET, HEAD",
        );
        return respond(request, response);
    }
    let route = {
        let store = ctx.store.read().unwrap_or_else(|e| e.into_inner());
        route(request.url(), &store.base_path, |p| store.contains(p))
    };
    let response = match route {
        Route::File(path) => file(ctx, &path, 200),
        Route::NotFound => file(ctx, "404.html", 404),
        Route::Redirect(to) => with(text(302, ""), "Location", &to),
        Route::BadRequest => text(400, "This address is not allowed.\n"),
        Route::Script => typed(200, "reload.js", SCRIPT.to_vec()),
        Route::Events => {
            let events = ctx.hub.join();
            thread::spawn(move || stream(request.into_writer(), events));
            return;
        }
    };
    respond(request, response);
}

/// The output at `path`, with the live-reload snippet added to pages.
fn file(ctx: &Context, path: &str, status: u16) -> ResponseBox {
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
        (Body::Bytes(b), false) => {
            let len = b.len();
            with_type(
                Response::new(
                    status.into(),
                    vec![],
                    Cursor::new(Stored(body)),
                    Some(len),
                    None,
                ),
                path,
            )
        }
        (Body::Copy(from), _) => match open_inside(from, &ctx.root) {
            Some(mut f) if page => {
                let mut html = Vec::new();
                let _ = f.read_to_end(&mut html);
                typed(status, path, inject(&html, &snippet))
            }
            Some(f) => with_type(Response::from_file(f).with_status_code(status), path),
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

fn typed(status: u16, path: &str, bytes: Vec<u8>) -> ResponseBox {
    with_type(Response::from_data(bytes).with_status_code(status), path)
}

fn with_type<R: Read + Send + 'static>(response: Response<R>, path: &str) -> ResponseBox {
    let response = with(response, "Content-Type", content_type(path));
    let response = with(response, "Cache-Control", "no-store");
    with(response, "X-Content-Type-Options", "nosniff").boxed()
}

fn text(status: u16, message: &str) -> ResponseBox {
    typed(status, "message.txt", message.as_bytes().to_vec())
}

/// Adds a header; values are made ASCII (a redirect may name a non-ASCII path).
fn with<R: Read>(response: Response<R>, name: &str, value: &str) -> Response<R> {
    let value = utf8_percent_encode(value, CONTROLS).to_string();
    match Header::from_bytes(name.as_bytes(), value.as_bytes()) {
        Ok(header) => response.with_header(header),
        Err(()) => response,
    }
}

/// Sends a response; a tab closed meanwhile is not an error worth reporting.
fn respond(request: Request, response: ResponseBox) {
    let _ = request.respond(response);
}
