//! Telling people (`[notify]` in `team.toml`): approvers when changes start waiting, an author
//! when their change goes live, the other approvers when the live site is put back, and the
//! approvers when `sendsite publish` (cron) fails, through the council's mail relay.
//!
//! Mail never holds up a save or a publication: the editor sends it from a thread of its own,
//! with a time limit on every step, so a relay that is down, refuses, or accepts and never
//! answers costs the request nothing. A failure is logged and kept in `.git/sendsite/` for the
//! Review page to show. The relay's password is read from a file outside the site (never in
//! the repository) when a message is sent.

use std::path::{Path, PathBuf};
use std::time::Duration;

use lettre::message::{header::ContentType, Mailbox};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{Message, SmtpTransport, Transport};
use serde::Deserialize;

use crate::error::Diagnostic;
use crate::source::frontmatter::Source;

/// How long one step of talking to the relay may take.
const TIMEOUT: Duration = Duration::from_secs(10);
/// Where the last failure is kept, in `.git/sendsite/`.
const FAILED: &str = "mail-failed";
/// Where the time of the last "waiting" email is kept, in `.git/sendsite/`.
const WAITING: &str = "mail-waiting";

/// `[notify]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawNotify {
    smtp: toml::Spanned<String>,
    #[serde(default = "yes")]
    starttls: bool,
    from: toml::Spanned<String>,
    editor_url: toml::Spanned<String>,
    #[serde(default = "half_hour")]
    every_minutes: toml::Spanned<i64>,
    username: Option<toml::Spanned<String>>,
    password_file: Option<toml::Spanned<String>>,
}

fn yes() -> bool {
    true
}

fn half_hour() -> toml::Spanned<i64> {
    toml::Spanned::new(0..0, 30)
}

/// How the team is told, checked.
#[derive(Debug, Clone)]
pub struct Notify {
    host: String,
    port: u16,
    starttls: bool,
    from: Mailbox,
    /// The editor's address, ending in `/`.
    pub editor_url: String,
    /// At most one "waiting" email per this many minutes.
    pub every_minutes: u64,
    login: Option<(String, PathBuf)>,
}

impl RawNotify {
    /// Checks each value, naming its place in `team.toml` when it is wrong.
    pub(super) fn check(
        self,
        root: &Path,
        source: &Source,
        errors: &mut Vec<Diagnostic>,
    ) -> Option<Notify> {
        let mut found = Vec::new();
        let mut error = |at: usize, message: String, hint: &str| {
            found.push(source.error_at(at, message).hint(hint));
        };
        let smtp = self.smtp.get_ref().trim();
        let (host, port) = match smtp.rsplit_once(':').map(|(h, p)| (h, p.parse::<u16>())) {
            Some((h, Ok(p))) if !h.is_empty() && p > 0 && !h.contains(['/', ' ', '@']) => {
                (h.to_string(), p)
            }
            _ => {
                error(
                    self.smtp.span().start,
                    format!("smtp \"{smtp}\" is not a mail relay's host:port"),
                    "write the council's mail relay and its port, e.g. \"mail.council.example:587\"",
                );
                (String::new(), 0)
            }
        };
        let from = match self.from.get_ref().trim().parse::<Mailbox>() {
            Ok(m) => Some(m),
            Err(_) => {
                error(
                    self.from.span().start,
                    format!("from \"{}\" is not an email address", self.from.get_ref()),
                    "write the sender as a name and an address, e.g. \"SEND progress site <send-site@council.example>\"",
                );
                None
            }
        };
        let url = self.editor_url.get_ref().trim();
        let editor_url = match url::Url::parse(url) {
            Ok(u) if matches!(u.scheme(), "https" | "http") && u.host().is_some() => {
                format!("{}/", u.as_str().trim_end_matches('/'))
            }
            _ => {
                error(
                    self.editor_url.span().start,
                    format!("editor_url \"{url}\" is not a web address"),
                    "write the editor's address as people open it, e.g. \"https://send-editor.council.example/__sendsite/edit/\"",
                );
                String::new()
            }
        };
        let every = *self.every_minutes.get_ref();
        if !(1..=10_080).contains(&every) {
            error(
                self.every_minutes.span().start,
                format!("every_minutes = {every} is not between 1 and 10080 (a week)"),
                "write how many minutes apart the \"waiting\" emails may be, e.g. 30",
            );
        }
        let login = match (&self.username, &self.password_file) {
            (None, None) => None,
            (Some(user), Some(file)) => {
                let path = PathBuf::from(file.get_ref().trim());
                let site = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
                if !path.is_absolute() || path.starts_with(&site) {
                    error(
                        file.span().start,
                        "password_file must be a file outside the site's folder".into(),
                        "keep the password out of the repository, e.g. \"/etc/sendsite/smtp-password\", readable only by the user sendsite runs as",
                    );
                }
                Some((user.get_ref().trim().to_string(), path))
            }
            (Some(s), None) | (None, Some(s)) => {
                error(
                    s.span().start,
                    "username and password_file go together".into(),
                    "give both for a relay that asks for a login, or neither",
                );
                None
            }
        };
        let wrong = !found.is_empty();
        errors.extend(found);
        if wrong {
            return None;
        }
        Some(Notify {
            host,
            port,
            starttls: self.starttls,
            from: from?,
            editor_url,
            every_minutes: u64::try_from(every).unwrap_or(30),
            login,
        })
    }
}

