//! PL003: sibling headings whose numbers skip, repeat, go backwards or start late.

use super::super::Ctx;
use crate::declare_rule;
use crate::rules::diagnostic::Diagnostic;
use crate::syntax::{MarkerKind, Section, SectionId, SoftKind};

declare_rule! {
    /// Flags sibling headings whose numbers skip, repeat, go backwards, or do not start at one
    /// (一、二、四、 / 1、2、2、 / (一)(三)). Only markers of the same kind are compared, and
    /// numbering never runs across an appendix (附件). Numbering straight through the text, as
    /// official documents do (（一）…（四） under 一、, （五）… under 二、), and a list that starts
    /// again below an unnumbered label or question line are not faults. A list whose items are
    /// all `1.` is Markdown's shorthand in a Markdown file (the renderer numbers it) and one
    /// finding elsewhere (the numbers were lost), not a repeat at every item. When the missing
    /// heading is there with the wrong separator (`五，` between 四、 and 六、), that line is
    /// reported, not a skip. A list of one item (`1.` with no `2.` before the level's numbering
    /// starts again, where its other lists have several items) is flagged too: a single point
    /// takes no number. Decimal headings name their parent (`2.1.1` needs a `2.1` before it): a
    /// missing parent is flagged, and a mistyped one (`2.17` or `1.123` where `2.1` or `1.1`
    /// belongs) is reported where it is written, once.
    ///
    /// **Bad:** `1、…` `2、…` `2、…` under the same heading.
    ///
    /// **Good:** `1、…` `2、…` `3、…`.
    pub static NUMBERING_SEQUENCE = ("PL003", "numbering-sequence", Warning,
        "sibling markers skip, repeat or go backwards (一、二、四、 / 1、2、2、 / (一)(三))",
        numbering_sequence);
}

/// A numbering fault of one heading relative to its previous same-kind sibling.
pub(crate) enum Fault {
    Start {
        got: u32,
    },
    /// The missing heading is there, written with the wrong separator (`五，` for `五、`), so it
    /// was read as text: reported at it, instead of a skip at the heading after it.
    Misseparated {
        at: crate::source::Span,
    },
    Skip {
        prev: u32,
        got: u32,
    },
    Repeat {
        got: u32,
    },
    /// Every item of the list is numbered 1 (outside Markdown): reported once, at the second.
    AllOnes {
        items: usize,
    },
    Backwards {
        prev: u32,
        got: u32,
    },
    /// A decimal heading (`1.1.1`) with no parent (`1.1`) before it.
    NoParent {
        expected: String,
    },
    /// The parent of a decimal heading is there with a mistyped number (`1.123` for `1.1`),
    /// so it was read as text: reported at it.
    MistypedParent {
        at: crate::source::Span,
        expected: String,
    },
    /// A list of one item: `1.` with no `2.`, where the level's other lists have several items
    /// and the next one starts again at 1 (heading `next`).
    Lone {
        next: SectionId,
    },
}

