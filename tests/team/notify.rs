//! `[notify]` against a real SMTP server (Python's aiosmtpd, started here): the approvers are
//! told once when changes start waiting, the author when theirs goes live, the approvers when
//! `sendsite publish` fails; with the relay down, or silent, saving and publishing go on, and
//! the failure is shown on Review and publish.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::harness::{approval, borrowed, eventually, Server};
use super::{approve_all, as_who, common, new_update, pairs};

const SAM: &str = "sam@council.example";
const ALEX: &str = "alex@council.example";
const JO: &str = "jo@council.example";
const EDITOR: &str = "https://send-editor.council.example/send/__sendsite/edit/";

/// aiosmtpd, storing what it receives in a Maildir, stopped when dropped.
struct Relay {
    child: Child,
    port: u16,
    maildir: PathBuf,
}

impl Relay {
    fn start(dir: &Path) -> Relay {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let maildir = dir.join("mail");
        let child = Command::new("python3")
            .args(["-m", "aiosmtpd", "-n", "-l"])
            .arg(format!("127.0.0.1:{port}"))
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&maildir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 -m aiosmtpd (pip install aiosmtpd)");
        eventually("the mail relay listens", || {
            std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
        });
        Relay {
            child,
            port,
            maildir,
        }
    }

    /// Every message received: (to, subject, body), decoded as a mail program does.
    fn received(&self) -> Vec<(String, String, String)> {
        let script = "import mailbox,sys,json\nout=[]\nfor m in mailbox.Maildir(sys.argv[1],create=False):\n    out.append([m['To'],str(m['Subject']),m.get_payload(decode=True).decode('utf-8')])\nprint(json.dumps(sorted(out)))";
        let out = Command::new("python3")
            .args(["-c", script])
            .arg(&self.maildir)
            .output()
            .unwrap();
        if !out.status.success() {
            return Vec::new(); // nothing received yet: no Maildir
        }
        let list: Vec<(String, String, String)> = serde_json::from_slice(&out.stdout).unwrap();
        list
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn team_toml(root: &Path, live: &Path, smtp: &str) {
    std::fs::write(
        root.join("team.toml"),
        format!("identity_header = \"X-Forwarded-Email\"\ntrusted_proxies = [\"127.0.0.1\"]\npublish_to = \"{}\"\neditors = [\"{SAM}\"]\napprovers = [\"{ALEX}\", \"{JO}\"]\n\n[notify]\nsmtp = \"{smtp}\"\nstarttls = false\nfrom = \"SEND progress site <send-site@council.example>\"\neditor_url = \"{EDITOR}\"\nevery_minutes = 30\n", live.display()),
    )
    .unwrap();
}

#[test]
fn the_team_is_told_by_email_and_a_relay_down_blocks_nothing() {
    let site = common::copy_fixture("framework-2023");
    let root = site.path();
    let tmp = tempfile::tempdir().unwrap();
    let live = tmp.path().join("send");
    let relay = Relay::start(tmp.path());
    team_toml(root, &live, &format!("127.0.0.1:{}", relay.port));
    let server = Server::start_with(root, &["--team"]);
    // The first publication of the site as it is, by Alex, so that what follows is Sam's.
    approve_all(&server, ALEX);

    // Sam saves: both approvers are told, once, with the list and the link.
    let saved = as_who(
        &server,
        SAM,
        "update",
        &pairs(&new_update("Short breaks survey", "2026-10-20")),
    );
    assert_eq!(saved.status, 303, "{}", saved.text());
    eventually("the approvers' email arrives", || {
        relay.received().len() == 1
    });
    let (to, subject, body) = relay.received().remove(0);
    assert!(
        to.contains(ALEX) && to.contains(JO) && !to.contains(SAM),
        "{to}"
    );
    assert_eq!(
        subject,
        "Changes are waiting for your approval: Northmere SEND improvement"
    );
    assert!(body.contains("- Update “Short breaks survey”"), "{body}");
    assert!(body.contains(&format!("{EDITOR}publish")), "{body}");
    // A second save within every_minutes tells nobody again.
    let again = as_who(
        &server,
        SAM,
        "update",
        &pairs(&new_update("Speech therapy", "2026-10-21")),
    );
    assert_eq!(again.status, 303);
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(
        relay.received().len(),
        1,
        "at most one waiting email per 30 minutes"
    );

    // Jo publishes: Sam is told which of Sam's changes went live.
    approve_all(&server, JO);
    eventually("the author's email arrives", || relay.received().len() == 2);
    let live_mail = relay
        .received()
        .into_iter()
        .find(|(_, s, _)| s.starts_with("Your change is live"))
        .unwrap();
    assert_eq!(live_mail.0, SAM);
    assert!(
        live_mail
            .2
            .contains("jo@council.example approved and published"),
        "{}",
        live_mail.2
    );
    assert!(
        live_mail.2.contains("- Update “Speech therapy”"),
        "{}",
        live_mail.2
    );
    assert!(
        live_mail.2.contains(&format!("{EDITOR}publications")),
        "{}",
        live_mail.2
    );

    // `sendsite publish` from cron fails (the live folder's parent is a file): the approvers
    // are told why.
    let blocked = tmp.path().join("a-file");
    std::fs::write(&blocked, "not a folder").unwrap();
    team_toml(
        root,
        &blocked.join("send"),
        &format!("127.0.0.1:{}", relay.port),
    );
    let out = common::sendsite(&[
        "publish",
        "--root",
        root.to_str().unwrap(),
        "--today",
        "2026-11-02",
    ]);
    assert!(!out.status.success());
    let failure = relay
        .received()
        .into_iter()
        .find(|(_, s, _)| s == "The SEND progress site could not be published")
        .expect("the approvers are told that cron published nothing");
    assert!(
        failure.0.contains(ALEX) && failure.0.contains(JO),
        "{}",
        failure.0
    );
    assert!(failure.2.contains("published nothing"), "{}", failure.2);

    // The relay goes down: a save and a publication still succeed; Review and publish says
    // the email was not sent.
    drop(relay);
    team_toml(root, &live, "127.0.0.1:9");
    // Each approver's turn comes round again (as after every_minutes).
    for stamp in std::fs::read_dir(root.join(".git/sendsite")).unwrap() {
        let stamp = stamp.unwrap().path();
        if stamp
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("mail-waiting-")
        {
            std::fs::remove_file(stamp).unwrap();
        }
    }
    let saved = as_who(
        &server,
        SAM,
        "update",
        &pairs(&new_update("Parent forum", "2026-10-22")),
    );
    assert_eq!(saved.status, 303, "{}", saved.text());
    eventually("the failure is kept", || {
        as_who(&server, ALEX, "publish", &[])
            .text()
            .contains("An email was not sent")
    });
    let page = as_who(&server, ALEX, "publish", &[]).text();
    assert!(page.contains("could not be sent on"), "{page}");
    let done = as_who(&server, ALEX, "publish", &borrowed(&approval(&page)));
    assert_eq!(done.status, 303, "{}", done.text());
    assert!(live.join("updates/parent-forum/index.html").exists());
}

#[test]
fn a_relay_that_never_answers_does_not_hold_up_a_save() {
    let site = common::copy_fixture("framework-2023");
    let root = site.path();
    let tmp = tempfile::tempdir().unwrap();
    let live = tmp.path().join("send");
    // Accepts connections and never says a word.
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in silent.incoming() {
            held.push(stream);
        }
    });
    team_toml(root, &live, &format!("127.0.0.1:{port}"));
    let server = Server::start_with(root, &["--team"]);
    let started = Instant::now();
    let saved = as_who(
        &server,
        SAM,
        "update",
        &pairs(&new_update("Short breaks survey", "2026-10-20")),
    );
    let took = started.elapsed();
    assert_eq!(saved.status, 303, "{}", saved.text());
    // Sent in line, the save would wait for the relay's time limit (10 s) at least.
    assert!(took < Duration::from_secs(8), "the save took {took:?}");
    let page = as_who(&server, ALEX, "publish", &[]).text();
    let started = Instant::now();
    let done = as_who(&server, ALEX, "publish", &borrowed(&approval(&page)));
    assert_eq!(done.status, 303, "{}", done.text());
    assert!(started.elapsed() < Duration::from_secs(8));
}

