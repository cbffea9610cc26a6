//! The editor in the browser: while `serve` runs on this computer, a comms officer adds and
//! changes updates and pages in forms instead of writing TOML.
//!
//! It sits on the preview's own state: the files as the preview last read them (to list them,
//! and to offer the site's kinds, areas and statuses as choices) and the rebuild engine (to check
//! unsaved text with the build's own parser and model, [`super::trial`]). A save writes ordinary
//! files ([`write`]), and the preview's watcher rebuilds them as it does any edit. Who may use it
//! is decided in [`access`]; nothing here is ever part of a build.

mod access;
mod choices;
mod form;
mod list;
mod pages;
mod problems;
mod toml;
mod update;
mod update_page;
mod upload;
mod view;
mod write;

use std::collections::BTreeSet;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::Serialize;

use super::rebuild::Engine;
use super::store::Shared;
use super::trial::{try_text, Trial};
use super::wire::{read_body, Head, Response};
use crate::content::sources::Known;
use access::{Access, Verdict};
use upload::Uploads;
use view::Views;

/// How long a save waits for the preview to show it before answering.
const SHOW_WITHIN: Duration = Duration::from_secs(5);

/// The editor of one `serve`.
pub struct Editor {
    access: Access,
    root: PathBuf,
    /// `content/`, canonical: nothing is written outside it.
    content: PathBuf,
    engine: Arc<Mutex<Engine>>,
    store: Shared,
    uploads: Mutex<Uploads>,
    /// Held while a save checks and writes, so two saves never interleave.
    saving: Mutex<()>,
    views: Views,
}

/// What every page of the editor is given.
#[derive(Serialize)]
struct Frame {
    site_title: String,
    base_path: String,
    edit: String,
    here: &'static str,
}

#[derive(Serialize)]
struct Message<'a> {
    #[serde(flatten)]
    frame: Frame,
    heading: &'a str,
    paragraphs: Vec<String>,
    messages: Vec<String>,
    problems: bool,
}

impl Editor {
    /// The editor for the site at `root`, served on `port`.
    pub fn new(root: &Path, engine: Arc<Mutex<Engine>>, store: Shared, port: u16) -> Editor {
        Editor {
            access: Access::new(port),
            root: root.to_path_buf(),
            content: root
                .join("content")
                .canonicalize()
                .unwrap_or_else(|_| root.join("content")),
            engine,
            store,
            uploads: Mutex::new(Uploads::default()),
            saving: Mutex::new(()),
            views: Views::new(),
        }
    }

    /// The address to print, with the key: `<origin><base>__sendsite/edit/?key=...`.
    pub fn address(&self, origin: &str, base_path: &str) -> String {
        format!("{origin}{}?key={}", edit_path(base_path), self.access.key())
    }

    /// Whether a request may see the editor's links in the preview.
    pub fn lets_in(&self, head: &Head) -> bool {
        self.access.has_cookie(head)
    }

    /// The editor's address of the form for the page at output `path`, if a file makes it.
    pub fn link_for(&self, path: &str) -> Option<String> {
        let source = {
            let engine = self.engine.lock().unwrap_or_else(|e| e.into_inner());
            let source = engine.served()?.source_of(path)?;
            // A site without `_index.md` has a home page with no file to edit.
            let form = match what(&engine.sources().get(&source)?)? {
                "Update" => "update",
                _ => "page",
            };
            (source, form)
        };
        let (source, form) = source;
        let file = source.to_string_lossy().replace('\\', "/");
        let file: String = url::form_urlencoded::byte_serialize(file.as_bytes()).collect();
        let base = self
            .store
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .base_path
            .clone();
        Some(format!("{}{form}?file={file}", edit_path(&base)))
    }

    /// Answers a request for `rest` (the path after `__sendsite/edit/`) with `query`.
    pub fn handle(&self, head: &mut Head, conn: &TcpStream, rest: &str, query: &str) -> Response {
        match rest {
            "editor.css" => return typed(200, "editor.css", view::CSS.to_vec()),
            "editor.js" => return typed(200, "editor.js", view::JS.to_vec()),
            _ => {}
        }
        let frame = self.frame("");
        let path = format!("{}{rest}", frame.edit);
        match self.access.check(head, &path, query) {
            Verdict::Allowed => {}
            Verdict::SwapKey(to) => {
                return typed(303, "x.txt", Vec::new())
                    .header("Location", &to)
                    .header("Set-Cookie", &self.access.cookie())
            }
            Verdict::Refused(why) => return self.message(403, "The editor refused this", &[why]),
        }
        let fields = form::Fields::query(query);
        match (head.method.as_str(), rest) {
            ("GET" | "HEAD", "") => self.list(&fields),
            ("GET" | "HEAD", "update") => self.open_update(&fields.get("file")),
            ("GET" | "HEAD", "page") => self.open_page(&fields.get("file")),
            ("POST", "update" | "page") => match self.read_form(head, conn) {
                Ok(fields) if rest == "update" => self.submit_update(&fields),
                Ok(fields) => self.submit_page(&fields),
                Err(response) => response,
            },
            ("GET" | "HEAD" | "POST", _) => {
                self.message(404, "There is no such page in the editor", &[])
            }
            _ => typed(405, "x.txt", b"Only GET, HEAD and POST.\n".to_vec())
                .header("Allow", "GET, HEAD, POST"),
        }
    }