/// Numbering faults of every heading, by section id (shared with PL004 so a heading is reported once).
pub(crate) fn numbering_faults(cx: &Ctx<'_>) -> Vec<(SectionId, Option<SectionId>, Fault)> {
    let mut faults = Vec::new();
    let markdown = is_markdown(cx);
    let parents = std::iter::once(None).chain((0..cx.doc.sections.len()).map(Some));
    for parent in parents {
        let siblings = cx.doc.children_of(parent);
        // 1. 1. 1.: Markdown numbers such a list when it renders; in plain text the numbers
        // were lost, which is one defect of the list, not a repeat at every item.
        if let Some(items) = every_item_is_one(cx, siblings) {
            if !markdown {
                let mut numbered = siblings
                    .iter()
                    .filter(|&&id| cx.doc.sections[id].marker.value > 0);
                if let (Some(&first), Some(&second)) = (numbered.next(), numbered.next()) {
                    faults.push((second, Some(first), Fault::AllOnes { items }));
                }
            }
            continue;
        }
        let group_faults = faults.len();
        let mut last: Vec<(MarkerKind, SectionId)> = Vec::new();
        let mut repeated: Vec<SectionId> = Vec::new();
        for &id in siblings {
            let s = &cx.doc.sections[id];
            // An empty numbered slot (（1） alone on its line, a template's table) is no item.
            let empty_slot = s.heading.is_empty() && s.blocks.is_empty() && s.children.is_empty();
            if s.marker.value == 0
                || empty_slot
                || matches!(
                    s.marker.kind,
                    MarkerKind::Markdown(_) | MarkerKind::Appendix
                )
            {
                continue;
            }
            let got = s.marker.value;
            let prev = last
                .iter()
                .rev()
                .find(|(k, _)| *k == s.marker.kind)
                .map(|&(_, p)| p);
            let fault = match prev.map(|p| (p, cx.doc.sections[p].marker.value)) {
                // 附件：1. 活动安排表 / 2. 总结报送表 — the list began inline, after a colon.
                None if got == 1
                    || inline_start_before(cx, id, got)
                    || written_inline(cx, previous_line_start(cx, id), id, 1..got)
                    || parent.is_some_and(|p| {
                        written_inline(cx, cx.doc.sections[p].line.start, id, 1..got)
                    })
                    || continues_from_cousins(cx, parent, s.marker.kind, got) =>
                {
                    None
                }
                // An excerpt (第五章 …) starts where it was cut.
                None if parent.is_none() && cx.facts.excerpt => None,
                None => Some(Fault::Start { got }),
                Some((_, p)) if got == p + 1 => None,
                // （1）死亡30人以上。（2）…（3）… then （4） on its own line: the items between
                // were written inline.
                Some((q, p))
                    if got > p + 1
                        && written_inline(cx, cx.doc.sections[q].line.start, id, p + 1..got) =>
                {
                    None
                }
                // 九月份： 1. 2. 十月份： 1. 2. — a list restarts under each unnumbered sub-heading,
                // or under a line that names what follows (承诺事项为何？).
                Some((p, _))
                    if got == 1
                        && (sub_heading_between(cx, p, id) || label_line_before(cx, id)) =>
                {
                    None
                }
                // 3、 3、 5、: the second 3 should be 4; reported once, as the repeat.
                Some((q, p)) if got == p + 2 && repeated.contains(&q) => None,
                Some((_, p)) if got == p => {
                    repeated.push(id);
                    Some(Fault::Repeat { got })
                }
                Some((q, p)) if got == p + 2 => Some(
                    misseparated_heading(cx, q, id, p + 1)
                        .map_or(Fault::Skip { prev: p, got }, |at| Fault::Misseparated {
                            at,
                        }),
                ),
                Some((_, p)) if got > p => Some(Fault::Skip { prev: p, got }),
                Some((_, p)) => Some(Fault::Backwards { prev: p, got }),
            };
            if let Some(f) = fault {
                faults.push((id, prev, f));
            }
            last.push((s.marker.kind, id));
        }
        lone_items(cx, &last, &mut faults, group_faults);
    }
    let orphans = super::decimal::orphans(cx);
    for orphan in &orphans {
        if let Fault::MistypedParent { at, expected } = &orphan.2 {
            forgive_mistyped_heading(cx, *at, expected, &mut faults);
        }
    }
    if !orphans.is_empty() {
        let faulted: std::collections::HashSet<SectionId> = faults.iter().map(|f| f.0).collect();
        faults.extend(orphans.into_iter().filter(|o| !faulted.contains(&o.0)));
    }
    faults
}

/// A mistyped decimal parent read as a heading (`2.17` where `2.1` belongs) is one defect: its
/// own start fault and the step back to the sibling after it (`2.2`) are not reported.
fn forgive_mistyped_heading(
    cx: &Ctx<'_>,
    at: crate::source::Span,
    expected: &str,
    faults: &mut Vec<(SectionId, Option<SectionId>, Fault)>,
) {
    let sections = &cx.doc.sections;
    let Ok(mistyped) = sections.binary_search_by_key(&at.start, |s| s.marker.span.start) else {
        return;
    };
    let next_value = expected
        .rsplit('.')
        .next()
        .and_then(|last| last.parse::<u32>().ok())
        .map_or(0, |v| v + 1);
    faults.retain(|&(id, prev, _)| {
        id != mistyped && !(prev == Some(mistyped) && sections[id].marker.value == next_value)
    });
}

