//! Only the sign-in proxy can speak for a person: through a Unix socket, whose mode keeps out
//! every other local user; over TCP, a peer outside `trusted_proxies` is refused before it is
//! read, so slow ones hold no place; a second identity header is refused whatever its bytes.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::time::Duration;

use super::harness::Server;
use super::{common, direct_team, nginx, running_as_root, Person};

fn team_toml(root: &std::path::Path, trusted: &str, live: &std::path::Path) {
    std::fs::write(
        root.join("team.toml"),
        format!("identity_header = \"X-Forwarded-Email\"\ntrusted_proxies = [\"{trusted}\"]\npublish_to = \"{}\"\neditors = [\"sam@council.example\"]\napprovers = [\"alex@council.example\"]\n", live.display()),
    )
    .unwrap();
}

/// A team's site served on a Unix socket in a folder of its own, no address trusted: only the
/// socket lets anyone in. When the tests run as root, the web servers' workers run as
/// nobody:nogroup: the socket is theirs by its group.
#[cfg(unix)]
struct OnSocket {
    server: Server,
    work: tempfile::TempDir,
    sock: std::path::PathBuf,
    _site: tempfile::TempDir,
    _live: tempfile::TempDir,
}

#[cfg(unix)]
impl OnSocket {
    fn start() -> OnSocket {
        let site = common::copy_fixture("framework-2023");
        let live = tempfile::tempdir().unwrap();
        team_toml(site.path(), "192.0.2.1", &live.path().join("send"));
        let work = tempfile::tempdir().unwrap();
        let sock = work.path().join("team.sock");
        let mut extra = vec!["--team", "--socket", sock.to_str().unwrap()];
        if running_as_root() {
            extra.extend(["--socket-group", "nogroup"]);
        }
        let server = Server::start_with(site.path(), &extra);
        OnSocket {
            server,
            work,
            sock,
            _site: site,
            _live: live,
        }
    }
}

#[cfg(unix)]
#[test]
fn through_the_unix_socket_only_the_proxy_can_speak_for_a_person() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let on = OnSocket::start();
    let (server, work, sock) = (&on.server, &on.work, &on.sock);
    let sock_arg = sock.to_str().unwrap();
    let said = server.said.join("\n");
    assert!(
        said.contains("people edit the site through the council's sign-in proxy, at /send/__sendsite/edit/ on the proxy's host name"),
        "{said}"
    );
    assert!(!said.contains("Edit the site: http://127.0.0.1"), "{said}");
    let meta = std::fs::metadata(sock).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, 0o660);
    let proxy = nginx(work.path(), &format!("unix:{sock_arg}:"));
    let alex = Person {
        proxy: &proxy,
        name: "alex",
    };
    let page = alex.get("");
    assert_eq!(page.status, 200, "{}", page.text());
    if running_as_root() {
        assert_eq!(meta.gid(), 65534, "the socket is nogroup's");
        // Another local user (daemon: neither its owner nor in its group) sends the header
        // straight to the socket: the system refuses the connection. The same user in the
        // socket's group is let through: the socket's mode, nothing else, decides.
        let as_daemon = |group: &str| {
            Command::new("setpriv")
                .args([
                    "--reuid=daemon",
                    &format!("--regid={group}"),
                    "--clear-groups",
                ])
                .args(["curl", "-sS", "--unix-socket", sock_arg])
                .args(["-H", "X-Forwarded-Email: alex@council.example"])
                .arg("http://localhost/send/__sendsite/edit/")
                .output()
                .unwrap()
        };
        let forged = as_daemon("daemon");
        assert!(!forged.status.success());
        assert_eq!(forged.stdout, b"", "nothing is answered");
        assert!(
            String::from_utf8_lossy(&forged.stderr).contains("Couldn't connect"),
            "{}",
            String::from_utf8_lossy(&forged.stderr)
        );
        let in_group = as_daemon("nogroup");
        assert!(in_group.status.success());
        assert!(String::from_utf8_lossy(&in_group.stdout).contains("Publish"));
    }
}

#[test]
fn slow_untrusted_peers_hold_no_place_that_signed_in_requests_need() {
    let site = common::copy_fixture("framework-2023");
    let root = site.path();
    let live_dir = tempfile::tempdir().unwrap();
    // nginx connects from 127.0.0.2; everyone else (here, 127.0.0.1) is untrusted.
    team_toml(root, "127.0.0.2", &live_dir.path().join("send"));
    let server = Server::start_with(root, &["--team"]);
    let work = tempfile::tempdir().unwrap();
    let proxy = nginx(work.path(), &server.host);
    // 300 peers that send one header line and then nothing (more than the 256 places).
    let slow: Vec<TcpStream> = (0..300)
        .filter_map(|_| {
            let mut s = TcpStream::connect(&server.host).ok()?;
            let _ = s.write_all(b"GET /send/__sendsite/edit/ HTTP/1.1\r\nHost: x\r\n");
            Some(s)
        })
        .collect();
    assert!(slow.len() > 256, "{} connections", slow.len());
    let alex = Person {
        proxy: &proxy,
        name: "alex",
    };
    let answered = (0..28).filter(|_| alex.get("").status == 200).count();
    assert_eq!(answered, 28, "every signed-in request is answered");
    // Each slow peer was answered 403 and closed without being read.
    let mut first = &slow[0];
    first
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut reply = String::new();
    let _ = first.read_to_string(&mut reply);
    assert!(reply.starts_with("HTTP/1.1 403"), "{reply}");
    assert!(reply.contains("did not come through the council's sign-in"));
}