    /// Reads a posted form, within the size a document may have.
    fn read_form(&self, head: &mut Head, conn: &TcpStream) -> Result<form::Fields, Response> {
        let Some(length) = head.content_length() else {
            return Err(self.message(
                411,
                "The form could not be read",
                &["Its length was not given."],
            ));
        };
        let limit = (upload::MAX_UPLOAD + 1024 * 1024) as u64;
        if length > limit {
            let why = format!(
                "The file is too large: a document can be up to {} MB. Nothing was saved. Go back, choose a smaller file (a PDF saved \"for the web\" or \"reduced size\" is often much smaller), and save again.",
                upload::MAX_UPLOAD / (1024 * 1024)
            );
            return Err(self.message(413, "The file is too large", &[&why]));
        }
        let body = read_body(conn, head, length).map_err(|_| {
            self.message(
                400,
                "The form could not be read",
                &["It did not arrive in full: try again."],
            )
        })?;
        form::parse(head.header("content-type").unwrap_or(""), &body)
            .map_err(|why| self.message(400, "The form could not be read", &[&why]))
    }

    fn frame(&self, here: &'static str) -> Frame {
        let engine = self.engine.lock().unwrap_or_else(|e| e.into_inner());
        let site_title = engine
            .sources()
            .config()
            .map_or_else(|| "the site".to_string(), |c| c.title.clone());
        let base_path = self
            .store
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .base_path
            .clone();
        Frame {
            site_title,
            edit: edit_path(&base_path),
            base_path,
            here,
        }
    }

    fn message(&self, status: u16, heading: &str, paragraphs: &[&str]) -> Response {
        self.message_with(status, heading, paragraphs, Vec::new())
    }

    fn message_with(
        &self,
        status: u16,
        heading: &str,
        paragraphs: &[&str],
        messages: Vec<String>,
    ) -> Response {
        let page = Message {
            frame: self.frame(""),
            heading,
            paragraphs: paragraphs.iter().map(|p| p.to_string()).collect(),
            messages,
            problems: false,
        };
        html(status, self.views.render("message.html", &page))
    }

    /// The preview's address of the page a file makes, once the preview has it.
    fn page_of(&self, file: &str) -> Option<String> {
        let page = {
            let engine = self.engine.lock().unwrap_or_else(|e| e.into_inner());
            let page = engine.served()?.page_of(Path::new(file))?;
            page
        };
        let store = self.store.read().unwrap_or_else(|e| e.into_inner());
        store.contains(&page).then(|| {
            let folder = page.strip_suffix("index.html").unwrap_or(&page);
            format!("{}{folder}", store.base_path)
        })
    }

