//! Web-address segments made from titles and file names.
//!
//! Slugs are ASCII, lower case, words joined by `-`: readable in any browser bar and safe as a
//! folder name. Text in other scripts is transliterated, so Welsh or Urdu titles still read.

/// The longest slug accepted: short enough for any file system (a folder name may have 255
/// bytes) and for a link a parent can read.
pub const MAX_LEN: usize = 100;

/// Makes a slug from any text: `Adroddiad Ail-ymweliad` → `adroddiad-ail-ymweliad`.
pub fn slugify(text: &str) -> String {
    let ascii = deunicode::deunicode(text).to_lowercase();
    let mut slug = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

/// A slug of `text` for a name the editor makes (a file, an action id): at most `max`
/// characters, cut at a word where it can be, and `fallback` when the text has no letters.
pub fn short_slug(text: &str, max: usize, fallback: &str) -> String {
    let mut slug = slugify(text);
    if slug.len() > max {
        let cut = slug[..max].rfind('-').unwrap_or(max);
        slug.truncate(cut);
    }
    if slug.is_empty() {
        fallback.to_string()
    } else {
        slug
    }
}

/// Checks a slug written by hand: it becomes a folder name, so it must not leave its folder.
pub fn check_slug(slug: &str) -> Result<String, (String, String)> {
    if slug.len() > MAX_LEN {
        return Err((
            format!("this slug is {} characters long, more than the {MAX_LEN} a web address can comfortably hold", slug.chars().count()),
            "shorten it to a few words, e.g. \"revisit-report-2022\"".to_string(),
        ));
    }
    let ok = !slug.is_empty()
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !slug.starts_with('-');
    if ok {
        return Ok(slug.to_string());
    }
    let suggestion = slugify(slug);
    let hint = if suggestion.is_empty() {
        "a slug uses lower-case letters, digits and `-`, e.g. \"revisit-report\"".to_string()
    } else {
        format!("a slug uses lower-case letters, digits and `-`: try \"{suggestion}\"")
    };
    Err((format!("\"{slug}\" cannot be used as a web address"), hint))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_readable_ascii() {
        assert_eq!(
            slugify("Ofsted & CQC: revisit (2022)"),
            "ofsted-cqc-revisit-2022"
        );
        assert_eq!(slugify("Adroddiad ôl-ymweliad"), "adroddiad-ol-ymweliad");
        assert!(!slugify("رپورٹ").is_empty());
    }

    #[test]
    fn made_names_are_short_cut_at_a_word_and_never_empty() {
        assert_eq!(
            short_slug("Answer every email within five working days", 40, "action"),
            "answer-every-email-within-five-working"
        );
        assert_eq!(short_slug("../../", 60, "document"), "document");
        assert_eq!(short_slug(&"a".repeat(80), 60, "x").len(), 60);
        assert!(check_slug(&short_slug(&"word ".repeat(50), 60, "x")).is_ok());
    }

    #[test]
    fn slugs_cannot_climb_out() {
        assert!(check_slug("../etc").is_err());
        assert!(check_slug("a/b").is_err());
        assert_eq!(check_slug("revisit-2022").unwrap(), "revisit-2022");
        assert!(check_slug(&"a".repeat(300)).is_err());
        for bad in ["..", ".", "", "cyfarfod-â", "a\"b", "Meeting"] {
            assert!(check_slug(bad).is_err(), "{bad}");
        }
    }
}