#[test]
fn a_second_identity_header_is_refused_whatever_its_bytes() {
    let site = common::copy_fixture("framework-2023");
    let root = site.path();
    let live_dir = tempfile::tempdir().unwrap();
    let server = direct_team(root, &live_dir.path().join("send"));
    let ask = |extra: &[u8]| {
        let mut s = TcpStream::connect(&server.host).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        let mut head = format!("GET /send/__sendsite/edit/ HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nX-Forwarded-Email: alex@council.example\r\n", server.host).into_bytes();
        head.extend_from_slice(extra);
        head.extend_from_slice(b"\r\n");
        s.write_all(&head).unwrap();
        let mut raw = Vec::new();
        let _ = s.read_to_end(&mut raw);
        String::from_utf8_lossy(&raw).into_owned()
    };
    let alone = ask(b"");
    assert!(alone.starts_with("HTTP/1.1 200"), "{alone}");
    let twice = ask(b"X-Forwarded-Email: \xff\xfe@council.example\r\n");
    assert!(twice.starts_with("HTTP/1.1 403"), "{twice}");
    assert!(twice.contains("or said it twice"), "{twice}");
}

#[test]
fn no_page_team_mode_serves_can_be_framed_preview_included() {
    let site = common::copy_fixture("framework-2023");
    let root = site.path();
    let live_dir = tempfile::tempdir().unwrap();
    let server = direct_team(root, &live_dir.path().join("send"));
    for target in ["/send/", "/send/__sendsite/edit/", "/send/feed.xml"] {
        let page = server.request(
            "GET",
            target,
            &[("X-Forwarded-Email", "sam@council.example")],
            b"",
        );
        assert_eq!(page.status, 200, "{target}");
        assert_eq!(page.header("x-frame-options"), Some("DENY"), "{target}");
        assert!(
            page.header("content-security-policy")
                .is_some_and(|c| c.contains("frame-ancestors 'none'")),
            "{target}"
        );
    }
}

/// Apache httpd in front on a free port, as docs/team.md shows it with the Unix socket: basic
/// auth standing in for the sign-in, the header set from the signed-in user, `ProxyPass` to
/// the socket.
#[cfg(unix)]
fn apache(work: &std::path::Path, sock: &str) -> (super::Proxy, u16) {
    let bin = std::path::Path::new("/usr/sbin/apache2");
    assert!(
        bin.exists(),
        "apache2 is not installed (.ci/run installs it)"
    );
    let port = super::free_port();
    let w = work.display();
    let people = work.join("people");
    for (i, name) in ["alex", "sam"].iter().enumerate() {
        let create = if i == 0 { "-bc" } else { "-b" };
        let made = Command::new("htpasswd")
            .args([
                create,
                people.to_str().unwrap(),
                name,
                &format!("{name}-pw"),
            ])
            .output()
            .unwrap();
        assert!(made.status.success(), "htpasswd (apache2-utils) is needed");
    }
    let modules = "/usr/lib/apache2/modules";
    let load: String = [
        "mpm_event",
        "authz_core",
        "authn_core",
        "authn_file",
        "auth_basic",
        "authz_user",
        "headers",
        "proxy",
        "proxy_http",
    ]
    .iter()
    .map(|m| format!("LoadModule {m}_module {modules}/mod_{m}.so\n"))
    .collect();
    let user = match running_as_root() {
        true => "User nobody\nGroup nogroup\n",
        false => "",
    };
    let conf = format!(
        "ServerRoot {w}\nServerName 127.0.0.1\nListen 127.0.0.1:{port}\nPidFile {w}/httpd.pid\nDefaultRuntimeDir {w}\nErrorLog {w}/error.log\nLogLevel warn\nMutex file:{w} default\n{load}{user}\
<Location \"/\">\n  AuthType Basic\n  AuthName \"Council sign-in\"\n  AuthBasicProvider file\n  AuthUserFile {w}/people\n  Require valid-user\n  RequestHeader unset X-Forwarded-Email\n  RequestHeader set X-Forwarded-Email \"expr=%{{REMOTE_USER}}@council.example\"\n</Location>\n\
ProxyPreserveHost On\nProxyPass \"/\" \"unix:{sock}|http://localhost/\"\nProxyPassReverse \"/\" \"unix:{sock}|http://localhost/\"\n"
    );
    std::fs::write(work.join("httpd.conf"), conf).unwrap();
    Command::new("chmod")
        .args(["-R", "a+rX"])
        .arg(work)
        .status()
        .unwrap();
    let child = Command::new(bin)
        .arg("-f")
        .arg(work.join("httpd.conf"))
        .arg("-DFOREGROUND")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            std::time::Instant::now() < deadline,
            "apache did not start: {}",
            std::fs::read_to_string(work.join("error.log")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    (super::Proxy { child, port }, port)
}

#[cfg(unix)]
#[test]
fn apache_reaches_the_editor_through_the_unix_socket() {
    let on = OnSocket::start();
    let (proxy, _) = apache(on.work.path(), on.sock.to_str().unwrap());
    let alex = Person {
        proxy: &proxy,
        name: "alex",
    };
    let page = alex.get("");
    assert_eq!(page.status, 200, "{}", page.text());
    assert!(
        page.text().contains("alex@council.example"),
        "signed in as Alex"
    );
    let publish = alex.get("publish");
    assert_eq!(publish.status, 200, "{}", publish.text());
    // Without signing in, Apache asks for it; nothing reaches sendsite.
    let mut stream = TcpStream::connect(("127.0.0.1", proxy.port)).unwrap();
    write!(stream, "GET /send/__sendsite/edit/ HTTP/1.0\r\nHost: x\r\nX-Forwarded-Email: alex@council.example\r\n\r\n").unwrap();
    let mut raw = String::new();
    stream.read_to_string(&mut raw).unwrap();
    assert!(raw.starts_with("HTTP/1.1 401"), "{raw}");
}