#[test]
fn mistakes_in_notify_are_named_at_their_lines_all_at_once() {
    let site = common::copy_fixture("framework-2023");
    let root = site.path();
    std::fs::write(
        root.join("team.toml"),
        "identity_header = \"X-Forwarded-Email\"\ntrusted_proxies = [\"127.0.0.1\"]\npublish_to = \"/srv/www/send\"\napprovers = [\"alex@council.example\"]\n\n[notify]\nsmtp = \"mail.council.example\"\nfrom = \"not an address\"\neditor_url = \"send-editor\"\nevery_minutes = 0\nusername = \"send-site\"\n",
    )
    .unwrap();
    let out = common::sendsite(&["publish", "--root", root.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    for said in [
        "team.toml:7:8: smtp \"mail.council.example\" is not a mail relay's host:port",
        "team.toml:8:8: from \"not an address\" is not an email address",
        "team.toml:9:14: editor_url \"send-editor\" is not a web address",
        "team.toml:10:17: every_minutes = 0 is not between 1 and 10080",
        "team.toml:11:12: username and password_file go together",
    ] {
        assert!(err.contains(said), "{said}\n{err}");
    }
    // A password file inside the site would be in the repository.
    let inside = root.join("smtp-password");
    std::fs::write(
        root.join("team.toml"),
        format!("identity_header = \"X-Forwarded-Email\"\ntrusted_proxies = [\"127.0.0.1\"]\npublish_to = \"/srv/www/send\"\napprovers = [\"alex@council.example\"]\n\n[notify]\nsmtp = \"mail.council.example:587\"\nfrom = \"send-site@council.example\"\neditor_url = \"https://send-editor.council.example/\"\nusername = \"send-site\"\npassword_file = \"{}\"\n", inside.display()),
    )
    .unwrap();
    let out = common::sendsite(&["publish", "--root", root.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("password_file must be a file outside the site's folder"),
        "{err}"
    );
}
