//! Words parents can read: warnings that help authors write for the GOV.UK reading age of 9.
//!
//! For each text (a body, or a summary written in front matter): an estimate of the reading age
//! (the Flesch-Kincaid grade plus 5, the age at which that school year is reached), flagged above
//! the site's `reading_age` (default 12) with the hardest sentences named; sentences of more than
//! 25 words; acronyms that are neither in the glossary nor spelt out in brackets where first used;
//! and link text that means nothing out of context ("click here") or is a bare address. Each is a
//! warning at its line with a hint; `check --strict` makes them fail. Code is not prose and is
//! skipped.

use std::collections::BTreeSet;
use std::path::Path;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::error::{Diagnostic, Location};

/// GOV.UK's longest sentence.
pub const LONGEST_SENTENCE: usize = 25;

pub use crate::config::DEFAULT_READING_AGE;

/// Link text that says nothing about where the link goes.
const VAGUE: [&str; 12] = [
    "click here",
    "here",
    "read more",
    "more",
    "this link",
    "link",
    "this",
    "find out more",
    "more information",
    "learn more",
    "this page",
    "click",
];

/// Capitals that every reader knows, or that are not acronyms of the subject.
const PLAIN_CAPITALS: [&str; 8] = ["UK", "OK", "TV", "PDF", "CSV", "I", "COVID", "GOV"];

/// One sentence of a text, with where it starts.
struct Sentence {
    text: String,
    at: usize,
}

/// What the plain-English checks need to know about the site.
pub struct Plain<'a> {
    /// Glossary terms (any case): an acronym among them, or a word of one, is explained.
    pub glossary: &'a [String],
    pub reading_age: u32,
}

