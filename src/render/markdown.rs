//! Markdown → HTML, once per body, reused by every page and feed that shows it.
//!
//! Headings get stable `id`s so they can be linked; links written from the site root (`/areas/`)
//! get the base path so they work under a sub-path; links written as the path of a source file
//! (`@/updates/2022-11-23-revisit.md#next-steps`) become the address of its page; raw HTML goes
//! through [`Sanitizer`] so nothing an author pastes can run script in a parent's browser.
//!
//! A heading may name its own id (`## Our plan {#the-plan}`); its other attributes (classes,
//! `key=value`) are dropped, as they would let a body restyle the theme or carry script.
//! Footnotes get ids that cannot clash with a heading's or the theme's (`fn-1`, `fnref-1`), and
//! task lists (`- [x] Done`) say their state in words ("Done", "To do"), which a screen reader
//! reads and no form control needs a label for.
//! This module reports what it could not resolve or had to remove, as byte offsets in the body;
//! the caller turns them into located messages.

use std::collections::BTreeMap;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Parser, Tag, TagEnd};

use super::outline::{Outline, Outliner};
use super::sanitize::{Removal, Sanitizer, LINK_SCHEMES};
use crate::source::slug::slugify;

/// The markdown extensions every body is read with (also used by `check`).
pub use super::outline::OPTIONS;

/// The prefix of a link written as the path of a source file under `content/`.
pub const SOURCE_LINK: &str = "@/";

/// What every body of one site is rendered with.
pub struct MarkdownContext<'a> {
    /// The path every site-root link starts with (`/` or e.g. `/send/`).
    pub base_path: &'a str,
    /// Source file under `content/` (`updates/2022/x.md`) → site-relative path of its page (`updates/x/`).
    pub targets: &'a BTreeMap<String, String>,
    /// What raw HTML may stay.
    pub sanitizer: &'a Sanitizer,
}

/// A body rendered to HTML, with what the build should tell the author about it.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// Safe HTML.
    pub html: String,
    /// What the sanitizer removed, by byte offset in the body where it was written.
    pub removed: BTreeMap<usize, Vec<Removal>>,
    /// `@/` links to no file of the site: (byte offset in the body, the link as written).
    pub broken: Vec<(usize, String)>,
    /// Its links and headings as written, for `check`.
    pub outline: Outline,
}

/// Renders a body that has no `@/` links to resolve, with the default sanitizer.
pub fn render(markdown: &str, base_path: &str) -> Rendered {
    let targets = BTreeMap::new();
    let sanitizer = Sanitizer::default();
    render_body(
        markdown,
        &MarkdownContext {
            base_path,
            targets: &targets,
            sanitizer: &sanitizer,
        },
    )
}

/// Renders a markdown body of the site.
pub fn render_body(markdown: &str, ctx: &MarkdownContext) -> Rendered {
    let mut broken = Vec::new();
    let mut spots = Vec::new();
    let mut risky = false;
    let mut outliner = Outliner::default();
    let mut events: Vec<Event> = Parser::new_ext(markdown, OPTIONS)
        .into_offset_iter()
        .map(|(event, range)| {
            outliner.see(&event, &range);
            if let Some(raw) = raw_or_address(&event) {
                risky |= !raw.is_some_and(plain_address);
                spots.push(range.clone());
            }
            resolve_link(event, ctx, range.start, &mut broken)
        })
        .collect();
    add_heading_ids(&mut events);
    let events = own_footnotes_and_tasks(events);
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    let outline = outliner.finish();
    if !risky {
        return Rendered {
            html,
            removed: BTreeMap::new(),
            broken,
            outline,
        };
    }
    let clean = ctx.sanitizer.clean(&html);
    let removed = locate(markdown, &spots, Sanitizer::removed(&html, &clean));
    Rendered {
        html: clean,
        removed,
        broken,
        outline,
    }
}

/// `Some(None)` for raw HTML, `Some(Some(url))` for a link or image, `None` for anything else.
fn raw_or_address<'e>(event: &'e Event) -> Option<Option<&'e str>> {
    match event {
        Event::Html(_) | Event::InlineHtml(_) => Some(None),
        Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
            Some(Some(dest_url))
        }
        _ => None,
    }
}

/// Markdown alone can only carry script in an address, so a body whose addresses are all plain
/// (relative, or web, mail or phone) and that has no raw HTML is safe as pulldown-cmark writes it.
fn plain_address(url: &str) -> bool {
    let scheme = url.split_once(':').map(|(s, _)| s.to_ascii_lowercase());
    match scheme {
        None => true,
        Some(s) if s.contains(['/', '?', '#']) => true,
        Some(s) => LINK_SCHEMES.contains(&s.as_str()),
    }
}

/// Groups removals by the first place in the markdown that mentions them (the start if none does).
fn locate(
    markdown: &str,
    spots: &[Range<usize>],
    removals: Vec<Removal>,
) -> BTreeMap<usize, Vec<Removal>> {
    let lower = markdown.to_ascii_lowercase();
    let mut found: BTreeMap<usize, Vec<Removal>> = BTreeMap::new();
    for removal in removals {
        let needle = removal.needle().to_ascii_lowercase();
        let at = spots
            .iter()
            .find(|r| {
                lower
                    .get(r.start..r.end)
                    .is_some_and(|text| text.contains(&needle))
            })
            .map_or(0, |r| r.start);
        found.entry(at).or_default().push(removal);
    }
    found
}

