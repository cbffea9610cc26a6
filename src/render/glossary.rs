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

/// A finder's next match in a page: not searched for yet, at a byte, or none left.
#[derive(Debug, Clone, Copy)]
enum Ahead {
    Unknown,
    At(usize),
    None,
}

/// Where a walk through a page's tags has got to: what is copied to the output, the tags read
/// (and the elements they leave open), and where the current run of text starts.
#[derive(Default)]
struct Walk {
    copied: usize,
    scan: usize,
    run_start: usize,
    skipping: Vec<&'static str>,
}

impl Walk {
    /// Reads the tags from where the walk is to byte `at` (a possible term). When `at` is inside
    /// a tag, gives where that tag ends, and the term is no use of a term.
    fn advance(&mut self, html: &str, at: usize) -> Option<usize> {
        while let Some(i) = html[self.scan..at].find('<') {
            let tag = self.scan + i;
            let tag_end = html[tag..].find('>').map_or(html.len(), |j| tag + j + 1);
            if tag_end > at {
                return Some(tag_end);
            }
            track_skipping(&html[tag..tag_end], &mut self.skipping);
            self.scan = tag_end;
            self.run_start = tag_end;
        }
        None
    }
}

/// Elements whose text is left alone: a link cannot hold a link, headings and code are read as
/// they are written, and `abbr`/`dfn` already explain themselves.
const SKIP: [&str; 14] = [
    "a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "abbr", "dfn", "kbd", "samp", "button",
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
    /// The same patterns, searched for the leftmost match only, to find where a term may be.
    detector: Detector,
    /// Whether its terms match in any case.
    any_case: bool,
    terms: Vec<usize>,
    /// The length in bytes of the longest pattern.
    longest: usize,
}

/// What finds where a term may start: the packed (SIMD) searcher, ten times as fast as an
/// automaton over a page, on the page as it is or (for terms in any case) in lower case; an
/// automaton where the packed one cannot be built (too many terms, no SIMD).
#[derive(Debug, Clone)]
enum Detector {
    Packed(aho_corasick::packed::Searcher),
    Automaton(aho_corasick::AhoCorasick),
}

impl Finder {
    /// The finder of the terms matched in any case (`any_case`) or in their own, or none when
    /// there are none.
    fn of(terms: &[Term], any_case: bool) -> Option<Finder> {
        let chosen: Vec<usize> = (0..terms.len())
            .filter(|&i| terms[i].case_sensitive != any_case && !terms[i].term.is_empty())
            .collect();
        if chosen.is_empty() {
            return None;
        }
        let patterns: Vec<String> = chosen
            .iter()
            .map(|&i| escape_text(&terms[i].term))
            .collect();
        let automaton = aho_corasick::AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .ascii_case_insensitive(any_case)
            .build(&patterns)
            .ok()?;
        let packed = match any_case {
            true => {
                aho_corasick::packed::Searcher::new(patterns.iter().map(|p| p.to_ascii_lowercase()))
            }
            false => aho_corasick::packed::Searcher::new(patterns.iter()),
        };
        let detector = match packed {
            Some(packed) => Detector::Packed(packed),
            None => Detector::Automaton(
                aho_corasick::AhoCorasick::builder()
                    .kind(Some(aho_corasick::AhoCorasickKind::DFA))
                    .match_kind(aho_corasick::MatchKind::LeftmostFirst)
                    .ascii_case_insensitive(any_case)
                    .build(&patterns)
                    .ok()?,
            ),
        };
        Some(Finder {
            automaton,
            detector,
            any_case,
            terms: chosen,
            longest: patterns.iter().map(String::len).max().unwrap_or(0),
        })
    }

    /// Whether it searches a page in lower case.
    fn lowers(&self) -> bool {
        self.any_case && matches!(self.detector, Detector::Packed(_))
    }

    /// Where the leftmost possible use of one of its terms starts in `html` from byte `from`;
    /// `lower` is `html` in ASCII lower case when [`Finder::lowers`].
    fn next(&self, html: &str, lower: &str, from: usize) -> Option<usize> {
        match &self.detector {
            Detector::Packed(packed) => {
                let haystack = if self.any_case { lower } else { html };
                let span = aho_corasick::Span::from(from..haystack.len());
                packed.find_in(haystack, span).map(|m| m.start())
            }
            Detector::Automaton(automaton) => {
                let input = aho_corasick::Input::new(html).span(from..html.len());
                automaton.find(input).map(|m| m.start())
            }
        }
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
        // The meanings already on the page, in one pass over it (not one per term).
        const MEANING: &str = "id=\"term-meaning-";
        let described: std::collections::BTreeSet<&str> = inner
            .match_indices(MEANING)
            .filter_map(|(i, _)| inner[i + MEANING.len()..].split('"').next())
            .collect();
        let already = (self.terms.iter())
            .map(|t| described.contains(t.id.as_str()))
            .collect();
        format!(
            "{}{}{}",
            &page[..start],
            self.mark_with(inner, already),
            &page[end..]
        )
    }

