//! Web and email addresses written in content: one allow-list that every address passes.
//!
//! An address from content becomes a live link in pages, feeds and calendars, so only the
//! schemes a reader can safely follow are accepted: `https`, `http` and `mailto`, and a `mailto`
//! must hold one real-looking email address. `javascript:`, `data:` and the rest are refused with
//! an error where they are written, instead of being published.

/// The schemes an address from content may use.
pub const SCHEMES: [&str; 3] = ["https", "http", "mailto"];

/// Checks an absolute address: an allowed scheme, a host for web addresses, no spaces or control
/// characters. The error is a message and a hint.
pub fn check_url(field: &str, url: &str) -> Result<String, (String, String)> {
    let bad = |why: &str| {
        (
            format!("{field}: \"{url}\" {why}"),
            "write the whole address, starting https://, e.g. \"https://www.example.gov.uk/report.pdf\"".to_string(),
        )
    };
    let scheme_chars = |s: &str| {
        s.starts_with(|c: char| c.is_ascii_alphabetic())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    };
    let Some((scheme, rest)) = url.split_once(':').filter(|(s, _)| scheme_chars(s)) else {
        return Err(bad("must start with https:// or http://"));
    };
    let scheme = scheme.to_ascii_lowercase();
    if !SCHEMES.contains(&scheme.as_str()) {
        return Err(bad(&format!(
            "uses `{scheme}:`, which is not allowed (only https, http and mailto)"
        )));
    }
    if url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || "<>\"\\".contains(c))
    {
        return Err(bad("has spaces or characters an address cannot hold"));
    }
    if scheme == "mailto" {
        let address = rest.split('?').next().unwrap_or("");
        if rest.contains('?') {
            return Err(bad("adds headers (`?`) to an email address"));
        }
        return check_email(
            field,
            &percent_encoding::percent_decode_str(address).decode_utf8_lossy(),
        )
        .map(|_| url.to_string());
    }
    let host = rest
        .strip_prefix("//")
        .map(|r| r.split(['/', '?', '#']).next().unwrap_or(""));
    match host {
        Some(h) if !h.is_empty() && !h.starts_with('@') => Ok(url.to_string()),
        _ => Err(bad("has no site name after the `//`")),
    }
}

/// Checks an email address: one `@`, a name before it and a domain with a dot after it, and
/// nothing that could add recipients or headers to a `mailto:` link.
pub fn check_email(field: &str, email: &str) -> Result<String, (String, String)> {
    let hint = "write one address, e.g. \"send@example.gov.uk\"".to_string();
    let (name, domain) = email.split_once('@').unwrap_or(("", ""));
    let forbidden =
        |c: char| c.is_whitespace() || c.is_control() || "<>()[]\\,;:\"?&=%/'`".contains(c);
    let ok = !name.is_empty()
        && !domain.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.chars().any(forbidden);
    if ok {
        Ok(email.to_string())
    } else {
        Err((
            format!(
                "{field}: \"{}\" is not an email address",
                email.escape_debug()
            ),
            hint,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_and_data_addresses_are_refused() {
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:x",
            "file:///etc/passwd",
            "https://",
            "https:///x",
            "https://x y/",
            "/relative/path.pdf",
            "mailto:a@b.org?cc=c@d.org",
            "mailto:not-an-address",
        ] {
            assert!(check_url("url", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn web_and_mail_addresses_pass() {
        for good in [
            "https://files.ofsted.gov.uk/v1/file/50203422",
            "http://example.org/a?b=c#d",
            "mailto:send@example.gov.uk",
        ] {
            assert_eq!(check_url("url", good).unwrap(), good);
        }
    }

    #[test]
    fn email_addresses_cannot_smuggle_headers() {
        for bad in [
            "a b@x.org",
            "a@x.org\r\nBcc: z@y.org",
            "a@x.org?cc=b@y.org",
            "a@x",
            "@x.org",
            "a@@x.org",
            "",
        ] {
            assert!(check_email("email", bad).is_err(), "{bad:?}");
        }
        assert!(check_email("email", "send.team+news@bristol.gov.uk").is_ok());
    }
}
