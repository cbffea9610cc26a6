//! HTTP: answers requests from the site held in memory, on hyper.
//!
//! hyper reads each request (its head within [`MAX_HEAD`] bytes and [`READ_TIMEOUT`]); every
//! connection gets a task of its own (at most [`MAX_CONNECTIONS`] at once, more get a 503) and
//! is dropped when its client stops reading for [`WRITE_TIMEOUT`], so a slow or hanging client
//! delays nobody else. Each request is checked ([`unambiguous`], [`host_allowed`]), routed
//! ([`route`]), then answered from the [`Store`](super::store::Store): generated files from
//! memory, copied files (documents, images) read from disk when asked for, pages with the
//! live-reload snippet added; the editor's forms are read here, within its limits, and handed to
//! it. This module never builds anything.

use std::convert::Infallible;
use std::io;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use futures_util::{StreamExt, TryStreamExt};
use http::header::{CONTENT_LENGTH, HOST, TRANSFER_ENCODING};
use http::{HeaderMap, Response};
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full, StreamBody};
use hyper::body::{Frame, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt};
use tokio::sync::Semaphore;

use super::listen::Listener;
use super::live::{inject, NO_SITE, SCRIPT};
use super::reload::{self, Hub};
use super::route::{content_type, route, Route};
use super::store::Shared;
use crate::editor::{self, Editor};
use crate::render::Body;
use crate::team::{Peer, Team};

/// How many connections are served at once; more get a 503.
const MAX_CONNECTIONS: usize = 256;
/// The longest request head (request line and headers) read; browsers send well under 8 KB.
const MAX_HEAD: usize = 16 * 1024;
/// How long a client may take to send its request's head.
const READ_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a client may stop reading before it is dropped.
const WRITE_TIMEOUT: Duration = Duration::from_secs(20);
/// How long a client may take to send a request's body (a document of up to 50 MB).
const BODY_TIMEOUT: Duration = Duration::from_secs(60);

/// A response, its body in memory or streamed from a file or the event stream.
type Reply = Response<BoxBody<Bytes, io::Error>>;

/// What every connection needs.
#[derive(Clone)]
struct Context {
    store: Shared,
    hub: Hub,
    /// The site root, canonical: files copied from disk must lie under it.
    root: PathBuf,
    /// The port the server listens on, which every `Host` must name.
    port: u16,
    /// The editor, when the server listens on a loopback address only or serves a team.
    editor: Option<Arc<Editor>>,
    /// Team mode: every request must come through the sign-in proxy `team.toml` trusts.
    team: bool,
}

/// Starts answering connections on `listener` from `store`, on threads of its own.
pub fn start(
    listener: Listener,
    store: Shared,
    hub: Hub,
    root: &Path,
    editor: Option<Arc<Editor>>,
    team: bool,
) {
    let ctx = Context {
        store,
        hub,
        root: root.to_path_buf(),
        port: listener.port(),
        editor,
        team,
    };
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("sendsite-http")
            .enable_all()
            .build();
        match runtime {
            Ok(runtime) => runtime.block_on(listen(listener, ctx)),
            Err(e) => eprintln!("error: the preview cannot answer requests: {e}"),
        }
    });
}

/// Accepts connections for as long as the process runs.
async fn listen(listener: Listener, ctx: Context) {
    let places = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    match listener {
        Listener::Tcp(listener) => listen_tcp(listener, ctx, places).await,
        #[cfg(unix)]
        Listener::Socket(listener) => listen_socket(listener, ctx, places).await,
    }
}

