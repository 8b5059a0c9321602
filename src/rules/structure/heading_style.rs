//! PL004: marker styles mixed within a level, and heading levels skipped.

use super::super::Ctx;
use super::numbering::numbering_faults;
use crate::declare_rule;
use crate::rules::diagnostic::Diagnostic;
use crate::syntax::{MarkerKind, Section, SectionId};

declare_rule! {
    /// Flags headings whose marker style differs from their siblings of the same kind (一、 among
    /// 七. , ㈡ after ㈠、, 4. among 1、 2、), and a first child that skips a level of the
    /// 一、→（一）→1.→（1） hierarchy (1. directly under 一、) when the plan mixes two conventions:
    /// at least two headings of a kind skip the level and at least as many use it. One short
    /// section that goes straight to 1. is ordinary and stays silent. Bracket width alone ((一) vs
    /// （一）) is not a style difference: scraped copies mix widths freely.
    ///
    /// **Bad:** `六、市场调研` followed by `七.收费方案`.
    ///
    /// **Good:** `六、市场调研` followed by `七、收费方案`.
    pub static HEADING_STYLE = ("PL004", "heading-style", Note,
        "one level mixes marker styles, or a level is skipped (一、 then 1. with no (一))",
        heading_style);
}

/// Marker styles compared with bracket and dot width folded (（一） = (一), ． = .).
fn same_style(a: &str, b: &str) -> bool {
    fn narrow(style: &str) -> impl Iterator<Item = char> + '_ {
        let style = if style == "mixed brackets" {
            "()"
        } else {
            style
        };
        style.chars().map(|c| match c {
            '（' => '(',
            '）' => ')',
            '．' => '.',
            other => other,
        })
    }
    narrow(a).eq(narrow(b))
}

fn heading_style(cx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let numbered: std::collections::HashSet<SectionId> = numbering_faults(cx)
        .into_iter()
        .map(|(id, _, _)| id)
        .collect();
    let parents = std::iter::once(None).chain((0..cx.doc.sections.len()).map(Some));
    for parent in parents {
        mixed_styles(cx, cx.doc.children_of(parent), &numbered, out);
    }
    skipped_levels(cx, out);
}

fn mixed_styles(
    cx: &Ctx<'_>,
    siblings: &[SectionId],
    already: &std::collections::HashSet<SectionId>,
    out: &mut Vec<Diagnostic>,
) {
    let mut first_of_kind: Vec<(MarkerKind, SectionId)> = Vec::new();
    for &id in siblings {
        let s = &cx.doc.sections[id];
        if matches!(
            s.marker.kind,
            MarkerKind::Markdown(_) | MarkerKind::Appendix | MarkerKind::Decimal(_)
        ) {
            continue;
        }
        let Some(&(_, first)) = first_of_kind.iter().find(|(k, _)| *k == s.marker.kind) else {
            first_of_kind.push((s.marker.kind, id));
            continue;
        };
        let expected = cx.doc.sections[first].marker;
        if !same_style(expected.style.as_str(), s.marker.style.as_str()) && !already.contains(&id) {
            out.push(
                Diagnostic::new(
                    &HEADING_STYLE,
                    s.marker.span,
                    format!(
                        "marker `{}` differs in style from its sibling `{}`",
                        cx.text(s.marker.span),
                        cx.text(expected.span)
                    ),
                )
                .label(expected.span, "first heading of this level")
                .help(format!(
                    "write it in the style of `{}`",
                    cx.text(expected.span)
                )),
            );
        }
    }
}

/// Kinds whose place in the 一、→（一）→1.→（1）→① ladder is fixed.
fn on_ladder(k: MarkerKind) -> bool {
    matches!(
        k,
        MarkerKind::Part
            | MarkerKind::Legal
            | MarkerKind::HanComma
            | MarkerKind::HanParen
            | MarkerKind::Phase
            | MarkerKind::Arabic
            | MarkerKind::ArabicParen
            | MarkerKind::Circled
    )
}

/// A first child that skips a level of the ladder, when the plan mixes two conventions: at least
/// two headings of the parent's kind skip, and at least as many use the level in between
/// (一、→1. and 三、→1. beside 二、→(一) and 四、→(一)). Plans that always go 一、→1. are
/// consistent, and one section that goes straight to 1. among several with (一) is the ordinary
/// variation of short sections: both stay silent. Stages (第一阶段) are a list of their own, not
/// a heading level.
fn skipped_levels(cx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let first_children: Vec<(&Section, &Section)> = cx
        .doc
        .sections
        .iter()
        .filter_map(|p| p.children.first().map(|&c| (p, &cx.doc.sections[c])))
        .filter(|(p, c)| {
            on_ladder(p.marker.kind)
                && on_ladder(c.marker.kind)
                && c.marker.kind != MarkerKind::Phase
                && c.marker.kind.rank() > p.marker.kind.rank()
        })
        .collect();
    // For each parent kind, the first heading whose first child sits one level below it: the
    // level the plan uses (computed once, so the check stays linear).
    let mut examples: Vec<(MarkerKind, &Section, &Section)> = Vec::new();
    for (p, c) in &first_children {
        let k = p.marker.kind;
        if c.marker.kind.rank() == k.rank() + 1 && !examples.iter().any(|e| e.0 == k) {
            examples.push((k, p, c));
        }
    }
    // How many parents of each kind step one level down, and how many skip (counted once, so
    // the check stays linear).
    let mut tally: Vec<(MarkerKind, usize, usize)> = Vec::new();
    for (p, c) in &first_children {
        let k = p.marker.kind;
        let skips = c.marker.kind.rank() >= k.rank() + 2;
        let i = match tally.iter().position(|t| t.0 == k) {
            Some(i) => i,
            None => {
                tally.push((k, 0, 0));
                tally.len() - 1
            }
        };
        if skips {
            tally[i].2 += 1;
        } else {
            tally[i].1 += 1;
        }
    }
    for (parent, child) in &first_children {
        let rank = parent.marker.kind.rank();
        if child.marker.kind.rank() < rank + 2 {
            continue;
        }
        let kind = parent.marker.kind;
        let (_, steps, skips) = tally
            .iter()
            .find(|t| t.0 == kind)
            .copied()
            .unwrap_or((kind, 0, 0));
        if skips < 2 || steps < skips {
            continue;
        }
        let example = examples
            .iter()
            .find(|(k, _, _)| *k == parent.marker.kind)
            .map(|(_, p, c)| (p, c));
        let Some((other_parent, other_child)) = example else {
            continue;
        };
        out.push(
            Diagnostic::new(
                &HEADING_STYLE,
                child.marker.span,
                format!(
                    "heading level skipped: `{}` directly under `{}`, while `{}` has a `{}` level in between",
                    cx.text(child.marker.span),
                    cx.text(parent.marker.span),
                    cx.text(other_parent.marker.span),
                    cx.text(other_child.marker.span),
                ),
            )
            .label(parent.marker.span, "parent heading")
            .label(other_child.marker.span, "the level this plan uses elsewhere")
            .help("number sub-headings at the same depth the same way throughout the plan"),
        );
    }
}
