//! The editor in the browser: while `serve` runs on this computer, a comms officer adds and
//! changes updates and pages in forms instead of writing TOML.
//!
//! A stage of its own: it reads the preview's latest [`Snapshot`] (the files as last read, to list
//! them and offer the site's kinds, areas and statuses as choices; the last site built), checks
//! unsaved text with the build's own loader and model ([`trial`]) on that snapshot without ever
//! holding up the preview, and writes ordinary files ([`write`]) that the preview's watcher
//! rebuilds as it does any edit. It takes requests and gives responses in its own terms
//! ([`Request`], [`Response`]): the preview's server reads them off the network. Who may use it
//! is decided in [`access`]; nothing here is ever part of a build.

mod access;
mod areas;
mod choices;
mod diff;
#[cfg(test)]
mod diff_tests;
mod documents;
mod fields;
pub mod form;
pub mod forms;
mod guarded;
mod history;
mod key;
mod list;
mod marks;
mod measures;
mod open_data;
mod pages;
mod preview;
mod problems;
mod publications;
mod publish;
mod review;
#[cfg(test)]
mod round_trip_tests;
mod settings;
mod signup;
pub mod snapshot;
mod sniff;
mod states;
mod tell;
mod toml;
mod transaction;
mod trial;
#[cfg(test)]
mod trial_tests;
mod update;
mod update_page;
mod update_view;
mod upload;
mod view;
mod withdraw;
mod words;
mod write;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::Serialize;

use crate::content::sources::{Known, Unsaved};
use access::{Access, Verdict};
pub use form::Fields;
pub use key::{kept_key, Kept};
pub use snapshot::{Latest, Pages, Snapshot};
pub use trial::{try_text, Trial};
use upload::Uploads;
use view::Views;

/// Where the preview serves its own files, under the site's base path.
pub const OWN: &str = "__sendsite/";
/// Where the editor is, under [`OWN`].
pub const EDIT: &str = "edit/";

/// A request to the editor, as the preview's server read it.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// `GET`, `HEAD` or `POST`.
    pub method: String,
    /// Every header, names in lower case, in the order sent.
    pub headers: Vec<(String, String)>,
    /// The form sent with a `POST`.
    pub form: Option<Fields>,
    /// Who is asking, in team mode: the person the sign-in proxy named (`None` otherwise).
    pub person: Option<crate::team::Person>,
}

impl Request {
    /// The first header of this name (given in lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A response of the editor.
#[derive(Debug)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// Its headers, in order.
    pub headers: Vec<(&'static str, String)>,
    /// Its body.
    pub body: Vec<u8>,
}

impl Response {
    /// A response with these bytes.
    pub fn bytes(status: u16, body: Vec<u8>) -> Response {
        Response {
            status,
            headers: Vec::new(),
            body,
        }
    }

    /// Adds a header.
    pub fn header(mut self, name: &'static str, value: &str) -> Response {
        self.headers.push((name, value.to_string()));
        self
    }
}

/// How long a save waits for the preview to show it before answering.
const SHOW_WITHIN: Duration = Duration::from_secs(5);

/// The editor of one `serve`.
pub struct Editor {
    access: Access,
    root: PathBuf,
    /// `content/`, canonical: nothing is written outside it.
    content: PathBuf,
    latest: Arc<Latest>,
    uploads: Mutex<Uploads>,
    /// Held while a save checks and writes, so two saves never interleave.
    saving: Mutex<()>,
    views: Views,
    /// The day `serve` was told to take as today (`--today`); otherwise the clock's, asked
    /// each time: a team's server runs for months.
    pinned_today: Option<time::Date>,
}

/// What every page of the editor is given.
#[derive(Serialize)]
struct Frame {
    site_title: String,
    base_path: String,
    edit: String,
    here: &'static str,
    /// Team mode: who is signed in (shown on every page), and whether they may publish.
    person: Option<crate::team::Person>,
}

std::thread_local! {
    /// The person whose request this thread is answering (team mode): every page shows them,
    /// and each page is made on the thread that answers its request.
    static ASKING: std::cell::RefCell<Option<crate::team::Person>> = const { std::cell::RefCell::new(None) };
}

/// Sets who is asking for as long as it lives.
struct Asking;

impl Asking {
    fn set(person: Option<crate::team::Person>) -> Asking {
        ASKING.with(|a| *a.borrow_mut() = person);
        Asking
    }
}

impl Drop for Asking {
    fn drop(&mut self) {
        ASKING.with(|a| *a.borrow_mut() = None);
    }
}

/// The editor's form for a file of the kind `what` (as [`what`] names it): `update`, `measure`
/// or `page`.
fn form_of(what: &str) -> &'static str {
    match what {
        "Update" => "update",
        "Measure" => "measure",
        _ => "page",
    }
}

