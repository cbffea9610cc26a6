//! `sendsite serve`: build the site into memory, serve it, and rebuild it as it is edited.
//!
//! One loop owns the rebuilds: it waits for a burst of changes ([`watch`]), rebuilds what they
//! affect ([`rebuild`]), swaps the result into the served site ([`store`]) and tells the open
//! tabs ([`reload`]). HTTP workers ([`http`]) only read the store. A failed rebuild never stops
//! the server: the last good site stays served, with the errors shown over its pages.

mod affected;
mod bodies;
mod http;
mod listen;
mod live;
mod rebuild;
mod reload;
mod route;

mod store;
mod watch;

#[cfg(test)]
mod plan_tests;
#[cfg(test)]
mod tests;

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Instant;

use crate::editor::{Editor, Latest};
use crate::error::Diagnostics;
use crate::render::Scope;
use crate::site::BuildOptions;
pub use rebuild::Engine;
use rebuild::{page_count, plural, Rebuilt};
use reload::{Hub, Signal};
use store::{Shared, Store};
use watch::{Changes, Watcher};

/// How to serve a site.
pub struct ServeOptions {
    /// The folder that holds `content/`.
    pub root: PathBuf,
    /// The address to listen on (loopback unless asked otherwise).
    pub bind: IpAddr,
    /// The port; 0 picks a free one.
    pub port: u16,
    /// What to publish (drafts, future entries, today).
    pub build: BuildOptions,
    /// Whether `build.today` was given (`--today`): the editor then keeps it, instead of asking
    /// the clock each time.
    pub today_given: bool,
    /// Open the editor (or, without one, the site) in the default browser once it is served.
    pub open: bool,
    /// Make the editor a new key instead of the one kept from the last run.
    pub new_key: bool,
    /// Team mode: the editor for everyone `team.toml` lists, behind the sign-in proxy it
    /// trusts, with every save a commit (see [`crate::team`]).
    pub team: bool,
    /// Team mode: listen on this Unix domain socket instead of a TCP port, so that only the
    /// sign-in proxy (whoever the socket's mode and group let connect) can reach the editor.
    pub socket: Option<PathBuf>,
    /// The group the socket is given (the web server's); `None`: the user's own.
    pub socket_group: Option<String>,
    /// Prints diagnostics the way `build` does.
    pub report: fn(Diagnostics),
}

/// Why serving could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The site folder does not exist.
    #[error("cannot find the site folder {path}: {source}")]
    Root {
        /// The folder given.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The address cannot be listened on (in use, or not this machine's).
    #[error("cannot listen on {addr}: {reason} (choose another port with --port, or --port 0 for any free one)")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// Why.
        reason: String,
    },
    /// The Unix socket cannot be listened on.
    #[error("{0}")]
    Socket(String),
    /// Team mode cannot start: `team.toml` has mistakes, or the history cannot be made.
    #[error("team mode cannot start: {0}")]
    Team(String),
    /// The folders cannot be watched.
    #[error("cannot watch {path} for changes: {source}")]
    Watch {
        /// The site folder.
        path: PathBuf,
        /// Why.
        source: notify::Error,
    },
}

/// Serves the site until the process is stopped; returns only if it cannot start.
pub fn serve(options: ServeOptions) -> Result<(), ServeError> {
    let root = options
        .root
        .canonicalize()
        .map_err(|source| ServeError::Root {
            path: options.root.clone(),
            source,
        })?;
    if options.team {
        start_team(&root)?;
    }
    let addr = SocketAddr::new(options.bind, options.port);
    let (server, bound) = match &options.socket {
        #[cfg(unix)]
        Some(path) => {
            let listener = listen::socket(path, options.socket_group.as_deref())
                .map_err(ServeError::Socket)?;
            // Pages are reached through the proxy: this origin is only the preview's own.
            (listener, SocketAddr::from(([127, 0, 0, 1], 0)))
        }
        #[cfg(not(unix))]
        Some(path) => {
            let why = format!(
                "cannot listen on {}: --socket works on Linux only",
                path.display()
            );
            return Err(ServeError::Socket(why));
        }
        None => listen::tcp(addr).map_err(|reason| ServeError::Bind { addr, reason })?,
    };
    if options.team {
        team_notes(&root, options.socket.as_deref(), &bound);
    }
    // Watch before the first build, so that nothing saved while it runs is missed.
    let mut watcher = Watcher::start(&root).map_err(|source| ServeError::Watch {
        path: root.clone(),
        source,
    })?;
    let hub = Hub::start();
    let store: Shared = Arc::new(RwLock::new(Store::new()));
    let engine = Engine::new(&root, options.build, &format!("http://{bound}"));
    let latest = Arc::new(Latest::new(engine.snapshot(0, "/")));
    // The editor writes files: it exists only for a preview that no other computer can reach,
    // or for a team behind its sign-in proxy.
    let team = options.team;
    let editor = (bound.ip().is_loopback() || team)
        .then(|| {
            let pinned = options.today_given.then_some(options.build.today);
            if team {
                return Arc::new(Editor::for_team(&root, Arc::clone(&latest)).with_today(pinned));
            }
            let kept = crate::editor::kept_key(&root, options.new_key);
            if let Some(problem) = kept.problem {
                println!("Note: the editor's key cannot be kept ({problem}), so its address changes each time serve starts.");
            }
            Arc::new(Editor::new(&root, Arc::clone(&latest), bound.port(), kept.key).with_today(pinned))
        });
    let mut session = Session {
        engine,
        latest,
        editor: editor.clone(),
        store: Arc::clone(&store),
        hub: hub.clone(),
        report: options.report,
        warnings: Vec::new(),
        origin: format!("http://{bound}"),
        announced: false,
    };
    session.first_build(&bound, options.open);
    http::start(server, store, hub, &root, editor, team);
    loop {
        let changes = watcher.next();
        session.rebuild(&changes);
    }
}

