//! Team mode as a council runs it: `sendsite serve --team` behind real nginx, whose basic auth
//! stands in for the council's sign-in and sets the header naming the person, with real git
//! underneath. Sam (an editor) saves an update; it is not live until Alex (an approver)
//! publishes it; Alex cannot approve a change of Alex's own; Jo can; a version is restored; a
//! request that did not come through the proxy is refused; `sendsite publish` puts an
//! embargoed update live on its day.

#[path = "../common/mod.rs"]
mod common;
// Shared with the serve tests, which use all of it.
#[allow(dead_code)]
#[path = "../serve/harness.rs"]
mod harness;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use harness::{approval, borrowed, version_of, Reply, Server};

mod integrity;
mod notify;
mod proxy;
mod removal;
mod review;

/// nginx in front, stopped when dropped.
struct Proxy {
    child: Child,
    port: u16,
}

impl Drop for Proxy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

fn running_as_root() -> bool {
    let id = Command::new("id").arg("-u").output().unwrap();
    String::from_utf8_lossy(&id.stdout).trim() == "0"
}

/// nginx on a free port: basic auth for three people, each passed on to sendsite as
/// `X-Forwarded-Email: <name>@council.example`, connecting from 127.0.0.2 (the one address
/// `team.toml` trusts).
fn nginx(work: &Path, upstream: &str) -> Proxy {
    let bin = Path::new("/usr/sbin/nginx");
    assert!(
        bin.exists(),
        "nginx is not installed: apt-get install nginx (.ci/run does)"
    );
    let port = free_port();
    for dir in ["body", "proxy", "fastcgi", "uwsgi", "scgi"] {
        std::fs::create_dir_all(work.join("temp").join(dir)).unwrap();
    }
    let people = work.join("people");
    std::fs::write(
        &people,
        "sam:{PLAIN}sam-pw\nalex:{PLAIN}alex-pw\njo:{PLAIN}jo-pw\n",
    )
    .unwrap();
    Command::new("chmod")
        .args(["-R", "a+rX"])
        .arg(work)
        .status()
        .unwrap();
    let w = work.display();
    // Over TCP, nginx connects from the one address team.toml trusts; to a Unix socket, the
    // socket's mode decides.
    let bind = match upstream.starts_with("unix:") {
        true => "",
        false => "proxy_bind 127.0.0.2;",
    };
    let user = if running_as_root() {
        "user nobody nogroup;\n"
    } else {
        ""
    };
    let conf = format!(
        "{user}worker_processes 1;\ndaemon off;\npid {w}/nginx.pid;\nerror_log {w}/error.log warn;\nevents {{ worker_connections 64; }}\nhttp {{\n  access_log off;\n  client_body_temp_path {w}/temp/body;\n  proxy_temp_path {w}/temp/proxy;\n  fastcgi_temp_path {w}/temp/fastcgi;\n  uwsgi_temp_path {w}/temp/uwsgi;\n  scgi_temp_path {w}/temp/scgi;\n  server {{\n    listen 127.0.0.1:{port};\n    client_max_body_size 60m;\n    location / {{\n      auth_basic \"Council sign-in\";\n      auth_basic_user_file {w}/people;\n      proxy_http_version 1.1;\n      {bind}\n      proxy_set_header Host $http_host;\n      proxy_set_header X-Forwarded-Email $remote_user@council.example;\n      proxy_pass http://{upstream};\n    }}\n  }}\n}}\n"
    );
    let file = work.join("nginx.conf");
    std::fs::write(&file, conf).unwrap();
    let child = Command::new(bin)
        .arg("-p")
        .arg(work)
        .arg("-c")
        .arg(&file)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(15);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "nginx did not start: {}",
            std::fs::read_to_string(work.join("error.log")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    Proxy { child, port }
}

fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ABC[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A person at a browser, signed in through nginx.
struct Person<'a> {
    proxy: &'a Proxy,
    name: &'static str,
}

impl Person<'_> {
    fn ask(&self, method: &str, target: &str, body: &str) -> Reply {
        let host = format!("127.0.0.1:{}", self.proxy.port);
        let mut stream = TcpStream::connect(&host).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        let auth = base64(format!("{0}:{0}-pw", self.name).as_bytes());
        let mut head = format!("{method} {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nAuthorization: Basic {auth}\r\n");
        if method == "POST" {
            head.push_str(&format!("Origin: http://{host}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n", body.len()));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes()).unwrap();
        stream.write_all(body.as_bytes()).unwrap();
        let mut raw = Vec::new();
        let _ = stream.read_to_end(&mut raw);
        Reply::parse(&raw)
    }

    fn get(&self, path: &str) -> Reply {
        self.ask("GET", &format!("/send/__sendsite/edit/{path}"), "")
    }

    fn send(&self, path: &str, pairs: &[(&str, &str)]) -> Reply {
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        self.ask("POST", &format!("/send/__sendsite/edit/{path}"), &body)
    }
}

