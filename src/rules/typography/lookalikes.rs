//! Runs of look-alike characters (`text::lookalike`): Kangxi and CJK radicals and compatibility
//! ideographs that PDF and Word conversions leave. Each stands for exactly one ordinary
//! character, so replacing them is a safe fix.

use crate::source::Span;
use crate::text::lookalike::ordinary;

/// Offsets of the characters that may be look-alikes: their UTF-8 lead pairs are E2 BA–BF
/// (U+2E80–U+2FFF) and EF A4–AB (U+F900–U+FAFF). One memchr pass over the two lead bytes.
fn candidates(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr2_iter(0xE2, 0xEF, bytes).filter(|&i| {
        let next = bytes.get(i + 1).copied().unwrap_or(0);
        match bytes[i] {
            0xE2 => (0xBA..=0xBF).contains(&next),
            _ => (0xA4..=0xAB).contains(&next),
        }
    })
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
    fn one_run_per_line() {
        let runs = runs("恢复⽣产⼯作\n正常的行\n⼆、主要任务\n", 10);
        assert_eq!(runs.len(), 2);
        assert_eq!(runs[0].replacement, "生产工");
        assert_eq!(runs[0].count, 2);
        assert_eq!(runs[1].span.start, 10 + "恢复⽣产⼯作\n正常的行\n".len());
    }
}
