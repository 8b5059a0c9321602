//! Sentences broken across lines: copies of web pages and PDFs put line breaks inside sentences
//! and even words (`服务状` / `况。`). Part of PL502: a line break in the wrong place is stray
//! punctuation as much as a `.` between characters is.

use super::is_han;
use crate::rules::Ctx;
use crate::source::Span;
use crate::syntax::{Block, Document, MarkerKind};

/// What a line is, as far as a broken sentence is concerned.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Body text.
    Prose,
    /// A numbered heading; `with_body` when text follows the heading on its line; `item` for a
    /// `1.` or `(1)` item (its section is looked up when needed: a line stays a few bytes, and
    /// a list can have a million items).
    Heading { with_body: bool, item: bool },
    /// Titles, labels, bullets and unnumbered headings: they end without punctuation by design.
    Other,
}

struct Line {
    span: Span,
    kind: Kind,
}

/// The document's lines in order, each with its kind.
fn lines(doc: &Document) -> Vec<Line> {
    // Sorted, so each paragraph asks a binary search (a linear search per paragraph was
    // quadratic in documents of thousands of label lines).
    let mut soft: Vec<Span> = doc.soft_headings.iter().map(|s| s.line).collect();
    soft.sort_unstable();
    let block = |b: &Block| Line {
        span: b.span(),
        kind: match b {
            Block::Paragraph { span } if soft.binary_search(span).is_err() => Kind::Prose,
            _ => Kind::Other,
        },
    };
    let mut out: Vec<Line> = doc
        .title
        .iter()
        .map(|&span| Line {
            span,
            kind: Kind::Other,
        })
        .collect();
    out.extend(doc.preamble.iter().map(block));
    for s in &doc.sections {
        out.push(Line {
            span: s.line,
            kind: Kind::Heading {
                with_body: s.inline_body.is_some(),
                item: matches!(s.marker.kind, MarkerKind::Arabic | MarkerKind::ArabicParen),
            },
        });
        out.extend(s.blocks.iter().map(block));
    }
    out.sort_by_key(|l| l.span.start);
    out
}

fn trimmed(text: &str) -> &str {
    text.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}')
}

/// A break between two lines that cuts a sentence: where the first line ends, where the
/// second begins.
pub(super) struct Break {
    pub last_char: Span,
    pub continuation: Span,
}

/// Sentence punctuation that shows a line is prose (and not a title or a table cell).
const PROSE_MARKS: &[char] = &['，', ',', '、', '；', ';', '。'];
const FULL_STOPS: &[char] = &['。', '；', ';', '！', '？'];

pub(super) fn broken_sentences(cx: &Ctx<'_>) -> Vec<Break> {
    let v = &cx.vocab.damage.typography.line_breaks;
    let lines = lines(cx.doc);
    let prose_lines = lines.iter().filter(|l| l.kind == Kind::Prose).count();
    let mut found = Vec::new();
    for pair in lines.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        if b.kind != Kind::Prose || a.kind == Kind::Other {
            continue;
        }
        // At most one blank line between them, and nothing else.
        let gap = cx.text(Span::new(a.span.end, b.span.start));
        if gap.matches('\n').count() > 2 || !trimmed(gap).is_empty() {
            continue;
        }
        let (first, second) = (trimmed(cx.text(a.span)), trimmed(cx.text(b.span)));
        let (Some(last), Some(next)) = (first.chars().last(), second.chars().next()) else {
            continue;
        };
        if !is_han(last) || !is_han(next) || starts_with_date(second) {
            continue;
        }
        let first_chars = first.chars().count();
        let fragment = is_fragment(second, v.fragment_max_chars);
        let prose_ends_open = match a.kind {
            Kind::Prose
            | Kind::Heading {
                with_body: true, ..
            } => {
                first_chars >= v.min_chars
                    && (first.contains(PROSE_MARKS) || first_chars >= v.min_chars_unpunctuated)
                    && second.contains(PROSE_MARKS)
                    && !titled(first, second)
                    && !repeats_title(cx, first)
            }
            // A long item heading whose next line holds the next item after a full stop
            // (`1．…做好因灾伤病人员` / `救治、…。2．…`): the list was wrapped and run together,
            // so the heading is the first line of a sentence, not a title.
            Kind::Heading {
                with_body: false,
                item: true,
            } => {
                first_chars >= v.min_chars
                    && cx
                        .doc
                        .section_at(a.span.start)
                        .and_then(|id| cx.doc.section(id))
                        .is_some_and(|s| {
                            next_item_after_stop(
                                cx.text(s.marker.span),
                                s.marker.value,
                                first_line(second),
                            )
                        })
            }
            _ => false,
        };
        // A heading that runs on into a two-character line (服务状 / 况。) was cut mid-word.
        if prose_ends_open || (fragment && first_chars >= v.fragment_min_line_chars) {
            let end = a.span.start + cx.text(a.span).trim_end().len();
            let start = b.span.start + (cx.text(b.span).len() - cx.text(b.span).trim_start().len());
            found.push(Break {
                last_char: Span::new(end - last.len_utf8(), end),
                continuation: Span::new(start, start + next.len_utf8()),
            });
        }
    }
    // Many such breaks at one width mean the text is wrapped on purpose (a Markdown file
    // wrapped at 80 columns): then none of them is damage. Breaks at every width (a PDF
    // conversion whose lines end wherever the page did) are damage however many there are.
    if found.len() >= v.wrapped_min_breaks
        && found.len() * v.wrapped_share_divisor > prose_lines
        && same_width(cx, &found)
    {
        return Vec::new();
    }
    found
}

