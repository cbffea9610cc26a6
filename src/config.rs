//! `content/site.toml` → [`Config`]: the site-wide settings, validated.
//!
//! The raw struct mirrors the file and rejects unknown keys, so a typo is an error rather than a
//! setting silently ignored. The validated [`Config`] is what every later stage reads.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::accessibility::{Accessibility, RawAccessibility};
use crate::error::Diagnostic;
use crate::source::frontmatter::{normalise, parse_toml, Source};
use crate::source::slug::check_slug;
use crate::source::url::{check_email, check_url};
use crate::vocabulary::{Framework, RawStatus, Vocabulary};

pub mod open_data;
pub mod signup;

pub use open_data::OpenData;
pub use signup::EmailSignup;

/// `site.toml` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    organisation: String,
    base_url: String,
    #[serde(default = "default_language")]
    language: String,
    description: String,
    email: Option<Spanned<String>>,
    #[serde(default)]
    kinds: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    glossary: BTreeMap<Spanned<String>, Spanned<String>>,
    accessibility: Option<RawAccessibility>,
    #[serde(default = "default_feed_limit")]
    feed_limit: usize,
    #[serde(default)]
    allow_iframes_from: Vec<toml::Spanned<String>>,
    framework: Option<Spanned<String>>,
    #[serde(default)]
    statuses: BTreeMap<Spanned<String>, Spanned<RawStatus>>,
    next_inspection: Option<String>,
    hosting: Option<RawHosting>,
    /// Replaced by `[email_signup]`: read only to say what to write instead.
    email_signup_url: Option<Spanned<String>>,
    email_signup: Option<signup::RawEmailSignup>,
    open_data: Option<open_data::RawOpenData>,
    reading_age: Option<Spanned<u32>>,
}

/// `[hosting]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHosting {
    server: Spanned<String>,
}

/// The web server the site is published on, for which the build writes redirects and content
/// types (`[hosting] server`). Any other host gets the pages that redirect by themselves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Server {
    /// No server files (the default).
    #[default]
    None,
    /// A file to `include` in nginx's `server` block, written beside the output folder.
    Nginx,
    /// An `.htaccess` file in the output folder.
    Apache,
    /// `_redirects` and `_headers` files in the output folder.
    Netlify,
    /// A `web.config` in the output folder, for IIS (and Azure App Service on Windows).
    Iis,
    /// A `staticwebapp.config.json` in the output folder, for Azure Static Web Apps.
    Azure,
}

impl Server {
    /// The server of this name (`none`, `nginx`, `apache`, `netlify`, `iis`, `azure`), if
    /// sendsite knows it.
    pub fn named(name: &str) -> Option<Server> {
        Server::NAMES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, s)| *s)
    }

    const NAMES: [(&'static str, Server); 6] = [
        ("none", Server::None),
        ("nginx", Server::Nginx),
        ("apache", Server::Apache),
        ("netlify", Server::Netlify),
        ("iis", Server::Iis),
        ("azure", Server::Azure),
    ];
}

/// A reading age the plain-English check can estimate (7 to 21), or the range it can.
pub fn check_reading_age(age: u32) -> Result<u32, (u32, u32)> {
    const RANGE: std::ops::RangeInclusive<u32> = 7..=21;
    match RANGE.contains(&age) {
        true => Ok(age),
        false => Err((*RANGE.start(), *RANGE.end())),
    }
}

/// The reading age above which `check` flags a text, unless `reading_age` says otherwise.
pub const DEFAULT_READING_AGE: u32 = 12;

/// How many updates a feed lists: enough for any reader to catch up, small enough to fetch on a phone.
pub const DEFAULT_FEED_LIMIT: usize = 50;

fn default_feed_limit() -> usize {
    DEFAULT_FEED_LIMIT
}

fn default_language() -> String {
    "en-GB".to_string()
}

