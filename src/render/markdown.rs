//! Markdown → HTML, once per body, reused by every page and feed that shows it.
//!
//! Headings get stable `id`s so they can be linked; links written from the site root (`/areas/`)
//! get the base path so they work under a sub-path; raw HTML goes through `ammonia` so nothing
//! an author pastes can run script in a parent's browser.

use std::collections::BTreeMap;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::content::slug::slugify;

/// A body rendered to HTML, with what the build should tell the author about it.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// Safe HTML.
    pub html: String,
    /// Whether the sanitizer had to remove something (script, event handlers, ...).
    pub sanitized: bool,
}

/// Renders a markdown body; `base_path` is prefixed to links that start at the site root.
pub fn render(markdown: &str, base_path: &str) -> Rendered {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    let mut has_html = false;
    let mut events: Vec<Event> = Parser::new_ext(markdown, options)
        .map(|event| {
            if matches!(event, Event::Html(_) | Event::InlineHtml(_)) {
                has_html = true;
            }
            rebase_link(event, base_path)
        })
        .collect();
    add_heading_ids(&mut events);
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    if !has_html {
        return Rendered {
            html,
            sanitized: false,
        };
    }
    let clean = sanitizer().clean(&html).to_string();
    let sanitized = normalised(&clean) != normalised(&html);
    Rendered {
        html: clean,
        sanitized,
    }
}

/// The sanitizer: ammonia's safe defaults, keeping heading ids and table alignment.
fn sanitizer() -> ammonia::Builder<'static> {
    let mut builder = ammonia::Builder::default();
    builder.add_generic_attributes(["id"]);
    builder
        .add_tag_attributes("td", ["style"])
        .add_tag_attributes("th", ["style"]);
    builder.link_rel(None);
    builder
}

/// Compares HTML ignoring the differences ammonia makes to harmless markup.
fn normalised(html: &str) -> String {
    html.chars()
        .filter(|c| !c.is_whitespace() && *c != '/')
        .collect()
}

fn rebase_link<'a>(event: Event<'a>, base_path: &str) -> Event<'a> {
    let rebase = |url: CowStr<'a>| -> CowStr<'a> {
        match url.strip_prefix('/') {
            Some(rest) if !rest.starts_with('/') && base_path != "/" => {
                format!("{base_path}{rest}").into()
            }
            _ => url,
        }
    };
    match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: rebase(dest_url),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: rebase(dest_url),
            title,
            id,
        }),
        other => other,
    }
}

/// Gives every heading without an id a unique one made from its text.
fn add_heading_ids(events: &mut [Event]) {
    let mut used: BTreeMap<String, usize> = BTreeMap::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { id: None, .. }) = &events[i] {
            let text = heading_text(&events[i + 1..]);
            let base = match slugify(&text) {
                s if s.is_empty() => "section".to_string(),
                s => s,
            };
            let n = used.entry(base.clone()).or_insert(0);
            *n += 1;
            let id = if *n == 1 { base } else { format!("{base}-{n}") };
            if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[i] {
                *slot = Some(id.into());
            }
        }
        i += 1;
    }
}

fn heading_text(events: &[Event]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            _ => {}
        }
    }
    text
}

/// The heading levels used in a body, in order (for checks on skipped levels).
pub fn heading_levels(markdown: &str) -> Vec<HeadingLevel> {
    Parser::new(markdown)
        .filter_map(|e| match e {
            Event::Start(Tag::Heading { level, .. }) => Some(level),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_get_unique_ids() {
        let r = render("## Next steps\n\n## Next steps\n", "/");
        assert!(
            r.html.contains("<h2 id=\"next-steps\">") && r.html.contains("id=\"next-steps-2\""),
            "{}",
            r.html
        );
    }

    #[test]
    fn root_links_get_the_base_path() {
        let r = render("[areas](/areas/) [ext](https://x.org/) [rel](x/)", "/send/");
        assert!(r.html.contains("href=\"/send/areas/\""), "{}", r.html);
        assert!(r.html.contains("href=\"https://x.org/\"") && r.html.contains("href=\"x/\""));
    }

    #[test]
    fn script_is_removed_and_reported() {
        let r = render(
            "Hi <script>alert(1)</script><a href=\"javascript:x()\" onclick=\"y()\">a</a>",
            "/",
        );
        assert!(
            !r.html.contains("script") && !r.html.contains("onclick"),
            "{}",
            r.html
        );
        assert!(r.sanitized);
        let r = render("Hi <em>there</em>", "/");
        assert!(
            !r.sanitized && r.html.contains("<em>there</em>"),
            "{}",
            r.html
        );
    }
}
