//! How deeply a body may nest: lists and quotes on one line, and HTML elements.
//!
//! The HTML parser that makes pasted HTML safe (html5ever, through ammonia) looks through every
//! open element for each new one, so a body of 100,000 nested `<div>`s, `>`s or `- `s takes
//! minutes: time grows with the square of the depth. No page a parent reads nests more than a
//! few levels, so a body nested deeper than [`DEEPEST`] is refused at the line where it goes too
//! deep, before any parser sees it. The scan is one pass over the text.

/// The deepest nesting a body may have, of lists and quotes written on one line, and of HTML
/// elements.
pub const DEEPEST: usize = 100;

/// Elements that never hold others (`<br>`): they open nothing.
const VOID: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Elements a second one of the same name closes (`<li>a<li>b`), as browsers read them.
const SELF_CLOSING: [&str; 8] = ["p", "li", "dt", "dd", "tr", "td", "th", "option"];

/// Why a body is nested too deeply: the byte offset in it, and what is wrong.
pub type TooDeep = (usize, String);

/// Checks that `body` nests no deeper than [`DEEPEST`].
pub fn check(body: &str) -> Result<(), TooDeep> {
    check_markers(body)?;
    check_elements(body)
}

/// Lists and quotes opened at the start of one line (`> > - - x`).
fn check_markers(body: &str) -> Result<(), TooDeep> {
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let mut rest = line;
        let mut depth = 0;
        while let Some(after) = container(rest) {
            depth += 1;
            rest = after;
            if depth > DEEPEST {
                let message = format!("lists or quotes are nested more than {DEEPEST} deep on this line, more than a page can show");
                return Err((offset, message));
            }
        }
        offset += line.len();
    }
    Ok(())
}

/// The rest of `line` after one quote (`>`) or list marker (`-`, `+`, `*`, `1.`, `1)`) at its start.
fn container(line: &str) -> Option<&str> {
    let line = line.trim_start_matches([' ', '\t']);
    if let Some(rest) = line.strip_prefix('>') {
        return Some(rest);
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let marker = match digits {
        0 => usize::from(line.starts_with(['-', '+', '*'])),
        1..=9 if line[digits..].starts_with(['.', ')']) => digits + 1,
        _ => 0,
    };
    let rest = &line[marker..];
    (marker > 0 && (rest.is_empty() || rest.starts_with([' ', '\t', '\n']))).then_some(rest)
}

/// HTML elements written in the body, opened and closed as a browser would, roughly: an end tag
/// closes up to the element it names, void elements open nothing, and `<li>` after `<li>` closes
/// the first. Markup inside code is counted too: a code sample nested 100 deep is not a page.
fn check_elements(body: &str) -> Result<(), TooDeep> {
    let mut open: Vec<&str> = Vec::new();
    let mut at = 0;
    while let Some(found) = body[at..].find('<') {
        let start = at + found;
        let rest = &body[start + 1..];
        if rest.starts_with("!--") {
            match rest.find("-->") {
                Some(end) => at = start + 1 + end + 3,
                None => return Ok(()),
            }
            continue;
        }
        // A tag ends at the next `>`; with none left, no more tags can be written.
        let Some(end) = rest.find('>') else {
            return Ok(());
        };
        at = start + 1 + end + 1;
        let (closing, rest) = match rest.strip_prefix('/') {
            Some(r) => (true, r),
            None => (false, rest),
        };
        let length = rest
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-')
            .count();
        let name = &rest[..length];
        if name.is_empty() || !name.as_bytes()[0].is_ascii_alphabetic() {
            continue;
        }
        let same = |n: &&str| n.eq_ignore_ascii_case(name);
        if closing {
            if let Some(index) = open.iter().rposition(same) {
                open.truncate(index);
            }
            continue;
        }
        let empty = body[..at - 1].ends_with('/');
        if empty || VOID.iter().any(same) {
            continue;
        }
        if SELF_CLOSING.iter().any(same) && open.last().is_some_and(same) {
            open.pop();
        }
        open.push(name);
        if open.len() > DEEPEST {
            let message = format!(
                "HTML elements are nested more than {DEEPEST} deep here, more than a page can show"
            );
            return Err((start, message));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_bodies_pass() {
        let body = "# Title\n\n> quote\n\n- a\n  - b\n    1. c\n\n<div><p>a<p>b<ul><li>x<li>y</ul></div>\n<br><img src=x /><!-- <div><div> -->\n- - -\n";
        assert_eq!(check(body), Ok(()));
    }

    #[test]
    fn regression_nested_list_markers_are_refused_at_their_line() {
        let body = format!("intro\n\n{}x\n", "- ".repeat(DEEPEST + 1));
        let (offset, message) = check(&body).unwrap_err();
        assert_eq!(offset, "intro\n\n".len());
        assert!(message.contains("nested more than 100 deep"), "{message}");
        assert!(check(&format!("{}x\n", "- ".repeat(DEEPEST))).is_ok());
        assert!(check(&format!("{} x\n", ">".repeat(DEEPEST + 1))).is_err());
        assert!(check(&format!("{}x\n", "1. ".repeat(DEEPEST + 1))).is_err());
    }

    #[test]
    fn regression_nested_html_is_refused_where_it_goes_too_deep() {
        let body = format!("a\n{}x", "<div>".repeat(DEEPEST + 1));
        let (offset, _) = check(&body).unwrap_err();
        assert_eq!(offset, 2 + 5 * DEEPEST);
        let closed = "<div>x</div>".repeat(10 * DEEPEST);
        assert!(check(&closed).is_ok());
        assert!(check(&"<li>x".repeat(10 * DEEPEST)).is_ok());
        assert!(check(&"<b>".repeat(DEEPEST + 1)).is_err());
        assert!(check(&"<br>".repeat(10 * DEEPEST)).is_ok());
    }

    #[test]
    fn an_unfinished_tag_ends_the_scan() {
        assert!(check(&"<a".repeat(100_000)).is_ok());
        assert!(check("<!-- never closed <div>").is_ok());
    }
}