fn first_line(text: &str) -> &str {
    text.split('\n').next().unwrap_or(text)
}

/// Whether `line` holds, right after a full stop, the item that follows the one marked
/// `marker` (number `value`): `。2．` after `1．`, `；（2）` after `（1）`.
fn next_item_after_stop(marker: &str, value: u32, line: &str) -> bool {
    let number = value.to_string();
    let Some(at) = marker.find(&number) else {
        return false;
    };
    let (open, close) = (&marker[..at], &marker[at + number.len()..]);
    let next = format!("{open}{}{close}", value.saturating_add(1));
    line.match_indices(&next)
        .any(|(i, _)| line[..i].ends_with(FULL_STOPS))
}

/// Whether most broken lines have about the same width (within a tenth of the median).
fn same_width(cx: &Ctx<'_>, breaks: &[Break]) -> bool {
    let mut widths: Vec<usize> = breaks
        .iter()
        .map(|b| {
            let start = cx.source.line_index.line_start_at(b.last_char.start);
            cx.text(Span::new(start, b.last_char.end)).chars().count()
        })
        .collect();
    widths.sort_unstable();
    let median = widths[widths.len() / 2];
    let close = widths
        .iter()
        .filter(|&&w| w.abs_diff(median) * 10 <= median)
        .count();
    close * 10 >= widths.len() * 7
}

/// A line that is a title, not the first half of a sentence: it opens with a bracketed label
/// (【计划1】…), or a letter's salutation follows it (…的通知 / 各省、自治区…各直属机构：).
fn titled(first: &str, second: &str) -> bool {
    let salutation = second.starts_with('各') && second.ends_with(['：', ':']);
    first.starts_with(['【', '〔']) || salutation
}

/// A line that repeats the document's title (a banner's text, a cover page) is that title
/// again, not a sentence that runs on.
fn repeats_title(cx: &Ctx<'_>, line: &str) -> bool {
    cx.doc.title.is_some_and(|t| trimmed(cx.text(t)) == line)
}

/// A line of a few characters and a full stop: the tail of the line before (`况。`).
fn is_fragment(line: &str, max_chars: usize) -> bool {
    let Some(body) = line.strip_suffix(FULL_STOPS) else {
        return false;
    };
    let n = body.chars().count();
    n >= 1 && n <= max_chars && body.chars().all(is_han)
}

/// `二〇二四年三月` under a signature is a date line, not a continuation.
fn starts_with_date(line: &str) -> bool {
    let digits = line
        .chars()
        .take_while(|c| crate::text::numeral::is_han_numeral(*c))
        .count();
    digits >= 2 && line.chars().nth(digits) == Some('年')
}