/// Resolves `@/` links and puts the base path in front of site-root links.
fn resolve_link<'a>(
    event: Event<'a>,
    ctx: &MarkdownContext,
    offset: usize,
    broken: &mut Vec<(usize, String)>,
) -> Event<'a> {
    let mut fix = |url: CowStr<'a>| -> CowStr<'a> {
        if let Some(path) = url.strip_prefix(SOURCE_LINK) {
            let (file, anchor) = path
                .split_once('#')
                .map_or((path, None), |(f, a)| (f, Some(a)));
            return match ctx.targets.get(file) {
                Some(target) => format!(
                    "{}{target}{}",
                    ctx.base_path,
                    anchor.map(|a| format!("#{a}")).unwrap_or_default()
                )
                .into(),
                None => {
                    broken.push((offset, url.to_string()));
                    url
                }
            };
        }
        rebase(url, ctx.base_path)
    };
    match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: fix(dest_url),
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
            dest_url: fix(dest_url),
            title,
            id,
        }),
        other => other,
    }
}

/// `/areas/` → `/send/areas/` when the site lives under `/send/`.
fn rebase<'a>(url: CowStr<'a>, base_path: &str) -> CowStr<'a> {
    match url.strip_prefix('/') {
        Some(rest) if !rest.starts_with('/') && base_path != "/" => {
            format!("{base_path}{rest}").into()
        }
        _ => url,
    }
}

/// Gives every heading an id that no other heading of the body has: its own (`{#the-plan}`,
/// made a slug if it is not one), else one made from its text. A heading's classes and other
/// attributes are dropped.
fn add_heading_ids(events: &mut [Event]) {
    let mut used: BTreeMap<String, usize> = BTreeMap::new();
    let mut unique = |base: String| {
        let n = used.entry(base.clone()).or_insert(0);
        *n += 1;
        if *n == 1 {
            base
        } else {
            format!("{base}-{n}")
        }
    };
    for i in 0..events.len() {
        let Event::Start(Tag::Heading { id, .. }) = &events[i] else {
            continue;
        };
        let own = id.as_ref().map(|id| slugify(id)).filter(|s| !s.is_empty());
        let base = own.unwrap_or_else(|| match slugify(&heading_text(&events[i + 1..])) {
            s if s.is_empty() => "section".to_string(),
            s => s,
        });
        // The footnotes' ids are theirs alone.
        let base = match footnote_like(&base) {
            true => format!("section-{base}"),
            false => base,
        };
        let made = unique(base);
        if let Event::Start(Tag::Heading {
            id, classes, attrs, ..
        }) = &mut events[i]
        {
            *id = Some(made.into());
            classes.clear();
            attrs.clear();
        }
    }
}

/// Footnotes with ids of their own, by their number in the order they are first referred to
/// (`fn-1`; `fnref-1` for the first place that refers to it, `fnref-1-2` for the next), labels
/// matched without regard to case as CommonMark does, and a link back from each note; task
/// list markers in words.
fn own_footnotes_and_tasks(events: Vec<Event>) -> Vec<Event> {
    let mut numbers: BTreeMap<String, usize> = BTreeMap::new();
    let mut number = |label: &str| {
        let next = numbers.len() + 1;
        *numbers.entry(label.to_lowercase()).or_insert(next)
    };
    let mut referred: BTreeMap<usize, usize> = BTreeMap::new();
    let mut out = Vec::with_capacity(events.len());
    let mut open_note = None;
    for event in events {
        out.push(match event {
            Event::FootnoteReference(label) => {
                let n = number(&label);
                let times = referred.entry(n).or_insert(0);
                *times += 1;
                let id = match *times {
                    1 => format!("fnref-{n}"),
                    t => format!("fnref-{n}-{t}"),
                };
                Event::InlineHtml(
                    format!("<sup class=\"footnote-reference\" id=\"{id}\"><a href=\"#fn-{n}\">{n}</a></sup>").into(),
                )
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let n = number(&label);
                open_note = Some(n);
                Event::Html(
                    format!("<div class=\"footnote-definition\" id=\"fn-{n}\"><sup class=\"footnote-definition-label\">{n}</sup>\n").into(),
                )
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                let back = match open_note.take().filter(|n| referred.contains_key(n)) {
                    Some(n) => format!("<p class=\"footnote-back\"><a href=\"#fnref-{n}\">Back to the text of note {n}</a></p>\n"),
                    None => String::new(),
                };
                Event::Html(format!("{back}</div>\n").into())
            }
            Event::TaskListMarker(done) => Event::InlineHtml(
                match done {
                    true => "<strong class=\"task task-done\">Done</strong> ",
                    false => "<strong class=\"task task-todo\">To do</strong> ",
                }
                .into(),
            ),
            other => other,
        });
    }
    out
}

