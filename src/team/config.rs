//! `team.toml`: who may use the editor, and how the sign-in proxy in front says who they are.
//!
//! It is read again for every request, so a person taken out of it loses access at once, with
//! no restart; a `team.toml` with a mistake lets nobody in (it fails closed) and says why.

use std::net::IpAddr;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::Diagnostic;
use crate::source::frontmatter::{parse_toml, Source};

/// The file, at the site's root beside `content/`: never published.
pub const FILE: &str = "team.toml";

/// The longest email address (RFC 5321 allows 254 characters in a path).
const MAX_EMAIL: usize = 254;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    identity_header: toml::Spanned<String>,
    trusted_proxies: toml::Spanned<Vec<toml::Spanned<String>>>,
    publish_to: toml::Spanned<String>,
    #[serde(default)]
    editors: Vec<toml::Spanned<String>>,
    #[serde(default)]
    approvers: Vec<toml::Spanned<String>>,
    notify: Option<super::notify::RawNotify>,
}

/// A team's settings, checked.
#[derive(Debug, Clone)]
pub struct Team {
    /// The header the proxy sets to the signed-in person's email, in lower case.
    pub identity_header: String,
    /// The only addresses whose requests are believed.
    pub trusted_proxies: Vec<IpAddr>,
    /// The live folder the web server serves (absolute).
    pub publish_to: PathBuf,
    /// May change content (lower case).
    pub editors: Vec<String>,
    /// May also approve and publish (lower case).
    pub approvers: Vec<String>,
    /// How the team is told of waiting changes and publications (`[notify]`), if at all.
    pub notify: Option<super::notify::Notify>,
}

/// What a person may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Changes content.
    Editor,
    /// Changes content, approves others' changes and publishes.
    Approver,
}

/// The signed-in person, as the proxy named them and `team.toml` lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Person {
    /// Their email, in lower case.
    pub email: String,
    /// What they may do.
    pub role: Role,
}

impl Person {
    /// The part of the email before `@`: the name git shows beside it.
    pub fn name(&self) -> &str {
        self.email.split('@').next().unwrap_or(&self.email)
    }

    /// Whether they may approve and publish.
    pub fn approves(&self) -> bool {
        self.role == Role::Approver
    }
}

/// Where a request came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Peer {
    /// The Unix socket of `serve --team --socket`: only the sign-in proxy can connect to it
    /// (the socket's mode and group decide who may), so a connection on it is the proxy.
    Socket,
    /// A TCP connection from this address, believed only if `trusted_proxies` lists it.
    Address(IpAddr),
}

impl From<IpAddr> for Peer {
    fn from(ip: IpAddr) -> Peer {
        Peer::Address(ip)
    }
}

/// Headers the identity may never be read from: the browser or the proxy set them for other
/// reasons, so believing them would let anyone name themselves.
const NEVER: &[&str] = &[
    "host",
    "cookie",
    "origin",
    "referer",
    "user-agent",
    "content-type",
    "content-length",
    "authorization",
    "x-forwarded-for",
    "x-forwarded-host",
    "x-forwarded-proto",
];

impl Team {
    /// Reads `<root>/team.toml`; every mistake of it, located.
    pub fn load(root: &Path) -> Result<Team, Vec<Diagnostic>> {
        let path = Path::new(FILE);
        let text = std::fs::read_to_string(root.join(FILE)).map_err(|e| {
            vec![Diagnostic::error(path, format!("cannot read it: {e}"))
                .hint("team mode needs team.toml at the site's root, beside content/ (see the README, \"Running it for a team\")")]
        })?;
        let source = Source { path, text: &text };
        let raw: Raw = parse_toml(&source, &text, 0).map_err(|e| vec![e])?;
        let mut errors = Vec::new();
        let mut error = |at: usize, message: String, hint: &str| {
            errors.push(source.error_at(at, message).hint(hint));
        };
        let header = raw.identity_header.get_ref().trim().to_ascii_lowercase();
        let token = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
        if header.is_empty() || !header.chars().all(token) || NEVER.contains(&header.as_str()) {
            error(
                raw.identity_header.span().start,
                format!("identity_header \"{header}\" cannot carry who is signed in"),
                "name the header your sign-in proxy sets to the person's email, e.g. \"X-Forwarded-Email\"",
            );
        }
        let mut trusted = Vec::new();
        for p in raw.trusted_proxies.get_ref() {
            match p.get_ref().trim().parse::<IpAddr>() {
                Ok(ip) => trusted.push(ip),
                Err(_) => error(
                    p.span().start,
                    format!("\"{}\" is not an IP address", p.get_ref()),
                    "list the address the proxy connects from, e.g. \"127.0.0.1\" when it runs on this machine",
                ),
            }
        }
        if raw.trusted_proxies.get_ref().is_empty() {
            error(
                raw.trusted_proxies.span().start,
                "trusted_proxies is empty, so no request would be believed".into(),
                "list the address the proxy connects from, e.g. trusted_proxies = [\"127.0.0.1\"]",
            );
        }
        let publish_to = root.join(raw.publish_to.get_ref().trim());
        if raw.publish_to.get_ref().trim().is_empty()
            || publish_to.starts_with(root.join("content"))
        {
            error(
                raw.publish_to.span().start,
                "publish_to must be a folder outside content/".into(),
                "write the folder the web server serves, e.g. \"/srv/www/send-progress\"",
            );
        }
        let mut list = |people: &[toml::Spanned<String>]| -> Vec<String> {
            let mut emails = Vec::new();
            for p in people {
                let email = p.get_ref().trim().to_lowercase();
                if plausible_email(&email) {
                    emails.push(email);
                } else {
                    error(
                        p.span().start,
                        format!("\"{}\" is not an email address", p.get_ref()),
                        "write each person's council email, as the sign-in proxy gives it",
                    );
                }
            }
            emails
        };
        let editors = list(&raw.editors);
        let approvers = list(&raw.approvers);
        let notify = raw.notify.and_then(|n| n.check(root, &source, &mut errors));
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Team {
            identity_header: header,
            trusted_proxies: trusted,
            publish_to,
            editors,
            approvers,
            notify,
        })
    }

    /// Whether a connection from `ip` may be the sign-in proxy: it is in `trusted_proxies`
    /// (an IPv4 address mapped into IPv6 counts as itself).
    pub fn trusts(&self, ip: IpAddr) -> bool {
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            v4 => v4,
        };
        self.trusted_proxies.contains(&ip)
    }

    /// Who is asking: the request must come from the sign-in proxy (`peer`: the Unix socket,
    /// which only the proxy can reach, or a trusted address) and carry the identity header
    /// once, naming a person listed here. Otherwise, why not, in words for the 403 page.
    /// `headers` must hold every header as sent, even one whose value is not UTF-8: a second
    /// identity header of any bytes is refused, never skipped.
    pub fn person(
        &self,
        peer: impl Into<Peer>,
        headers: &[(String, String)],
    ) -> Result<Person, String> {
        if let Peer::Address(ip) = peer.into() {
            if !self.trusts(ip) {
                return Err(format!("This request did not come through the council's sign-in (it came from {ip}, which team.toml does not list in trusted_proxies)."));
            }
        }
        let mut given = headers.iter().filter(|(n, _)| *n == self.identity_header);
        let (Some((_, value)), None) = (given.next(), given.next()) else {
            return Err("The sign-in did not say who you are (or said it twice). Sign in again; if this goes on, ask your web team to check the proxy's settings.".into());
        };
        let email = value.trim().to_lowercase();
        if !plausible_email(&email) {
            return Err("The sign-in did not give an email address. Ask your web team to check the proxy's settings.".into());
        }
        let role = if self.approvers.contains(&email) {
            Role::Approver
        } else if self.editors.contains(&email) {
            Role::Editor
        } else {
            return Err(format!("{email} is not on this site's team. Ask whoever runs the site to add you to team.toml."));
        };
        Ok(Person { email, role })
    }
}

