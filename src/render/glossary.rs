//! Jargon explained where it is used: the first use of each glossary term in a rendered body
//! becomes a link to its entry on `/glossary/`, with the meaning as the link's accessible
//! description.
//!
//! Why this pattern: a link is reachable by keyboard and announced by every screen reader, and
//! it works without JavaScript; `aria-describedby` lets a screen reader read the meaning on the
//! spot, while anyone else follows the link to the glossary. A `title` tooltip would reach
//! neither keyboard nor touch users, and a pop-up would need script.
//!
//! This module works on the HTML the markdown stage made (well-formed, sanitised). It never
//! touches text inside links, headings, code, `abbr` or `dfn`, and it owns nothing but the
//! markup of terms: the glossary page itself is an ordinary template.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::source::slug::slugify;

/// Elements whose text is left alone: a link cannot hold a link, headings and code are read as
/// they are written, and `abbr`/`dfn` already explain themselves.
const SKIP: [&str; 13] = [
    "a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "abbr", "dfn", "kbd", "samp",
];

/// One glossary entry, as the glossary page lists it.
#[derive(Debug, Clone, Serialize)]
pub struct Term {
    /// The term as written in `site.toml`.
    pub term: String,
    /// What it means.
    pub meaning: String,
    /// Its anchor on the glossary page, e.g. `ehc-plan`.
    pub id: String,
    /// Acronyms (a capital after the first letter) match only in the same case; words match in any case.
    #[serde(skip)]
    case_sensitive: bool,
}

/// Every term of the site, ready to mark up bodies.
#[derive(Debug, Clone, Default)]
pub struct Glossary {
    /// Terms in alphabetical order, ignoring case.
    pub terms: Vec<Term>,
    /// Where the glossary page is, e.g. `/send-progress/glossary/`.
    url: String,
    /// Every term found in one pass over a text (10,000 pages each look for every term).
    finders: Vec<Finder>,
}

/// One automaton for the terms matched in the same case (acronyms) or in any case (words):
/// each term as it appears in escaped HTML, and which term each pattern is.
#[derive(Debug, Clone)]
struct Finder {
    automaton: aho_corasick::AhoCorasick,
    terms: Vec<usize>,
}

impl Finder {
    /// The finder of the terms matched in any case (`any_case`) or in their own, or none when
    /// there are none.
    fn of(terms: &[Term], any_case: bool) -> Option<Finder> {
        let chosen: Vec<usize> = (0..terms.len())
            .filter(|&i| terms[i].case_sensitive != any_case && !terms[i].term.is_empty())
            .collect();
        let patterns = chosen.iter().map(|&i| escape_text(&terms[i].term));
        let automaton = aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(any_case)
            .build(patterns)
            .ok()?;
        (!chosen.is_empty()).then_some(Finder {
            automaton,
            terms: chosen,
        })
    }
}

impl Glossary {
    /// The glossary of `site.toml`; `url` is the address of the glossary page.
    pub fn new(entries: &BTreeMap<String, String>, url: &str) -> Glossary {
        let mut terms: Vec<Term> = entries
            .iter()
            .map(|(term, meaning)| Term {
                term: term.clone(),
                meaning: meaning.clone(),
                id: String::new(),
                case_sensitive: term.chars().skip(1).any(char::is_uppercase),
            })
            .collect();
        terms.sort_by(|a, b| {
            a.term
                .to_lowercase()
                .cmp(&b.term.to_lowercase())
                .then(a.term.cmp(&b.term))
        });
        let mut used: BTreeMap<String, usize> = BTreeMap::new();
        for term in &mut terms {
            let base = match slugify(&term.term) {
                s if s.is_empty() => "term".to_string(),
                s => s,
            };
            let n = used.entry(base.clone()).or_insert(0);
            *n += 1;
            term.id = if *n == 1 { base } else { format!("{base}-{n}") };
        }
        let finders = [false, true]
            .into_iter()
            .filter_map(|any_case| Finder::of(&terms, any_case))
            .collect();
        Glossary {
            terms,
            url: url.to_string(),
            finders,
        }
    }

