//! What a screen reader user meets in one body: images without alt text, links without text,
//! headings that skip a level. Read from the body's outline (its links and headings, gathered
//! when it is rendered), with its links kept to check against the whole site later.

use pulldown_cmark::HeadingLevel;

use super::links::Link;
use super::BodyRef;
use crate::error::{Diagnostic, Lines};
use crate::render::outline::{Linked, Outline};

/// Every accessibility problem of one body, and its links and images in the order written.
pub fn check(body: &BodyRef, outline: &Outline) -> (Vec<Diagnostic>, Vec<Link>) {
    // Indexed once, when the first location is needed: most bodies need none, some need many.
    let lines = std::cell::OnceCell::new();
    let at = |offset: usize| {
        lines
            .get_or_init(|| Lines::new(body.body))
            .in_body(offset, body.body_line)
    };
    let mut found: Vec<(usize, Diagnostic)> = Vec::new();
    let links = outline
        .links
        .iter()
        .map(|l| Link::new(l.url.clone(), l.offset))
        .collect();
    found.extend(
        outline
            .links
            .iter()
            .filter(|l| l.wordless)
            .map(|l| (l.offset, no_text(body, l).at(at(l.offset)))),
    );
    let mut last_heading: Option<HeadingLevel> = None;
    for &(offset, level) in &outline.headings {
        if let Some((message, hint)) = heading_problem(last_heading, level) {
            found.push((
                offset,
                Diagnostic::warning(body.source, message)
                    .hint(hint)
                    .at(at(offset)),
            ));
        }
        last_heading = Some(level);
    }
    // In the order written: the editor lists a body's problems as they come.
    found.sort_by_key(|(offset, _)| *offset);
    (found.into_iter().map(|(_, d)| d).collect(), links)
}

fn no_text(body: &BodyRef, item: &Linked) -> Diagnostic {
    if item.image {
        return Diagnostic::error(body.source, format!("image \"{}\" has no alt text", item.url)).hint(
            "describe the image between the brackets, e.g. ![Chart: waiting times fell from 20 to 12 weeks](chart.png); \
             people who cannot see it hear this text",
        );
    }
    Diagnostic::error(body.source, format!("link to \"{}\" has no text", item.url))
        .hint("write the words people click between the brackets, e.g. [the revisit report](...)")
}

/// A heading is wrong when it is a second level-1 heading, or goes down more than one level:
/// the message and the hint.
fn heading_problem(
    previous: Option<HeadingLevel>,
    level: HeadingLevel,
) -> Option<(String, String)> {
    let n = level as usize;
    if level == HeadingLevel::H1 {
        return Some((
            "a level-1 heading (#) in the text: the page title is already level 1".into(),
            "start the text's headings at level 2: ## Heading".into(),
        ));
    }
    let expected = previous.map_or(2, |p| p as usize + 1);
    if n <= expected {
        return None;
    }
    let marks = "#".repeat(n);
    let message = match previous {
        None => format!(
            "the first heading is level {n} ({marks}); the text's headings start at level 2 (##)"
        ),
        Some(p) => format!(
            "heading level {n} ({marks}) follows level {} and skips a level",
            p as usize
        ),
    };
    let hint = format!(
        "use {} here: people who use screen readers move through a page by its heading levels",
        "#".repeat(expected)
    );
    Some((message, hint))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn messages(markdown: &str) -> Vec<String> {
        let body = BodyRef {
            source: Path::new("content/x.md"),
            body: markdown,
            body_line: 5,
            page: "x/".into(),
            entry: None,
        };
        check(&body, &crate::render::outline::outline(markdown))
            .0
            .iter()
            .map(|d| d.to_string().lines().next().unwrap_or("").to_string())
            .collect()
    }

    #[test]
    fn images_need_alt_text_and_links_need_words() {
        assert_eq!(
            messages("![](a.png) and [](/x/) but [![Logo](l.png)](/) and [`code`](/c/)\n"),
            [
                "error: content/x.md:5:1: image \"a.png\" has no alt text",
                "error: content/x.md:5:16: link to \"/x/\" has no text",
            ]
        );
    }

    #[test]
    fn headings_go_down_one_level_at_a_time() {
        assert_eq!(
            messages("### Late start\n\n## Fine\n\n#### Skip\n\n## Back up is fine\n\n# Title again\n"),
            [
                "warning: content/x.md:5:1: the first heading is level 3 (###); the text's headings start at level 2 (##)",
                "warning: content/x.md:9:1: heading level 4 (####) follows level 2 and skips a level",
                "warning: content/x.md:13:1: a level-1 heading (#) in the text: the page title is already level 1",
            ]
        );
        assert!(messages("## A\n\n### B\n\n## C\n").is_empty());
    }
}