/// Something `@` something, short, with no spaces, quotes, angle brackets or control characters:
/// what can safely stand in a commit's author and a page.
fn plausible_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.is_empty()
        && email.len() <= MAX_EMAIL
        && !email
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "<>\"'`,;\\@".contains(c) && c != '@')
        && email.matches('@').count() == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn team(text: &str) -> Result<Team, Vec<Diagnostic>> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE), text).unwrap();
        Team::load(dir.path())
    }

    const GOOD: &str = "identity_header = \"X-Forwarded-Email\"\ntrusted_proxies = [\"127.0.0.1\"]\npublish_to = \"/srv/www/send\"\neditors = [\"Sam@Council.example\"]\napprovers = [\"alex@council.example\"]\n";

    fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn only_a_listed_person_through_a_trusted_proxy_is_let_in() {
        let t = team(GOOD).unwrap();
        let local: IpAddr = "127.0.0.1".parse().unwrap();
        let sam = t.person(
            local,
            &headers(&[("x-forwarded-email", "sam@council.example")]),
        );
        assert_eq!(sam.unwrap().role, Role::Editor);
        let alex = t.person(
            local,
            &headers(&[("x-forwarded-email", " ALEX@council.example ")]),
        );
        assert_eq!(alex.unwrap().role, Role::Approver);
        let mapped: IpAddr = "::ffff:127.0.0.1".parse().unwrap();
        assert!(t
            .person(
                mapped,
                &headers(&[("x-forwarded-email", "sam@council.example")])
            )
            .is_ok());
        let far: IpAddr = "10.0.0.9".parse().unwrap();
        let refused = t.person(
            far,
            &headers(&[("x-forwarded-email", "alex@council.example")]),
        );
        assert!(refused.unwrap_err().contains("10.0.0.9"));
        assert!(t.person(local, &headers(&[])).is_err());
        let twice = headers(&[
            ("x-forwarded-email", "sam@council.example"),
            ("x-forwarded-email", "alex@council.example"),
        ]);
        assert!(
            t.person(local, &twice).is_err(),
            "a second header is never believed"
        );
        let stranger = t.person(
            local,
            &headers(&[("x-forwarded-email", "eve@elsewhere.example")]),
        );
        assert!(stranger.unwrap_err().contains("not on this site's team"));
        let forged = t.person(
            local,
            &headers(&[(
                "x-forwarded-email",
                "sam@council.example <alex@council.example>",
            )]),
        );
        assert!(forged.is_err());
    }

    #[test]
    fn every_mistake_of_team_toml_is_named_at_its_line() {
        let errors = team("identity_header = \"Cookie\"\ntrusted_proxies = [\"localhost\"]\npublish_to = \"content/x\"\neditors = [\"sam\"]\n").unwrap_err();
        let text: Vec<String> = errors
            .iter()
            .map(|e| format!("{}: {}", e.location.as_ref().unwrap().line, e.message))
            .collect();
        assert_eq!(
            text,
            [
                "1: identity_header \"cookie\" cannot carry who is signed in",
                "2: \"localhost\" is not an IP address",
                "3: publish_to must be a folder outside content/",
                "4: \"sam\" is not an email address",
            ]
        );
        let unknown = team(&format!("{GOOD}editor = [\"x@y.example\"]\n")).unwrap_err();
        assert!(
            unknown[0].message.contains("unknown field `editor`"),
            "{:?}",
            unknown[0].message
        );
    }
}