fn git(root: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .expect("git is installed");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The update Sam adds, where the editor saves it.
const FILE: &str = "content/updates/2026/2026-10-30-attendance-data-software.md";

fn new_update(title: &str, date: &str) -> Vec<(&'static str, String)> {
    vec![
        ("title", title.to_string()),
        ("date", date.to_string()),
        ("kind", "news".to_string()),
        (
            "body",
            "Schools now send attendance data every day.".to_string(),
        ),
        ("action", "save".to_string()),
    ]
}

fn pairs<'a>(list: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    list.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

#[test]
fn a_team_saves_approves_and_publishes_through_its_sign_in() {
    let site = common::copy_fixture("framework-2023");
    let root = site.path();
    let live_dir = tempfile::tempdir().unwrap();
    let live = live_dir.path().join("send");
    std::fs::write(
        root.join("team.toml"),
        format!("identity_header = \"X-Forwarded-Email\"\ntrusted_proxies = [\"127.0.0.2\"]\npublish_to = \"{}\"\neditors = [\"sam@council.example\"]\napprovers = [\"alex@council.example\", \"jo@council.example\"]\n", live.display()),
    )
    .unwrap();
    let server = Server::start_with(root, &["--team"]);
    let work = tempfile::tempdir().unwrap();
    let proxy = nginx(work.path(), &server.host);
    let (sam, alex, jo) = (
        Person {
            proxy: &proxy,
            name: "sam",
        },
        Person {
            proxy: &proxy,
            name: "alex",
        },
        Person {
            proxy: &proxy,
            name: "jo",
        },
    );

    // Only through the sign-in: straight to sendsite, even with the header, is refused.
    let forged = server.request(
        "GET",
        "/send/__sendsite/edit/",
        &[("X-Forwarded-Email", "alex@council.example")],
        b"",
    );
    assert_eq!(forged.status, 403, "{}", forged.text());
    assert!(forged
        .text()
        .contains("did not come through the council's sign-in"));
    assert!(
        !forged.text().contains("Northmere"),
        "a refusal shows nothing of the site"
    );
    let preview = server.request(
        "GET",
        "/send/",
        &[("X-Forwarded-Email", "alex@council.example")],
        b"",
    );
    assert_eq!(
        preview.status, 403,
        "the preview (drafts included) is refused too"
    );

    // Sam saves a new update: one commit by Sam, saying what changed in words.
    let list = sam.get("").text();
    assert!(
        list.contains("Signed in as <strong>sam@council.example</strong>"),
        "{list}"
    );
    let saved = sam.send(
        "update",
        &pairs(&new_update("Attendance data software", "2026-10-30")),
    );
    assert_eq!(saved.status, 303, "{}", saved.text());
    assert!(root.join(FILE).exists());
    let log = git(root, &["log", "--format=%an <%ae>%x09%s"]);
    assert!(
        log.starts_with("sam <sam@council.example>\tAdded the update “Attendance data software”\n"),
        "{log}"
    );

    // Not live, and Sam cannot publish it, whatever Sam sends.
    assert!(!live
        .join("updates/attendance-data-software/index.html")
        .exists());
    let page = sam.get("publish").text();
    assert!(page.contains("publishing needs an approver"), "{page}");
    assert!(!page.contains(">Approve and publish the selected changes</button>"));
    let version = git(root, &["rev-parse", "HEAD"]).trim().to_string();
    let refused = sam.send("publish", &[("version", &version)]);
    assert_eq!(refused.status, 403, "{}", refused.text());
    assert!(!live.exists(), "nothing is published");

    // Alex approves and publishes: the live folder has it, and the tag is Alex's.
    let page = alex.get("publish").text();
    assert!(page.contains("Update “Attendance data software”"), "{page}");
    assert!(
        page.contains(">Approve and publish the selected changes</button>"),
        "{page}"
    );
    let published = alex.send("publish", &borrowed(&approval(&page)));
    assert_eq!(published.status, 303, "{}", published.text());
    assert!(live
        .join("updates/attendance-data-software/index.html")
        .exists());
    let tags = git(
        root,
        &[
            "for-each-ref",
            "refs/tags/published",
            "--format=%(refname:short) %(taggeremail) %(objecttype)",
        ],
    );
    assert!(
        tags.starts_with("published/") && tags.contains(" <alex@council.example> tag\n"),
        "{tags}"
    );
    let to = published
        .header("location")
        .unwrap()
        .rsplit("/edit/")
        .next();
    let shown = alex.get(to.unwrap()).text();
    assert!(
        shown.contains("The live site now shows the approved changes"),
        "{shown}"
    );

    // Alex's own change cannot be approved by Alex; Jo approves it.
    let file = FILE;
    let form = alex
        .get(&format!("update?file={}", file.replace('/', "%2F")))
        .text();
    let mut retitled = new_update("Attendance data software goes live", "2026-10-30");
    retitled.push(("file", file.to_string()));
    retitled.push(("version", version_of(&form)));
    let saved = alex.send("update", &pairs(&retitled));
    assert_eq!(saved.status, 303, "{}", saved.text());
    let log = git(root, &["log", "-1", "--format=%ae %s"]);
    assert_eq!(log, "alex@council.example Changed the title of the update “Attendance data software goes live”\n");
    let page = alex.get("publish").text();
    assert!(page.contains("You changed this yourself"), "{page}");
    assert!(!page.contains("name=\"item\""), "nothing to tick: {page}");
    // A crafted press of Alex's own item is refused all the same.
    let mut crafted = approval(&page);
    crafted.push(("item".into(), FILE.into()));
    let refused = alex.send("publish", &borrowed(&crafted));
    assert_eq!(refused.status, 403, "{}", refused.text());
    let page = jo.get("publish").text();
    let done = jo.send("publish", &borrowed(&approval(&page)));
    assert_eq!(done.status, 303, "{}", done.text());
    let live_page =
        std::fs::read_to_string(live.join("updates/attendance-data-software/index.html")).unwrap();
    assert!(live_page.contains("Attendance data software goes live"));

    // Two people at once: Sam's form is older than Jo's save, so Sam's save is refused, naming Jo.
    let form = sam
        .get(&format!("update?file={}", file.replace('/', "%2F")))
        .text();
    let sams_version = version_of(&form);
    let mut jos = new_update("Attendance data software is live", "2026-10-30");
    jos.push(("file", file.to_string()));
    jos.push(("version", sams_version.clone()));
    assert_eq!(jo.send("update", &pairs(&jos)).status, 303);
    let mut sams = new_update("Attendance data software: what it means", "2026-10-30");
    sams.push(("file", file.to_string()));
    sams.push(("version", sams_version));
    let clash = sam.send("update", &pairs(&sams));
    assert_eq!(clash.status, 422, "{}", clash.text());
    assert!(
        clash.text().contains("jo@council.example changed it on "),
        "{}",
        clash.text()
    );

    // History in words, and a restore that is a new change.
    let history = jo
        .get(&format!("history?file={}", file.replace('/', "%2F")))
        .text();
    assert!(
        history.contains("Changed the title of the update “Attendance data software is live”"),
        "{history}"
    );
    assert!(history.contains("<th scope=\"row\">Title</th><td>Attendance data software goes live</td><td>Attendance data software is live</td>"), "{history}");
    let first = git(root, &["log", "--format=%H", "--reverse", "--", file])
        .lines()
        .next()
        .unwrap()
        .to_string();
    let asked = jo.send(
        "restore",
        &[
            ("file", file),
            ("commit", &first),
            ("version", &version_of(&history)),
        ],
    );
    // Asked first, saying which version becomes the one now; nothing written yet.
    assert_eq!(asked.status, 200, "{}", asked.text());
    assert!(
        asked
            .text()
            .contains("Restore the update “Attendance data software” as it was on "),
        "{}",
        asked.text()
    );
    assert!(std::fs::read_to_string(root.join(file))
        .unwrap()
        .contains("is live"));
    let restored = jo.send(
        "restore",
        &[
            ("file", file),
            ("commit", &first),
            ("version", &version_of(&history)),
            ("confirm", "yes"),
        ],
    );
    assert_eq!(restored.status, 303, "{}", restored.text());
    let to = restored.header("location").unwrap().to_string();
    let list = jo.get(to.split("/edit/").nth(1).unwrap()).text();
    assert!(
        list.contains("An earlier version of “Attendance data software” was restored"),
        "{list}"
    );
    assert!(std::fs::read_to_string(root.join(file))
        .unwrap()
        .contains("title = \"Attendance data software\"\n"));
    let log = git(root, &["log", "-1", "--format=%ae %s"]);
    assert!(
        log.starts_with(
            "jo@council.example Restored the update “Attendance data software” as it was on "
        ),
        "{log}"
    );

    // The live folder never showed what nobody approved; the history is whole.
    let live_page =
        std::fs::read_to_string(live.join("updates/attendance-data-software/index.html")).unwrap();
    assert!(
        live_page.contains("Attendance data software goes live"),
        "still the approved version"
    );
    git(root, &["fsck", "--strict"]);
    let authors = git(root, &["log", "--format=%ae"]);
    for who in [
        "sam@council.example",
        "alex@council.example",
        "jo@council.example",
    ] {
        assert!(authors.contains(who), "{authors}");
    }
}

/// `sendsite publish --root ROOT --today DAY`, which must succeed; what it printed.
fn publish_on(root: &Path, day: &str) -> String {
    let out = common::sendsite(&["publish", "--root", root.to_str().unwrap(), "--today", day]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn an_embargoed_update_goes_live_on_its_day_without_a_second_approval() {
    let site = common::copy_fixture("framework-2023");
    let root = site.path();
    let live_dir = tempfile::tempdir().unwrap();
    let live: PathBuf = live_dir.path().join("send");
    let server = direct_team(root, &live);
    let (sam, alex) = ("sam@council.example", "alex@council.example");
    let survey = new_update("Results of the parent survey", "2026-11-20");
    let saved = as_who(&server, sam, "update", &pairs(&survey));
    assert_eq!(saved.status, 303, "{}", saved.text());
    // A change from another site's page is refused even with the person's name.
    let forged = server.request(
        "POST",
        "/send/__sendsite/edit/publish",
        &[
            ("X-Forwarded-Email", alex),
            ("Origin", "http://evil.example"),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ],
        b"version=x",
    );
    assert_eq!(forged.status, 403, "{}", forged.text());
    let page = as_who(&server, alex, "publish", &[]).text();
    let done = as_who(&server, alex, "publish", &borrowed(&approval(&page)));
    assert_eq!(done.status, 303, "{}", done.text());
    // serve's day is 2026-11-01 (the harness's --today): the survey is embargoed until the 20th.
    let survey_page = live.join("updates/results-of-the-parent-survey/index.html");
    assert!(live.join("index.html").exists());
    assert!(!survey_page.exists());
    publish_on(root, "2026-11-19");
    assert!(!survey_page.exists());
    let said = publish_on(root, "2026-11-20");
    assert!(
        said.starts_with("Published the version approved as published/"),
        "{said}"
    );
    assert!(survey_page.exists());
    // A later change nobody approved stays out, even when publish runs again.
    let file = "content/updates/2026/2026-11-20-results-of-the-parent-survey.md";
    let form = as_who(
        &server,
        sam,
        &format!("update?file={}", file.replace('/', "%2F")),
        &[],
    );
    let mut changed = new_update("Results of the parent survey (unapproved)", "2026-11-20");
    changed.push(("file", file.into()));
    changed.push(("version", version_of(&form.text())));
    assert_eq!(as_who(&server, sam, "update", &pairs(&changed)).status, 303);
    publish_on(root, "2026-11-21");
    let shown = std::fs::read_to_string(&survey_page).unwrap();
    assert!(
        !shown.contains("unapproved"),
        "only the approved version is published"
    );

    // Taken out of team.toml: no access from the next request, with no restart.
    let toml = std::fs::read_to_string(root.join("team.toml")).unwrap();
    let without = toml.replace("\"sam@council.example\"", "");
    std::fs::write(root.join("team.toml"), without).unwrap();
    let gone = as_who(&server, sam, "", &[]);
    assert_eq!(gone.status, 403, "{}", gone.text());
    assert!(gone
        .text()
        .contains("sam@council.example is not on this site's team"));
    assert_eq!(as_who(&server, alex, "", &[]).status, 200);
}

#[test]
fn team_mode_refuses_to_start_with_a_mistake_in_team_toml() {
    let site = common::copy_fixture("small");
    std::fs::write(
        site.path().join("team.toml"),
        "identity_header = \"Cookie\"\ntrusted_proxies = []\npublish_to = \"/srv/www\"\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_sendsite"))
        .args([
            "serve",
            "--team",
            "--port",
            "0",
            "--root",
            site.path().to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("team.toml:1:19: identity_header \"cookie\" cannot carry who is signed in"),
        "{err}"
    );
    assert!(err.contains("trusted_proxies is empty"), "{err}");
}

/// A team whose approver is Alex, served directly (the proxy's part is played by this test,
/// from 127.0.0.1, which this `team.toml` trusts): a request as `who`.
fn direct_team(root: &Path, publish_to: &Path) -> Server {
    std::fs::write(
        root.join("team.toml"),
        format!("identity_header = \"X-Forwarded-Email\"\ntrusted_proxies = [\"127.0.0.1\"]\npublish_to = \"{}\"\neditors = [\"sam@council.example\"]\napprovers = [\"alex@council.example\"]\n", publish_to.display()),
    )
    .unwrap();
    Server::start_with(root, &["--team"])
}

/// `who` opens Review and publish and presses "Approve and publish the selected changes" with
/// the boxes as the page ticks them, which must publish.
fn approve_all(server: &Server, who: &str) {
    let shown = as_who(server, who, "publish", &[]).text();
    let done = as_who(server, who, "publish", &borrowed(&approval(&shown)));
    assert_eq!(done.status, 303, "{}", done.text());
}

fn as_who(server: &Server, who: &str, path: &str, form: &[(&str, &str)]) -> Reply {
    let target = format!("/send/__sendsite/edit/{path}");
    if form.is_empty() {
        return server.request("GET", &target, &[("X-Forwarded-Email", who)], b"");
    }
    let origin = format!("http://{}", server.host);
    let body = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(form)
        .finish();
    let headers = [
        ("X-Forwarded-Email", who),
        ("Origin", origin.as_str()),
        ("Content-Type", "application/x-www-form-urlencoded"),
    ];
    server.request("POST", &target, &headers, body.as_bytes())
}

#[test]
fn a_press_publishes_what_the_page_showed_not_what_was_saved_since() {
    let site = common::copy_fixture("framework-2023");
    let root = site.path();
    let live_dir = tempfile::tempdir().unwrap();
    let live = live_dir.path().join("send");
    let server = direct_team(root, &live);
    let sam = "sam@council.example";
    let alex = "alex@council.example";
    let first = new_update("Attendance data software", "2026-10-30");
    assert_eq!(as_who(&server, sam, "update", &pairs(&first)).status, 303);
    let shown = as_who(&server, alex, "publish", &[]).text();
    // The first publication is the whole site, listed by kind.
    assert!(
        shown.contains("Waiting for approval (17 items)") && shown.contains("Updates: 7 (7 new)"),
        "{shown}"
    );
    // Sam saves another update while Alex reads the page.
    let second = new_update("Short breaks survey", "2026-10-31");
    assert_eq!(as_who(&server, sam, "update", &pairs(&second)).status, 303);
    let done = as_who(&server, alex, "publish", &borrowed(&approval(&shown)));
    assert_eq!(done.status, 303, "{}", done.text());
    assert!(live
        .join("updates/attendance-data-software/index.html")
        .exists());
    assert!(
        !live.join("updates/short-breaks-survey/index.html").exists(),
        "what the page did not show is not published"
    );
    let next = as_who(&server, alex, "publish", &[]).text();
    assert!(next.contains("Waiting for approval (1 item)"), "{next}");
    assert!(
        next.contains("Approve: Update “Short breaks survey”"),
        "{next}"
    );
}

#[test]
fn a_failed_build_publishes_nothing_and_says_why() {
    let site = common::copy_fixture("framework-2023");
    let root = site.path();
    let blocked = tempfile::tempdir().unwrap();
    // publish_to lies inside a file: no folder can be made there.
    std::fs::write(blocked.path().join("a-file"), "not a folder").unwrap();
    let server = direct_team(root, &blocked.path().join("a-file/send"));
    let shown = as_who(&server, "alex@council.example", "publish", &[]).text();
    let failed = as_who(
        &server,
        "alex@council.example",
        "publish",
        &borrowed(&approval(&shown)),
    );
    assert_eq!(failed.status, 422, "{}", failed.text());
    assert!(
        failed.text().contains("Nothing was published"),
        "{}",
        failed.text()
    );
    assert_eq!(
        git(root, &["tag", "--list", "published/*"]),
        "",
        "no publication is recorded"
    );
}

#[test]
fn a_commit_holds_what_the_save_wrote_and_nothing_else() {
    let site = common::copy_fixture("framework-2023");
    let root = site.path();
    let live_dir = tempfile::tempdir().unwrap();
    let server = direct_team(root, &live_dir.path().join("send"));
    let sam = "sam@council.example";
    // Someone stages a file by hand on the server: no save of Sam's takes it along.
    std::fs::write(root.join("content/pages/notes.md"), "+++\n+++\nNotes.\n").unwrap();
    git(root, &["add", "content/pages/notes.md"]);
    let survey = new_update("Results of the parent survey", "2026-10-20");
    assert_eq!(as_who(&server, sam, "update", &pairs(&survey)).status, 303);
    let files = git(root, &["show", "--name-only", "--format=", "HEAD"]);
    assert_eq!(
        files,
        "content/updates/2026/2026-10-20-results-of-the-parent-survey.md\n"
    );
    let status = git(root, &["status", "--porcelain"]);
    assert_eq!(
        status, "A  content/pages/notes.md\n",
        "the save is not left staged or modified"
    );
    // A file named another way (the same file on disk, another path in git) is refused before
    // anything is read or written.
    let file = "content/updates/2026/./2026-10-20-results-of-the-parent-survey.md";
    let before = std::fs::read(root.join(file)).unwrap();
    let mut sneaky = new_update("Changed without a record", "2026-10-20");
    sneaky.push(("file", file.into()));
    sneaky.push(("version", "x".into()));
    let refused = as_who(&server, sam, "update", &pairs(&sneaky));
    assert_eq!(refused.status, 404, "{}", refused.text());
    assert_eq!(std::fs::read(root.join(file)).unwrap(), before);
    // An address announcing a publication that never happened announces nothing.
    let page = as_who(&server, sam, "publish?published=published%2Fnever", &[]).text();
    assert!(!page.contains("The live site now shows"), "{page}");
}

/// The editor's lists say where each item stands: waiting for approval (since when, changed by
/// whom, and the day an embargoed one will go live), then, once approved, live or scheduled for
/// its day, and live with changes waiting once it is changed again.
#[test]
fn the_lists_say_where_each_item_stands() {
    let site = common::copy_fixture("framework-2023");
    let root = site.path();
    let live_dir = tempfile::tempdir().unwrap();
    let server = direct_team(root, &live_dir.path().join("send"));
    let (sam, alex) = ("sam@council.example", "alex@council.example");
    let publish = |who: &str| approve_all(&server, who);
    publish(alex);
    let now = as_who(
        &server,
        sam,
        "update",
        &pairs(&new_update("Attendance data software", "2026-10-30")),
    );
    assert_eq!(now.status, 303);
    let later = as_who(
        &server,
        sam,
        "update",
        &pairs(&new_update("Short breaks survey", "2027-01-05")),
    );
    assert_eq!(later.status, 303);
    let state_of = |list: &str, title: &str| -> String {
        let at = list
            .find(&format!(">{title}</a>"))
            .unwrap_or_else(|| panic!("{title} not in {list}"));
        let rest = &list[at..];
        let strong = rest.find("<strong>").unwrap() + 8;
        rest[strong..strong + rest[strong..].find("</strong>").unwrap()].to_string()
    };
    let list = as_who(&server, alex, "", &[]).text();
    let waiting = state_of(&list, "Attendance data software");
    assert!(
        waiting.starts_with("Waiting for approval since ")
            && waiting.ends_with(", changed by sam@council.example"),
        "{waiting}"
    );
    assert!(
        state_of(&list, "Short breaks survey").ends_with("; to go live on 5 January 2027"),
        "{list}"
    );
    assert_eq!(
        state_of(&list, "Progress update: March 2025"),
        "Live",
        "published before: {list}"
    );
    publish(alex);
    let list = as_who(&server, sam, "", &[]).text();
    assert_eq!(state_of(&list, "Attendance data software"), "Live");
    assert_eq!(
        state_of(&list, "Short breaks survey"),
        "Scheduled for 5 January 2027"
    );
    // Changed again, it is live with the change waiting.
    let file = FILE;
    let form = as_who(
        &server,
        sam,
        &format!("update?file={}", file.replace('/', "%2F")),
        &[],
    )
    .text();
    let mut retitled = new_update("Attendance data software goes live", "2026-10-30");
    retitled.push(("file", file.to_string()));
    retitled.push(("version", version_of(&form)));
    assert_eq!(
        as_who(&server, sam, "update", &pairs(&retitled)).status,
        303
    );
    let list = as_who(&server, sam, "", &[]).text();
    let changed = state_of(&list, "Attendance data software goes live");
    assert!(
        changed.starts_with("Live, with changes waiting since "),
        "{changed}"
    );
}

/// The web address, the framework and the web server are changed by approvers only: an editor
/// sees them read-only, saying who may change them; a form that changes them anyway is refused
/// and nothing is saved, while the editor's other settings are saved as ever. An approver
/// changes them.
#[test]
fn an_editor_sees_the_approvers_settings_read_only() {
    let site = common::copy_fixture("framework-2023");
    let root = site.path();
    let live_dir = tempfile::tempdir().unwrap();
    let server = direct_team(root, &live_dir.path().join("send"));
    let (sam, alex) = ("sam@council.example", "alex@council.example");
    let form = as_who(&server, sam, "settings", &[]).text();
    assert!(
        form.contains("<p class=\"ed-label\" id=\"f-base-url\">Web address</p>")
            && form
                .contains("<p class=\"ed-locked-value\">https://www.northmere.example/send/</p>")
            && form.contains("Only an approver (alex@council.example) may change this"),
        "{form}"
    );
    assert!(
        !form.contains("name=\"base_url\""),
        "no input for it: {form}"
    );
    assert!(
        form.contains(
            "<p class=\"ed-locked-value\">Area SEND framework (inspections since 2023)</p>"
        ),
        "{form}"
    );
    assert!(
        !form.contains("name=\"framework\"") && !form.contains("name=\"server\""),
        "{form}"
    );
    // The form as the page sends it (every input it has), with a new title: saved.
    let fields = |html: &str| -> Vec<(String, String)> {
        let mut found = Vec::new();
        for (part, textarea) in html
            .split("<input")
            .skip(1)
            .map(|p| (p, false))
            .chain(html.split("<textarea").skip(1).map(|p| (p, true)))
        {
            let tag = part.split('>').next().unwrap_or("");
            let attr = |name: &str| {
                tag.split(&format!(" {name}=\""))
                    .nth(1)
                    .map(|v| v.split('"').next().unwrap_or("").to_string())
            };
            let Some(name) = attr("name") else { continue };
            let value = if textarea {
                let text = part.split_once('>').map_or("", |(_, rest)| rest);
                text.split("</textarea")
                    .next()
                    .unwrap_or("")
                    .trim_start_matches('\n')
                    .to_string()
            } else {
                match attr("type").as_deref() {
                    Some("radio") | Some("checkbox") if !tag.contains(" checked") => continue,
                    _ => attr("value").unwrap_or_default(),
                }
            };
            let value = value
                .replace("&#x2F;", "/")
                .replace("&#39;", "'")
                .replace("&quot;", "\"")
                .replace("&amp;", "&");
            found.push((name, value));
        }
        for part in html.split("<select").skip(1) {
            let name = part
                .split(" name=\"")
                .nth(1)
                .and_then(|v| v.split('"').next())
                .unwrap_or("");
            let body = part.split("</select>").next().unwrap_or("");
            let chosen = body
                .split("<option")
                .find(|o| o.split('>').next().unwrap_or("").contains(" selected"));
            let value = chosen
                .and_then(|o| o.split("value=\"").nth(1))
                .and_then(|v| v.split('"').next())
                .unwrap_or("");
            found.push((name.to_string(), value.to_string()));
        }
        found
    };
    let mut sent = fields(&form);
    for (name, value) in sent.iter_mut() {
        if name == "title" {
            *value = "Northmere SEND progress".into();
        }
    }
    sent.push(("action".into(), "save".into()));
    let pairs: Vec<(&str, &str)> = sent.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let saved = as_who(&server, sam, "settings", &pairs);
    assert_eq!(saved.status, 303, "{}", saved.text());
    let settings = std::fs::read_to_string(root.join("content/site.toml")).unwrap();
    assert!(
        settings.contains("title = \"Northmere SEND progress\"")
            && settings.contains("https://www.northmere.example/send/"),
        "{settings}"
    );
    // A form made by hand that changes the web address is refused, and nothing is saved.
    let form = as_who(&server, sam, "settings", &[]).text();
    let mut forged = fields(&form);
    forged.push(("base_url".into(), "https://www.elsewhere.example/".into()));
    forged.push(("action".into(), "save".into()));
    let pairs: Vec<(&str, &str)> = forged
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let refused = as_who(&server, sam, "settings", &pairs);
    assert_eq!(refused.status, 403, "{}", refused.text());
    assert!(
        refused
            .text()
            .contains("Web address is changed by approvers only. Nothing was saved."),
        "{}",
        refused.text()
    );
    assert_eq!(
        std::fs::read_to_string(root.join("content/site.toml")).unwrap(),
        settings
    );
    // An approver has the inputs.
    let theirs = as_who(&server, alex, "settings", &[]).text();
    assert!(
        theirs.contains("name=\"base_url\"") && !theirs.contains("ed-locked"),
        "{theirs}"
    );
    // An approver moves the site (keeping its path, and so the editor's address); an editor
    // may not restore the address it had before.
    let mut moved = fields(&theirs);
    for (name, value) in moved.iter_mut() {
        if name == "base_url" {
            *value = "https://send.northmere.example/send/".into();
        }
    }
    moved.push(("action".into(), "save".into()));
    let pairs: Vec<(&str, &str)> = moved
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(as_who(&server, alex, "settings", &pairs).status, 303);
    let file = "content/site.toml";
    let before = git(root, &["log", "--format=%H", "-2", "--", file])
        .lines()
        .nth(1)
        .unwrap()
        .to_string();
    // The version of the file as it is now, as the settings form (and its history) give it.
    let now = as_who(&server, sam, "settings", &[]).text();
    let restore = [
        ("file", file),
        ("commit", before.as_str()),
        ("version", &version_of(&now)),
        ("confirm", "yes"),
    ];
    let refused = as_who(&server, sam, "restore", &restore);
    assert_eq!(refused.status, 403, "{}", refused.text());
    assert!(
        refused
            .text()
            .contains("Web address is changed by approvers only"),
        "{}",
        refused.text()
    );
    assert!(std::fs::read_to_string(root.join(file))
        .unwrap()
        .contains("https://send.northmere.example/send/"));
}

/// Every file under `dir`, by its path, with its bytes.
fn tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut files = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(at) = stack.pop() {
        for item in std::fs::read_dir(&at).unwrap() {
            let path = item.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let name = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                files.insert(name, std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

/// A publication that went wrong is undone by one approver, with a reason: the live folder is
/// put back byte for byte, the put-back is a new publication recording the reason, and the
/// changes since wait to be approved again. An editor sees the publications but cannot.
#[test]
fn an_approver_puts_the_live_site_back_to_an_earlier_publication() {
    let site = common::copy_fixture("framework-2023");
    let root = site.path();
    let live_dir = tempfile::tempdir().unwrap();
    let live = live_dir.path().join("send");
    let server = direct_team(root, &live);
    let (sam, alex) = ("sam@council.example", "alex@council.example");
    let publish = || approve_all(&server, alex);
    publish();
    let first = tree(&live);
    let tags = git(root, &["tag", "--list", "published/*"]);
    let first_tag = tags.lines().next().unwrap().to_string();
    let saved = as_who(
        &server,
        sam,
        "update",
        &pairs(&new_update("Attendance data software", "2026-10-30")),
    );
    assert_eq!(saved.status, 303);
    publish();
    assert!(live
        .join("updates/attendance-data-software/index.html")
        .exists());
    // Sam sees every publication, and no way to put one back.
    let seen = as_who(&server, sam, "publications", &[]).text();
    assert_eq!(
        seen.matches("<section class=\"ed-version\"").count(),
        2,
        "{seen}"
    );
    assert!(
        seen.contains("(on the live site now)") && !seen.contains("put-back"),
        "{seen}"
    );
    let refused = as_who(
        &server,
        sam,
        "put-back",
        &[("tag", &first_tag), ("reason", "Wrong")],
    );
    assert_eq!(refused.status, 403);
    // Alex must say why.
    let page = as_who(&server, alex, "publications", &[]).text();
    assert!(
        page.contains("Put the live site back to the publication of"),
        "{page}"
    );
    let unsaid = as_who(
        &server,
        alex,
        "put-back",
        &[("tag", &first_tag), ("reason", " ")],
    );
    assert_eq!(unsaid.status, 422);
    assert!(
        unsaid.text().contains("Say why the live site is put back"),
        "{}",
        unsaid.text()
    );
    let done = as_who(
        &server,
        alex,
        "put-back",
        &[
            ("tag", &first_tag),
            ("reason", "The update named the wrong supplier."),
        ],
    );
    assert_eq!(done.status, 303, "{}", done.text());
    assert!(
        tree(&live) == first,
        "the live folder is back, byte for byte"
    );
    let to = done.header("location").unwrap().to_string();
    let to = to.split("/__sendsite/edit/").nth(1).unwrap();
    let banner = as_who(&server, alex, to, &[]).text();
    assert!(banner.contains("The live site was put back"), "{banner}");
    assert_eq!(banner.matches("<section class=\"ed-version\"").count(), 3);
    // The newest publication, on the live site now, is the put-back with its reason.
    let newest = banner
        .split("<section class=\"ed-version\"")
        .nth(1)
        .unwrap();
    assert!(
        newest.contains("(on the live site now)")
            && newest.contains("<p>Put the live site back to the publication of ")
            && newest.contains("<p>Reason: The update named the wrong supplier.</p>"),
        "{newest}"
    );
    assert_eq!(
        git(root, &["tag", "--list", "published/*"]).lines().count(),
        3
    );
    // Nothing is lost: the update waits to be approved again.
    let waiting = as_who(&server, alex, "publish", &[]).text();
    assert!(
        waiting.contains(
            "Update “Attendance data software” <span class=\"ed-tag ed-tag-new\">New</span>"
        ),
        "{waiting}"
    );
    assert!(root.join(FILE).exists());
}
