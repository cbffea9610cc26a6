//! What HTML may reach a reader: `ammonia`'s safe defaults, plus `<iframe>`s from the sites
//! `allow_iframes_from` lists, and a plain-English account of what was taken out.
//!
//! Sanitizing is ammonia's job; this module only configures it and compares the tags and
//! attributes before and after, so that the build can name what it removed. The comparison
//! never decides what is safe.

use std::collections::BTreeMap;

use crate::source::url::SCHEMES;

/// Attributes an allowed `<iframe>` may keep.
const IFRAME_ATTRIBUTES: [&str; 8] = [
    "src",
    "title",
    "width",
    "height",
    "allow",
    "allowfullscreen",
    "loading",
    "referrerpolicy",
];

/// ammonia's safe defaults, keeping what markdown makes: heading ids, classes, table alignment.
fn safe_defaults() -> ammonia::Builder<'static> {
    let mut builder = ammonia::Builder::default();
    builder.add_generic_attributes(["id", "class"]);
    builder
        .add_tag_attributes("td", ["style"])
        .add_tag_attributes("th", ["style"]);
    builder.link_rel(None);
    builder.url_schemes(LINK_SCHEMES.into_iter().collect());
    builder
}

/// The same safe HTML with every relative link and image made absolute from `page`'s address.
///
/// Feeds need this: a reader shows an entry away from its page, where `../x/` or `chart.png`
/// would lead nowhere. The HTML was sanitized when it was rendered; this pass changes only URLs.
pub fn absolute_links(html: &str, page: &url::Url) -> String {
    let mut builder = safe_defaults();
    builder.url_relative(ammonia::UrlRelative::RewriteWithBase(page.clone()));
    builder.clean(html).to_string()
}

/// A configured sanitizer, built once per site and shared by every body.
pub struct Sanitizer {
    builder: ammonia::Builder<'static>,
}

impl Default for Sanitizer {
    fn default() -> Sanitizer {
        Sanitizer::new(&[])
    }
}

impl Sanitizer {
    /// A sanitizer that lets `<iframe>`s through only when their `src` starts with one of `origins`.
    pub fn new(origins: &[String]) -> Sanitizer {
        let mut builder = safe_defaults();
        if !origins.is_empty() {
            let origins: Vec<String> = origins
                .iter()
                .map(|o| o.trim_end_matches('/').to_string())
                .collect();
            builder
                .add_tags(["iframe"])
                .add_tag_attributes("iframe", IFRAME_ATTRIBUTES);
            builder.attribute_filter(move |element, attribute, value| {
                let allowed =
                    element != "iframe" || attribute != "src" || from_allowed(value, &origins);
                allowed.then(|| value.into())
            });
        }
        Sanitizer { builder }
    }

    /// Safe HTML for `html`; an `<iframe>` whose address was not allowed is dropped whole.
    pub fn clean(&self, html: &str) -> String {
        drop_empty_iframes(&self.builder.clean(html).to_string())
    }

    /// What `clean` took out of `before` to give `after`, in words, without repeats.
    pub fn removed(before: &str, after: &str) -> Vec<Removal> {
        let mut counts: BTreeMap<Removal, isize> = BTreeMap::new();
        for item in inventory(before) {
            *counts.entry(item).or_default() += 1;
        }
        for item in inventory(after) {
            *counts.entry(item).or_default() -= 1;
        }
        let mut removed: Vec<Removal> = counts
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .map(|(item, _)| item)
            .collect();
        // A frame from the wrong site is named by its address; "<iframe>" alone would say less.
        if removed.iter().any(|r| matches!(r, Removal::Frame(_))) {
            removed.retain(|r| match r {
                Removal::Element(tag) | Removal::Attribute(tag, _) => tag != "iframe",
                _ => true,
            });
        }
        removed
    }
}

/// Whether an iframe address starts with one of the allowed origins (and not merely a longer name).
fn from_allowed(src: &str, origins: &[String]) -> bool {
    origins.iter().any(|o| {
        src == o
            || src
                .strip_prefix(o.as_str())
                .is_some_and(|rest| rest.starts_with(['/', '?']))
    })
}

/// Removes `<iframe ...></iframe>` elements that lost their `src`: an empty frame only confuses.
fn drop_empty_iframes(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<iframe") {
        let tag_end = rest[start..]
            .find('>')
            .map_or(rest.len(), |i| start + i + 1);
        let close = rest[tag_end..]
            .find("</iframe>")
            .map_or(tag_end, |i| tag_end + i + "</iframe>".len());
        out.push_str(&rest[..start]);
        if rest[start..tag_end].contains(" src=") {
            out.push_str(&rest[start..close]);
        }
        rest = &rest[close..];
    }
    out.push_str(rest);
    out
}

/// One thing the sanitizer took out, as the author would recognise it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Removal {
    /// A whole element, e.g. `<script>`.
    Element(String),
    /// An `on...` attribute that would run script.
    Handler(String),
    /// A link or source with a `javascript:` (or other unsafe) address.
    Address(String),
    /// An `<iframe>` from a site `allow_iframes_from` does not list.
    Frame(String),
    /// Any other attribute, with its element.
    Attribute(String, String),
}

impl Removal {
    /// The words shown to the author.
    pub fn describe(&self) -> String {
        match self {
            Removal::Element(tag) => format!("<{tag}>"),
            Removal::Handler(name) => format!("the {name} event handler"),
            Removal::Address(url) => format!("the address \"{url}\""),
            Removal::Frame(src) => format!("an <iframe> from \"{src}\""),
            Removal::Attribute(tag, name) => format!("the {name} attribute of <{tag}>"),
        }
    }