    /// What a form edits in the file the list names `file` (a path relative to the site root,
    /// looked up among the files the preview has read, so no other path can be named).
    fn known(&self, file: &str) -> Option<&'static str> {
        let engine = self.engine.lock().unwrap_or_else(|e| e.into_inner());
        let found = engine.sources().get(Path::new(file)).and_then(|k| what(&k));
        found
    }

    /// Opens `file` (as the list names it) for the form of a `noun` ("update" or "page"): an
    /// error page when the site has no such file, it cannot be read, or its front matter cannot
    /// be read by the form (which would lose what it cannot read). `saving`: a form was sent.
    fn open_file(&self, file: &str, noun: &str, saving: bool) -> Result<Opened, Response> {
        let found = self
            .known(file)
            .filter(|what| (*what == "Update") == (noun == "update"))
            .map(|what| (PathBuf::from(file), what));
        let late = if saving { " Nothing was saved." } else { "" };
        let Some((path, what)) = found else {
            let why = format!(
                "It may have been renamed or deleted: choose it again from the list.{late}"
            );
            return Err(self.message(404, &format!("There is no such {noun}"), &[&why]));
        };
        let Some((text, version)) = self.read_file(&path) else {
            let why =
                format!("Check that the file is still there, and that it is UTF-8 text.{late}");
            return Err(self.message(404, &format!("This {noun} cannot be read"), &[&why]));
        };
        match write::Parts::read(&path, &text) {
            Ok((doc, parts)) => Ok(Opened {
                path,
                what,
                doc,
                parts,
                version,
            }),
            Err(why) => Err(self.cannot_open(&path, &text, &why)),
        }
    }

    /// The build's check of `text` as the file at `path` (see [`try_text`]).
    fn trial(&self, path: &Path, text: &str, pending: &BTreeSet<String>, preview: bool) -> Trial {
        let engine = self.engine.lock().unwrap_or_else(|e| e.into_inner());
        try_text(&engine, path, text.as_bytes().to_vec(), pending, preview)
    }

    /// Reads a file the editor is about to change, with its version.
    fn read_file(&self, path: &Path) -> Option<(String, String)> {
        let bytes = std::fs::read(self.root.join(path)).ok()?;
        let version = write::version(Some(&bytes));
        Some((String::from_utf8(bytes).ok()?, version))
    }

    /// Saves `text` to `path` if it is still at `version`, then waits (a little) for the preview
    /// to show it and sends the browser to its page.
    fn save(&self, path: &Path, text: &str, version: &str) -> Result<Response, write::WriteError> {
        let before = self.store.read().unwrap_or_else(|e| e.into_inner()).version;
        write::replace(
            &self.root.join(path),
            text.as_bytes(),
            version,
            &self.content,
        )?;
        let file = path.to_string_lossy().replace('\\', "/");
        let started = Instant::now();
        while started.elapsed() < SHOW_WITHIN {
            let rebuilt = self.store.read().unwrap_or_else(|e| e.into_inner()).version > before;
            let shown = rebuilt && (self.page_of(&file).is_some() || self.known(&file).is_some());
            if shown {
                break;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        let to = match self.page_of(&file) {
            Some(page) => format!("{page}?saved"),
            None => {
                let query: String = url::form_urlencoded::byte_serialize(file.as_bytes()).collect();
                format!("{}?saved={query}", self.frame("").edit)
            }
        };
        Ok(typed(303, "x.txt", Vec::new()).header("Location", &to))
    }
}

/// A file of the site opened for its form.
struct Opened {
    /// Relative to the site root.
    path: PathBuf,
    /// "Update", "Home page", "Page" or "Area".
    what: &'static str,
    /// Its front matter, to change.
    doc: toml_edit::DocumentMut,
    /// Its text, cut at the front matter.
    parts: write::Parts,
    /// Its version as it is on disk now.
    version: String,
}

/// What a form edits, in words; `None` for the files no form edits.
fn what(known: &Known) -> Option<&'static str> {
    match known {
        Known::Entry(_) => Some("Update"),
        Known::Home => Some("Home page"),
        Known::Page(_) => Some("Page"),
        Known::Area(_) => Some("Area"),
        _ => None,
    }
}

/// The editor's address under the site's base path: `<base>__sendsite/edit/`.
fn edit_path(base_path: &str) -> String {
    format!("{base_path}{}{}", super::route::OWN, super::route::EDIT)
}

/// Every response of the editor: never cached, never framed by another page.
fn typed(status: u16, path: &str, bytes: Vec<u8>) -> Response {
    Response::bytes(status, bytes)
        .header("Content-Type", crate::media::content_type(path))
        .header("Cache-Control", "no-store")
        .header("X-Content-Type-Options", "nosniff")
        .header("X-Frame-Options", "DENY")
        .header("Content-Security-Policy", "frame-ancestors 'none'")
        .header("Referrer-Policy", "same-origin")
}

/// A page of the editor, or a plain-text 500 if its template cannot be rendered.
fn html(status: u16, page: Result<String, String>) -> Response {
    match page {
        Ok(page) => typed(status, "page.html", page.into_bytes()),
        Err(why) => {
            let text = format!("The editor cannot show this page: {why}\n");
            typed(500, "message.txt", text.into_bytes())
        }
    }
}

/// One choice of a select: its value and its words.
#[derive(Debug, Clone, Serialize)]
pub struct Choice {
    slug: String,
    label: String,
}

/// The pending documents of a save: the file an upload is written to.
fn pending(attach: Option<&str>, uploaded: bool) -> BTreeSet<String> {
    attach
        .filter(|_| uploaded)
        .map(|a| BTreeSet::from([a.to_string()]))
        .unwrap_or_default()
}