/// The validated site settings.
#[derive(Debug, Clone)]
pub struct Config {
    /// The site's name, shown in every page title.
    pub title: String,
    /// The council (or partnership) that publishes it.
    pub organisation: String,
    /// Absolute URL of the site's root, always ending in `/`.
    pub base_url: String,
    /// The path part of `base_url` (`/` or e.g. `/send-progress/`), which every link starts with.
    pub base_path: String,
    /// The language of the content, for `<html lang>` and feeds.
    pub language: String,
    /// One or two sentences about the site.
    pub description: String,
    /// Where people write to, if the council gives an address.
    pub email: Option<String>,
    /// Jargon and what it means, for the glossary.
    pub glossary: BTreeMap<String, String>,
    /// How many of the newest updates each feed lists (`feed_limit`, default 50; 0 lists all).
    pub feed_limit: usize,
    /// What the accessibility statement says.
    pub accessibility: Accessibility,
    /// Sites whose `<iframe>`s (e.g. videos) may be embedded, as `https://host` prefixes.
    pub allow_iframes_from: Vec<String>,
    /// The framework's words: statuses, outcomes, ratings, types of area.
    pub vocabulary: Vocabulary,
    /// What the council says about the next inspection, instead of the framework's usual timings.
    pub next_inspection: Option<String>,
    /// The web server it is published on (`[hosting] server`).
    pub server: Server,
    /// Where people sign up for emails (`[email_signup]`).
    pub email_signup: EmailSignup,
    /// What `data.json` says of itself (`[open_data]`).
    pub open_data: OpenData,
    /// The reading age above which `check` flags a text (`reading_age`, default 12).
    pub reading_age: u32,
    /// Warnings from reading `site.toml` (control characters taken out).
    pub warnings: Vec<Diagnostic>,
}

impl Config {
    /// Parses and validates `site.toml`; `path` is how the file is named in errors.
    pub fn parse(path: &Path, text: &str) -> Result<Config, Vec<Diagnostic>> {
        let text = normalise(text);
        let source = Source { path, text: &text };
        let raw: RawConfig = parse_toml(&source, &text, 0).map_err(|e| vec![e])?;
        let RawConfig {
            title,
            organisation,
            base_url,
            language,
            description,
            email,
            kinds,
            glossary,
            accessibility,
            feed_limit,
            allow_iframes_from,
            framework,
            statuses,
            next_inspection,
            hosting,
            email_signup_url,
            email_signup,
            open_data,
            reading_age,
        } = raw;
        let mut errors = Vec::new();
        let allow_iframes_from = check_iframe_origins(&source, allow_iframes_from)
            .map_err(|e| errors.extend(e))
            .unwrap_or_default();
        let base = parse_base_url(&base_url).map_err(|message| {
            let at = text.find("base_url").unwrap_or(0);
            errors.push(source.error_at(at, message).hint(
                "write the full address of the site, e.g. `base_url = \"https://www.example.gov.uk/send-progress/\"`",
            ))
        });
        let email = email.and_then(|e| {
            check_email("email", e.get_ref())
                .map_err(|(m, h)| errors.push(source.error_at(e.span().start, m).hint(h)))
                .ok()
        });
        let kinds = check_kinds(&source, kinds, &mut errors);
        let framework = check_framework(&source, framework.as_ref(), &mut errors);
        let server = check_server(&source, hosting, &mut errors);
        let reading_age = match reading_age {
            Some(age) if check_reading_age(*age.get_ref()).is_err() => {
                errors.push(
                    source
                        .error_at(
                            age.span().start,
                            format!(
                                "reading_age = {} is not an age this check can estimate",
                                age.get_ref()
                            ),
                        )
                        .hint(
                            "write an age from 7 to 21; GOV.UK writes for 9, and the default is 12",
                        ),
                );
                DEFAULT_READING_AGE
            }
            Some(age) => age.into_inner(),
            None => DEFAULT_READING_AGE,
        };
        if let Some(old) = &email_signup_url {
            errors.push(signup::replaced(&source, old));
        }
        let email_signup = email_signup
            .map(|raw| raw.validate(&source, &mut errors))
            .unwrap_or_default();
        let open_data = open_data
            .map(|raw| raw.validate(&source, &mut errors))
            .unwrap_or_default();
        let mut vocabulary = Vocabulary::of(framework);
        vocabulary.customise(&source, statuses, &mut errors);
        vocabulary.kinds = merge_kinds(framework, kinds);
        let glossary = with_built_in(framework, check_glossary(&source, glossary, &mut errors));
        let accessibility = match accessibility {
            Some(raw) => raw
                .validate(&source, email.as_deref())
                .map_err(|e| errors.extend(e))
                .ok(),
            None => Some(Accessibility::defaults(email.as_deref())),
        };
        let (Ok((base_url, base_path)), Some(accessibility), true) =
            (base, accessibility, errors.is_empty())
        else {
            return Err(errors);
        };
        Ok(Config {
            title,
            organisation,
            base_url,
            base_path,
            language,
            description,
            email,
            glossary,
            accessibility,
            feed_limit,
            allow_iframes_from,
            vocabulary,
            next_inspection,
            server,
            email_signup,
            open_data,
            reading_age,
            warnings: Vec::new(),
        })
    }