impl<'a> Plain<'a> {
    /// The checks as the site's settings ask (`terms`: the glossary's terms).
    pub fn of(config: &crate::config::Config, terms: &'a [String]) -> Plain<'a> {
        Plain {
            glossary: terms,
            reading_age: config.reading_age,
        }
    }

    /// The glossary's terms, to make [`Plain::of`] with.
    pub fn terms(config: &crate::config::Config) -> Vec<String> {
        config.glossary.keys().cloned().collect()
    }

    /// The warnings for one markdown text that starts at `line` of `source`.
    pub fn check(&self, source: &Path, markdown: &str, line: usize) -> Vec<Diagnostic> {
        let at = |offset: usize| Location::in_body(markdown, offset, line);
        let (blocks, links) = prose(markdown);
        let mut found = Vec::new();
        for (text, offset) in &links {
            let plain = text.trim().trim_end_matches(['.', ':']).to_lowercase();
            let message = if VAGUE.contains(&plain.as_str()) {
                format!(
                    "the link text \"{}\" says nothing about where the link goes",
                    text.trim()
                )
            } else if ["http://", "https://", "www."]
                .iter()
                .any(|p| plain.starts_with(p))
            {
                format!("the link text is a bare address: \"{}\"", text.trim())
            } else {
                continue;
            };
            found.push(Diagnostic::warning(source, message).at(at(*offset)).hint(
                "say where it goes, e.g. [the inspection report](...) instead of [click here](...)",
            ));
        }
        let sentences: Vec<Sentence> = blocks.iter().flat_map(sentences).collect();
        for s in &sentences {
            let n = words(&s.text).len();
            if n > LONGEST_SENTENCE {
                found.push(
                    Diagnostic::warning(source, format!("this sentence has {n} words"))
                        .at(at(s.at))
                        .hint(format!("GOV.UK advises {LONGEST_SENTENCE} words at most: split it, or cut words that are not needed")),
                );
            }
        }
        found.extend(self.acronyms(source, &blocks, &at));
        if let Some(d) = self.reading_age(source, &sentences, &at) {
            found.push(d);
        }
        found
    }

    /// The reading age of the whole text, when it is above the site's and long enough to tell.
    fn reading_age(
        &self,
        source: &Path,
        sentences: &[Sentence],
        at: &dyn Fn(usize) -> Location,
    ) -> Option<Diagnostic> {
        let all: Vec<&str> = sentences.iter().flat_map(|s| words(&s.text)).collect();
        if all.len() < 30 || sentences.len() < 2 {
            return None;
        }
        let age = reading_age(sentences.len(), &all);
        if age <= f64::from(self.reading_age) {
            return None;
        }
        let mut hardest: Vec<(f64, &Sentence)> = sentences
            .iter()
            .filter(|s| words(&s.text).len() >= 8)
            .map(|s| (reading_age(1, &words(&s.text)), s))
            .collect();
        hardest.sort_by(|a, b| b.0.total_cmp(&a.0));
        let named: Vec<String> = hardest
            .iter()
            .take(2)
            .map(|(_, s)| format!("line {}: \"{}\"", at(s.at).line, short(&s.text)))
            .collect();
        let hardest = match named.is_empty() {
            true => String::new(),
            false => format!("; hardest: {}", named.join("; ")),
        };
        let first = sentences.first().map_or(0, |s| s.at);
        Some(
            Diagnostic::warning(source, format!("this text has a reading age of about {age:.0}, above this site's {}", self.reading_age))
                .at(at(first))
                .hint(format!("GOV.UK writes for a reading age of 9: use shorter sentences and everyday words{hardest}")),
        )
    }

    /// Each acronym not in the glossary and not spelt out in brackets where it is first used.
    fn acronyms(
        &self,
        source: &Path,
        blocks: &[Block],
        at: &dyn Fn(usize) -> Location,
    ) -> Vec<Diagnostic> {
        let known: BTreeSet<String> = self
            .glossary
            .iter()
            .flat_map(|term| {
                let words: Vec<String> = tokens(term).map(|(_, w)| w.to_uppercase()).collect();
                words.into_iter().chain([term.to_uppercase()])
            })
            .collect();
        let mut seen = BTreeSet::new();
        let mut found = Vec::new();
        for block in blocks.iter().filter(|b| !b.heading && !shouting(&b.text)) {
            let text = block.text.as_str();
            for (i, word) in tokens(text) {
                let bare = word.trim_end_matches('s');
                if !is_acronym(word)
                    || !seen.insert(bare.to_string())
                    || known.contains(&bare.to_uppercase())
                {
                    continue;
                }
                let after = &text[i + word.len()..];
                let before = &text[..i];
                if after.starts_with(" (") || before.ends_with('(') {
                    continue;
                }
                found.push(
                    Diagnostic::warning(source, format!("\"{bare}\" is not explained where it is first used"))
                        .at(at(block.source(i)))
                        .hint(format!("spell it out the first time, e.g. \"... ({bare})\", or add it to [glossary] in content/site.toml")),
                );
            }
        }
        found
    }
}

/// The estimated reading age of `words` in `sentences` sentences: Flesch-Kincaid grade + 5.
pub fn reading_age(sentences: usize, words: &[&str]) -> f64 {
    let syllables: usize = words.iter().map(|w| syllables(w)).sum();
    let n = words.len().max(1) as f64;
    let grade = 0.39 * (n / sentences.max(1) as f64) + 11.8 * (syllables as f64 / n) - 15.59;
    grade + 5.0
}

/// Syllables by vowel groups, less a silent final e: good enough for an estimate.
pub fn syllables(word: &str) -> usize {
    let w: Vec<char> = word
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphabetic())
        .collect();
    if w.is_empty() {
        return 0;
    }
    let vowel = |c: char| "aeiouy".contains(c);
    let mut count = 0;
    let mut previous = false;
    for &c in &w {
        let v = vowel(c);
        if v && !previous {
            count += 1;
        }
        previous = v;
    }
    let n = w.len();
    if n > 2
        && w[n - 1] == 'e'
        && !vowel(w[n - 2])
        // "table": the -le is a syllable of its own.
        && (w[n - 2] != 'l' || vowel(w[n - 3]))
        && count > 1
    {
        count -= 1;
    }
    count.max(1)
}

/// The words of a sentence: runs with a letter or digit.
fn words(text: &str) -> Vec<&str> {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .collect()
}

