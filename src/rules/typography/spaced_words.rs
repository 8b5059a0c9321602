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
    // Sorted, so each paragraph asks a binary search.
    let mut soft: Vec<Span> = doc.soft_headings.iter().map(|s| s.line).collect();
    soft.sort_unstable();
    let paragraph = |b: &Block| match *b {
        Block::Paragraph { span } if soft.binary_search(&span).is_err() => Some(span),
        _ => None,
    };
    let mut out: Vec<Span> = doc.preamble.iter().filter_map(paragraph).collect();
    for s in &doc.sections {
        out.push(Span::new(s.marker.span.end, s.line.end));
        out.extend(s.blocks.iter().filter_map(paragraph));
    }
    out
}

/// Byte offsets in `bytes` where a gap character starts: found with SIMD byte searches, not
/// by decoding every character.
fn gap_starts(bytes: &[u8], out: &mut Vec<usize>) {
    static IDEOGRAPHIC_SPACE: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("\u{3000}".as_bytes()));
    out.clear();
    out.extend(
        memchr::memchr3_iter(b' ', 0xC2, 0xE2, bytes).filter(|&i| match bytes[i] {
            b' ' => true,
            0xC2 => bytes.get(i + 1) == Some(&0xA0),
            _ => bytes.get(i + 1) == Some(&0x80) && matches!(bytes.get(i + 2), Some(0x82 | 0x83)),
        }),
    );
    let before = out.len();
    out.extend(IDEOGRAPHIC_SPACE.find_iter(bytes));
    if before > 0 && out.len() > before {
        out.sort_unstable();
    }
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

/// The gap starting at `at` in `text` (a paragraph starting at `base`), if Han characters
/// stand on both sides of it and it is the first character of its run.
fn candidate(text: &str, base: usize, at: usize) -> Option<Candidate> {
    let mut back = text[..at].char_indices().rev();
    let before = back.next().filter(|c| is_han(c.1))?;
    let two_before = back.next().filter(|c| is_han(c.1));
    let gap_len: usize = text[at..]
        .chars()
        .take_while(|&c| is_gap(c))
        .map(char::len_utf8)
        .sum();
    let mut ahead = text[at + gap_len..]
        .char_indices()
        .map(|(i, c)| (at + gap_len + i, c));
    let after = ahead.next().filter(|c| is_han(c.1))?;
    let two_after = ahead.next().filter(|c| is_han(c.1));
    let joins = [
        two_before.map(|b2| [b2.1, before.1, after.1].iter().collect()),
        two_after.map(|a2| [before.1, after.1, a2.1].iter().collect()),
    ];
    let end_of = |c: (usize, char)| base + c.0 + c.1.len_utf8();
    let extents = [
        (base + two_before.map_or(0, |c| c.0), end_of(after)),
        (base + before.0, two_after.map_or(end_of(after), end_of)),
    ];
    joins.iter().any(Option::is_some).then(|| Candidate {
        gap: Span::new(base + at, base + after.0),
        joins,
        extents,
    })
}

/// Which of `words` occur in `text`. A few are searched for one by one; many with one
/// automaton pass (an automaton per document costs more to build than a few searches).
fn written_joins(text: &str, words: &[&str]) -> Vec<bool> {
    const SEARCHED_ONE_BY_ONE: usize = 16;
    if words.len() <= SEARCHED_ONE_BY_ONE {
        return words
            .iter()
            .map(|w| memchr::memmem::find(text.as_bytes(), w.as_bytes()).is_some())
            .collect();
    }
    let mut seen = vec![false; words.len()];
    let finder = aho_corasick::AhoCorasick::builder()
        .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
        .build(words);
    if let Ok(finder) = finder {
        for m in finder.find_overlapping_iter(text) {
            seen[m.pattern().as_usize()] = true;
        }
    }
    seen
}

pub(super) fn spaced_words(cx: &Ctx<'_>) -> Vec<SpacedWord> {
    let mut candidates: Vec<Candidate> = Vec::new();
    let mut gaps: Vec<usize> = Vec::new();
    for span in paragraphs(cx) {
        let text = cx.source.folded(span);
        gap_starts(text.as_bytes(), &mut gaps);
        candidates.extend(
            gaps.iter()
                .filter_map(|&at| candidate(text, span.start, at)),
        );
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
    let seen = written_joins(cx.source.folded(cx.doc.span), &words);
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