/// Words written one character per line (`指` / `揮` / `督` / `導` / `組`): a table cell or
/// vertical text that a conversion broke into lines.
pub(super) struct Vertical {
    pub span: Span,
    pub word: String,
    pub lines: usize,
}

/// Runs of two or more consecutive lines that each hold one Han character and nothing else.
pub(super) fn vertical_text(cx: &Ctx<'_>) -> Vec<Vertical> {
    let index = &cx.source.line_index;
    let (first, last) = (
        index.line_of(cx.doc.span.start),
        index.line_of(cx.doc.span.end.saturating_sub(1)),
    );
    let mut out = Vec::new();
    let mut run: Vec<(usize, char)> = Vec::new();
    let flush = |run: &mut Vec<(usize, char)>, out: &mut Vec<Vertical>| {
        // 一/二/三 or 选/选/选 down a flattened table are cells of their own, not one word.
        let numerals = run
            .iter()
            .all(|&(_, c)| crate::text::numeral::is_han_numeral(c));
        let repeated = run.iter().all(|&(_, c)| c == run[0].1);
        if run.len() >= 2 && !numerals && !repeated {
            let (start, _) = run[0];
            let (end_at, end_c) = run[run.len() - 1];
            out.push(Vertical {
                span: Span::new(start, end_at + end_c.len_utf8()),
                word: run.iter().map(|&(_, c)| c).collect(),
                lines: run.len(),
            });
        }
        run.clear();
    };
    for line in first..=last {
        let start = index.line_start(line);
        let end = if line + 1 < index.line_starts().len() {
            index.line_start(line + 1)
        } else {
            cx.source.text.len()
        };
        let raw = cx.source.text.get(start..end).unwrap_or("");
        let text = trimmed(raw);
        let mut chars = text.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) if is_han(c) => {
                let at = start + (raw.len() - raw.trim_start().len());
                run.push((at, c));
            }
            _ => flush(&mut run, &mut out),
        }
    }
    flush(&mut run, &mut out);
    out
}

/// An item whose text breaks off mid-sentence with nothing after it (`4、…确保在安全前提下恢复生`
/// then `5、…`): text was lost where a page or a column ended. Judged against the items around
/// it: the item before and the item after are one-line sentences that end with a full stop,
/// so this one should too.
pub(super) fn cut_items(cx: &Ctx<'_>) -> Vec<Span> {
    let v = &cx.vocab.damage.typography.line_breaks;
    let doc = cx.doc;
    let ends_sentence = |t: Option<&str>| t.is_some_and(|t| t.ends_with(FULL_STOPS));
    let mut found = Vec::new();
    // Each list once, item by item with its neighbours (each item's text read once): linear
    // in the number of sections.
    let parents = std::iter::once(None).chain((0..doc.sections.len()).map(Some));
    for list in parents.map(|p| doc.children_of(p)) {
        if list.len() < 3 {
            continue;
        }
        let items: Vec<Option<&str>> = list
            .iter()
            .map(|&id| doc.section(id).and_then(|s| one_line_item(cx, s)))
            .collect();
        for (w, ids) in items.windows(3).zip(list.windows(3)) {
            let (Some(body), Some(s)) = (w[1], doc.section(ids[1])) else {
                continue;
            };
            let Some(last) = body.chars().last() else {
                continue;
            };
            // A sentence (it has a comma), not a field (责任单位：区教育局、区财政局).
            if is_han(last)
                && body.chars().count() >= v.min_chars
                && body.contains(['，', ','])
                && !body.contains(['：', ':'])
                && ends_sentence(w[0])
                && ends_sentence(w[2])
            {
                let end = s.line.start + cx.text(s.line).trim_end().len();
                found.push(Span::new(end - last.len_utf8(), end));
            }
        }
    }
    found.sort_unstable_by_key(|s| s.start);
    found
}

/// The text after the marker of an item that is one line: no blocks, no sub-items.
fn one_line_item<'a>(cx: &'a Ctx<'_>, s: &crate::syntax::Section) -> Option<&'a str> {
    if !s.blocks.is_empty() || !s.children.is_empty() {
        return None;
    }
    Some(trimmed(
        cx.source.folded(Span::new(s.marker.span.end, s.line.end)),
    ))
}
