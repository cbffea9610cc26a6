//! Who may use the editor: the person who started `serve`, in their own browser.
//!
//! A server on this computer that writes files can be reached by any page that person opens
//! (a request from another site, DNS rebinding) and by anyone else logged in to the computer.
//! So the editor needs a key that only `serve`'s output shows: the first visit with it swaps it
//! for a cookie that browsers send only to this server (`SameSite=Strict`, `HttpOnly`), and a
//! request that changes a file must also come from a page of this server (`Origin` or
//! `Referer`). The `Host` check that every request passes is in the preview's server (`serve::http`).

use super::Request as Head;

/// The editor's key and the port it is served on; or, for a team, no key: the sign-in proxy
/// names the person (checked in `serve::http` against `team.toml` before anything else).
#[derive(Debug, Clone)]
pub struct Access {
    key: String,
    port: u16,
    team: bool,
}

/// What a request may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// It carries the cookie (and, to change a file, comes from this server).
    Allowed,
    /// It carries the key in its address: set the cookie, and go to this address without it.
    SwapKey(String),
    /// Refused, with the reason to show.
    Refused(&'static str),
}

/// Whether a request that changes a file was sent by a page of the host it was sent to (behind
/// a proxy the address is the team's, so the `Origin` is compared with the `Host`).
fn same_host(head: &Head) -> bool {
    let from = head.header("origin").or_else(|| head.header("referer"));
    let (Some(from), Some(host)) = (from, head.header("host")) else {
        return false;
    };
    let Ok(url) = url::Url::parse(from) else {
        return false;
    };
    let Some(name) = url.host_str() else {
        return false;
    };
    let authority = match url.port() {
        Some(port) => format!("{name}:{port}"),
        None => name.to_string(),
    };
    matches!(url.scheme(), "http" | "https") && authority.eq_ignore_ascii_case(host.trim())
}

/// 24 random bytes in hex, from the system's source of randomness; empty if there is none, and
/// an empty key never matches (the editor must not run with a guessable key).
pub fn random_key() -> String {
    let mut bytes = [0u8; 24];
    match getrandom::fill(&mut bytes) {
        Ok(()) => bytes.iter().map(|b| format!("{b:02x}")).collect(),
        Err(_) => String::new(),
    }
}

impl Access {
    /// An editor's access with a key kept from an earlier run (see [`super::key`]).
    pub fn with_key(port: u16, key: String) -> Access {
        Access {
            key,
            port,
            team: false,
        }
    }

    /// A team's editor: no key; a person named by the proxy, and changes from this host only.
    pub fn for_team() -> Access {
        Access {
            key: String::new(),
            port: 0,
            team: true,
        }
    }

    /// Whether it serves a team.
    pub fn is_team(&self) -> bool {
        self.team
    }

    /// The key, for the address `serve` prints.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The cookie's name: one per port, so two previews do not log each other out.
    pub fn cookie_name(&self) -> String {
        format!("sendsite-editor-{}", self.port)
    }

    /// The `Set-Cookie` header that lets this browser in.
    pub fn cookie(&self) -> String {
        format!(
            "{}={}; Path=/; HttpOnly; SameSite=Strict",
            self.cookie_name(),
            self.key
        )
    }