async fn listen_tcp(listener: std::net::TcpListener, ctx: Context, places: Arc<Semaphore>) {
    let listener = match listener
        .set_nonblocking(true)
        .and_then(|()| tokio::net::TcpListener::from_std(listener))
    {
        Ok(listener) => listener,
        Err(e) => return eprintln!("error: the preview cannot answer requests: {e}"),
    };
    loop {
        let (stream, peer) = match listener.accept().await {
            Ok((stream, peer)) => (stream, peer.ip()),
            // Out of file handles, say: wait a moment rather than spin.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        // Team mode: a peer that is not the sign-in proxy is answered at once, before a byte
        // of it is read, and holds no place that a signed-in person's request needs.
        // The team's settings read here serve the connection's one request too.
        let team = match ctx.team.then(|| proxy_team(&ctx.root, peer)) {
            Some(Err(why)) => {
                drop(tokio::spawn(refuse(stream, why)));
                continue;
            }
            Some(Ok(team)) => Some(team),
            None => None,
        };
        let _ = stream.set_nodelay(true);
        serve_one(stream, Peer::Address(peer), team, &ctx, &places);
    }
}

/// The team's settings, if they believe a connection from `peer` may be the proxy; else why
/// not (`team.toml` is read again, so a change to it counts from the next connection; one with
/// a mistake trusts nobody).
fn proxy_team(root: &Path, peer: IpAddr) -> Result<Team, String> {
    match Team::load(root) {
        Ok(team) if team.trusts(peer) => Ok(team),
        Ok(_) => Err(format!("This request did not come through the council's sign-in (it came from {peer}, which team.toml does not list in trusted_proxies).")),
        Err(_) => Err(TEAM_MISTAKE.into()),
    }
}

/// Why nobody is let in while `team.toml` has a mistake.
const TEAM_MISTAKE: &str = "The team's settings (team.toml) have a mistake, so nobody is let in until it is fixed. The log of sendsite serve --team names it, as does sendsite check.";

#[cfg(unix)]
async fn listen_socket(
    listener: std::os::unix::net::UnixListener,
    ctx: Context,
    places: Arc<Semaphore>,
) {
    let listener = match listener
        .set_nonblocking(true)
        .and_then(|()| tokio::net::UnixListener::from_std(listener))
    {
        Ok(listener) => listener,
        Err(e) => return eprintln!("error: the preview cannot answer requests: {e}"),
    };
    loop {
        match listener.accept().await {
            Ok((stream, _)) => serve_one(stream, Peer::Socket, None, &ctx, &places),
            Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
        }
    }
}

/// Serves `stream` on a task of its own if a place is free, else answers it with a 503. `team`:
/// the team's settings, when they were read already to let the connection in.
fn serve_one<S>(stream: S, peer: Peer, team: Option<Team>, ctx: &Context, places: &Arc<Semaphore>)
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    match Arc::clone(places).try_acquire_owned() {
        Ok(place) => {
            let ctx = ctx.clone();
            tokio::spawn(async move {
                connection(stream, peer, team, ctx).await;
                drop(place);
            });
        }
        Err(_) => drop(tokio::spawn(busy(stream))),
    }
}

/// Answers a peer that is not the sign-in proxy with a 403 saying `why`, never reading it.
async fn refuse(mut stream: tokio::net::TcpStream, why: String) {
    let text = format!("{why}\n");
    let answer = format!(
        "HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}",
        text.len()
    );
    let _ = tokio::time::timeout(WRITE_TIMEOUT, stream.write_all(answer.as_bytes())).await;
}

/// Answers a connection beyond the limit with a 503, never reading it.
async fn busy<S: AsyncWrite + Unpin>(mut stream: S) {
    let text = "The preview is busy; try again.\n";
    let answer = format!(
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}",
        text.len()
    );
    let _ = tokio::time::timeout(WRITE_TIMEOUT, stream.write_all(answer.as_bytes())).await;
}

/// Serves one connection: one request, then it is closed.
async fn connection<S>(stream: S, peer: Peer, team: Option<Team>, ctx: Context)
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let mut io = tokio_io_timeout::TimeoutStream::new(stream);
    io.set_write_timeout(Some(WRITE_TIMEOUT));
    let io = TokioIo::new(Box::pin(io));
    let service = service_fn(move |request| {
        let (ctx, team) = (ctx.clone(), team.clone());
        async move { Ok::<_, Infallible>(not_frameable(answer(request, peer, team, &ctx).await)) }
    });
    let _ = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(READ_TIMEOUT)
        .max_buf_size(MAX_HEAD)
        .keep_alive(false)
        .serve_connection(io, service)
        .await;
}