/// Words with their byte offsets in `text`.
fn tokens(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut start = None;
    let mut out = Vec::new();
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, &text[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    out.into_iter()
}

/// Text written in capitals ("PLEASE NOTE"): its words are not acronyms.
fn shouting(text: &str) -> bool {
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    let capitals = letters.iter().filter(|c| c.is_uppercase()).count();
    letters.len() >= 8 && capitals * 10 >= letters.len() * 6
}

/// `EHCP`, `SENCOs`, `WSoA`: two capitals or more, lower case only before a capital or as a plural.
fn is_acronym(word: &str) -> bool {
    let bare = word.strip_suffix('s').unwrap_or(word);
    let chars: Vec<char> = bare.chars().collect();
    let capitals = chars.iter().filter(|c| c.is_ascii_uppercase()).count();
    let shaped = chars.first().is_some_and(char::is_ascii_uppercase)
        && chars.iter().enumerate().all(|(i, c)| {
            c.is_ascii_uppercase()
                || (c.is_ascii_lowercase()
                    && chars.get(i + 1).is_some_and(char::is_ascii_uppercase))
        });
    capitals >= 2 && shaped && !PLAIN_CAPITALS.contains(&bare)
}

/// The sentences of a block of prose, each with its offset in the markdown.
fn sentences(block: &Block) -> Vec<Sentence> {
    let text = block.text.as_str();
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        // A full stop ends a sentence before a space, the end, or a closing quote or bracket.
        let next = bytes.get(i + 1).copied();
        let space = |b: Option<&u8>| b.map_or(true, |b| b.is_ascii_whitespace());
        let closing = matches!(next, Some(b'"' | b')' | b'\'')) && space(bytes.get(i + 2));
        let end = matches!(c, '.' | '!' | '?') && (space(next.as_ref()) || closing);
        // "e.g." and "i.e." do not end sentences.
        let abbreviation =
            text[..i].ends_with("e.g") || text[..i].ends_with("i.e") || text[..i].ends_with(" etc");
        if end && !abbreviation {
            let stop = if closing { i + 2 } else { i + 1 };
            push(&mut out, block, start, stop);
            start = stop;
        }
    }
    if start < text.len() {
        push(&mut out, block, start, text.len());
    }
    out
}

fn push(out: &mut Vec<Sentence>, block: &Block, start: usize, end: usize) {
    let piece = &block.text[start..end];
    let trimmed = piece.trim_start();
    if words(trimmed).is_empty() {
        return;
    }
    out.push(Sentence {
        text: trimmed.trim_end().to_string(),
        at: block.source(start + (piece.len() - trimmed.len())),
    });
}

/// A block of prose: its text, and where each piece of it came from in the markdown, so that a
/// place in the joined text maps back to its line (links' addresses, `**` and entities are not
/// part of the text).
pub(crate) struct Block {
    pub text: String,
    /// (offset in `text`, offset in the markdown) at the start of each piece.
    pieces: Vec<(usize, usize)>,
    /// A heading: acronyms there are neither flagged nor counted as their first use.
    pub heading: bool,
}

impl Block {
    /// The markdown offset of a place in the joined text.
    pub fn source(&self, at: usize) -> usize {
        let i = self.pieces.partition_point(|(joined, _)| *joined <= at);
        match i.checked_sub(1).map(|i| self.pieces[i]) {
            Some((joined, source)) => source + (at - joined),
            None => self.pieces.first().map_or(0, |p| p.1),
        }
    }
}

