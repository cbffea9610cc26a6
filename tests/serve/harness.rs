//! Running `sendsite serve` from a test: start it on a free port, fetch over plain TCP, read the
//! event stream, save files as editors do, and wait (always with a bound) for changes to show.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// How long any one change may take to show (generous: tests share a small machine).
pub const PATIENCE: Duration = Duration::from_secs(60);
/// What serve adds after `<body>` to the fixture's pages (its base path is `/send/`).
pub const SCRIPT: &str = "<script src=\"/send/__sendsite/reload.js\" defer></script>";
/// An entry of the fixture that the tests edit.
pub const NEWS: &str = "content/updates/2022/2022-12-05-news.md";

/// The hidden version of the form on `page` (what a browser sends back with it).
pub fn version_of(page: &str) -> String {
    let at = page.find("name=\"version\" value=\"").unwrap() + 22;
    page[at..at + page[at..].find('"').unwrap()].to_string()
}

/// The settings folder every serve of the tests is given (`XDG_CONFIG_HOME`).
pub fn settings_home() -> std::path::PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("settings-home")
}

/// A running `sendsite serve`, stopped when dropped.
pub struct Server {
    child: Child,
    /// `127.0.0.1:port`.
    pub host: String,
    /// The address it printed.
    pub url: String,
    /// What it printed on stderr so far.
    pub stderr: Arc<Mutex<String>>,
    /// The editor's address with its key (after "Edit the site:"), if it printed one.
    pub edit: Option<String>,
    /// Every line it printed on stdout before "Watching".
    pub said: Vec<String>,
}

impl Server {
    pub fn start(root: &Path) -> Server {
        Server::start_with(root, &[])
    }

    /// Starts serve with more arguments (e.g. `--bind 0.0.0.0`).
    pub fn start_with(root: &Path, extra: &[&str]) -> Server {
        Server::start_in(root, extra, &[])
    }

    /// Starts serve with more arguments and environment variables.
    pub fn start_in(root: &Path, extra: &[&str], env: &[(&str, &std::ffi::OsStr)]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_sendsite"))
            .args([
                "serve",
                "--root",
                root.to_str().unwrap(),
                "--port",
                "0",
                "--today",
                "2026-11-01",
            ])
            .args(extra)
            // The editor keeps its key in the user's settings folder: the tests' own, never the
            // real one.
            .env("XDG_CONFIG_HOME", settings_home())
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start sendsite serve");
        let lines = lines_of(child.stdout.take().unwrap());
        let stderr = Arc::new(Mutex::new(String::new()));
        let sink = Arc::clone(&stderr);
        let err = child.stderr.take().unwrap();
        thread::spawn(move || {
            BufReader::new(err)
                .lines()
                .map_while(Result::ok)
                .for_each(|l| sink.lock().unwrap().push_str(&(l + "\n")))
        });
        let mut said = Vec::new();
        loop {
            let line = lines
                .recv_timeout(PATIENCE)
                .expect("serve prints the address it serves at");
            if line.starts_with("Watching ") {
                break;
            }
            said.push(line);
        }
        let serving = said.iter().find(|l| l.starts_with("Serving ")).unwrap();
        // Only this computer can see the preview unless --bind says otherwise.
        let url = serving.split(" at ").nth(1).unwrap().to_string();
        assert!(
            url.starts_with("http://127.0.0.1:") || !extra.is_empty(),
            "{serving}"
        );
        let port = url
            .trim_start_matches("http://")
            .split('/')
            .next()
            .unwrap()
            .rsplit(':')
            .next()
            .unwrap()
            .to_string();
        let edit = said
            .iter()
            .find_map(|l| l.strip_prefix("Edit the site: "))
            .map(str::to_string);
        Server {
            child,
            host: format!("127.0.0.1:{port}"),
            url,
            stderr,
            edit,
            said,
        }
    }

    /// Sends a GET for this exact target (nothing normalised) and reads the whole answer.
    pub fn get(&self, target: &str) -> Reply {
        let mut stream = TcpStream::connect(&self.host).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        write!(
            stream,
            "GET {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.host
        )
        .unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        Reply::parse(&raw)
    }

