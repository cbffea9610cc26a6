//! `[open_data]`: what an aggregator (data.gov.uk, a region's dashboard) needs to know of
//! `data.json` beyond its facts: under which licence it may be reused, and which council
//! publishes it, by the code the Government Statistical Service gives each area (GSS code).

use serde::Deserialize;
use toml::Spanned;

use crate::error::Diagnostic;
use crate::source::frontmatter::Source;
use crate::source::url::check_url;

/// A licence for the open data.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Licence {
    /// Its SPDX identifier, when it has one: `OGL-UK-3.0`.
    pub id: Option<String>,
    pub name: String,
    pub url: String,
}

/// The licences known by their SPDX identifier (id, name, address); any other is given by its
/// address.
pub const KNOWN: &[(&str, &str, &str)] = &[
    (
        "OGL-UK-3.0",
        "Open Government Licence v3.0",
        "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    ),
    (
        "CC-BY-4.0",
        "Creative Commons Attribution 4.0 International",
        "https://creativecommons.org/licenses/by/4.0/",
    ),
    (
        "CC0-1.0",
        "Creative Commons CC0 1.0 Universal",
        "https://creativecommons.org/publicdomain/zero/1.0/",
    ),
    (
        "ODC-By-1.0",
        "Open Data Commons Attribution License v1.0",
        "https://opendatacommons.org/licenses/by/1-0/",
    ),
];

impl Default for Licence {
    /// The Open Government Licence v3.0, under which councils publish by default.
    fn default() -> Licence {
        let (id, name, url) = KNOWN[0];
        Licence {
            id: Some(id.into()),
            name: name.into(),
            url: url.into(),
        }
    }
}

/// The settings, checked.
#[derive(Debug, Clone, Default)]
pub struct OpenData {
    pub licence: Licence,
    /// `E10000015`: a letter for the nation and eight digits.
    pub gss_code: Option<String>,
}

/// `[open_data]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawOpenData {
    licence: Option<Spanned<String>>,
    gss_code: Option<Spanned<String>>,
}

impl RawOpenData {
    pub(super) fn validate(self, source: &Source, errors: &mut Vec<Diagnostic>) -> OpenData {
        let licence = self.licence.map_or_else(Licence::default, |l| {
            licence(l.get_ref()).unwrap_or_else(|(m, h)| {
                errors.push(source.error_at(l.span().start, m).hint(h));
                Licence::default()
            })
        });
        let gss_code = self.gss_code.and_then(|code| {
            if is_gss_code(code.get_ref()) {
                return Some(code.into_inner());
            }
            let message = format!(
                "open_data.gss_code: \"{}\" is not a GSS code",
                code.get_ref()
            );
            let hint = "write the council's code from the ONS register: a capital E, W, S or N and eight digits, e.g. \"E10000015\"";
            errors.push(source.error_at(code.span().start, message).hint(hint));
            None
        });
        OpenData { licence, gss_code }
    }
}

/// The licence sendsite knows by this SPDX identifier, whatever its case (`cc-by-4.0`).
pub fn known(id: &str) -> Option<&'static (&'static str, &'static str, &'static str)> {
    KNOWN
        .iter()
        .find(|(known, ..)| known.eq_ignore_ascii_case(id))
}

/// A licence by its SPDX identifier (any case) or its whole `https://` address.
fn licence(written: &str) -> Result<Licence, (String, String)> {
    if let Some((id, name, url)) = known(written) {
        return Ok(Licence {
            id: Some(id.to_string()),
            name: name.to_string(),
            url: url.to_string(),
        });
    }
    if written.starts_with("https://") {
        let url = check_url("open_data.licence", written)?;
        return Ok(Licence {
            id: None,
            name: url.clone(),
            url,
        });
    }
    let ids: Vec<&str> = KNOWN.iter().map(|(id, ..)| *id).collect();
    Err((
        format!("open_data.licence: \"{written}\" is not a licence sendsite knows"),
        format!(
            "write one of {}, or the licence's whole address starting https://",
            ids.join(", ")
        ),
    ))
}

/// A GSS code: E (England), W (Wales), S (Scotland) or N (Northern Ireland), then 8 digits.
pub fn is_gss_code(code: &str) -> bool {
    let mut chars = code.chars();
    matches!(chars.next(), Some('E' | 'W' | 'S' | 'N'))
        && code.len() == 9
        && chars.all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gss_codes_and_licences_read_as_councils_write_them() {
        assert!(is_gss_code("E10000015"));
        assert!(is_gss_code("W06000015"));
        assert!(!is_gss_code("E1000001"));
        assert!(!is_gss_code("X10000015"));
        assert!(!is_gss_code("e10000015"));
        assert_eq!(licence("ogl-uk-3.0").unwrap(), Licence::default());
        assert_eq!(licence("CC-BY-4.0").unwrap().name, KNOWN[1].1);
        let own = licence("https://www.example.gov.uk/licence").unwrap();
        assert_eq!(
            (own.id, own.url.as_str()),
            (None, "https://www.example.gov.uk/licence")
        );
        assert!(licence("MIT").unwrap_err().1.contains("OGL-UK-3.0"));
    }
}
