//! A changed text with the words taken out and put in marked, as the Review page shows it: the
//! words both versions share once, and only what differs marked, so that a sentence with one
//! word changed reads as that, not as a paragraph taken out and another put back.
//!
//! Words are compared whole (a word with its punctuation), by the longest run they share: the
//! classic table of common subsequences, which a paragraph's few hundred words keep small. A
//! longer text is not compared word by word (it is shown whole, before and after).

use serde::Serialize;

/// How much of a text is compared word by word: past this many words in both versions
/// together, the table would take more memory than a page is worth.
const MOST_WORDS: usize = 4000;

/// A run of words, as both versions have it, or only one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Piece {
    /// The words, with the spaces between them.
    pub text: String,
    /// "same", "added" or "removed".
    pub kind: &'static str,
}

/// `after` against `before`, as runs of words kept, added and removed; `None` when the texts are
/// too long to compare word by word.
pub fn marked(before: &str, after: &str) -> Option<Vec<Piece>> {
    let old = words(before);
    let new = words(after);
    if old.len() + new.len() > MOST_WORDS {
        return None;
    }
    // shared[i][j]: the longest run of words old[i..] and new[j..] have in common.
    let width = new.len() + 1;
    let mut shared = vec![0u16; (old.len() + 1) * width];
    for i in (0..old.len()).rev() {
        for j in (0..new.len()).rev() {
            shared[i * width + j] = if same(old[i], new[j]) {
                shared[(i + 1) * width + j + 1] + 1
            } else {
                shared[(i + 1) * width + j].max(shared[i * width + j + 1])
            };
        }
    }
    let mut pieces: Vec<Piece> = Vec::new();
    let mut push = |text: &str, kind: &'static str| match pieces.last_mut() {
        Some(last) if last.kind == kind => last.text.push_str(text),
        _ => pieces.push(Piece {
            text: text.to_string(),
            kind,
        }),
    };
    let (mut i, mut j) = (0, 0);
    while i < old.len() || j < new.len() {
        if i < old.len() && j < new.len() && same(old[i], new[j]) {
            push(new[j], "same");
            i += 1;
            j += 1;
        } else if i < old.len()
            && (j == new.len() || shared[(i + 1) * width + j] >= shared[i * width + j + 1])
        {
            // What was there is said before what is there now.
            push(old[i], "removed");
            i += 1;
        } else {
            push(new[j], "added");
            j += 1;
        }
    }
    Some(pieces)
}

/// `text` as words and runs of punctuation, each with the spaces after it: "action, and" is
/// "action", ", " and "and", so that a full stop changed to a comma marks the comma, not the word.
fn words(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut start = 0;
    let mut last: Option<bool> = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            continue;
        }
        let wordy = c.is_alphanumeric() || c == '\'' || c == '’';
        let after_space = text[..i].ends_with(char::is_whitespace);
        if last.is_some() && (last != Some(wordy) || after_space) {
            found.push(&text[start..i]);
            start = i;
        }
        last = Some(wordy);
    }
    if start < text.len() {
        found.push(&text[start..]);
    }
    found
}

/// Two words are the same whatever space follows them.
fn same(a: &str, b: &str) -> bool {
    a.trim_end() == b.trim_end()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said(pieces: &[Piece]) -> String {
        pieces
            .iter()
            .map(|p| match p.kind {
                "added" => format!("[+{}]", p.text),
                "removed" => format!("[-{}]", p.text),
                _ => p.text.clone(),
            })
            .collect()
    }

    #[test]
    fn only_the_words_that_changed_are_marked() {
        let pieces = marked(
            "Waiting times fell to 18 weeks in March.",
            "Waiting times fell to 16 weeks in April.",
        )
        .unwrap();
        assert_eq!(
            said(&pieces),
            "Waiting times fell to [-18 ][+16 ]weeks in [-March][+April]."
        );
    }

    #[test]
    fn words_put_in_and_taken_out_are_marked_in_place() {
        let pieces = marked(
            "We will publish a plan.",
            "We will now publish a short plan.",
        )
        .unwrap();
        assert_eq!(said(&pieces), "We will [+now ]publish a [+short ]plan.");
        let pieces = marked("One two three.", "One three.").unwrap();
        assert_eq!(said(&pieces), "One [-two ]three.");
        assert_eq!(said(&marked("", "New text.").unwrap()), "[+New text.]");
    }

    #[test]
    fn punctuation_is_marked_apart_from_its_word() {
        let pieces = marked(
            "action on both areas.",
            "action on both areas, and on health input.",
        )
        .unwrap();
        assert_eq!(
            said(&pieces),
            "action on both areas[+, and on health input]."
        );
        assert_eq!(
            words("Don’t stop, ok."),
            ["Don’t ", "stop", ", ", "ok", "."]
        );
    }

    #[test]
    fn a_very_long_text_is_not_compared_word_by_word() {
        let long = "word ".repeat(MOST_WORDS);
        assert_eq!(marked(&long, "word"), None);
    }
}
