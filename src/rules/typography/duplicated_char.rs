//! PL503 duplicated-char: a character or a list item written twice by mistake
//! (list_items.rs finds the items).

use super::*;

declare_rule! {
    /// Flags a doubled character that is a typo (加加强, 在在, 级级), judged only for characters
    /// writers rarely double on purpose (rules/chars.toml `[doubling]`), and a list item written
    /// twice in a row (市中医院、市中医院的…, 射阳县、市、市): pasted twice, or the names that told the
    /// items apart were stripped. Reduplications (常常, 人人, 天天, 看看) and AABB forms (的的确确,
    /// 进进出出) stay silent. No automatic fix: which copy to keep, or what is missing, is the
    /// writer's call.
    ///
    /// **Bad:** `大力加加强励志教育，走访社区、社区的困难家庭`
    ///
    /// **Good:** `大力加强励志教育，走访街道、社区的困难家庭`
    pub static DUPLICATED_CHAR = ("PL503", "duplicated-char", Note,
        "a doubled character that is a typo (加加强), not a legitimate reduplication (常常, 人人)", duplicated_char);
}

fn duplicated_char(cx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    doubled_chars(cx, out);
    let lists = spans_containing(cx, &["、".as_bytes()]);
    for r in list_items::repeated_items(cx, &lists) {
        let item = cx.text(r.item);
        out.push(
            Diagnostic::new(
                &DUPLICATED_CHAR,
                r.item,
                format!("the list item `{item}` is written twice: `{item}、{item}`"),
            )
            .label(r.previous, "the same item just before")
            .help("delete the copy, or restore the name that told the two items apart"),
        );
    }
}

fn doubled_chars(cx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let v = &cx.vocab.damage.doubling;
    // Only spans where a suspect is written twice are walked character by character.
    let doc = cx.source.folded(cx.doc.span);
    let suspects = &cx.vocab.damage.suspect_chars;
    let is_suspect = |c: char| suspects.binary_search(&c).is_ok();
    let repeats: Vec<usize> = doubled_chars_in(doc)
        .filter(|&(_, c)| is_suspect(c))
        .map(|(i, _)| cx.doc.span.start + i)
        .collect();
    if repeats.is_empty() {
        return;
    }
    // `repeats` is sorted: a span holds one when the first repeat at or after its start is inside it.
    let holds = |s: &Span| {
        repeats
            .get(repeats.partition_point(|&r| r < s.start))
            .is_some_and(|&r| r < s.end)
    };
    for &span in cx.facts.text_spans.iter().filter(|s| holds(s)) {
        let chars = chars_of(cx, span);
        for i in 0..chars.len().saturating_sub(1) {
            let (at, c) = chars[i];
            if chars[i + 1].1 != c || !is_suspect(c) || (i > 0 && chars[i - 1].1 == c) {
                continue;
            }
            let pair: String = [c, c].iter().collect();
            let aabb = chars
                .get(i + 2)
                .zip(chars.get(i + 3))
                .is_some_and(|(a, b)| a.1 == b.1 && a.1 != c);
            let abab = i >= 2 && chars[i - 1].1 == chars[i - 2].1;
            if v.allowed.contains(&pair)
                || aabb
                || abab
                || chars.get(i + 2).is_some_and(|n| n.1 == c)
            {
                continue;
            }
            let doubled = Span::new(at, chars[i + 1].0 + c.len_utf8());
            out.push(
                Diagnostic::new(
                    &DUPLICATED_CHAR,
                    doubled,
                    format!(
                        "`{}` is written twice in `{}`",
                        cx.text(Span::new(at, chars[i + 1].0)),
                        context(cx, &chars, i)
                    ),
                )
                .help("delete one of them, unless a word is missing in between"),
            );
        }
    }
}