    /// Marks `html`, skipping the terms `already` explained there. The fast automata find where
    /// a term may be; only there is the text run around it looked at (whether it is text, outside
    /// links, headings and code, and which terms it holds), so a page is read once, quickly, and
    /// the runs without a term are copied as they are.
    fn mark_with(&self, html: &str, already: Vec<bool>) -> String {
        if self.is_empty() {
            return html.to_string();
        }
        let mut out = String::with_capacity(html.len() + 256);
        // ASCII lower case keeps every byte where it is: a place found in it is the page's.
        let lower = match self.finders.iter().any(Finder::lowers) {
            true => html.to_ascii_lowercase(),
            false => String::new(),
        };
        let mut used = already.clone();
        let mut walk = Walk::default();
        let mut from = 0;
        let mut ahead: Vec<Ahead> = vec![Ahead::Unknown; self.finders.len()];
        while let Some(at) = self.candidate((html, &lower), from, &mut ahead) {
            if used.iter().all(|u| *u) {
                break;
            }
            // A list of two thousand cards names the same few terms again and again: a place
            // where only terms already marked start is passed at once.
            if !self.unused_at(html, at, &used) {
                from = at + 1;
                continue;
            }
            if let Some(tag_end) = walk.advance(html, at) {
                from = tag_end;
                continue;
            }
            let run_end = html[at..].find('<').map_or(html.len(), |i| at + i);
            if walk.skipping.is_empty() {
                out.push_str(&html[walk.copied..walk.run_start]);
                self.mark_text(&html[walk.run_start..run_end], &mut used, &mut out);
                walk.copied = run_end;
                walk.scan = run_end;
                walk.run_start = run_end;
            }
            from = run_end.max(at + 1);
        }
        out.push_str(&html[walk.copied..]);
        let new: Vec<bool> = used.iter().zip(&already).map(|(u, a)| *u && !a).collect();
        self.push_descriptions(&new, &mut out);
        out
    }

    /// Where the next possible use of any term starts, at or after byte `from`. Each finder's
    /// next match is kept (`ahead`) and searched for again only once passed: a finder that has
    /// no match left would otherwise read to the end of the page at every step.
    fn candidate(
        &self,
        (html, lower): (&str, &str),
        from: usize,
        ahead: &mut [Ahead],
    ) -> Option<usize> {
        if from >= html.len() {
            return None;
        }
        for (finder, next) in self.finders.iter().zip(ahead.iter_mut()) {
            if matches!(next, Ahead::At(at) if *at < from) || matches!(next, Ahead::Unknown) {
                *next = match finder.next(html, lower, from) {
                    Some(at) => Ahead::At(at),
                    None => Ahead::None,
                };
            }
        }
        ahead
            .iter()
            .filter_map(|a| match a {
                Ahead::At(at) => Some(*at),
                _ => None,
            })
            .min()
    }

    /// Whether a term not yet marked (`used`) starts at byte `at`: only those can be marked there.
    fn unused_at(&self, html: &str, at: usize, used: &[bool]) -> bool {
        self.finders.iter().any(|finder| {
            let end = (at + finder.longest).min(html.len());
            let window = &html.as_bytes()[at..end];
            finder
                .automaton
                .find_overlapping_iter(window)
                .any(|m| m.start() == 0 && !used[finder.terms[m.pattern().as_usize()]])
        })
    }

    /// Marks terms in one run of text (no tags), each at most once per body.
    fn mark_text(&self, text: &str, used: &mut [bool], out: &mut String) {
        let mut rest = text;
        while let Some((index, start, len)) = self.first_match(rest, used) {
            let term = &self.terms[index];
            out.push_str(&rest[..start]);
            out.push_str(&format!(
                "<button type=\"button\" class=\"term\" popovertarget=\"term-{}\" aria-describedby=\"term-meaning-{}\">{}</button>",
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

    /// The meanings of the terms marked in this body, each in a popover its term opens (a
    /// native one: no script, Escape or a tap outside closes it) with a link to the glossary;
    /// `aria-describedby` reads the meaning to a screen reader as the term is reached. Where
    /// popovers are not supported, the stylesheet keeps them out of sight and the term still
    /// has its description.
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
        out.push_str("<div class=\"term-meanings\">\n");
        for term in marked {
            let id = &term.id;
            out.push_str(&format!(
                "<div class=\"term-meaning\" id=\"term-{id}\" popover><p><strong>{name}</strong>: <span id=\"term-meaning-{id}\">{}</span></p>\
                 <p><a href=\"{}#{id}\">Every word explained</a> <button type=\"button\" popovertarget=\"term-{id}\" popovertargetaction=\"hide\">Close<span class=\"visually-hidden\"> the meaning of {name}</span></button></p></div>\n",
                escape_text(&term.meaning),
                self.url,
                name = escape_text(&term.term),
            ));
        }
        out.push_str("</div>\n");
    }
}

/// Opens or closes a skipped element as the scan passes its tag.
fn track_skipping(tag: &str, skipping: &mut Vec<&'static str>) {
    let inner = tag.trim_start_matches('<');
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, inner),
    };
    let length = inner.bytes().take_while(u8::is_ascii_alphanumeric).count();
    let name = &inner[..length];
    // A term's popover (a `div` holding no other `div`) is the meaning: nothing in it is marked.
    let popover = !closing && name == "div" && tag.contains(" popover");
    let Some(skipped) = SKIP.iter().find(|s| s.eq_ignore_ascii_case(name)) else {
        if popover || (closing && name == "div" && skipping.last() == Some(&"div")) {
            match closing {
                false => skipping.push("div"),
                true => {
                    skipping.pop();
                }
            }
        }
        return;
    };
    if tag.ends_with("/>") {
        return;
    }
    if !closing {
        skipping.push(skipped);
    } else if let Some(pos) = skipping.iter().rposition(|n| n == skipped) {
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
#[path = "glossary_tests.rs"]
mod tests;
