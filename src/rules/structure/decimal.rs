//! Decimal headings (GB/T style: 1 / 1.1 / 1.1.1) name their parent in their own number, so a
//! `1.1.1` with no `1.1` before it shows a parent that was lost or mistyped.

use super::super::Ctx;
use super::numbering::{line_body, Fault};
use crate::source::Span;
use crate::syntax::{MarkerKind, SectionId};

/// The deepest decimal heading the grammar reads (1.1.1.1).
const MAX_DEPTH: usize = 4;

/// At most this many lines before an orphan are searched for its mistyped parent.
const PARENT_SEARCH_LINES: usize = 50;

/// The numbers of a decimal marker (`3.l.2` → 3, 1, 2: OCR reads l for 1).
fn components(marker: &str) -> Vec<u32> {
    marker
        .trim()
        .trim_end_matches(['.', '．'])
        .split(['.', '．'])
        .map(|part| match part {
            "l" | "I" => 1,
            digits => digits.parse().unwrap_or(0),
        })
        .collect()
}

fn dotted(numbers: &[u32]) -> String {
    numbers
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(".")
}

/// Decimal headings of depth three or more whose parent (`1.1` for `1.1.1`) is not the last
/// heading of that depth before them, in a document that writes headings of the parent's depth
/// elsewhere. One fault per missing parent, at its first child.
pub(super) fn orphans(cx: &Ctx<'_>) -> Vec<(SectionId, Option<SectionId>, Fault)> {
    let deep = |k: &MarkerKind| matches!(k, MarkerKind::Decimal(k) if *k >= 3);
    if !cx.doc.sections.iter().any(|s| deep(&s.marker.kind)) {
        return Vec::new();
    }
    let decimals: Vec<(SectionId, Vec<u32>)> = cx
        .doc
        .sections
        .iter()
        .enumerate()
        .filter(|(_, s)| matches!(s.marker.kind, MarkerKind::Decimal(k) if k >= 2))
        .map(|(id, s)| (id, components(cx.text(s.marker.span))))
        .filter(|(_, c)| c.len() <= MAX_DEPTH && !c.contains(&0))
        .collect();
    let mut depths = [false; MAX_DEPTH + 1];
    for (_, c) in &decimals {
        depths[c.len()] = true;
    }
    let mut last: [Option<&[u32]>; MAX_DEPTH + 1] = [None; MAX_DEPTH + 1];
    let mut reported: Option<&[u32]> = None;
    let mut faults = Vec::new();
    for (id, c) in &decimals {
        let depth = c.len();
        let parent = &c[..depth - 1];
        let lost = depth >= 3
            && depths[depth - 1]
            && last[depth - 1] != Some(parent)
            && reported != Some(parent);
        // An excerpt may start below a parent that was cut off with the text before it.
        let cut_off = cx.facts.excerpt && last[depth - 1].is_none();
        if lost && !cut_off {
            let expected = dotted(parent);
            let fault = match parent_line(cx, *id, &expected) {
                Some(ParentLine::Mistyped(at)) => Some(Fault::MistypedParent { at, expected }),
                Some(ParentLine::RunIn) => None,
                None => Some(Fault::NoParent { expected }),
            };
            faults.extend(fault.map(|f| (*id, None, f)));
            reported = Some(parent);
        }
        last[depth] = Some(c);
        last[depth + 1..].fill(None);
    }
    faults
}

/// What the lines shortly before an orphan hold of its parent.
enum ParentLine {
    /// `1.123 修理厂概况` (not read as a heading) or `2.17 有线网络` (read as one) where the
    /// parent belongs.
    Mistyped(Span),
    /// `1.1修理厂概况`: there, but run into its text, so not read as a heading (no numbering
    /// fault).
    RunIn,
}

/// The parent's line among the lines shortly before heading `id`: one that starts with the
/// parent's number (`expected`), alone or with more digits after it.
fn parent_line(cx: &Ctx<'_>, id: SectionId, expected: &str) -> Option<ParentLine> {
    let index = &cx.source.line_index;
    let to = index.line_of(cx.doc.sections[id].line.start);
    // From the heading before the orphan on: `2.17 有线网络` is read as a heading of its own.
    let from = id
        .checked_sub(1)
        .map_or(0, |p| index.line_of(cx.doc.sections[p].line.start))
        .max(to.saturating_sub(PARENT_SEARCH_LINES));
    (from..to).rev().find_map(|line| {
        let (at, body) = line_body(cx, line);
        let number = &body[..body
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(body.len())];
        let rest = number.strip_prefix(expected)?;
        if rest.starts_with(|c: char| c.is_ascii_digit()) {
            Some(ParentLine::Mistyped(Span::new(at, at + number.len())))
        } else {
            rest.trim_end_matches('.')
                .is_empty()
                .then_some(ParentLine::RunIn)
        }
    })
}