    /// Whether the site has no glossary.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// `html` with the first use of each term linked to the glossary and described by its meaning.
    pub fn mark_up(&self, html: &str) -> String {
        self.mark_with(html, vec![false; self.terms.len()])
    }

    /// A whole page with the first use of each term in its `<main>` marked, where the theme's
    /// own words are (a status such as "Effective action", an area's type): the framework's
    /// words are explained where a parent first meets them, not only in the council's text. A
    /// term that a body on the page already explains keeps that one explanation.
    pub fn mark_main(&self, page: &str) -> String {
        let open = page
            .find("<main")
            .and_then(|i| page[i..].find('>').map(|j| i + j + 1));
        let (Some(start), Some(end)) = (open, page.rfind("</main>")) else {
            return page.to_string();
        };
        let inner = &page[start..end];
        let described = |t: &Term| inner.contains(&format!("id=\"term-meaning-{}\"", t.id));
        let already = self.terms.iter().map(described).collect();
        format!(
            "{}{}{}",
            &page[..start],
            self.mark_with(inner, already),
            &page[end..]
        )
    }

    /// Marks `html`, skipping the terms `already` explained there.
    fn mark_with(&self, html: &str, already: Vec<bool>) -> String {
        if self.is_empty() {
            return html.to_string();
        }
        let mut out = String::with_capacity(html.len() + 256);
        let mut used = already.clone();
        let mut skipping: Vec<String> = Vec::new();
        let mut rest = html;
        while !rest.is_empty() {
            let text_end = rest.find('<').unwrap_or(rest.len());
            let (text, after) = rest.split_at(text_end);
            if skipping.is_empty() {
                self.mark_text(text, &mut used, &mut out);
            } else {
                out.push_str(text);
            }
            let tag_end = after.find('>').map_or(after.len(), |i| i + 1);
            let (tag, next) = after.split_at(tag_end);
            track_skipping(tag, &mut skipping);
            out.push_str(tag);
            rest = next;
        }
        let new: Vec<bool> = used.iter().zip(&already).map(|(u, a)| *u && !a).collect();
        self.push_descriptions(&new, &mut out);
        out
    }

    /// Marks terms in one run of text (no tags), each at most once per body.
    fn mark_text(&self, text: &str, used: &mut [bool], out: &mut String) {
        let mut rest = text;
        while let Some((index, start, len)) = self.first_match(rest, used) {
            let term = &self.terms[index];
            out.push_str(&rest[..start]);
            out.push_str(&format!(
                "<a class=\"term\" href=\"{}#{}\" aria-describedby=\"term-meaning-{}\">{}</a>",
                self.url,
                term.id,
                term.id,
                &rest[start..start + len]
            ));
            used[index] = true;
            rest = &rest[start + len..];
        }
        out.push_str(rest);
    }

    /// The earliest whole-word use of an unused term: (term index, byte start, byte length).
    /// At the same place the longer term wins, so "EHC plan" is found before "EHC".
    fn first_match(&self, text: &str, used: &[bool]) -> Option<(usize, usize, usize)> {
        let mut best: Option<(usize, usize, usize)> = None;
        for finder in &self.finders {
            for found in finder.automaton.find_overlapping_iter(text) {
                let index = finder.terms[found.pattern().as_usize()];
                let (start, end) = (found.start(), found.end());
                if used[index] || !whole_word(text, start, end) || inside_entity(text, start, end) {
                    continue;
                }
                let better = match best {
                    Some((_, s, l)) => start < s || (start == s && end - start > l),
                    None => true,
                };
                if better {
                    best = Some((index, start, end - start));
                }
            }
        }
        best
    }

    /// The meanings of the terms marked in this body, hidden, for `aria-describedby` to read.
    fn push_descriptions(&self, used: &[bool], out: &mut String) {
        let marked: Vec<&Term> = self
            .terms
            .iter()
            .zip(used)
            .filter(|(_, u)| **u)
            .map(|(t, _)| t)
            .collect();
        if marked.is_empty() {
            return;
        }
        out.push_str("<div class=\"term-meanings\" hidden>\n");
        for term in marked {
            out.push_str(&format!(
                "<span id=\"term-meaning-{}\">{}</span>\n",
                term.id,
                escape_text(&term.meaning)
            ));
        }
        out.push_str("</div>\n");
    }
}