/// The person whose request is being answered (team mode).
fn asking() -> Option<crate::team::Person> {
    ASKING.with(|a| a.borrow().clone())
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
    /// The editor for the site at `root`, served on `port`, opened with `key`.
    pub fn new(root: &Path, latest: Arc<Latest>, port: u16, key: String) -> Editor {
        Editor {
            access: Access::with_key(port, key),
            root: root.to_path_buf(),
            content: root
                .join("content")
                .canonicalize()
                .unwrap_or_else(|_| root.join("content")),
            latest,
            uploads: Mutex::new(Uploads::default()),
            saving: Mutex::new(()),
            views: Views::new(),
            pinned_today: None,
        }
    }

    /// Takes `day` as today, always (`serve --today`).
    pub fn with_today(self, day: Option<time::Date>) -> Editor {
        Editor {
            pinned_today: day,
            ..self
        }
    }

    /// Today, for what is published and what may be withdrawn or deleted: the day `serve` was
    /// given, or the clock's (UTC, as `build` takes it).
    fn today(&self) -> time::Date {
        self.pinned_today
            .unwrap_or_else(|| time::OffsetDateTime::now_utc().date())
    }

    /// A team's editor: no key, the person named by the sign-in proxy.
    pub fn for_team(root: &Path, latest: Arc<Latest>) -> Editor {
        Editor {
            access: Access::for_team(),
            ..Editor::new(root, latest, 0, String::new())
        }
    }

    /// The address to print, with the key: `<origin><base>__sendsite/edit/?key=...` (a team's
    /// has none: people reach it through the sign-in proxy).
    pub fn address(&self, origin: &str, base_path: &str) -> String {
        if self.access.is_team() {
            return format!("{origin}{}", edit_path(base_path));
        }
        format!("{origin}{}?key={}", edit_path(base_path), self.access.key())
    }

    /// Whether it serves a team.
    pub fn is_team(&self) -> bool {
        self.access.is_team()
    }

    /// The snapshot of the site the editor works on now.
    fn snapshot(&self) -> Arc<Snapshot> {
        self.latest.get()
    }

    /// Whether a request may see the editor's links in the preview.
    pub fn lets_in(&self, request: &Request) -> bool {
        self.access.has_cookie(request)
    }

    /// The editor's address of the form for the page at output `path`, if a file makes it.
    pub fn link_for(&self, path: &str) -> Option<String> {
        let source = {
            let engine = self.snapshot();
            let source = engine.served()?.source_of(path)?;
            // A site without `_index.md` has a home page with no file to edit.
            let form = form_of(what(&engine.sources().get(&source)?)?);
            (source, form)
        };
        let (source, form) = source;
        let file = source.to_string_lossy().replace('\\', "/");
        let file: String = url::form_urlencoded::byte_serialize(file.as_bytes()).collect();
        let base = self.snapshot().base_path.clone();
        Some(format!("{}{form}?file={file}", edit_path(&base)))
    }

    /// Answers a request for `rest` (the path after `__sendsite/edit/`) with `query`.
    pub fn handle(&self, request: &Request, rest: &str, query: &str) -> Response {
        match rest {
            "editor.css" => return typed(200, "editor.css", view::CSS.to_vec()),
            "editor.js" => return typed(200, "editor.js", view::JS.to_vec()),
            _ => {}
        }
        let _asking = Asking::set(request.person.clone());
        let frame = self.frame("");
        let path = format!("{}{rest}", frame.edit);
        match self.access.check(request, &path, query) {
            Verdict::Allowed => {}
            Verdict::SwapKey(to) => {
                return typed(303, "x.txt", Vec::new())
                    .header("Location", &to)
                    .header("Set-Cookie", &self.access.cookie())
            }
            Verdict::Refused(why) => return self.message(403, "The editor refused this", &[why]),
        }
        let fields = form::Fields::query(query);
        let named = [Some(&fields), request.form.as_ref()];
        if named.iter().flatten().any(|f| !plain_file(&f.get("file"))) {
            let why =
                "A file is named in a way the editor does not use: choose it again from the list.";
            return self.message(404, "There is no such file", &[why]);
        }
        match (request.method.as_str(), rest, &request.form) {
            ("GET" | "HEAD", "", _) => self.list(&fields),
            ("GET" | "HEAD", "update", _) => self.open_update(&fields.get("file")),
            ("GET" | "HEAD", "page", _) => self.open_page(&fields.get("file")),
            ("GET" | "HEAD", "settings", _) => self.open_settings(),
            ("GET" | "HEAD", "area", _) => self.open_new_area(),
            ("GET" | "HEAD", "measure", _) => self.open_measure(&fields.get("file")),
            ("GET" | "HEAD", "documents", _) => self.documents(&fields),
            ("GET" | "HEAD", "withdraw", _) => self.open_withdraw(&fields.get("file")),
            ("POST", "withdraw", Some(form)) => self.submit_withdraw(form),
            ("GET" | "HEAD", "history", _) => self.open_history(&fields.get("file")),
            ("POST", "restore", Some(form)) => self.restore(form),
            ("GET" | "HEAD", "publish", _) => self.open_publish(&fields),
            ("POST", "publish", Some(form)) => self.submit_publish(form),
            ("GET" | "HEAD", "preview", _) => self.preview(&fields.get("file")),
            ("GET" | "HEAD", "version-file", _) => self.version_file(&fields),
            ("GET" | "HEAD", "publications", _) => self.open_publications(&fields),
            ("POST", "put-back", Some(form)) => self.put_back(form),
            ("POST", "replace", Some(form)) => self.replace_document(form),
            ("POST", "measure", Some(form)) => self.submit_measure(form),
            ("POST", "remove", Some(form)) => self.remove(form),
            ("POST", "settings", Some(form)) => self.submit_settings(form),
            ("POST", "update", Some(form)) => self.submit_update(form),
            ("POST", "page", Some(form)) => self.submit_page(form),
            ("GET" | "HEAD" | "POST", _, _) => {
                self.message(404, "There is no such page in the editor", &[])
            }
            _ => typed(405, "x.txt", b"Only GET, HEAD and POST.\n".to_vec())
                .header("Allow", "GET, HEAD, POST"),
        }
    }

    fn frame(&self, here: &'static str) -> Frame {
        let engine = self.snapshot();
        let site_title = engine
            .sources()
            .config()
            .map_or_else(|| "the site".to_string(), |c| c.title.clone());
        let base_path = engine.base_path.clone();
        Frame {
            site_title,
            edit: edit_path(&base_path),
            base_path,
            here,
            person: asking(),
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
        page_in(&self.snapshot(), file)
    }

    /// What a form edits in the file the list names `file` (a path relative to the site root,
    /// looked up among the files the preview has read, so no other path can be named).
    fn known(&self, file: &str) -> Option<&'static str> {
        let engine = self.snapshot();
        let found = engine.sources().get(Path::new(file)).and_then(|k| what(&k));
        found
    }

    /// Opens `file` (as the list names it) for the form of a `noun` ("update" or "page"): an
    /// error page when the site has no such file, it cannot be read, or its front matter cannot
    /// be read by the form (which would lose what it cannot read). `saving`: a form was sent.
    fn open_file(&self, file: &str, noun: &str, saving: bool) -> Result<Opened, Response> {
        let found = self
            .known(file)
            .filter(|what| match noun {
                "update" => *what == "Update",
                _ => matches!(*what, "Home page" | "Page" | "Area"),
            })
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
    fn trial(&self, path: &Path, text: &str, unsaved: &Unsaved, preview: bool) -> Trial {
        // On the snapshot: the preview goes on rebuilding while the trial runs.
        let snapshot = self.snapshot();
        try_text(&snapshot, path, text.as_bytes().to_vec(), unsaved, preview)
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
        self.save_with(path, text, version, Vec::new())
    }

    /// [`Editor::save`], with the files `also` written by the same save (a document, a
    /// measure's figures) written first, in the same transaction and the same change.
    fn save_with(
        &self,
        path: &Path,
        text: &str,
        version: &str,
        also: Vec<transaction::Change>,
    ) -> Result<Response, write::WriteError> {
        self.save_as(path, text, version, also, None)
    }

    /// [`Editor::save_with`], the change recorded with `message` instead of what it changed.
    fn save_as(
        &self,
        path: &Path,
        text: &str,
        version: &str,
        also: Vec<transaction::Change>,
        message: Option<String>,
    ) -> Result<Response, write::WriteError> {
        let before = self.snapshot().version;
        let mut changes = also;
        changes.push(transaction::Change::write(path, text, version));
        self.apply(&changes, message)?;
        let file = path.to_string_lossy().replace('\\', "/");
        // The settings are no file of the list: any rebuild after the write has read them.
        let settings = file == settings::SETTINGS;
        let shown = |s: &Snapshot| {
            settings || page_in(s, &file).is_some() || s.sources().get(Path::new(&file)).is_some()
        };
        let snapshot = self.latest.wait_past(before, SHOW_WITHIN, shown);
        let to = match page_in(&snapshot, &file) {
            Some(page) => format!("{page}?saved"),
            None => {
                let query: String = url::form_urlencoded::byte_serialize(file.as_bytes()).collect();
                format!("{}?saved={query}", self.frame("").edit)
            }
        };
        Ok(typed(303, "x.txt", Vec::new()).header("Location", &to))
    }
}

/// Whether a form's `file` (empty: none) is written as the editor writes paths: relative, with
/// `/` between plain parts. `content/./x.md` or `content//x.md` name the same file on disk but
/// not in git, so they are refused before anything is looked up or written.
fn plain_file(file: &str) -> bool {
    file.is_empty()
        || file
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != ".." && !part.contains('\\'))
}

/// The preview's address of the page a file makes in `snapshot`, if the site served has it.
fn page_in(snapshot: &Snapshot, file: &str) -> Option<String> {
    let page = snapshot.served()?.page_of(Path::new(file))?;
    let folder = page.strip_suffix("index.html").unwrap_or(&page);
    Some(format!("{}{folder}", snapshot.base_path))
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
        Known::Measure(_) => Some("Measure"),
        _ => None,
    }
}

/// The editor's address under the site's base path: `<base>__sendsite/edit/`.
fn edit_path(base_path: &str) -> String {
    format!("{base_path}{OWN}{EDIT}")
}

/// Every response of the editor: never cached, never framed by another page.
pub fn typed(status: u16, path: &str, bytes: Vec<u8>) -> Response {
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