/// Whether an id is of the form footnotes use (`fn-2`, `fnref-2`, `fnref-2-3`).
fn footnote_like(id: &str) -> bool {
    let rest = id.strip_prefix("fnref-").or_else(|| id.strip_prefix("fn-"));
    rest.is_some_and(|r| !r.is_empty() && r.chars().all(|c| c.is_ascii_digit() || c == '-'))
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
    fn a_heading_may_name_its_id_but_nothing_else() {
        let r = render(
            "## Our plan {#the-plan}\n\n## Next {#the-plan .skip-link onclick=alert(1)}\n\n## Our plan\n",
            "/",
        );
        assert!(
            r.html.contains("<h2 id=\"the-plan\">Our plan</h2>"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<h2 id=\"the-plan-2\">Next</h2>"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<h2 id=\"our-plan\">Our plan</h2>"),
            "{}",
            r.html
        );
        assert!(!r.html.contains("onclick") && !r.html.contains("skip-link"));
    }

    #[test]
    fn footnotes_have_ids_that_cannot_clash_and_tasks_say_their_state() {
        let r = render(
            "## 1\n\n## Fn 1\n\nSee this.[^1] And [^Why], [^why] again.\n\n[^1]: The source.\n[^why]: Because.\n",
            "/",
        );
        for want in [
            "<h2 id=\"1\">",
            "<h2 id=\"section-fn-1\">",
            "<sup class=\"footnote-reference\" id=\"fnref-1\"><a href=\"#fn-1\">1</a></sup>",
            "id=\"fnref-2\"><a href=\"#fn-2\">2</a>",
            "id=\"fnref-2-2\"><a href=\"#fn-2\">2</a>",
            "<div class=\"footnote-definition\" id=\"fn-1\">",
            "<div class=\"footnote-definition\" id=\"fn-2\">",
            "<a href=\"#fnref-2\">Back to the text of note 2</a>",
        ] {
            assert!(r.html.contains(want), "{want}\n{}", r.html);
        }
        assert!(!r.html.contains("id=\"1\"><sup") && !r.html.contains("href=\"#1\""));
        let r = render("- [x] Publish the plan\n- [ ] Survey parents\n", "/");
        assert!(
            r.html.contains(
                "<li><strong class=\"task task-done\">Done</strong> Publish the plan</li>"
            ),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains("<strong class=\"task task-todo\">To do</strong> Survey parents"),
            "{}",
            r.html
        );
        assert!(!r.html.contains("<input"));
    }

    #[test]
    fn root_links_get_the_base_path() {
        let r = render("[areas](/areas/) [ext](https://x.org/) [rel](x/)", "/send/");
        assert!(r.html.contains("href=\"/send/areas/\""), "{}", r.html);
        assert!(r.html.contains("href=\"https://x.org/\"") && r.html.contains("href=\"x/\""));
    }

    #[test]
    fn script_is_removed_and_reported_where_it_was_written() {
        let r = render("Hi\n\n<script>alert(1)</script>\n\nA <a href=\"javascript:x()\" onclick=\"y()\">a</a> [b](javascript:z())", "/");
        assert!(
            !r.html.contains("script") && !r.html.contains("onclick"),
            "{}",
            r.html
        );
        let found: Vec<(usize, Vec<String>)> = r
            .removed
            .iter()
            .map(|(at, list)| (*at, list.iter().map(Removal::describe).collect()))
            .collect();
        assert_eq!(
            found,
            [
                (4, vec!["<script>".to_string()]),
                (
                    33,
                    vec![
                        "the onclick event handler".to_string(),
                        "the address \"javascript:x()\"".to_string()
                    ]
                ),
                (78, vec!["the address \"javascript:z()\"".to_string()]),
            ]
        );
        let r = render("Hi <em>there</em>", "/");
        assert!(
            r.removed.is_empty() && r.html.contains("<em>there</em>"),
            "{}",
            r.html
        );
    }

    #[test]
    fn plain_markdown_is_left_as_written_and_unsafe_addresses_are_not() {
        assert_eq!(
            render("a  \nb [c](https://x.org/)", "/").html,
            "<p>a<br />\nb <a href=\"https://x.org/\">c</a></p>\n"
        );
        let r = render("[c](JavaScript:alert(1)) [d](java&#9;script:x)", "/");
        assert_eq!(
            r.html,
            "<p><a>c</a> <a href=\"java%09script:x\">d</a></p>\n"
        );
    }

    #[test]
    fn source_links_become_page_addresses() {
        let targets = BTreeMap::from([("updates/2022/x.md".to_string(), "updates/x/".to_string())]);
        let sanitizer = Sanitizer::default();
        let ctx = MarkdownContext {
            base_path: "/send/",
            targets: &targets,
            sanitizer: &sanitizer,
        };
        let r = render_body(
            "[x](@/updates/2022/x.md#next) and [y](@/updates/y.md)",
            &ctx,
        );
        assert!(
            r.html.contains("href=\"/send/updates/x/#next\""),
            "{}",
            r.html
        );
        assert_eq!(r.broken, [(34, "@/updates/y.md".to_string())]);
    }
}