    /// Sends a request with these headers (Host and Connection are added) and body.
    pub fn request(
        &self,
        method: &str,
        target: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Reply {
        let mut stream = TcpStream::connect(&self.host).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        let mut head = format!(
            "{method} {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n",
            self.host
        );
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        if !body.is_empty() || method == "POST" {
            head.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes()).unwrap();
        let _ = stream.write_all(body);
        let mut raw = Vec::new();
        let _ = stream.read_to_end(&mut raw);
        Reply::parse(&raw)
    }

    /// Sends only a POST's head, saying its body is `length` bytes, and reads the answer.
    pub fn request_head_only(
        &self,
        target: &str,
        headers: &[(&str, &str)],
        length: usize,
    ) -> Reply {
        let mut stream = TcpStream::connect(&self.host).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        let mut head = format!("POST {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: {length}\r\n", self.host);
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes()).unwrap();
        let mut raw = Vec::new();
        let _ = stream.read_to_end(&mut raw);
        Reply::parse(&raw)
    }

    /// Opens the live-reload event stream; returns once the server has taken it in.
    pub fn events(&self) -> Events {
        self.events_at("/send/__sendsite/events")
    }

    pub fn events_at(&self, target: &str) -> Events {
        let mut stream = TcpStream::connect(&self.host).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        write!(
            stream,
            "GET {target} HTTP/1.1\r\nHost: {}\r\n\r\n",
            self.host
        )
        .unwrap();
        let mut events = Events {
            lines: BufReader::new(stream),
        };
        events.until(|line| line.starts_with("retry:"));
        events
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn lines_of(out: impl Read + Send + 'static) -> Receiver<String> {
    let (tx, rx) = channel();
    thread::spawn(move || {
        BufReader::new(out)
            .lines()
            .map_while(Result::ok)
            .for_each(|l| drop(tx.send(l)))
    });
    rx
}

/// An HTTP answer.
pub struct Reply {
    pub status: u16,
    pub head: String,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn parse(raw: &[u8]) -> Reply {
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("an HTTP answer");
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        let status = head[9..12].parse().unwrap();
        Reply {
            status,
            head,
            body: raw[split + 4..].to_vec(),
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        let prefix = format!("{}: ", name.to_lowercase());
        self.head
            .lines()
            .find(|l| l.to_lowercase().starts_with(&prefix))
            .map(|l| &l[prefix.len()..])
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// The live-reload event stream of one tab.
pub struct Events {
    lines: BufReader<TcpStream>,
}

impl Events {
    fn until(&mut self, done: impl Fn(&str) -> bool) {
        let mut line = String::new();
        loop {
            line.clear();
            let n = self
                .lines
                .read_line(&mut line)
                .expect("the event stream stays open");
            assert!(n > 0, "the event stream was closed");
            if done(line.trim_end()) {
                return;
            }
        }
    }

    /// Waits for an event with this name (earlier events of other names are skipped).
    pub fn expect(&mut self, name: &str) {
        self.until(|line| line == format!("event: {name}"));
    }
}

/// Saves a file the way many editors do: a temporary file beside it, renamed over it.
pub fn save(root: &Path, path: &str, text: &str) {
    let target = root.join(path);
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
    let temp = target.with_file_name(format!(
        ".{}.tmp",
        target.file_name().unwrap().to_string_lossy()
    ));
    std::fs::write(&temp, text).unwrap();
    std::fs::rename(&temp, &target).unwrap();
}

/// Polls until `check` holds.
pub fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    let deadline = Instant::now() + PATIENCE;
    while !check() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        thread::sleep(Duration::from_millis(50));
    }
}

pub fn page(server: &Server, target: &str) -> String {
    let reply = server.get(target);
    assert_eq!(reply.status, 200, "{target}: {}", reply.head);
    reply.text()
}

/// What pressing "Approve and publish the selected changes" on a Review and publish `page`
/// sends: the version it shows, the publication it was opened against, and each item ticked.
#[allow(dead_code)] // the team tests' (they share this file)
pub fn approval(page: &str) -> Vec<(String, String)> {
    let value = |name: &str| {
        let marker = format!("name=\"{name}\" value=\"");
        let at = page.find(&marker).unwrap() + marker.len();
        page[at..at + page[at..].find('"').unwrap()].to_string()
    };
    let mut sent = vec![
        ("version".to_string(), value("version")),
        ("since".to_string(), value("since")),
    ];
    for input in page.split("<input ").skip(1) {
        let tag = &input[..input.find('>').unwrap()];
        if tag.contains("name=\"item\"") && tag.contains(" checked") {
            let at = tag.find("value=\"").unwrap() + 7;
            sent.push((
                "item".into(),
                tag[at..at + tag[at..].find('"').unwrap()].into(),
            ));
        }
    }
    sent
}

/// `pairs` as a form's fields are given.
#[allow(dead_code)] // the team tests'
pub fn borrowed(pairs: &[(String, String)]) -> Vec<(&str, &str)> {
    pairs
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect()
}