/// The prose of a markdown text as blocks (paragraphs, headings, list items, table cells), and
/// every link's text with its offset. Code is left out.
fn prose(markdown: &str) -> (Vec<Block>, Vec<(String, usize)>) {
    let mut blocks = Vec::new();
    let mut links = Vec::new();
    let mut block: Option<Block> = None;
    let mut heading = false;
    let mut link: Option<(String, usize)> = None;
    let mut code = 0;
    let end = |block: &mut Option<Block>, blocks: &mut Vec<Block>| {
        if let Some(b) = block.take().filter(|b| !b.text.trim().is_empty()) {
            blocks.push(b);
        }
    };
    let parser = Parser::new_ext(markdown, crate::render::markdown::OPTIONS).into_offset_iter();
    for (event, range) in parser {
        match event {
            Event::Start(Tag::CodeBlock(_)) => code += 1,
            Event::End(TagEnd::CodeBlock) => code -= 1,
            Event::Start(Tag::Heading { .. }) => {
                end(&mut block, &mut blocks);
                heading = true;
            }
            Event::Start(Tag::List(_) | Tag::Item | Tag::TableCell | Tag::Paragraph) => {
                end(&mut block, &mut blocks)
            }
            Event::Start(Tag::Link { .. }) => link = Some((String::new(), range.start)),
            Event::End(TagEnd::Link) => links.extend(link.take()),
            Event::Text(t) if code == 0 => {
                if let Some((text, _)) = link.as_mut() {
                    text.push_str(&t);
                }
                let b = block.get_or_insert_with(|| Block {
                    text: String::new(),
                    pieces: Vec::new(),
                    heading,
                });
                b.pieces.push((b.text.len(), range.start));
                b.text.push_str(&t);
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(b) = block.as_mut() {
                    b.text.push(' ');
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                end(&mut block, &mut blocks);
                heading = false;
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) => {
                end(&mut block, &mut blocks)
            }
            _ => {}
        }
    }
    end(&mut block, &mut blocks);
    (blocks, links)
}

/// The start of a sentence, for a hint.
fn short(text: &str) -> String {
    let cut: String = text.chars().take(60).collect();
    if cut.len() < text.len() {
        format!("{cut}...")
    } else {
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syllables_and_reading_ages_match_known_scores() {
        for (word, n) in [
            ("cat", 1),
            ("table", 2),
            ("make", 1),
            ("education", 4),
            ("assessment", 3),
            ("the", 1),
            ("children", 2),
        ] {
            assert_eq!(syllables(word), n, "{word}");
        }
        // "The cat sat on the mat.": 6 words, 6 syllables, 1 sentence: grade -1.45, age 3.55.
        let easy = words("The cat sat on the mat.");
        assert!(
            (reading_age(1, &easy) - 3.55).abs() < 0.01,
            "{}",
            reading_age(1, &easy)
        );
        // Long words in a long sentence read far older.
        let hard = words("Comprehensive multidisciplinary assessments necessitate considerable organisational coordination between institutions.");
        assert!(reading_age(1, &hard) > 20.0);
    }

    #[test]
    fn warnings_point_at_their_own_line_past_links_and_tables() {
        let plain = Plain {
            glossary: &["EHC plan (EHCP)".to_string()],
            reading_age: 12,
        };
        let text = "Read [the local offer](https://www.example.gov.uk/a/very/long/address/for/the/local/offer)\nand ask your SENCO. Your EHCP is here.\n\n| Month | Plans |\n|---|---|\n| March | 41 |\n| April | 44 |\n| May | 47 |\n| June | 50 |\n| July | 52 |\n\n## PLEASE READ THIS NOTE\n";
        let found = plain.check(Path::new("f.md"), text, 1);
        let senco = found
            .iter()
            .find(|d| d.message.contains("SENCO"))
            .expect("SENCO");
        let at = senco.location.as_ref().unwrap();
        assert_eq!((at.line, at.column), (2, 14), "{found:?}");
        let wrong = ["EHCP", "PLEASE", "words"];
        assert!(
            !found
                .iter()
                .any(|d| wrong.iter().any(|w| d.message.contains(w))),
            "{found:?}"
        );
    }

    #[test]
    fn acronyms_long_sentences_and_vague_links_are_found() {
        let plain = Plain {
            glossary: &["EHC plan".to_string()],
            reading_age: 12,
        };
        let text = "Ask your SENCO about it. An education, health and care plan (EHCP) is a plan. EHCP again. Your EHC plan says so. Read [click here](/x/) or [https://example.gov.uk](https://example.gov.uk).\n\nThis sentence is far too long because it keeps going with one word after another word until it has many more than twenty-five words in it.\n";
        let found: Vec<String> = plain
            .check(Path::new("f.md"), text, 5)
            .iter()
            .map(|d| format!("{}: {}", d.location.as_ref().unwrap().line, d.message))
            .collect();
        assert!(
            found.contains(&"5: \"SENCO\" is not explained where it is first used".to_string()),
            "{found:?}"
        );
        assert!(
            !found
                .iter()
                .any(|f| f.contains("\"EHCP\"") || f.contains("\"EHC\"")),
            "{found:?}"
        );
        assert!(
            found.contains(
                &"5: the link text \"click here\" says nothing about where the link goes"
                    .to_string()
            ),
            "{found:?}"
        );
        assert!(
            found.iter().any(|f| f.contains("bare address")),
            "{found:?}"
        );
        assert!(
            found.contains(&"7: this sentence has 26 words".to_string()),
            "{found:?}"
        );
    }
}
