//! What serve adds to the pages it sends: the live-reload script and, while the site does not
//! build, the errors over the page.
//!
//! The markup and the script are theme files (`themes/default/serve/`), embedded in the binary;
//! this module only fills them in and inserts them. Nothing here is ever part of a `build`.

use serde::Serialize;
use tera::{Context, Tera};

use crate::error::{Diagnostic, Diagnostics};
use crate::render::theme::escape_html;

/// The snippet added to every page: the script, and the errors when there are some.
const SNIPPET: &str = include_str!("../../themes/default/serve/live.html");
/// The live-reload script, served at `<base>__sendsite/reload.js`.
pub const SCRIPT: &[u8] = include_bytes!("../../themes/default/serve/reload.js");
/// The page served for every address while no build has succeeded yet.
pub const NO_SITE: &[u8] = include_bytes!("../../themes/default/serve/no-site.html");

/// One error as the overlay shows it: where, what, the line with a caret, and the fix.
#[derive(Serialize)]
struct ErrorView<'a> {
    file: String,
    line: Option<usize>,
    column: usize,
    text: &'a str,
    gutter: String,
    caret: String,
    message: &'a str,
    hint: Option<&'a str>,
}

impl<'a> ErrorView<'a> {
    fn new(d: &'a Diagnostic) -> ErrorView<'a> {
        let loc = d.location.as_ref();
        let column = loc.map_or(0, |l| l.column);
        let text = loc.map_or("", |l| l.text.as_str());
        ErrorView {
            file: d.file.display().to_string(),
            line: loc.map(|l| l.line),
            column,
            text,
            gutter: " ".repeat(loc.map_or(0, |l| l.line.to_string().len())),
            caret: text
                .chars()
                .take(column.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect(),
            message: &d.message,
            hint: d.hint.as_deref(),
        }
    }
}

/// How many errors the overlay lists; the terminal (and `sendsite check`) lists every one.
const LISTED: usize = 25;

/// Why the errors are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Errors {
    /// The site could not be rebuilt: the pages are the last version that built.
    Failed,
    /// The site was rebuilt, with errors `check` finds (a link to nowhere): the pages are new.
    Built,
}

/// The snippet for a site served under `base_path`, with its errors if any.
pub fn snippet(base_path: &str, errors: Option<(&Diagnostics, Errors)>) -> String {
    let sorted: Vec<Diagnostic> = errors.map(|(d, _)| d.errors().sorted()).unwrap_or_default();
    let views: Vec<ErrorView> = sorted.iter().take(LISTED).map(ErrorView::new).collect();
    let mut ctx = Context::new();
    ctx.insert("base_path", base_path);
    ctx.insert("errors", &views);
    ctx.insert("total", &sorted.len());
    ctx.insert("more", &sorted.len().saturating_sub(LISTED));
    ctx.insert("built", &matches!(errors, Some((_, Errors::Built))));
    let mut tera = Tera::default();
    tera.autoescape_on(vec!["live.html"]);
    tera.set_escape_fn(escape_html);
    match tera
        .add_raw_template("live.html", SNIPPET)
        .and_then(|()| tera.render("live.html", &ctx))
    {
        Ok(html) => html.trim().to_string(),
        Err(e) => {
            // The template is built in and tested; should it ever fail, pages are still served.
            eprintln!("warning: cannot add the live-reload script to pages: {e}");
            String::new()
        }
    }
}

/// Inserts the snippet right after the `<body>` tag (at the start if there is none).
pub fn inject(html: &[u8], snippet: &str) -> Vec<u8> {
    let at = body_start(html).unwrap_or(0);
    let mut out = Vec::with_capacity(html.len() + snippet.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(snippet.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// The "Edit this page" link, added at the start of a page's `<main>`.
const EDIT_LINK: &str = include_str!("../../themes/default/serve/edit-link.html");

/// A page with the editor's link to `href` at the start of its main content (or its body), and
/// the word that it was just saved when `saved`.
pub fn edit_link(html: &[u8], href: &str, saved: bool) -> Vec<u8> {
    let mut ctx = Context::new();
    ctx.insert("href", href);
    ctx.insert("saved", &saved);
    let mut tera = Tera::default();
    tera.autoescape_on(vec!["edit-link.html"]);
    tera.set_escape_fn(escape_html);
    let markup = match tera
        .add_raw_template("edit-link.html", EDIT_LINK)
        .and_then(|()| tera.render("edit-link.html", &ctx))
    {
        Ok(markup) => markup.trim().to_string(),
        // Built in and tested: should it ever fail, the page is still served.
        Err(_) => String::new(),
    };
    let at = tag_end(html, b"<main")
        .or_else(|| body_start(html))
        .unwrap_or(0);
    let mut out = Vec::with_capacity(html.len() + markup.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(markup.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// The offset just after the first opening tag that starts with `open`.
fn tag_end(html: &[u8], open: &[u8]) -> Option<usize> {
    let start = html
        .windows(open.len())
        .position(|w| w.eq_ignore_ascii_case(open))?;
    let close = html[start..].iter().position(|&b| b == b'>')?;
    Some(start + close + 1)
}

/// The offset just after the opening `<body ...>` tag.
fn body_start(html: &[u8]) -> Option<usize> {
    let open = html
        .windows(5)
        .position(|w| w.eq_ignore_ascii_case(b"<body"))?;
    let close = html[open..].iter().position(|&b| b == b'>')?;
    Some(open + close + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Location;

    #[test]
    fn the_script_goes_right_after_the_body_tag() {
        let page = inject(
            b"<html><body class=\"x\"><p>Hi</p></body></html>",
            "<script></script>",
        );
        assert_eq!(
            String::from_utf8(page).unwrap(),
            "<html><body class=\"x\"><script></script><p>Hi</p></body></html>"
        );
    }

    #[test]
    fn without_errors_only_the_script_is_added() {
        let html = snippet("/send/", None);
        assert_eq!(
            html,
            "<script src=\"/send/__sendsite/reload.js\" defer></script>"
        );
    }

    #[test]
    fn errors_are_listed_escaped_with_their_place_and_hint() {
        let mut errors = Diagnostics::new();
        let d = Diagnostic::error("content/updates/a.md", "unknown kind \"<b>\"")
            .at(Location::at("+++\nkind = \"<b>\"\n", 11))
            .hint("did you mean \"board\"?");
        errors.push(d);
        let html = snippet("/", Some((&errors, Errors::Failed)));
        assert!(html.contains("role=\"alert\""), "{html}");
        assert!(
            html.contains("The site could not be rebuilt: 1 error</h2>"),
            "{html}"
        );
        assert!(
            html.contains(
                "content/updates/a.md, line 2, column 8</span>: unknown kind &quot;&lt;b&gt;&quot;"
            ),
            "{html}"
        );
        assert!(
            html.contains("<pre><code>2 | kind = &quot;&lt;b&gt;&quot;\n  |        ^</code></pre>"),
            "{html}"
        );
        assert!(
            html.contains("How to fix it: did you mean &quot;board&quot;?"),
            "{html}"
        );
    }
}