/// Why an email was not sent.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// A recipient's address cannot be written in an email.
    #[error("{address} is not an address mail can be sent to: {source}")]
    Address {
        address: String,
        source: lettre::address::AddressError,
    },
    /// The message could not be put together.
    #[error("the message could not be written: {0}")]
    Message(#[from] lettre::error::Error),
    /// The relay refused, failed, did not answer in time, or its TLS did not check out.
    #[error("the mail relay: {0}")]
    Relay(#[from] lettre::transport::smtp::Error),
    /// The relay's password could not be read.
    #[error("cannot read the password file {}: {source}", .path.display())]
    Password {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// One email.
#[derive(Debug, Clone)]
pub struct Mail {
    pub to: Vec<String>,
    pub subject: String,
    pub body: String,
}

impl Notify {
    /// Sends `mail` now, each step within [`TIMEOUT`]: for `sendsite publish`, which has no
    /// request to hold up.
    pub fn send(&self, mail: &Mail) -> Result<(), MailError> {
        if mail.to.is_empty() {
            return Ok(());
        }
        let mut message = Message::builder()
            .from(self.from.clone())
            .subject(&mail.subject)
            .header(ContentType::TEXT_PLAIN);
        for to in &mail.to {
            let to = to.parse::<Mailbox>().map_err(|source| MailError::Address {
                address: to.clone(),
                source,
            })?;
            message = message.to(to);
        }
        let message = message.body(mail.body.clone())?;
        let mut relay = SmtpTransport::builder_dangerous(&self.host)
            .port(self.port)
            .timeout(Some(TIMEOUT));
        if self.starttls {
            let tls = TlsParameters::new(self.host.clone())?;
            relay = relay.tls(Tls::Required(tls));
        }
        if let Some((user, file)) = &self.login {
            let password = std::fs::read_to_string(file).map_err(|source| MailError::Password {
                path: file.clone(),
                source,
            })?;
            relay = relay.credentials(Credentials::new(user.clone(), password.trim().to_string()));
        }
        relay.build().send(&message)?;
        Ok(())
    }

    /// Sends `mail` from a thread of its own: the caller goes on at once. A failure is logged
    /// and kept for the Review page (in `own`, `.git/sendsite/`).
    pub fn send_later(&self, own: PathBuf, mail: Mail) {
        let notify = self.clone();
        std::thread::spawn(move || {
            notify.send_and_keep(&own, &mail);
        });
    }

    /// Sends `mail`, and keeps what went wrong (or that it went right) in `own`. Whether it
    /// was sent.
    pub fn send_and_keep(&self, own: &Path, mail: &Mail) -> bool {
        let failed = own.join(FAILED);
        match self.send(mail) {
            Ok(()) => {
                let _ = std::fs::remove_file(&failed);
                true
            }
            Err(why) => {
                eprintln!(
                    "warning: the email \"{}\" could not be sent: {why}",
                    mail.subject
                );
                let now = time::OffsetDateTime::now_utc().unix_timestamp();
                let _ = std::fs::create_dir_all(own);
                let _ = std::fs::write(&failed, format!("{now}\n{}\n{why}\n", mail.subject));
                false
            }
        }
    }

    /// Of `people`, those who may be sent a "waiting" email now (none in their last
    /// `every_minutes`), each noted as told; each person's turn is their own, so an approver
    /// who saved is told of the next person's save.
    pub fn may_tell_waiting(&self, own: &Path, people: &[String]) -> Vec<String> {
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let gap = i64::try_from(self.every_minutes * 60).unwrap_or(i64::MAX);
        let _ = std::fs::create_dir_all(own);
        people
            .iter()
            .filter(|p| {
                let stamp = own.join(waiting_stamp(p));
                let last: i64 = std::fs::read_to_string(&stamp)
                    .ok()
                    .and_then(|t| t.trim().parse().ok())
                    .unwrap_or(0);
                now - last >= gap && std::fs::write(&stamp, now.to_string()).is_ok()
            })
            .cloned()
            .collect()
    }

    /// Takes back the notes of a "waiting" email to `people` that could not be sent: their
    /// next turn is the next save.
    pub fn forget_waiting(&self, own: &Path, people: &[String]) {
        for p in people {
            let _ = std::fs::remove_file(own.join(waiting_stamp(p)));
        }
    }
}

/// The file noting when `person` was last sent a "waiting" email: their address, made safe as
/// a file's name (letters, digits, `.`, `-`, `_`, `@`; anything else as `_`).
fn waiting_stamp(person: &str) -> String {
    let safe: String = person
        .chars()
        .map(|c| match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' | '.' | '-' | '_' | '@' => c,
            _ => '_',
        })
        .collect();
    format!("{WAITING}-{}", safe.trim_start_matches('.'))
}

/// The last email that could not be sent: when (seconds), its subject, and why.
pub fn last_failure(own: &Path) -> Option<(i64, String, String)> {
    let text = std::fs::read_to_string(own.join(FAILED)).ok()?;
    let mut lines = text.lines();
    let when = lines.next()?.parse().ok()?;
    let subject = lines.next()?.to_string();
    Some((when, subject, lines.collect::<Vec<_>>().join(" ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notify() -> Notify {
        Notify {
            host: "mail.council.example".into(),
            port: 587,
            starttls: true,
            from: "send-site@council.example".parse().unwrap(),
            editor_url: "https://send-editor.council.example/".into(),
            every_minutes: 30,
            login: None,
        }
    }

    #[test]
    fn each_approver_is_told_of_waiting_changes_at_most_once_per_turn() {
        let own = tempfile::tempdir().unwrap();
        let n = notify();
        let alex = vec!["alex@council.example".to_string()];
        let jo = vec!["jo@council.example".to_string()];
        let both = [alex.clone(), jo.clone()].concat();
        // Jo saved: Alex is told; Jo's own turn is kept for the next person's save.
        assert_eq!(n.may_tell_waiting(own.path(), &alex), alex);
        assert_eq!(n.may_tell_waiting(own.path(), &both), jo);
        assert!(n.may_tell_waiting(own.path(), &both).is_empty());
        // A mail that failed gives the turn back.
        n.forget_waiting(own.path(), &alex);
        assert_eq!(n.may_tell_waiting(own.path(), &both), alex);
        // An address cannot name a file elsewhere.
        assert_eq!(waiting_stamp("../x@y"), "mail-waiting-_x@y");
    }
}