    /// Text to look for in the markdown to find where it was written: an element by its
    /// start tag (`<embed`), not by its bare name, which other text may hold (`/embed/x`).
    pub fn needle(&self) -> String {
        match self {
            Removal::Element(tag) => format!("<{tag}"),
            Removal::Handler(name) => format!("{name}="),
            Removal::Address(url) | Removal::Frame(url) => url.clone(),
            Removal::Attribute(_, name) => format!("{name}="),
        }
    }
}

/// Every start tag and attribute in `html`, as removals would name them.
fn inventory(html: &str) -> Vec<Removal> {
    let mut items = Vec::new();
    for (tag, attributes) in start_tags(html) {
        for (name, value) in attributes {
            items.push(match name.as_str() {
                n if n.starts_with("on") => Removal::Handler(name),
                "src" if tag == "iframe" => Removal::Frame(value),
                "href" | "src" | "action" | "formaction" if !safe_address(&value) => {
                    Removal::Address(value)
                }
                _ => Removal::Attribute(tag.clone(), name),
            });
        }
        items.push(Removal::Element(tag));
    }
    items
}

/// Whether an address is relative or uses a scheme of the one allow-list for content.
fn safe_address(url: &str) -> bool {
    match url.trim().split_once(':') {
        Some((scheme, _)) if !scheme.contains(['/', '?', '#']) => {
            LINK_SCHEMES.contains(&scheme.to_ascii_lowercase().as_str())
        }
        _ => true,
    }
}

/// The schemes a link in a body may use: the content allow-list, plus `tel:` for phone numbers
/// (which only dial, never load anything).
pub const LINK_SCHEMES: [&str; 4] = [SCHEMES[0], SCHEMES[1], SCHEMES[2], "tel"];

type StartTag = (String, Vec<(String, String)>);

/// A forgiving scan of start tags (name, attributes); skips comments, end tags and script text.
fn start_tags(html: &str) -> Vec<StartTag> {
    let mut tags = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        if let Some(after) = rest.strip_prefix("!--") {
            rest = after.find("-->").map_or("", |j| &after[j + 3..]);
            continue;
        }
        let name_len = rest
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '-')
            .unwrap_or(rest.len());
        if name_len == 0 || !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let name = rest[..name_len].to_ascii_lowercase();
        let (attributes, after) = attributes(&rest[name_len..]);
        rest = after;
        if name == "script" || name == "style" {
            let end = format!("</{name}");
            rest = rest
                .to_ascii_lowercase()
                .find(&end)
                .map_or("", |j| &rest[j..]);
        }
        tags.push((name, attributes));
    }
    tags
}

/// The attributes of a start tag and the text after its `>`.
fn attributes(mut rest: &str) -> (Vec<(String, String)>, &str) {
    let mut found = Vec::new();
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if rest.is_empty() || rest.starts_with('>') {
            return (found, rest.get(1..).unwrap_or(""));
        }
        let end = rest
            .find(|c: char| c.is_whitespace() || "=>/".contains(c))
            .unwrap_or(rest.len())
            .max(1);
        let name = rest[..end].to_ascii_lowercase();
        rest = rest[end..].trim_start();
        let mut value = String::new();
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (v, r) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => after[1..].split_once(q).unwrap_or((&after[1..], "")),
                _ => after.split_at(
                    after
                        .find(|c: char| c.is_whitespace() || c == '>')
                        .unwrap_or(after.len()),
                ),
            };
            value = decode_entities(v);
            rest = r;
        }
        found.push((name, value));
    }
}

/// Undoes the few entities serializers put in attribute values, so before and after compare.
fn decode_entities(value: &str) -> String {
    value
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn removed(html: &str, sanitizer: &Sanitizer) -> Vec<String> {
        Sanitizer::removed(html, &sanitizer.clean(html))
            .iter()
            .map(Removal::describe)
            .collect()
    }

    #[test]
    fn names_what_was_removed() {
        let html = "<p onclick=\"x()\">Hi<script>if (a<b) alert(1)</script><a href=\"javascript:go()\">a</a></p>";
        let s = Sanitizer::default();
        assert_eq!(
            removed(html, &s),
            [
                "<script>",
                "the onclick event handler",
                "the address \"javascript:go()\""
            ]
        );
    }

    #[test]
    fn safe_markup_is_not_reported() {
        let html = "<h2 id=\"x\">A</h2><p class=\"c\"><em>b</em> <a href=\"/x/\" title=\"t\">c</a><br /><img src=\"a.png\" alt=\"d\" /></p><!-- note -->";
        assert_eq!(removed(html, &Sanitizer::default()), Vec::<String>::new());
    }

    #[test]
    fn iframes_only_from_allowed_sites() {
        let s = Sanitizer::new(&["https://www.youtube-nocookie.com".to_string()]);
        let ok =
            "<iframe src=\"https://www.youtube-nocookie.com/embed/x\" title=\"Video\"></iframe>";
        assert_eq!(s.clean(ok), ok);
        let bad = "<p>a</p><iframe src=\"https://www.youtube-nocookie.com.evil.example/x\" title=\"V\"></iframe><p>b</p>";
        assert_eq!(s.clean(bad), "<p>a</p><p>b</p>");
        assert_eq!(
            removed(bad, &s),
            ["an <iframe> from \"https://www.youtube-nocookie.com.evil.example/x\""]
        );
        assert_eq!(Sanitizer::default().clean(ok), "");
    }
}