/// Checks `team.toml` and makes the site's history if it has none, before anything is served.
fn start_team(root: &Path) -> Result<(), ServeError> {
    if let Err(errors) = crate::team::Team::load(root) {
        let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
        return Err(ServeError::Team(format!("\n\n{}", text.join("\n\n"))));
    }
    crate::team::history::History::open_or_init(root)
        .map_err(|e| ServeError::Team(format!("cannot make the site's history: {e}")))?;
    Ok(())
}

/// What the web team needs to know when team mode starts: where people edit (through the
/// proxy, not at the address sendsite listens on), what sendsite trusts, and where the live
/// site is written and how the web server must serve it.
fn team_notes(root: &Path, socket: Option<&Path>, bound: &SocketAddr) {
    let (Ok(team), Ok(config)) = (
        crate::team::Team::load(root),
        crate::config::Config::load(root),
    ) else {
        return;
    };
    let edit = format!("{}__sendsite/edit/", config.base_path);
    println!("Team mode: people edit the site through the council's sign-in proxy, at {edit} on the proxy's host name (e.g. https://send-editor.council.example{edit}).");
    match socket {
        Some(path) => println!("sendsite answers only connections on the socket {} (mode 660: its owner and group); point the proxy at it.", path.display()),
        None => println!("sendsite answers only connections from {} ({}); over TCP on this machine's loopback, every local process can connect from 127.0.0.1, so prefer --socket when the proxy runs here too.", bound, team.trusted_proxies.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")),
    }
    let live = &team.publish_to;
    let empty = std::fs::read_dir(live).map_or(true, |mut d| d.next().is_none());
    if empty {
        println!(
            "The live folder {} stays empty until an approver first presses Approve and publish.",
            live.display()
        );
    }
    let path = config.base_path.trim_matches('/');
    let root_of_server = match path.is_empty() {
        true => Some(live.clone()),
        false => live
            .to_string_lossy()
            .trim_end_matches('/')
            .strip_suffix(path)
            .map(|r| PathBuf::from(r.trim_end_matches('/'))),
    };
    match root_of_server {
        Some(r) => println!("The web server serves {} from the folder {} (nginx: root {};).", config.base_url, live.display(), r.display()),
        None => println!("Note: publish_to ({}) does not end with {} as base_url's address does, so the web server cannot use it as a root: serve it with nginx `location {} {{ alias {}/; }}` (Apache: Alias), or end publish_to with /{path}.", live.display(), config.base_path, config.base_path, live.display()),
    }
}

/// The rebuild loop's state.
struct Session {
    engine: Engine,
    /// What the editor reads: the site as last read and built, set after every rebuild.
    latest: Arc<Latest>,
    editor: Option<Arc<Editor>>,
    store: Shared,
    hub: Hub,
    report: fn(Diagnostics),
    /// The problems last printed, so that the same ones are not printed after every save.
    warnings: Vec<crate::error::Diagnostic>,
    /// Where the site is served, without the base path (e.g. `http://127.0.0.1:1111`).
    origin: String,
    /// Whether the address has been announced (changes to it are announced again).
    announced: bool,
}

impl Session {
    fn first_build(&mut self, bound: &SocketAddr, open: bool) {
        let started = Instant::now();
        let mut title = String::new();
        let built = self.engine.build_all();
        match built {
            Ok(site) => {
                let ms = started.elapsed().as_millis();
                let (entries, pages) = (
                    plural(site.entries, "entry", "entries"),
                    page_count(&site.outputs),
                );
                println!(
                    "Built {entries} ({}) in {ms} ms.",
                    plural(pages, "page", "pages")
                );
                title = format!("{} ", site.title);
                self.swap_in(site);
            }
            Err(errors) => self.show_errors(errors),
        }
        let url = format!(
            "{}{}",
            self.origin,
            self.store
                .read()
                .unwrap_or_else(|e| e.into_inner())
                .base_path
        );
        println!("Serving {title}at {url}");
        self.announced = true;
        let base = self
            .store
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .base_path
            .clone();
        // A team's editor is reached through the sign-in proxy (said when team mode starts),
        // never at the address sendsite itself listens on.
        let team = self.editor.as_ref().is_some_and(|e| e.is_team());
        let edit = (self.editor.as_ref())
            .filter(|_| !team)
            .map(|e| e.address(&self.origin, &base));
        match &edit {
            Some(edit) => println!("Edit the site: {edit}"),
            None if team => {}
            None => println!(
                "Other computers on the network can see this preview (--bind {}). It is read-only: the editor runs only when serve listens on this computer alone (without --bind).",
                bound.ip()
            ),
        }
        println!("Watching content/ and themes/ for changes; press Ctrl+C to stop.");
        if open {
            open_browser(edit.as_deref().unwrap_or(&url));
        }
    }

    fn rebuild(&mut self, changes: &Changes) {
        if changes.is_empty() {
            return;
        }
        let started = Instant::now();
        let rebuilt = self.engine.rebuild(changes);
        match rebuilt {
            None => {}
            Some(Ok(rebuilt)) => {
                let (read, pages) = (rebuilt.read.clone(), page_count(&rebuilt.outputs));
                let signal = self.swap_in(rebuilt);
                let ms = started.elapsed().as_millis();
                let css = if signal == Signal::Css {
                    " (styles swapped in place)"
                } else {
                    ""
                };
                println!(
                    "Rebuilt {read}, {} in {ms} ms{css}.",
                    plural(pages, "page", "pages")
                );
            }
            Some(Err(errors)) => self.show_errors(errors),
        }
    }

    /// Swaps a rebuild into the served site and tells the tabs.
    fn swap_in(&mut self, rebuilt: Rebuilt) -> Signal {
        self.print_warnings(&rebuilt.warnings);
        let signal = if styles_only(&rebuilt) {
            Signal::Css
        } else {
            Signal::Reload
        };
        let mut store = self.store.write().unwrap_or_else(|e| e.into_inner());
        if self.announced && store.base_path != rebuilt.base_path {
            println!(
                "The site is now served at {}{}",
                self.origin, rebuilt.base_path
            );
        }
        // The errors `check` finds in a site that builds are shown over its new pages.
        let errors = rebuilt.warnings.errors();
        let errors = (!errors.is_empty()).then_some((&errors, live::Errors::Built));
        store.snippet = live::snippet(&rebuilt.base_path, errors).into();
        store.base_path = rebuilt.base_path;
        store.apply(rebuilt.outputs, &rebuilt.scope);
        self.tell(store, signal)
    }

    /// Prints the errors, and shows them over the pages served.
    fn show_errors(&mut self, errors: Diagnostics) {
        (self.report)(errors.clone());
        let mut store = self.store.write().unwrap_or_else(|e| e.into_inner());
        if store.is_empty() {
            println!("The site was not built: it is served as soon as the errors are fixed.");
        } else {
            println!("The site was not rebuilt: the last version that built is still served, with the errors over it.");
        }
        store.snippet =
            live::snippet(&store.base_path, Some((&errors, live::Errors::Failed))).into();
        self.tell(store, Signal::Failed);
    }

    /// Counts the change, gives the editor the site as it now is, and tells every tab, once the
    /// store is released.
    fn tell(&self, mut store: std::sync::RwLockWriteGuard<Store>, signal: Signal) -> Signal {
        store.version += 1;
        let version = store.version;
        let base_path = store.base_path.clone();
        drop(store);
        self.latest.set(self.engine.snapshot(version, &base_path));
        self.hub.send(signal, version);
        signal
    }

    /// Prints what the site's problems are now: every one the first time, then only those a
    /// rebuild found that the last did not (a large site's thousands, printed after every save,
    /// would bury what the author just did), with the count of all.
    fn print_warnings(&mut self, warnings: &Diagnostics) {
        let now = warnings.clone().sorted();
        let new = Diagnostics::new_since(&now, &self.warnings);
        if !new.is_empty() {
            (self.report)(new.into_iter().collect());
            if !self.warnings.is_empty() {
                let (errors, warnings) = (warnings.error_count(), warnings.warning_count());
                println!("The site now has {errors} errors and {warnings} warnings in all.");
            }
        }
        self.warnings = now;
    }
}

/// Whether a rebuild changed nothing but stylesheets, which tabs can swap without reloading.
fn styles_only(rebuilt: &Rebuilt) -> bool {
    match &rebuilt.scope {
        Scope::All => false,
        Scope::Only(paths) => {
            !paths.is_empty()
                && paths
                    .iter()
                    .all(|p| Path::new(p).extension().is_some_and(|e| e == "css"))
        }
    }
}

/// Opens `url` in the default browser, or says how to open it.
fn open_browser(url: &str) {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    match command.arg(url).spawn() {
        Ok(mut child) => drop(std::thread::spawn(move || child.wait())),
        Err(e) => eprintln!("warning: cannot open a browser ({e}); open {url} in one yourself."),
    }
}