/// Lists of one item among the numbered items of one level (`items`, in order, kind by kind):
/// `1. 参与阻力：` with its points below it, then a question line and a new list `1. 2. 3.`.
/// A single point is written without a number, so a lone `1.` means its siblings were lost
/// or its points were meant as the list. Reported only where the level's other lists have two
/// or more items (the writer numbers real lists here) and the restart after it is sound.
fn lone_items(
    cx: &Ctx<'_>,
    items: &[(MarkerKind, SectionId)],
    faults: &mut Vec<(SectionId, Option<SectionId>, Fault)>,
    group_faults: usize,
) {
    let value = |id: SectionId| cx.doc.sections[id].marker.value;
    // A list that starts again needs a second item numbered 1 (most levels have none).
    if items
        .iter()
        .filter(|&&(_, id)| value(id) == 1)
        .nth(1)
        .is_none()
    {
        return;
    }
    // Looked up once per group, so a level of thousands of restarting lists stays linear.
    let faulted: std::collections::HashSet<SectionId> =
        faults[group_faults..].iter().map(|f| f.0).collect();
    let mut with_lists: Vec<MarkerKind> = Vec::new();
    for &(kind, id) in items {
        if value(id) >= 2 && !with_lists.contains(&kind) {
            with_lists.push(kind);
        }
    }
    for (i, &(kind, id)) in items.iter().enumerate() {
        if value(id) != 1 || faulted.contains(&id) || !with_lists.contains(&kind) {
            continue;
        }
        let Some(&(_, next)) = items[i + 1..].iter().find(|(k, _)| *k == kind) else {
            continue;
        };
        if value(next) == 1
            && !faulted.contains(&next)
            && !written_inline(cx, cx.doc.sections[id].line.start, next, 2..3)
        {
            faults.push((id, None, Fault::Lone { next }));
        }
    }
}

/// Separators a heading's numeral never takes, though a hurried writer types them (`五，`, `3：`).
const WRONG_SEPARATORS: &[char] = &['，', ',', '：', ':', '；', ';'];

/// At most this many lines between two siblings are searched for the heading between them.
const MISSEPARATED_SEARCH_LINES: usize = 200;

/// The marker of heading `missing` written with a wrong separator on a line between siblings
/// `prev` and `id` (`五，补考当日未能出席者…` between 四、 and 六、), in the numerals `id` uses.
fn misseparated_heading(
    cx: &Ctx<'_>,
    prev: SectionId,
    id: SectionId,
    missing: u32,
) -> Option<crate::source::Span> {
    use crate::text::numeral;
    let marker = cx.text(cx.doc.sections[id].marker.span).trim();
    let first = marker.chars().next()?;
    let is_numeral: fn(char) -> bool = if numeral::is_han_numeral(first) {
        numeral::is_han_numeral
    } else if first.is_ascii_digit() {
        |c| c.is_ascii_digit()
    } else {
        return None;
    };
    let index = &cx.source.line_index;
    let from = index.line_of(cx.doc.sections[prev].line.start) + 1;
    let to = index.line_of(cx.doc.sections[id].line.start);
    (from..to).take(MISSEPARATED_SEARCH_LINES).find_map(|line| {
        let (at, body) = line_body(cx, line);
        let digits = &body[..body.find(|c: char| !is_numeral(c)).unwrap_or(body.len())];
        let value = numeral::marker_value(digits);
        let mut after = body[digits.len()..].chars();
        let separator = after.next()?;
        // 5：00 is a time, 3,000 a number: a digit after the separator means no heading.
        let heading_text = after.next().is_some_and(|c| !c.is_ascii_digit());
        (!digits.is_empty()
            && value == Some(u64::from(missing))
            && WRONG_SEPARATORS.contains(&separator)
            && heading_text)
            .then(|| crate::source::Span::new(at, at + digits.len() + separator.len_utf8()))
    })
}

/// Line `line` without its leading white space, and the file offset where that text starts.
pub(super) fn line_body<'a>(cx: &Ctx<'a>, line: usize) -> (usize, &'a str) {
    let index = &cx.source.line_index;
    let start = index.line_start(line);
    let text = cx.source.slice(crate::source::Span::new(
        start,
        index.line_end(&cx.source.text, line),
    ));
    let body = text.trim_start_matches([' ', '\t', '\u{3000}']);
    (start + (text.len() - body.len()), body)
}