    /// Reads and parses `content/site.toml` under `root`.
    pub fn load(root: &Path) -> Result<Config, Vec<Diagnostic>> {
        let display = Path::new("content").join("site.toml");
        if !root.join(&display).is_file() {
            return Err(vec![Diagnostic::error(
                &display,
                "there are no site settings",
            )
            .hint(
                "every site needs `content/site.toml`; `sendsite init DIR` creates one",
            )]);
        }
        let text = crate::source::read_source(root, &display).map_err(|e| vec![e])?;
        let config = Config::parse(&display, &text.text)?;
        Ok(Config {
            warnings: text.warnings,
            ..config
        })
    }

    /// Replaces the base URL (for `--base-url`), validating it the same way.
    pub fn with_base_url(mut self, url: &str) -> Result<Config, String> {
        let (base_url, base_path) = parse_base_url(url)?;
        self.base_url = base_url;
        self.base_path = base_path;
        Ok(self)
    }

    /// The label of a kind, or the slug itself if the kind is unknown.
    pub fn kind_label<'a>(&'a self, slug: &'a str) -> &'a str {
        self.vocabulary
            .kinds
            .iter()
            .find(|(s, _)| s == slug)
            .map_or(slug, |(_, l)| l)
    }

    /// Whether `slug` names a kind of this site.
    pub fn has_kind(&self, slug: &str) -> bool {
        self.vocabulary.kinds.iter().any(|(s, _)| s == slug)
    }
}

/// Each allowed iframe origin must be a whole `https://` address, so a typo cannot open the door wide.
fn check_iframe_origins(
    source: &Source,
    origins: Vec<toml::Spanned<String>>,
) -> Result<Vec<String>, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    for origin in &origins {
        let host = origin.get_ref().strip_prefix("https://").unwrap_or("");
        if host.is_empty() || host.starts_with('/') || host.contains(char::is_whitespace) {
            let message = format!(
                "allow_iframes_from: \"{}\" is not an https:// address",
                origin.get_ref()
            );
            errors.push(source.error_at(origin.span().start, message).hint(
                "list the start of the addresses to allow, e.g. `allow_iframes_from = [\"https://www.youtube-nocookie.com\"]`",
            ));
        }
    }
    if errors.is_empty() {
        Ok(origins.into_iter().map(toml::Spanned::into_inner).collect())
    } else {
        Err(errors)
    }
}

/// Every `[kinds]` key becomes a folder and an address (`/kinds/<key>/`), so it passes the same
/// slug rule as an entry's slug; every label is shown, so it must say something.
fn check_kinds(
    source: &Source,
    kinds: BTreeMap<Spanned<String>, Spanned<String>>,
    errors: &mut Vec<Diagnostic>,
) -> BTreeMap<String, String> {
    let mut checked = BTreeMap::new();
    for (slug, label) in kinds {
        if let Err((m, h)) = check_slug(slug.get_ref()) {
            errors.push(
                source
                    .error_at(slug.span().start, format!("[kinds]: {m}"))
                    .hint(h),
            );
            continue;
        }
        if label.get_ref().trim().is_empty() {
            let hint = "write the words readers see for this kind, e.g. board-minutes = \"Improvement board minutes\"";
            errors.push(
                source
                    .error_at(
                        label.span().start,
                        format!("[kinds]: the label of \"{}\" is empty", slug.get_ref()),
                    )
                    .hint(hint),
            );
            continue;
        }
        checked.insert(slug.into_inner(), label.into_inner());
    }
    checked
}

