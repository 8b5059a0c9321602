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
