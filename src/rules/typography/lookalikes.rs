//! Look-alike characters that PDF and Word conversions leave: Kangxi radicals (⼀ ⼯ ⼈ for
//! 一 工 人, U+2F00–U+2FDF) and CJK compatibility ideographs (U+F900–U+FAFF). They read the same
//! but break search, copy and numbering. Their compatibility form (NFKC) is the ordinary
//! character, so replacing them is a safe fix.

use crate::source::Span;
use unicode_normalization::UnicodeNormalization;

/// Offsets of the characters that may be look-alikes: their UTF-8 lead pairs are E2 BC–BF
/// (U+2F00–U+2FFF) and EF A4–AB (U+F900–U+FAFF). One memchr pass over the two lead bytes.
fn candidates(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr2_iter(0xE2, 0xEF, bytes).filter(|&i| {
        let next = bytes.get(i + 1).copied().unwrap_or(0);
        match bytes[i] {
            0xE2 => (0xBC..=0xBF).contains(&next),
            _ => (0xA4..=0xAB).contains(&next),
        }
    })
}

/// The ordinary character a look-alike stands for, if `c` is one.
pub fn ordinary(c: char) -> Option<char> {
    if !matches!(c as u32, 0x2F00..=0x2FDF | 0xF900..=0xFAFF) {
        return None;
    }
    let mut normal = std::iter::once(c).nfkc();
    match (normal.next(), normal.next()) {
        (Some(n), None) if n != c && crate::text::chars::is_han(n) => Some(n),
        _ => None,
    }
}

/// One line's look-alikes: the span from the first to the last, and that text with each
/// look-alike replaced.
pub struct Run {
    pub span: Span,
    pub first: (char, char),
    pub count: usize,
    pub replacement: String,
}

/// The runs of look-alikes in `text` (starting at byte `base`), one per line. The work is
/// proportional to the candidates, not to the text: most documents have none.
pub fn runs(text: &str, base: usize) -> Vec<Run> {
    let bytes = text.as_bytes();
    let mut out: Vec<Run> = Vec::new();
    // Where the line of the last run ends: a candidate before it extends that run.
    let mut line_end = 0;
    for at in candidates(bytes) {
        // E2 and EF are lead bytes, so `at` is a character boundary.
        let Some(c) = text.get(at..).and_then(|t| t.chars().next()) else {
            continue;
        };
        let Some(n) = ordinary(c) else { continue };
        let end = at + c.len_utf8();
        match out.last_mut() {
            Some(run) if at < line_end => {
                run.replacement.push_str(&text[run.span.end - base..at]);
                run.replacement.push(n);
                run.span.end = base + end;
                run.count += 1;
            }
            _ => {
                line_end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |k| at + k);
                out.push(Run {
                    span: Span::new(base + at, base + end),
                    first: (c, n),
                    count: 1,
                    replacement: n.to_string(),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn radicals_and_compatibility_ideographs_have_ordinary_forms() {
        assert_eq!(ordinary('⼀'), Some('一'));
        assert_eq!(ordinary('⽣'), Some('生'));
        assert_eq!(ordinary('⾦'), Some('金'));
        assert_eq!(ordinary('金'), None);
        assert_eq!(ordinary('a'), None);
        let runs = runs("恢复⽣产⼯作\n正常的行\n⼆、主要任务\n", 10);
        assert_eq!(runs.len(), 2);
        assert_eq!(runs[0].replacement, "生产工");
        assert_eq!(runs[0].count, 2);
        assert_eq!(runs[1].span.start, 10 + "恢复⽣产⼯作\n正常的行\n".len());
    }
}