/// `五，补考当日…` between 四、 and 六、: the finding at the misseparated heading `at`, with `next`
/// (the heading after it) as its label.
fn misseparated_finding(cx: &Ctx<'_>, next: &Section, at: crate::source::Span) -> Diagnostic {
    let marker = cx.text(next.marker.span).trim();
    let written = cx.text(at);
    let numeral = written.trim_end_matches(WRONG_SEPARATORS);
    let expected = marker.trim_start_matches(|c: char| {
        crate::text::numeral::is_han_numeral(c) || c.is_ascii_digit()
    });
    Diagnostic::new(
        &NUMBERING_SEQUENCE,
        at,
        format!(
            "heading `{numeral}` is written `{written}` instead of `{numeral}{expected}`: it reads as text, and the numbering seems to skip to `{marker}`"
        ),
    )
    .label(next.marker.span, "the next heading of this level")
    .help(format!("write the separator as `{expected}` so the line is a heading"))
}

/// `1.123 修理厂概况` where `1.1` belongs, with its first child `child` as the label.
fn mistyped_parent_finding(
    cx: &Ctx<'_>,
    child: &Section,
    at: crate::source::Span,
    expected: &str,
) -> Diagnostic {
    let written = cx.text(at);
    Diagnostic::new(
        &NUMBERING_SEQUENCE,
        at,
        format!("section number `{written}` where `{expected}` belongs"),
    )
    .label(
        child.marker.span,
        format!("first section under `{expected}`"),
    )
    .help(format!("number this heading `{expected}`"))
}

/// `1. 参与阻力：` alone, with the next list of its level (`next`) as the label.
fn lone_finding(cx: &Ctx<'_>, lone: &Section, next: &Section) -> Diagnostic {
    let marker = cx.text(lone.marker.span).trim();
    let second = marker_with_value(marker, 2).unwrap_or_else(|| "a second item".to_owned());
    Diagnostic::new(
        &NUMBERING_SEQUENCE,
        lone.marker.span,
        format!("list of one item: `{marker}` has no `{second}` before the numbering starts again"),
    )
    .label(next.marker.span, "the next list of this level starts here")
    .help("write a single point without a number, or number its points as the list")
}

/// A Markdown file (by its name, or by its `#` headings).
fn is_markdown(cx: &Ctx<'_>) -> bool {
    let path = cx.source.path.to_ascii_lowercase();
    path.ends_with(".md")
        || path.ends_with(".markdown")
        || cx.doc.sections.iter().any(|s| s.markdown_level.is_some())
}

/// How many items an ordered list has when all of them (two or more) are written `1.` or `1)`.
fn every_item_is_one(cx: &Ctx<'_>, siblings: &[SectionId]) -> Option<usize> {
    siblings
        .iter()
        .map(|&id| &cx.doc.sections[id])
        .filter(|s| s.marker.value > 0)
        .try_fold(0usize, |n, s| {
            matches!(cx.text(s.marker.span).trim(), "1." | "1)").then_some(n + 1)
        })
        .filter(|&n| n >= 2)
}

/// Official documents number one level straight through the text: （一）…（四） under 一、,
/// （五）…（九） under 二、. A first child numbered `got` continues when the nearest earlier sibling
/// of its parent that has children of the same kind ended them at `got - 1`.
fn continues_from_cousins(
    cx: &Ctx<'_>,
    parent: Option<SectionId>,
    kind: MarkerKind,
    got: u32,
) -> bool {
    let Some(parent) = parent else { return false };
    let uncles = cx.doc.children_of(cx.doc.sections[parent].parent);
    let Some(at) = uncles.iter().position(|&u| u == parent) else {
        return false;
    };
    uncles[..at]
        .iter()
        .rev()
        .find_map(|&u| {
            cx.doc.sections[u]
                .children
                .iter()
                .rev()
                .map(|&c| &cx.doc.sections[c].marker)
                .find(|m| m.kind == kind)
        })
        .is_some_and(|m| m.value + 1 == got)
}

/// The marker of heading `id` rewritten with another number (`（3）` → `（2）`), for markers
/// written with Arabic digits.
fn marker_with(cx: &Ctx<'_>, id: SectionId, value: u32) -> Option<String> {
    marker_with_value(cx.text(cx.doc.sections[id].marker.span).trim(), value)
}

/// `marker` (`（3）`, `3.`) with its Arabic digits replaced by `value`.
fn marker_with_value(marker: &str, value: u32) -> Option<String> {
    let digits_at = marker.find(|c: char| c.is_ascii_digit())?;
    let digits_len = marker[digits_at..]
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(marker.len() - digits_at);
    Some(format!(
        "{}{value}{}",
        &marker[..digits_at],
        &marker[digits_at + digits_len..]
    ))
}

