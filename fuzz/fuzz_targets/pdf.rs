//! Any bytes, read as a PDF document, give a page count and what screen readers need, or a
//! reason in words; and the answer the reading process sends back reads back the same.
//!
//! The build reads every PDF in a process of its own with limits on memory and time (see
//! `sendsite::content::isolated`), so a crash here cannot take down a build or the preview; this
//! target looks for what the process boundary would turn into a warning and what it would not:
//! panics inside our code, hangs, runaway memory (libFuzzer's `-rss_limit_mb`, `-timeout`).
//! Inputs nested deeper than the reader's stack are the known case the boundary exists for, and
//! are skipped so that the fuzzer looks elsewhere.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sendsite::content::inspect;

/// How deeply brackets may nest in an input the fuzzer keeps (see the module's comment).
const DEEPEST: usize = 2_000;

fuzz_target!(|data: &[u8]| {
    if nesting(data) > DEEPEST {
        return;
    }
    let read = inspect::read_pdf(data);
    if let Ok((pages, access)) = &read {
        assert!(*pages > 0, "a PDF read has pages");
        drop(access.lacking());
    }
    let round = sendsite::content::isolated::round_trip(&read);
    assert_eq!(round.as_ref().map(|(p, _)| *p), read.as_ref().map(|(p, _)| *p));
});

/// The deepest nesting of `[`, `<<` and `(` in the bytes, as the reader would follow it.
fn nesting(data: &[u8]) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    for &b in data {
        match b {
            b'[' | b'<' | b'(' => depth += 1,
            b']' | b'>' | b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        deepest = deepest.max(depth);
    }
    deepest
}
