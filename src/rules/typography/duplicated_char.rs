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

/// Where a three-byte character (all of CJK) is written twice in a row: the offset of the
/// first copy. Eight bytes are compared with the eight three bytes on at a time (a zero byte
/// of their XOR is an equal byte), so the common case costs a few instructions per six bytes;
/// an automaton of the doubled suspects ran five times slower.
fn doubled_three_byte_chars(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
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

fn doubled_chars(cx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let v = &cx.vocab.damage.doubling;
    // Only spans where a suspect is written twice are walked character by character.
    let doc = cx.source.folded(cx.doc.span);
    let suspects = &cx.vocab.damage.suspect_chars;
    let repeats: Vec<usize> = doubled_three_byte_chars(doc.as_bytes())
        .filter(|&i| {
            doc.get(i..)
                .and_then(|rest| rest.chars().next())
                .is_some_and(|c| suspects.binary_search(&c).is_ok())
        })
        .map(|i| cx.doc.span.start + i)
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
            if chars[i + 1].1 != c || !v.suspects.contains(c) || (i > 0 && chars[i - 1].1 == c) {
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

#[cfg(test)]
mod tests {
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