/// The response to a request.
async fn answer(
    request: http::Request<Incoming>,
    peer: Peer,
    team: Option<Team>,
    ctx: &Context,
) -> Reply {
    let (parts, body) = request.into_parts();
    if !unambiguous(&parts.headers) {
        return text(400, "This request could not be read: it names two hosts, or says where it ends in more than one way.\n");
    }
    // Every header as sent, one whose value is not UTF-8 included (made readable): a copy of
    // the identity header is never dropped before the check that there is only one.
    let headers: Vec<(String, String)> = parts
        .headers
        .iter()
        .map(|(n, v)| {
            let value = String::from_utf8_lossy(v.as_bytes()).into_owned();
            (n.as_str().to_string(), value)
        })
        .collect();
    // Team mode: nothing at all (the preview shows drafts) without the proxy's word. The
    // proxy's host name is the team's, so any `Host` is answered once the person is known.
    let person = match ctx.team {
        true => match team
            .map_or_else(|| Team::load(&ctx.root), Ok)
            .map(|t| t.person(peer, &headers))
        {
            Ok(Ok(person)) => Some(person),
            Ok(Err(why)) => return text(403, &format!("{why}\n")),
            Err(errors) => {
                for e in &errors {
                    eprintln!("{e}\n");
                }
                return text(403, &format!("{TEAM_MISTAKE}\n"));
            }
        },
        false => None,
    };
    // With the editor on, only this computer's own names: an IP address of the network would
    // let other computers reach a server that writes files.
    let loopback_only = ctx.editor.is_some();
    let host = parts.headers.get(HOST).and_then(|h| h.to_str().ok());
    if !ctx.team && !host.is_some_and(|h| host_allowed(h, ctx.port, loopback_only)) {
        let message = if loopback_only {
            "This preview answers only to localhost, 127.0.0.1 or [::1], with its port.\n"
        } else {
            "This preview answers only to localhost or an IP address, with its port.\n"
        };
        return text(403, message);
    }
    let target = parts.uri.path_and_query().map_or("/", |p| p.as_str());
    let route = {
        let store = ctx.store.read().unwrap_or_else(|e| e.into_inner());
        route(target, &store.base_path, |p| store.contains(p))
    };
    let method = parts.method.as_str();
    // The editor takes forms; the site itself is only read.
    if !matches!(route, Route::Editor(..)) && !matches!(method, "GET" | "HEAD") {
        return with_header(
            text(405, "Only GET and HEAD are allowed.\n"),
            "Allow",
            "GET, HEAD",
        );
    }
    let request = editor::Request {
        method: method.to_string(),
        headers,
        form: None,
        person,
    };
    match route {
        Route::File(path) => {
            let link = ctx
                .editor
                .as_ref()
                .filter(|e| e.lets_in(&request))
                .and_then(|e| e.link_for(&path));
            // The editor sends the browser to a page it has just saved with `?saved`.
            let saved = target
                .split_once('?')
                .is_some_and(|(_, q)| q.split('&').any(|p| p == "saved"));
            file(ctx, &path, 200, link.map(|l| (l, saved))).await
        }
        Route::Editor(rest, query) => match &ctx.editor {
            Some(editor) => edit(editor, request, body, rest, query).await,
            None => text(
                404,
                "The editor is off: this preview listens on the network (--bind), so it is read-only.\n",
            ),
        },
        Route::NotFound => file(ctx, "404.html", 404, None).await,
        Route::Redirect(to) => with_header(text(302, ""), "Location", &to),
        Route::BadRequest => text(400, "This address is not allowed.\n"),
        Route::Script => typed(200, "reload.js", SCRIPT.to_vec()),
        Route::Events => events(ctx),
    }
}