    /// Whether a request carries this server's cookie.
    pub fn has_cookie(&self, head: &Head) -> bool {
        if self.team {
            return head.person.is_some();
        }
        let name = self.cookie_name();
        head.headers
            .iter()
            .filter(|(n, _)| n == "cookie")
            .flat_map(|(_, v)| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .any(|(n, v)| n == name && self.matches(v))
    }

    /// Decides on an editor request: `path` is its address without the query, `query` its query.
    pub fn check(&self, head: &Head, path: &str, query: &str) -> Verdict {
        if self.team {
            return match (&head.person, head.method.as_str()) {
                (None, _) => Verdict::Refused("The sign-in did not say who you are."),
                (Some(_), "POST") if !same_host(head) => Verdict::Refused(
                    "This change did not come from a page of the editor, so nothing was saved.",
                ),
                _ => Verdict::Allowed,
            };
        }
        let given = url::form_urlencoded::parse(query.as_bytes())
            .find(|(k, _)| k == "key")
            .map(|(_, v)| v.into_owned());
        if let Some(given) = given {
            if head.method == "GET" && self.matches(&given) {
                let rest: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
                    .into_owned()
                    .filter(|(k, _)| k != "key")
                    .collect();
                let query = url::form_urlencoded::Serializer::new(String::new())
                    .extend_pairs(rest)
                    .finish();
                let to = if query.is_empty() {
                    path.to_string()
                } else {
                    format!("{path}?{query}")
                };
                return Verdict::SwapKey(to);
            }
            return Verdict::Refused("This key is not the editor's: use the address that `sendsite serve` printed after \"Edit the site:\".");
        }
        if !self.has_cookie(head) {
            return Verdict::Refused("The editor needs its key: open the address that `sendsite serve` printed after \"Edit the site:\".");
        }
        if head.method == "POST" && !self.same_origin(head) {
            return Verdict::Refused(
                "This change did not come from a page of the editor, so nothing was saved.",
            );
        }
        Verdict::Allowed
    }

    /// Whether a request that changes a file was sent by a page of this server.
    fn same_origin(&self, head: &Head) -> bool {
        let from = head
            .header("origin")
            .map(|o| o.to_string())
            .or_else(|| head.header("referer").map(|r| r.to_string()));
        let Some(from) = from else {
            return false;
        };
        let Ok(url) = url::Url::parse(&from) else {
            return false;
        };
        let loopback = match url.host() {
            Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
            Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
            Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
            None => false,
        };
        url.scheme() == "http" && loopback && url.port() == Some(self.port)
    }

    /// Compares a given key with the key in a time that does not depend on where they differ.
    fn matches(&self, given: &str) -> bool {
        let (a, b) = (self.key.as_bytes(), given.as_bytes());
        !a.is_empty()
            && a.len() == b.len()
            && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(method: &str, headers: &[(&str, &str)]) -> Head {
        Head {
            method: method.into(),
            headers: headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            form: None,
            person: None,
        }
    }

    #[test]
    fn a_team_needs_the_person_and_changes_from_the_host_asked() {
        let team = Access::for_team();
        let sam = Some(crate::team::Person {
            email: "sam@council.example".into(),
            role: crate::team::Role::Editor,
        });
        let mut get = head("GET", &[("host", "editor.council.example")]);
        assert!(matches!(team.check(&get, "/e/", ""), Verdict::Refused(_)));
        get.person = sam.clone();
        assert_eq!(team.check(&get, "/e/", "key=anything"), Verdict::Allowed);
        for (origin, host, allowed) in [
            (
                "https://editor.council.example",
                "editor.council.example",
                true,
            ),
            ("http://127.0.0.1:8080", "127.0.0.1:8080", true),
            ("https://evil.example", "editor.council.example", false),
            (
                "https://editor.council.example:8443",
                "editor.council.example",
                false,
            ),
            ("null", "editor.council.example", false),
        ] {
            let mut post = head("POST", &[("host", host), ("origin", origin)]);
            post.person = sam.clone();
            assert_eq!(
                team.check(&post, "/e/", "") == Verdict::Allowed,
                allowed,
                "{origin} to {host}"
            );
        }
    }

    #[test]
    fn the_key_becomes_a_cookie_and_changes_need_this_origin() {
        let access = Access::with_key(4000, random_key());
        let key = access.key().to_string();
        assert_eq!(key.len(), 48);
        let path = "/__sendsite/edit/";
        assert_eq!(
            access.check(&head("GET", &[]), path, &format!("key={key}&file=a")),
            Verdict::SwapKey("/__sendsite/edit/?file=a".into())
        );
        assert!(matches!(
            access.check(&head("GET", &[]), path, "key=nope"),
            Verdict::Refused(_)
        ));
        assert!(matches!(
            access.check(&head("GET", &[]), path, ""),
            Verdict::Refused(_)
        ));
        let cookie = format!("a=b; sendsite-editor-4000={key}");
        let with = |extra: &[(&'static str, &'static str)]| {
            let mut h = head("POST", extra);
            h.headers.push(("cookie".into(), cookie.clone()));
            h
        };
        assert_eq!(
            access.check(&with(&[]).clone(), path, "").clone(),
            Verdict::Refused(
                "This change did not come from a page of the editor, so nothing was saved."
            )
        );
        assert_eq!(
            access.check(&with(&[("origin", "http://127.0.0.1:4000")]), path, ""),
            Verdict::Allowed
        );
        assert_eq!(
            access.check(
                &with(&[("referer", "http://localhost:4000/__sendsite/edit/")]),
                path,
                ""
            ),
            Verdict::Allowed
        );
        for bad in [
            "http://evil.example:4000",
            "http://127.0.0.1:4001",
            "null",
            "https://127.0.0.1:4000",
        ] {
            assert!(
                matches!(
                    access.check(&with(&[("origin", bad)]), path, ""),
                    Verdict::Refused(_)
                ),
                "{bad}"
            );
        }
        let mut get = head("GET", &[]);
        get.headers.push(("cookie".into(), cookie.clone()));
        assert_eq!(access.check(&get, path, ""), Verdict::Allowed);
    }
}