/// `[hosting] server`: one of the servers sendsite writes files for.
fn check_server(
    source: &Source,
    hosting: Option<RawHosting>,
    errors: &mut Vec<Diagnostic>,
) -> Server {
    let Some(written) = hosting.map(|h| h.server) else {
        return Server::None;
    };
    match Server::named(written.get_ref()) {
        Some(server) => server,
        None => {
            errors.push(
                source
                    .error_at(written.span().start, format!("[hosting] server: \"{}\" is not a server sendsite writes files for", written.get_ref()))
                    .hint("write server = \"nginx\", \"apache\", \"iis\", \"azure\", \"netlify\" or \"none\" (any other host: \"none\", and the site's own redirect pages work there)"),
            );
            Server::None
        }
    }
}

/// `framework = "2016"` or `"2023"`; absent means 2016, so sites written before it build as before.
fn check_framework(
    source: &Source,
    framework: Option<&Spanned<String>>,
    errors: &mut Vec<Diagnostic>,
) -> Framework {
    let Some(written) = framework else {
        return Framework::F2016;
    };
    Framework::parse(written.get_ref()).unwrap_or_else(|| {
        errors.push(
            source
                .error_at(written.span().start, format!("unknown framework \"{}\"", written.get_ref()))
                .hint("write framework = \"2023\" for the area SEND framework used since 2023, or \"2016\" for the local area SEND inspections of 2016 to 2022"),
        );
        Framework::F2016
    })
}

/// Glossary terms are matched in text and listed with their meaning: neither may be empty.
fn check_glossary(
    source: &Source,
    glossary: BTreeMap<Spanned<String>, Spanned<String>>,
    errors: &mut Vec<Diagnostic>,
) -> BTreeMap<String, String> {
    let mut checked = BTreeMap::new();
    for (term, meaning) in glossary {
        let (what, at) = if term.get_ref().trim().is_empty() {
            ("a glossary term is empty", term.span().start)
        } else if meaning.get_ref().trim().is_empty() {
            ("this glossary term has no meaning", meaning.span().start)
        } else {
            checked.insert(term.into_inner(), meaning.into_inner());
            continue;
        };
        errors.push(source.error_at(at, what).hint(
            "write the term as it appears in the text and what it means, e.g. \"EHC plan\" = \"An education, health and care plan: ...\"",
        ));
    }
    checked
}

/// The framework's own words with their built-in meanings, then the site's glossary: a term the
/// site explains itself (in any case) replaces the built-in one.
fn with_built_in(
    framework: crate::vocabulary::Framework,
    own: BTreeMap<String, String>,
) -> BTreeMap<String, String> {
    let mut glossary: BTreeMap<String, String> = crate::vocabulary::glossary::built_in(framework)
        .iter()
        .filter(|(term, _)| !own.keys().any(|t| t.eq_ignore_ascii_case(term)))
        .map(|(term, meaning)| (term.to_string(), meaning.to_string()))
        .collect();
    glossary.extend(own);
    glossary
}

/// The framework's kinds, relabelled where the site says so, then the site's own kinds by slug.
fn merge_kinds(
    framework: crate::vocabulary::Framework,
    mut extra: BTreeMap<String, String>,
) -> Vec<(String, String)> {
    let mut kinds: Vec<(String, String)> = crate::vocabulary::kinds_of(framework)
        .map(|(slug, label)| {
            let label = extra.remove(*slug).unwrap_or_else(|| label.to_string());
            (slug.to_string(), label)
        })
        .collect();
    kinds.extend(extra);
    kinds
}

/// A URL path with `.` and `..` worked out and empty segments dropped, as browsers and servers
/// read it (`a/../send-progress/` is `send-progress`): the redirect rules must match the address
/// a request really has.
fn normal_path(path: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment.to_ascii_lowercase().as_str() {
            "" | "." | "%2e" => {}
            ".." | ".%2e" | "%2e." | "%2e%2e" => {
                segments.pop();
            }
            _ => segments.push(segment),
        }
    }
    segments.join("/")
}