/// Headings whose line also holds the first item of the list below them (`1.普查方案编制（1）
/// 总体方案论证`, then `（2）` on a line of its own): a line break was lost. The span is the
/// run-on marker.
pub(crate) fn run_on_first_items(cx: &Ctx<'_>) -> Vec<crate::source::Span> {
    let mut out = Vec::new();
    for parent in &cx.doc.sections {
        let Some(&first) = parent.children.first() else {
            continue;
        };
        if cx.doc.sections[first].marker.value != 2 {
            continue;
        }
        let Some(expected) = marker_with(cx, first, 1) else {
            continue;
        };
        let line = parent.line;
        let own = cx.text(crate::source::Span::new(parent.marker.span.end, line.end));
        if let Some(at) = own.find(&expected) {
            let start = parent.marker.span.end + at;
            out.push(crate::source::Span::new(start, start + expected.len()));
        }
    }
    out
}

/// A list shows it puts each item on a line of its own when at least this many do.
const OWN_LINE_ITEMS: usize = 3;

/// Items glued onto the end of the item before them (`…提出建议；2.根据领导小组命令…`, with
/// `1.` and `3.` on lines of their own): a line break was lost. Only a single item between two
/// siblings of a list that puts its items on lines of their own; a list written inline on
/// purpose (`1.…；2.…；3.…；4.…`) glues several. The span is the glued marker.
pub(crate) fn run_on_items(cx: &Ctx<'_>) -> Vec<crate::source::Span> {
    let sections = &cx.doc.sections;
    let mut out = Vec::new();
    let parents = std::iter::once(None).chain((0..sections.len()).map(Some));
    for parent in parents {
        let siblings = cx.doc.children_of(parent);
        for pair in siblings.windows(2) {
            let (q, id) = (&sections[pair[0]], &sections[pair[1]]);
            if q.marker.kind != id.marker.kind
                || q.marker.value == 0
                || id.marker.value != q.marker.value + 2
            {
                continue;
            }
            let own_lines = siblings
                .iter()
                .filter(|&&s| sections[s].marker.kind == q.marker.kind)
                .take(OWN_LINE_ITEMS)
                .count();
            if own_lines < OWN_LINE_ITEMS {
                continue;
            }
            let Some(glued) = marker_with(cx, pair[1], q.marker.value + 1) else {
                continue;
            };
            let from = q.marker.span.end;
            let between = cx.text(crate::source::Span::new(from, id.line.start));
            if let Some(at) = glued_after_sentence(between, &glued) {
                out.push(crate::source::Span::new(from + at, from + at + glued.len()));
            }
        }
    }
    out
}

/// Where `marker` follows a sentence's end on the same line of `text` (`建议；2.根据`).
fn glued_after_sentence(text: &str, marker: &str) -> Option<usize> {
    text.match_indices(marker).find_map(|(at, _)| {
        let before = text[..at].trim_end_matches([' ', '\u{3000}']);
        let after = text[at + marker.len()..].chars().next();
        (before.ends_with(['。', '；', ';', '！', '？'])
            && after.is_some_and(|c| !c.is_ascii_digit() && !c.is_whitespace()))
        .then_some(at)
    })
}

/// Whether every number of `values` is written, in the marker style of heading `id`, inside
/// the text from `from` to the heading (items run on in one paragraph).
fn written_inline(cx: &Ctx<'_>, from: usize, id: SectionId, values: std::ops::Range<u32>) -> bool {
    let to = cx.doc.sections[id].line.start;
    if values.is_empty() || from >= to || values.len() > 20 {
        return false;
    }
    let text = cx.source.slice(crate::source::Span::new(from, to));
    values
        .into_iter()
        .all(|v| marker_with(cx, id, v).is_some_and(|m| text.contains(&m)))
}

/// The start of the nearest non-blank line before heading `id` (its own start if none).
fn previous_line_start(cx: &Ctx<'_>, id: SectionId) -> usize {
    previous_line(cx, id).map_or(cx.doc.sections[id].line.start, |(start, _)| start)
}

/// The nearest non-blank line before heading `id`: its start and its trimmed text.
fn previous_line<'a>(cx: &Ctx<'a>, id: SectionId) -> Option<(usize, &'a str)> {
    let index = &cx.source.line_index;
    let mut line = index.line_of(cx.doc.sections[id].line.start);
    while line > 0 {
        line -= 1;
        let start = index.line_start(line);
        let end = index.line_start(line + 1).max(start);
        let text = cx.source.slice(crate::source::Span::new(start, end)).trim();
        if !text.is_empty() {
            return Some((start, text));
        }
    }
    None
}

