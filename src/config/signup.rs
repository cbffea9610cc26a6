//! `[email_signup]`: where people sign up for emails, as the council's email service gives the
//! addresses. Services such as GovDelivery (Granicus) or Mailchimp give each list an opaque id
//! of their own (`topic_id=UKXX_31`), which no pattern made from an area's slug can write; so
//! each address is written whole: `all` for everything, and one per area under
//! `[email_signup.areas]`, by the area's slug.
//!
//! Which slugs are areas is known only once the areas are read: the model checks them
//! (`site::check_signup_areas`), with the place each was written, kept here.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use crate::error::{Diagnostic, Location};
use crate::source::frontmatter::Source;
use crate::source::url::check_url;

/// The pattern `email_signup_url` had for an area's slug, to say what replaces it.
const AREA_PLACEHOLDER: &str = "{area}";

/// The sign-up addresses, checked as web addresses.
#[derive(Debug, Clone, Default)]
pub struct EmailSignup {
    /// Everything the site publishes.
    pub all: Option<String>,
    /// One area's updates, by the area's slug.
    pub areas: Vec<AreaSignup>,
}

/// One line of `[email_signup.areas]`.
#[derive(Debug, Clone)]
pub struct AreaSignup {
    pub area: String,
    pub url: String,
    /// Where the area's slug is written, for an error if it names no area.
    pub location: Location,
}

impl EmailSignup {
    /// The area's own address, if it has one.
    pub fn own(&self, slug: &str) -> Option<&str> {
        self.areas
            .iter()
            .find(|a| a.area == slug)
            .map(|a| a.url.as_str())
    }
}

/// `[email_signup]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawEmailSignup {
    all: Option<Spanned<String>>,
    #[serde(default)]
    areas: BTreeMap<Spanned<String>, Spanned<String>>,
}

impl RawEmailSignup {
    /// Checks every address, all at once.
    pub(super) fn validate(self, source: &Source, errors: &mut Vec<Diagnostic>) -> EmailSignup {
        let mut checked = |key: &str, url: Spanned<String>| -> Option<String> {
            check_url(key, url.get_ref())
                .map_err(|(m, h)| errors.push(source.error_at(url.span().start, m).hint(h)))
                .ok()
                .map(|_| url.into_inner())
        };
        let all = self.all.and_then(|u| checked("email_signup.all", u));
        let areas = self
            .areas
            .into_iter()
            .filter_map(|(area, url)| {
                let key = format!("email_signup.areas.{}", area.get_ref());
                Some(AreaSignup {
                    url: checked(&key, url)?,
                    location: source.location(area.span().start),
                    area: area.into_inner(),
                })
            })
            .collect();
        EmailSignup { all, areas }
    }
}

/// The address for everything an old `email_signup_url` made: itself without `{area}`, or with
/// `/{area}` taken out; `None` when `{area}` stood elsewhere (`topic_id=X_{area}`), which made
/// a broken one. The error's hint and the settings form (which mends an old site) both read it.
pub fn old_all(url: &str) -> Option<String> {
    let segment = format!("/{AREA_PLACEHOLDER}");
    match (url.contains(&segment), url.contains(AREA_PLACEHOLDER)) {
        (true, _) => Some(url.replace(&segment, "")),
        (false, true) => None,
        (false, false) => Some(url.to_string()),
    }
}

/// The address for one area an old `email_signup_url` made, when it had `{area}`.
pub fn old_area(url: &str, slug: &str) -> Option<String> {
    url.contains(AREA_PLACEHOLDER)
        .then(|| url.replace(AREA_PLACEHOLDER, slug))
}

/// The error for a site that still has `email_signup_url`, which `[email_signup]` replaced: it
/// says exactly what to write instead.
pub(super) fn replaced(source: &Source, old: &Spanned<String>) -> Diagnostic {
    let url = old.get_ref();
    let message = "email_signup_url has been replaced by [email_signup]";
    let hint = match url.contains(AREA_PLACEHOLDER) {
        false => format!(
            "take out the email_signup_url line and write, at the end of the file:\n[email_signup]\nall = \"{url}\""
        ),
        true => {
            let all = old_all(url)
                .unwrap_or_else(|| "<the address of the list for everything>".to_string());
            let one = old_area(url, "<area-slug>").unwrap_or_default();
            format!(
                "take out the email_signup_url line and write, at the end of the file, the address for everything and one line per area with the address your email service gives it:\n[email_signup]\nall = \"{all}\"\n[email_signup.areas]\n<area-slug> = \"{one}\""
            )
        }
    };
    // The lines to write, set under the hint's first line as `check` prints it.
    source
        .error_at(old.span().start, message)
        .hint(hint.replace('\n', "\n      "))
}