/// Checks that a base URL is absolute and returns it with a trailing slash, and its path.
fn parse_base_url(url: &str) -> Result<(String, String), String> {
    check_url("base_url", url).map_err(|(m, _)| m)?;
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("base_url \"{url}\" must start with https:// or http://"))?;
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    if host.is_empty() || host.contains(char::is_whitespace) || url.contains(['?', '#']) {
        return Err(format!("base_url \"{url}\" is not a web address"));
    }
    // `https://name:password@host/` would publish the password in the hosting files.
    if host.contains('@') {
        return Err(format!("base_url \"{url}\" has a user name or password in it: write the site's public address without them"));
    }
    let path = normal_path(path);
    let base_path = if path.is_empty() {
        "/".to_string()
    } else {
        format!("/{path}/")
    };
    let scheme_len = url.len() - rest.len();
    Ok((
        format!("{}{host}{base_path}", &url[..scheme_len]),
        base_path,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = "title = \"T\"\norganisation = \"O\"\ndescription = \"D\"\n";

    #[test]
    fn regression_base_url_credentials_are_refused_and_its_path_normalised() {
        let with = |url: &str| {
            let text = format!("{MINIMAL}base_url = \"{url}\"\n");
            Config::parse(Path::new("site.toml"), &text)
        };
        let errors = with("https://u:p@x.gov.uk/").unwrap_err();
        assert!(
            errors[0].message.contains("user name or password"),
            "{}",
            errors[0].message
        );
        let c = with("https://x.gov.uk/a/../send-progress/./").unwrap();
        assert_eq!(c.base_url, "https://x.gov.uk/send-progress/");
        assert_eq!(c.base_path, "/send-progress/");
        let c = with("https://x.gov.uk//a/%2E%2E/").unwrap();
        assert_eq!(c.base_path, "/");
    }

    #[test]
    fn base_url_gets_a_trailing_slash_and_path() {
        let text = format!("{MINIMAL}base_url = \"https://x.gov.uk/send\"\n");
        let c = Config::parse(Path::new("site.toml"), &text).unwrap();
        assert_eq!(
            (c.base_url.as_str(), c.base_path.as_str()),
            ("https://x.gov.uk/send/", "/send/")
        );
        assert_eq!(c.language, "en-GB");
    }

    #[test]
    fn relative_base_url_is_an_error_on_its_line() {
        let text = format!("{MINIMAL}base_url = \"/send/\"\n");
        let e = Config::parse(Path::new("site.toml"), &text).unwrap_err();
        assert_eq!(e[0].location.as_ref().unwrap().line, 4);
    }

    #[test]
    fn unknown_key_is_an_error() {
        let text = format!("{MINIMAL}base_url = \"https://x/\"\ntitel = \"x\"\n");
        let e = Config::parse(Path::new("site.toml"), &text).unwrap_err();
        assert!(e[0].message.contains("titel"), "{}", e[0]);
    }

    #[test]
    fn iframe_origins_must_be_https() {
        let text = format!("{MINIMAL}base_url = \"https://x/\"\nallow_iframes_from = [\"https://v.example\", \"v.example\"]\n");
        let e = Config::parse(Path::new("site.toml"), &text).unwrap_err();
        assert_eq!(
            e[0].to_string().lines().next().unwrap(),
            "error: site.toml:5:44: allow_iframes_from: \"v.example\" is not an https:// address"
        );
    }

    #[test]
    fn kinds_can_be_relabelled_and_added() {
        let text = format!(
            "{MINIMAL}base_url = \"https://x/\"\n[kinds]\nnews = \"Latest\"\nboard = \"Board\"\n"
        );
        let c = Config::parse(Path::new("site.toml"), &text).unwrap();
        assert_eq!(c.kind_label("news"), "Latest");
        assert_eq!(c.vocabulary.kinds.last().unwrap().0, "board");
    }
}
