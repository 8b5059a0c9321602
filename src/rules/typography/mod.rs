//! PL5xx: text damage that makes a plan unfit to sign — unbalanced brackets, stray
//! punctuation and line breaks, doubled characters and list items, mojibake and misread
//! characters.

mod duplicated_char;
mod line_breaks;
mod list_items;
mod lookalikes;
mod misread;
mod mojibake;
mod spaced_words;
mod stray_punctuation;
mod unbalanced_bracket;
pub mod vocab;

pub use duplicated_char::DUPLICATED_CHAR;
pub use mojibake::MOJIBAKE;
pub use stray_punctuation::STRAY_PUNCTUATION;
pub use unbalanced_bracket::UNBALANCED_BRACKET;

use super::Ctx;
use crate::declare_rule;
use crate::rules::diagnostic::Diagnostic;
use crate::source::Span;
use crate::syntax::Block;
use crate::text::chars::is_han;

/// The characters of a span with their byte offsets in the file.
pub(super) fn chars_of(cx: &Ctx<'_>, span: Span) -> Vec<(usize, char)> {
    cx.source
        .folded(span)
        .char_indices()
        .map(|(i, c)| (span.start + i, c))
        .collect()
}

/// The text spans of the document that contain one of `triggers` (a byte, or a byte string):
/// one SIMD scan of the document per trigger instead of a character walk over every line.
pub(super) fn spans_containing(cx: &Ctx<'_>, triggers: &[&[u8]]) -> Vec<Span> {
    let spans = &cx.facts.text_spans;
    let text = cx.source.folded(cx.doc.span).as_bytes();
    let mut hits: Vec<usize> = Vec::new();
    for t in triggers {
        match t {
            [b] => hits.extend(memchr::memchr_iter(*b, text)),
            bytes => hits.extend(memchr::memmem::find_iter(text, bytes)),
        }
    }
    hits.sort_unstable();
    let start = cx.doc.span.start;
    crate::extract::placeholders::spans_holding(spans, hits.into_iter().map(|h| start + h))
}

/// Where a three-byte character (all of CJK) is written twice in a row: the offset of the
/// first copy. Eight bytes are compared with the eight three bytes on at a time (a zero byte
/// of their XOR is an equal byte), so the common case costs a few instructions per six bytes
/// (an automaton of PL503's doubled suspects ran twice as slow).
pub(super) fn doubled_three_byte_chars(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let word = |at: usize| {
        bytes
            .get(at..at + 8)
            .and_then(|b| b.try_into().ok())
            .map_or(u64::MAX, u64::from_le_bytes)
    };
    // Windows of eight bytes, six apart: a run of three equal bytes starting at 0..=5 of each.
    (0..bytes.len().saturating_sub(5))
        .step_by(6)
        .filter(move |&i| {
            let x = word(i) ^ word(i + 3);
            // High bit set in each zero byte of x (and maybe in a byte after one: checked below).
            let zero = x.wrapping_sub(ONES) & !x & HIGHS;
            i + 11 > bytes.len() || zero & (zero >> 8) & (zero >> 16) != 0
        })
        .flat_map(move |i| i..(i + 6).min(bytes.len().saturating_sub(5)))
        .filter(move |&i| {
            (0xE0..=0xEF).contains(&bytes[i]) && bytes[i..i + 3] == bytes[i + 3..i + 6]
        })
}

/// Each character written twice in a row in `text` (的的, 。。), with the offset of its first copy:
/// `doubled_three_byte_chars` with the character it found.
pub(super) fn doubled_chars_in(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    doubled_three_byte_chars(text.as_bytes())
        .filter_map(|i| text.get(i..)?.chars().next().map(|c| (i, c)))
}

/// One finding for a defect that recurs through a document (a tab after every item number,
/// link icons): the first place carries the message, written for how many places there are,
/// and every other place is a label of it.
pub(super) fn grouped(
    rule: &'static crate::rules::Rule,
    places: &[Span],
    message: impl FnOnce(usize) -> String,
    label: &str,
) -> Option<Diagnostic> {
    let (first, rest) = places.split_first()?;
    let mut d = Diagnostic::new(rule, *first, message(places.len()));
    for place in rest {
        d = d.label(*place, label);
    }
    Some(d)
}

/// Full-width punctuation and the ideographic space (U+3000–303F, U+FF00–FF0F, U+FF1A–FF20).
pub(super) fn is_cjk_punctuation(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0xFF00..=0xFF0F | 0xFF1A..=0xFF20)
}

pub(super) fn char_span(at: usize, c: char) -> Span {
    Span::new(at, at + c.len_utf8())
}

/// A few characters around position `i`, for messages.
pub(super) fn context(cx: &Ctx<'_>, chars: &[(usize, char)], i: usize) -> String {
    let from = chars[i.saturating_sub(3)].0;
    let to = chars.get(i + 4).map_or_else(
        || chars.last().map_or(from, |l| l.0 + l.1.len_utf8()),
        |c| c.0,
    );
    cx.text(Span::new(from, to)).to_owned()
}

#[cfg(test)]
mod doubled_tests {
    use super::doubled_three_byte_chars;

    /// Every doubled three-byte character, found one character at a time.
    fn naive(text: &str) -> Vec<usize> {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        chars
            .windows(2)
            .filter(|w| w[0].1 == w[1].1 && w[0].1.len_utf8() == 3)
            .map(|w| w[0].0)
            .collect()
    }

    #[test]
    fn finds_every_doubled_character_at_every_offset() {
        let pieces = [
            "的的",
            "加加强",
            "a",
            "é",
            "人",
            "、",
            "🙂",
            "工作",
            "常常常",
            "。。",
        ];
        // Every mix of pieces up to three long, so doubles fall at every offset of a window.
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    for pad in ["", "x", "xy", "xyz", "x y z w"] {
                        let text = format!("{pad}{a}{b}{c}{a}");
                        let found: Vec<usize> = doubled_three_byte_chars(text.as_bytes()).collect();
                        assert_eq!(found, naive(&text), "{text}");
                    }
                }
            }
        }
    }
}
