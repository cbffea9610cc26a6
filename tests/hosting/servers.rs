//! Real web servers for the hosting tests: Debian's nginx and Apache httpd, each started on a
//! free loopback port with a configuration of the test's own (no system files are touched), and
//! stopped when the test ends. `.ci/run` installs both.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running server, stopped when dropped.
pub struct Running {
    child: Child,
    pub port: u16,
    log: PathBuf,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The program, or a clear failure: these tests are part of the suite, never skipped.
fn program(path: &str, package: &str) -> PathBuf {
    let p = PathBuf::from(path);
    assert!(
        p.exists(),
        "{path} is not installed: apt-get install {package} (.ci/run does)"
    );
    p
}

/// Whether the tests run as root: then the servers' workers run as `nobody`.
fn root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// Lets the servers' workers (which may run as `nobody`) read everything under `dir`.
pub fn readable(dir: &Path) {
    let status = Command::new("chmod")
        .args(["-R", "a+rX"])
        .arg(dir)
        .status()
        .unwrap();
    assert!(status.success());
}

fn start(mut command: Command, port: u16, log: PathBuf) -> Running {
    let child = command
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the server");
    let mut running = Running { child, port, log };
    let deadline = Instant::now() + Duration::from_secs(15);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Ok(Some(status)) = running.child.try_wait() {
            let mut err = String::new();
            if let Some(mut e) = running.child.stderr.take() {
                let _ = e.read_to_string(&mut err);
            }
            let log = std::fs::read_to_string(&running.log).unwrap_or_default();
            panic!("the server stopped ({status}): {err}\n{log}");
        }
        assert!(Instant::now() < deadline, "the server did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    running
}

/// nginx serving `www` (the folder that holds the site at its sub-path) with `include` in its
/// `server` block, as docs/publishing.md shows.
pub fn nginx(work: &Path, www: &Path, include: &Path) -> Running {
    let bin = program("/usr/sbin/nginx", "nginx");
    let port = free_port();
    for dir in ["body", "proxy", "fastcgi", "uwsgi", "scgi"] {
        std::fs::create_dir_all(work.join("temp").join(dir)).unwrap();
    }
    let w = work.display();
    let user = if root() { "user nobody nogroup;\n" } else { "" };
    let conf = format!(
        "{user}worker_processes 1;\ndaemon off;\npid {w}/nginx.pid;\nerror_log {w}/error.log warn;\nevents {{ worker_connections 64; }}\nhttp {{\n  access_log off;\n  client_body_temp_path {w}/temp/body;\n  proxy_temp_path {w}/temp/proxy;\n  fastcgi_temp_path {w}/temp/fastcgi;\n  uwsgi_temp_path {w}/temp/uwsgi;\n  scgi_temp_path {w}/temp/scgi;\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n  server {{\n    listen 127.0.0.1:{port};\n    root {};\n    include {};\n  }}\n}}\n",
        www.display(),
        include.display()
    );
    let file = work.join("nginx.conf");
    std::fs::write(&file, conf).unwrap();
    let mut command = Command::new(bin);
    command.arg("-p").arg(work).arg("-c").arg(&file);
    start(command, port, work.join("error.log"))
}

/// Apache httpd serving `www` with `.htaccess` files allowed, as docs/publishing.md shows.
pub fn apache(work: &Path, www: &Path) -> Running {
    let bin = program("/usr/sbin/apache2", "apache2");
    let port = free_port();
    let modules = "/usr/lib/apache2/modules";
    let w = work.display();
    let user = if root() {
        "User nobody\nGroup nogroup\n"
    } else {
        ""
    };
    let load: String = ["mpm_event", "authz_core", "dir", "mime", "alias"]
        .iter()
        .map(|m| format!("LoadModule {m}_module {modules}/mod_{m}.so\n"))
        .collect();
    let conf = format!(
        "ServerRoot {w}\nServerName 127.0.0.1\nListen 127.0.0.1:{port}\nPidFile {w}/httpd.pid\nDefaultRuntimeDir {w}\nErrorLog {w}/error.log\nLogLevel warn\nMutex file:{w} default\n{load}{user}TypesConfig /etc/mime.types\nDocumentRoot {www}\n<Directory />\n  AllowOverride None\n  Require all denied\n</Directory>\n<Directory {www}>\n  AllowOverride FileInfo Indexes\n  Require all granted\n</Directory>\n",
        www = www.display()
    );
    let file = work.join("httpd.conf");
    std::fs::write(&file, conf).unwrap();
    let mut command = Command::new(bin);
    command.arg("-f").arg(&file).arg("-DFOREGROUND");
    start(command, port, work.join("error.log"))
}

/// One HTTP answer.
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// `GET path` over HTTP/1.0, which every server answers and then closes.
pub fn get(port: u16, path: &str) -> Reply {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a whole answer");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    Reply {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    }
}
