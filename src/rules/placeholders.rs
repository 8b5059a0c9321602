//! PL3xx: template residue, empty blanks and open markers left in a plan.

use super::Ctx;
use crate::declare_rule;
use crate::extract::placeholders::{Family, Placeholder};
use crate::rules::diagnostic::Diagnostic;
use crate::rules::Rule;
use crate::source::Span;

declare_rule! {
    /// Flags template residue: xx/XX/×× standing for a name (xx区, Xx中学, “中国XX”), 某某,
    /// 〇〇 blanks, the template's zz zz in owner slots, *** and ____ blanks, and unfilled slots
    /// such as ${name}. Real words stay silent (X光, XX世纪, Windows XP, 二〇〇九年), and a placeholder
    /// inside a date is PL201's. Residue close together (XX市州或者XX县区) is reported once.
    ///
    /// **Bad:** `遵照《Xx中学骨干教师考核细则》`
    ///
    /// **Good:** `遵照《赛龙中学骨干教师考核细则》`
    pub static PLACEHOLDER = ("PL301", "placeholder", Error,
        "template residue: xx/XX/×× as a name part (xx区, Xx中学), 某某, 〇〇, zz zz, ____", placeholder);
}

declare_rule! {
    /// Flags fill-in slots left empty: ( )万元, （ ）人, 【 】, 〔〕 in a document number,
    /// empty quotes “”, 共 人, and fill-in instructions such as (填写件数) left in the text.
    ///
    /// **Bad:** `救助资金( )万元`
    ///
    /// **Good:** `救助资金(3.5)万元`
    pub static EMPTY_BLANK = ("PL302", "empty-blank", Error,
        "an empty fill-in slot: ( )万元, （ ）人, 【 】", empty_blank);
}

declare_rule! {
    /// Flags points the plan leaves open: 待定, 待补充, TODO, ？？, 另行通知 where a time, date or
    /// place belongs, a standard, ratio or amount left to be set (具体比例根据实际确定, 补助办法另行
    /// 制定; handing it to the units below, 各地可根据实际确定, stays silent), and items that are
    /// only a discussion topic ((十一)讨论：…).
    ///
    /// **Bad:** `培训时间另行通知，经费标准待定。`
    ///
    /// **Good:** `培训时间为2024年5月10日，经费标准为每人200元。`
    pub static UNRESOLVED_MARKER = ("PL303", "unresolved-marker", Warning,
        "open questions / to-dos: 待定, 待补充, 另行通知 as the only deadline, TODO, ？？", unresolved_marker);
}

/// Placeholders of `family` not inside a date, with neighbours of the same family merged when
/// only a few characters without punctuation separate them.
fn merged<'a>(cx: &'a Ctx<'_>, family: Family) -> Vec<(Span, Vec<Span>, &'a Placeholder)> {
    let mut out: Vec<(Span, Vec<Span>, &Placeholder)> = Vec::new();
    // Residue inside an owner slot is PL102's (DESIGN §3.7).
    // Owners are sorted by start: only the few starting at or before `s` can hold it.
    let in_slot = |s: Span| {
        let to = cx.facts.owners.partition_point(|o| o.span.start <= s.start);
        family == Family::Residue
            && cx.facts.owners[..to]
                .iter()
                .rev()
                .take(4)
                .any(|o| !o.residue.is_empty() && s.start < o.span.end)
    };
    for p in cx
        .facts
        .placeholders
        .iter()
        .filter(|p| p.family == family && !cx.facts.in_date(p.span) && !in_slot(p.span))
    {
        // Only residue is merged (XX市州或者XX县区); two blanks are two things to fill in.
        if let Some((span, others, _)) = out.last_mut().filter(|_| family == Family::Residue) {
            let gap = cx.text(Span::new(span.end.min(p.span.start), p.span.start));
            if span.end <= p.span.start
                && gap.chars().count() <= 6
                && !gap.contains([
                    '，', ',', '。', '；', ';', ':', '：', '\n', '（', '(', ')', '）',
                ])
            {
                others.push(p.span);
                span.end = p.span.end;
                continue;
            }
        }
        out.push((p.span, Vec::new(), p));
    }
    out
}

fn report(
    cx: &Ctx<'_>,
    rule: &'static Rule,
    family: Family,
    help: &str,
    out: &mut Vec<Diagnostic>,
) {
    for (span, others, p) in merged(cx, family) {
        let first = if others.is_empty() { span } else { p.span };
        let text = cx.text(first);
        let mut d = Diagnostic::new(rule, first, p.what.replace("{}", text));
        for o in others {
            d = d.label(o, "here too");
        }
        out.push(d.help(help));
    }
}

fn placeholder(cx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    report(
        cx,
        &PLACEHOLDER,
        Family::Residue,
        "replace the template residue with the real name or value",
        out,
    );
}

fn empty_blank(cx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    report(cx, &EMPTY_BLANK, Family::Blank, "fill in the blank", out);
}

fn unresolved_marker(cx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    report(
        cx,
        &UNRESOLVED_MARKER,
        Family::Unresolved,
        "decide the open point before the plan is approved",
        out,
    );
}
