//! Spaces inside words: a PDF or a justified layout breaks a line inside a word, and the copy
//! joins the pieces with a space (`资 格审查`, `样本    医院`). Part of PL502. A space between two
//! Han characters is judged by the document itself: when the characters on both sides are
//! written together elsewhere in it (`学院资格` or `资格审`), the space split a word. Rosters
//! (张三 李四), headings and labels never repeat that way, so they stay silent.

use super::is_han;
use crate::rules::Ctx;
use crate::source::Span;
use crate::syntax::Block;

/// White space a conversion leaves inside a line: space, ideographic space, en and em spaces,
/// no-break space.
fn is_gap(c: char) -> bool {
    matches!(c, ' ' | '\u{3000}' | '\u{2002}' | '\u{2003}' | '\u{00A0}')
}

/// A space between two Han characters whose join the document writes elsewhere.
pub(super) struct SpacedWord {
    /// The white space.
    pub gap: Span,
    /// The characters around it that the document writes together elsewhere (`资 格审`).
    pub spaced: Span,
}

/// Paragraphs and numbered lines after their marker (an item's text runs on after it), not the
/// title, labels or unnumbered headings: those use spaces to lay out (2024年 工作计划, 总 结).
fn paragraphs(cx: &Ctx<'_>) -> Vec<Span> {
    let doc = cx.doc;
    let soft: Vec<Span> = doc.soft_headings.iter().map(|s| s.line).collect();
    let blocks = |blocks: &'_ [Block]| -> Vec<Span> {
        blocks
            .iter()
            .filter_map(|b| match *b {
                Block::Paragraph { span } if !soft.contains(&span) => Some(span),
                _ => None,
            })
            .collect()
    };
    let mut out = blocks(&doc.preamble);
    for s in &doc.sections {
        out.push(Span::new(s.marker.span.end, s.line.end));
        out.extend(blocks(&s.blocks));
    }
    out
}

/// The paragraphs that hold a gap character, found with SIMD byte searches rather than by
/// decoding every line.
fn paragraphs_with_gaps(cx: &Ctx<'_>) -> Vec<Span> {
    static IDEOGRAPHIC_SPACE: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("\u{3000}".as_bytes()));
    let has_gap = |bytes: &[u8]| {
        memchr::memchr3_iter(b' ', 0xC2, 0xE2, bytes).any(|i| match bytes[i] {
            b' ' => true,
            0xC2 => bytes.get(i + 1) == Some(&0xA0),
            _ => bytes.get(i + 1) == Some(&0x80) && matches!(bytes.get(i + 2), Some(0x82 | 0x83)),
        }) || IDEOGRAPHIC_SPACE.find(bytes).is_some()
    };
    paragraphs(cx)
        .into_iter()
        .filter(|&span| has_gap(cx.source.folded(span).as_bytes()))
        .collect()
}

/// One candidate: the gap, and the two joins (two characters before with one after, one
/// before with two after) that would show the space split a word.
struct Candidate {
    gap: Span,
    /// Folded, as searched for.
    joins: [Option<String>; 2],
    /// Where each join's characters start before the gap and end after it.
    extents: [(usize, usize); 2],
}

pub(super) fn spaced_words(cx: &Ctx<'_>) -> Vec<SpacedWord> {
    let mut candidates: Vec<Candidate> = Vec::new();
    for span in paragraphs_with_gaps(cx) {
        let text = cx.source.folded(span);
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut i = 1;
        while i < chars.len() {
            if !is_gap(chars[i].1) || !is_han(chars[i - 1].1) {
                i += 1;
                continue;
            }
            let end = i + chars[i..].iter().take_while(|c| is_gap(c.1)).count();
            let Some(&(after_at, after)) = chars.get(end).filter(|c| is_han(c.1)) else {
                i = end;
                continue;
            };
            let before = chars[i - 1];
            let two_before = i.checked_sub(2).map(|k| chars[k]).filter(|c| is_han(c.1));
            let two_after = chars.get(end + 1).copied().filter(|c| is_han(c.1));
            let joins = [
                two_before.map(|b2| [b2.1, before.1, after].iter().collect()),
                two_after.map(|a2| [before.1, after, a2.1].iter().collect()),
            ];
            let end_of = |c: (usize, char)| span.start + c.0 + c.1.len_utf8();
            let after_end = end_of((after_at, after));
            let extents = [
                (span.start + two_before.map_or(0, |c| c.0), after_end),
                (span.start + before.0, two_after.map_or(after_end, end_of)),
            ];
            if joins.iter().any(Option::is_some) {
                candidates.push(Candidate {
                    gap: Span::new(span.start + chars[i].0, span.start + after_at),
                    joins,
                    extents,
                });
            }
            i = end;
        }
    }
    if candidates.is_empty() {
        return Vec::new();
    }
    // Every join, searched for in one pass over the document.
    let mut words: Vec<&str> = candidates
        .iter()
        .flat_map(|c| c.joins.iter().flatten().map(String::as_str))
        .collect();
    words.sort_unstable();
    words.dedup();
    let Ok(finder) = aho_corasick::AhoCorasick::new(&words) else {
        return Vec::new();
    };
    let mut seen = vec![false; words.len()];
    for m in finder.find_overlapping_iter(cx.source.folded(cx.doc.span)) {
        seen[m.pattern().as_usize()] = true;
    }
    let written = |w: &str| words.binary_search(&w).is_ok_and(|k| seen[k]);
    candidates
        .iter()
        .filter_map(|c| {
            let k = (0..2).find(|&k| c.joins[k].as_deref().is_some_and(written))?;
            let (start, end) = c.extents[k];
            Some(SpacedWord {
                gap: c.gap,
                spaced: Span::new(start, end),
            })
        })
        .collect()
}
