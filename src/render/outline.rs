//! What a body's markdown is made of, as `check` reads it: its links and images (each with the
//! address as written and whether it has words), and its headings' levels.
//!
//! Why here: rendering reads every body's markdown once already, and `check` needs only these
//! facts from it. Gathering them on the way (`render_body`) spares a second pass over ten
//! thousand bodies; [`outline`] reads one body alone, for the editor and `serve`.

use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// The markdown extensions every body is read with, rendered or outlined.
pub const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_HEADING_ATTRIBUTES)
    .union(Options::ENABLE_TASKLISTS);

/// A link or an image of a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Linked {
    /// Byte offset in the body where it is written.
    pub offset: usize,
    /// Its address as written (`@/updates/x.md`, `/areas/`), not as rendered.
    pub url: String,
    /// An image (`![alt](...)`), not a link.
    pub image: bool,
    /// Whether it has no words: a link nobody can tell apart, an image without alt text.
    pub wordless: bool,
}

/// The links, images and headings of one body, in the order written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outline {
    pub links: Vec<Linked>,
    /// Each heading's level and the byte offset where it starts.
    pub headings: Vec<(usize, HeadingLevel)>,
}

/// The outline of every body of a site, by what the body belongs to, each list in the model's
/// order: what `check` reads instead of the markdown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outlines {
    pub home: Outline,
    /// Same order as `Site::entries`.
    pub entries: Vec<Outline>,
    /// Same order as `Site::areas`.
    pub areas: Vec<Outline>,
    /// Same order as `Site::pages`.
    pub pages: Vec<Outline>,
    /// Same order as `Site::measures`.
    pub measures: Vec<Outline>,
}

/// Builds an [`Outline`] from a body's events as they pass.
#[derive(Default)]
pub struct Outliner {
    outline: Outline,
    /// The links and images open at this point (an image inside a link): which of
    /// `outline.links` each is, and its words so far.
    open: Vec<(usize, String)>,
}

impl Outliner {
    /// Takes note of one event, found at `range` of the body.
    pub fn see(&mut self, event: &Event, range: &Range<usize>) {
        match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                self.open.push((self.outline.links.len(), String::new()));
                self.outline.links.push(Linked {
                    offset: range.start,
                    url: dest_url.to_string(),
                    image: matches!(event, Event::Start(Tag::Image { .. })),
                    wordless: false,
                });
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                let Some((index, words)) = self.open.pop() else {
                    return;
                };
                if words.trim().is_empty() {
                    self.outline.links[index].wordless = true;
                }
                if let Some((_, outer)) = self.open.last_mut() {
                    outer.push_str(&words);
                }
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, inner)) = self.open.last_mut() {
                    inner.push_str(text);
                }
            }
            Event::Start(Tag::Heading { level, .. }) => {
                self.outline.headings.push((range.start, *level));
            }
            _ => {}
        }
    }

    /// The outline of everything seen.
    pub fn finish(self) -> Outline {
        self.outline
    }
}

/// The outline of one body, read on its own.
pub fn outline(markdown: &str) -> Outline {
    let mut outliner = Outliner::default();
    for (event, range) in Parser::new_ext(markdown, OPTIONS).into_offset_iter() {
        outliner.see(&event, &range);
    }
    outliner.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_images_and_headings_in_the_order_written() {
        let o = outline("## A\n\n![](a.png) [![Logo](l.png)](/) [](/x/) [`c`](@/c.md)\n\n### B\n");
        let seen: Vec<(&str, bool, bool)> = o
            .links
            .iter()
            .map(|l| (l.url.as_str(), l.image, l.wordless))
            .collect();
        assert_eq!(
            seen,
            [
                ("a.png", true, true),
                ("/", false, false),
                ("l.png", true, false),
                ("/x/", false, true),
                ("@/c.md", false, false),
            ]
        );
        assert_eq!(o.links[0].offset, 6);
        assert_eq!(o.headings, [(0, HeadingLevel::H2), (60, HeadingLevel::H3)]);
    }
}