/// No page of the preview may be shown inside another site's frame (it shows drafts and, in
/// team mode, is someone's signed-in session: a frame could trick them into pressing a button).
fn not_frameable(mut reply: Reply) -> Reply {
    let headers = reply.headers_mut();
    if !headers.contains_key("x-frame-options") {
        headers.insert("x-frame-options", http::HeaderValue::from_static("DENY"));
    }
    if !headers.contains_key("content-security-policy") {
        let none = http::HeaderValue::from_static("frame-ancestors 'none'");
        headers.insert("content-security-policy", none);
    }
    reply
}

/// Whether a request says once, and in one way, where it ends and whom it is for: one `Host`,
/// at most one `Content-Length`, and no `Transfer-Encoding` (no browser sends one to the
/// preview). hyper refuses what is malformed; this refuses what is well formed but ambiguous,
/// where a proxy in front and this server could read two different requests (smuggling).
fn unambiguous(headers: &HeaderMap) -> bool {
    headers.get_all(HOST).iter().count() == 1
        && headers.get_all(CONTENT_LENGTH).iter().count() <= 1
        && !headers.contains_key(TRANSFER_ENCODING)
}

/// Reads an editor's form within its limits, then lets the editor answer on a thread that may
/// wait (it checks with a trial build and writes files).
async fn edit(
    editor: &Arc<Editor>,
    mut request: editor::Request,
    body: Incoming,
    rest: String,
    query: String,
) -> Reply {
    if request.method == "POST" {
        let length = match request.header("content-length") {
            None => Some(0),
            Some(v) => v.trim().parse::<u64>().ok(),
        };
        // Refused before a byte of the form is read.
        if let Err(refused) = editor.before_reading(length) {
            return from_editor(refused);
        }
        // Read as it arrives: a document goes to a private temporary file, never whole into
        // memory, so that uploads at once cost disk, not memory.
        let kind = request.header("content-type").unwrap_or("").to_string();
        let frames = http_body_util::BodyStream::new(body)
            .try_filter_map(|frame| async move { Ok(frame.into_data().ok()) })
            .boxed();
        let read = editor::form::parse(&kind, frames, editor.largest_form());
        match tokio::time::timeout(BODY_TIMEOUT, read).await {
            Ok(Ok(fields)) => request.form = Some(fields),
            Ok(Err(why)) => return from_editor(editor.unreadable_form(&why)),
            Err(_) => {
                return from_editor(editor.unreadable_form("It did not arrive in full: try again."))
            }
        }
    }
    let editor = Arc::clone(editor);
    let answered =
        tokio::task::spawn_blocking(move || editor.handle(&request, &rest, &query)).await;
    match answered {
        Ok(response) => from_editor(response),
        Err(_) => text(500, "The editor could not answer this request.\n"),
    }
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

/// The output at `path`, with the live-reload snippet (and, for a browser let in to the editor,
/// its "Edit this page" link) added to pages.
async fn file(ctx: &Context, path: &str, status: u16, edit: Option<(String, bool)>) -> Reply {
    let (body, snippet) = {
        let store = ctx.store.read().unwrap_or_else(|e| e.into_inner());
        (store.get(path), Arc::clone(&store.snippet))
    };
    let page = content_type(path).starts_with("text/html");
    let Some(body) = body else {
        return typed(status, "index.html", inject(NO_SITE, &snippet));
    };
    let html = match (&*body, page) {
        (Body::Bytes(b), true) => inject(b, &snippet),
        (Body::Bytes(b), false) => return typed(status, path, b.clone()),
        (Body::Copy(from), _) => match open_inside(from, &ctx.root) {
            None => return text(404, "This file cannot be read.\n"),
            Some(f) if page => inject(&std::fs::read(f).unwrap_or_default(), &snippet),
            Some(f) => return streamed(status, path, f).await,
        },
    };
    let html = match edit {
        Some((link, saved)) => super::live::edit_link(&html, &link, saved),
        None => html,
    };
    typed(status, path, html)
}

/// A file copied from disk, sent as it is read.
async fn streamed(status: u16, path: &str, real: PathBuf) -> Reply {
    let Ok(file) = tokio::fs::File::open(&real).await else {
        return text(404, "This file cannot be read.\n");
    };
    let length = file.metadata().await.map_or(0, |m| m.len());
    let frames = tokio_util::io::ReaderStream::new(file).map_ok(Frame::data);
    let response = Response::builder()
        .status(status)
        .header(CONTENT_LENGTH, length)
        .body(BodyExt::boxed(StreamBody::new(frames)));
    with_type(response, path)
}

/// The live-reload event stream of one tab.
fn events(ctx: &Context) -> Reply {
    let frames = reload::stream(ctx.hub.join()).map(|t| Ok(Frame::data(Bytes::from(t))));
    let response = Response::builder()
        .status(200)
        .header("Content-Type", "text/event-stream")
        .header("Cache-Control", "no-store")
        .header("X-Accel-Buffering", "no")
        .body(BodyExt::boxed(StreamBody::new(frames)));
    response.unwrap_or_else(|_| text(500, "The event stream cannot start.\n"))
}

/// The real path of a file to copy, only if it is a plain file (not a link) inside the site.
fn open_inside(path: &Path, root: &Path) -> Option<PathBuf> {
    let meta = path.symlink_metadata().ok()?;
    let real = path.canonicalize().ok()?;
    (meta.file_type().is_file() && real.starts_with(root)).then_some(real)
}

/// An editor's response, as sent.
fn from_editor(response: editor::Response) -> Reply {
    let mut builder = Response::builder().status(response.status);
    for (name, value) in &response.headers {
        builder = builder.header(*name, value);
    }
    builder
        .body(full(response.body))
        .unwrap_or_else(|_| text(500, "The editor's answer cannot be sent.\n"))
}

fn full(bytes: Vec<u8>) -> BoxBody<Bytes, io::Error> {
    Full::new(Bytes::from(bytes))
        .map_err(|never| match never {})
        .boxed()
}

fn typed(status: u16, path: &str, bytes: Vec<u8>) -> Reply {
    with_type(Response::builder().status(status).body(full(bytes)), path)
}

/// Adds the headers every answer has; a response that cannot be built is a plain 500.
fn with_type(response: http::Result<Reply>, path: &str) -> Reply {
    let Ok(mut response) = response else {
        return Response::new(full(b"This answer cannot be sent.\n".to_vec()));
    };
    let headers = response.headers_mut();
    let pairs = [
        ("Content-Type", content_type(path)),
        ("Cache-Control", "no-store"),
        ("X-Content-Type-Options", "nosniff"),
    ];
    for (name, value) in pairs {
        headers.insert(name, http::HeaderValue::from_static(value));
    }
    response
}

fn with_header(mut response: Reply, name: &'static str, value: &str) -> Reply {
    if let Ok(value) = http::HeaderValue::from_str(value) {
        response.headers_mut().insert(name, value);
    }
    response
}

fn text(status: u16, message: &str) -> Reply {
    typed(status, "message.txt", message.as_bytes().to_vec())
}

#[cfg(test)]
mod tests {
    use super::{host_allowed, unambiguous};

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

    #[test]
    fn a_request_that_says_twice_where_it_ends_or_whom_it_is_for_is_ambiguous() {
        let headers = |pairs: &[(&'static str, &'static str)]| {
            let mut map = http::HeaderMap::new();
            for (n, v) in pairs {
                map.append(*n, http::HeaderValue::from_static(v));
            }
            map
        };
        assert!(unambiguous(&headers(&[
            ("host", "a"),
            ("content-length", "5")
        ])));
        for bad in [
            headers(&[("content-length", "5")]),
            headers(&[("host", "a"), ("host", "b")]),
            headers(&[
                ("host", "a"),
                ("content-length", "5"),
                ("content-length", "5"),
            ]),
            headers(&[("host", "a"), ("transfer-encoding", "chunked")]),
        ] {
            assert!(!unambiguous(&bad), "{bad:?}");
        }
    }
}