/// Opens or closes a skipped element as the scan passes its tag.
fn track_skipping(tag: &str, skipping: &mut Vec<String>) {
    let inner = tag.trim_start_matches('<');
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, inner),
    };
    let name: String = inner
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    if !SKIP.contains(&name.as_str()) || tag.ends_with("/>") {
        return;
    }
    if !closing {
        skipping.push(name);
    } else if let Some(pos) = skipping.iter().rposition(|n| *n == name) {
        skipping.truncate(pos);
    }
}

/// Whether `start..end` of `text` is a whole word: no letter or digit just before or after.
fn whole_word(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// Whether `start..end` of escaped text is part of a character reference such as `&lt;` or
/// `&#39;`: a term named `lt` must never be linked inside one.
fn inside_entity(text: &str, start: usize, end: usize) -> bool {
    let name = |c: char| c.is_ascii_alphanumeric() || c == '#';
    let Some(amp) = text[..start].rfind('&') else {
        return false;
    };
    let before_ok = text[amp + 1..start].chars().all(name);
    let after = &text[end..];
    let close = after.find(|c: char| !name(c));
    before_ok && close.is_some_and(|i| after[i..].starts_with(';'))
}

/// Text escaped the way the markdown stage escapes it, so terms match the HTML they stand in.
fn escape_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glossary(pairs: &[(&str, &str)]) -> Glossary {
        let map = pairs
            .iter()
            .map(|(t, m)| (t.to_string(), m.to_string()))
            .collect();
        Glossary::new(&map, "/g/")
    }

    #[test]
    fn terms_named_like_entities_never_break_escaped_text() {
        let g = glossary(&[("lt", "Less than."), ("amp", "Amplifier.")]);
        let html = g.mark_up("<p>x&lt;y &amp; z, lt and amp</p>");
        assert!(
            html.starts_with("<p>x&lt;y &amp; z, <a class=\"term\""),
            "{html}"
        );
        assert_eq!(html.matches("class=\"term\"").count(), 2, "{html}");
    }

    #[test]
    fn only_the_first_use_is_marked() {
        let g = glossary(&[("SEND", "Special needs.")]);
        let html = g.mark_up("<p>SEND and SEND.</p>");
        assert_eq!(
            html,
            "<p><a class=\"term\" href=\"/g/#send\" aria-describedby=\"term-meaning-send\">SEND</a> and SEND.</p><div class=\"term-meanings\" hidden>\n<span id=\"term-meaning-send\">Special needs.</span>\n</div>\n"
        );
    }

    #[test]
    fn links_headings_and_code_are_left_alone() {
        let g = glossary(&[("SEND", "m")]);
        let html = g.mark_up(
            "<h2 id=\"send\">SEND</h2><p><a href=\"x\">SEND</a> <code>SEND</code> SEND</p>",
        );
        assert_eq!(html.matches("class=\"term\"").count(), 1, "{html}");
        assert!(html.contains("</code> <a class=\"term\""), "{html}");
    }

    #[test]
    fn acronyms_match_case_and_whole_words_only() {
        let g = glossary(&[("SEND", "m"), ("milestone", "n")]);
        let html = g.mark_up("<p>We send SENDIASS a Milestone, then SEND.</p>");
        assert!(
            html.contains(">Milestone</a>")
                && html.contains(">SEND</a>.")
                && !html.contains(">SENDIASS"),
            "{html}"
        );
    }

    #[test]
    fn the_longest_term_wins_at_the_same_place() {
        let g = glossary(&[("EHC", "a"), ("EHC plan", "b")]);
        let html = g.mark_up("<p>An EHC plan.</p>");
        assert!(html.contains("href=\"/g/#ehc-plan\""), "{html}");
    }

    #[test]
    fn terms_sort_alphabetically_with_unique_ids() {
        let g = glossary(&[("b", "x"), ("A b", "y"), ("a-b", "z")]);
        let ids: Vec<&str> = g.terms.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["a-b", "a-b-2", "b"]);
    }
}