/// The most characters a line that names what follows may have (小学初级（粉绿色徽章）).
const LABEL_LINE_MAX_CHARS: usize = 40;

/// Whether the nearest non-blank line before heading `id` is a short unnumbered line that does
/// not end a sentence — a label, a question or a table row naming the list that restarts below
/// it. A sentence ending in 。 or ； is the previous item's text, not a parent.
fn label_line_before(cx: &Ctx<'_>, id: SectionId) -> bool {
    let Some((start, text)) = previous_line(cx, id) else {
        return false;
    };
    let is_heading = cx
        .doc
        .sections
        .binary_search_by_key(&start, |h| h.line.start)
        .is_ok();
    !is_heading
        && text.chars().count() <= LABEL_LINE_MAX_CHARS
        && !text.ends_with(['。', '；', ';', '，', ',', '、'])
}

/// Whether the nearest non-blank line before heading `id` ends in a label whose colon is
/// followed by item `got - 1` in the same Arabic-digit style (附件：1. …, then `2.` on its own line).
fn inline_start_before(cx: &Ctx<'_>, id: SectionId, got: u32) -> bool {
    let Some(expected) = marker_with(cx, id, got - 1) else {
        return false;
    };
    previous_line(cx, id).is_some_and(|(_, text)| {
        text.match_indices(['：', ':']).any(|(colon, c)| {
            text[colon + c.len()..]
                .trim_start_matches([' ', '\t', '\u{3000}'])
                .starts_with(&expected)
        })
    })
}

/// Whether a line that only names what follows (`九月份：`, an unnumbered heading) stands
/// between the headings `before` and `after`.
fn sub_heading_between(cx: &Ctx<'_>, before: SectionId, after: SectionId) -> bool {
    let (from, to) = (
        cx.doc.sections[before].line.start,
        cx.doc.sections[after].line.start,
    );
    let soft = &cx.doc.soft_headings;
    soft[soft.partition_point(|h| h.line.start <= from)..]
        .iter()
        .take_while(|h| h.line.start < to)
        .any(|h| match h.kind {
            SoftKind::Unnumbered => true,
            // A label with nothing after its colon, or a short key that names a stage
            // (初審：…, 複審：… each followed by its own (1) (2)).
            SoftKind::Label => {
                cx.text(crate::source::Span::new(h.heading.end, h.line.end))
                    .trim_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '：'))
                    .is_empty()
                    || cx.text(h.heading).chars().count() <= 4
            }
        })
}

fn numbering_sequence(cx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for (id, prev, fault) in numbering_faults(cx) {
        let s = &cx.doc.sections[id];
        let marker = cx.text(s.marker.span);
        let message = match fault {
            Fault::Start { got } => format!(
                "numbering starts at {got}: `{marker}` is the first of its kind at this level"
            ),
            Fault::Skip { prev, got } => {
                format!("numbering skips from {prev} to {got} at `{marker}`")
            }
            Fault::Repeat { got } => {
                format!("number {got} is used twice at this level: `{marker}`")
            }
            Fault::AllOnes { items } => {
                format!(
                    "all {items} items of this list are numbered `{marker}`: the numbers were lost"
                )
            }
            Fault::Backwards { prev, got: 1 } => {
                format!("numbering restarts at `{marker}` after {prev} without a parent heading")
            }
            Fault::Backwards { prev, got } => {
                format!("numbering goes backwards from {prev} to {got} at `{marker}`")
            }
            Fault::NoParent { expected } => {
                format!("section `{marker}` has no parent: no `{expected}` comes before it")
            }
            Fault::MistypedParent { at, expected } => {
                out.push(mistyped_parent_finding(cx, s, at, &expected));
                continue;
            }
            Fault::Lone { next } => {
                out.push(lone_finding(cx, s, &cx.doc.sections[next]));
                continue;
            }
            // Reported where the heading is, in words of its own.
            Fault::Misseparated { at } => {
                out.push(misseparated_finding(cx, s, at));
                continue;
            }
        };
        let mut d = Diagnostic::new(&NUMBERING_SEQUENCE, s.marker.span, message)
            .help("renumber the headings of this level in sequence");
        if let Some(p) = prev {
            d = d.label(
                cx.doc.sections[p].marker.span,
                "previous heading of this level",
            );
        }
        out.push(d);
    }
}
