//! Look-alike characters that PDF and Word conversions leave: Kangxi radicals (⼀ ⼯ ⼈ for
//! 一 工 人, U+2F00–U+2FDF) and CJK compatibility ideographs (U+F900–U+FAFF). They read the same
//! but break search, copy and numbering. Their compatibility form (NFKC) is the ordinary
//! character, so replacing them is a safe fix.

use crate::source::Span;
use memchr::memmem::Finder;
use std::sync::LazyLock;
use unicode_normalization::UnicodeNormalization;

/// The first two UTF-8 bytes of the two blocks: E2 BC–BF (U+2F00–U+2FFF) and EF A4–AB
/// (U+F900–U+FAFF). A document without them is passed over after a few SIMD scans.
static LEADS: LazyLock<Vec<Finder<'static>>> = LazyLock::new(|| {
    let kangxi = (0xBC..=0xBF).map(|b| [0xE2, b]);
    let compat = (0xA4..=0xAB).map(|b| [0xEF, b]);
    kangxi
        .chain(compat)
        .map(|lead| Finder::new(&lead).into_owned())
        .collect()
});

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

/// The runs of look-alikes in `text` (starting at byte `base`), one per line.
pub fn runs(text: &str, base: usize) -> Vec<Run> {
    let bytes = text.as_bytes();
    if !LEADS.iter().any(|f| f.find(bytes).is_some()) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        if let Some(run) = run_in(line, base + line_start) {
            out.push(run);
        }
        line_start += line.len();
    }
    out
}

fn run_in(line: &str, base: usize) -> Option<Run> {
    let found: Vec<(usize, char, char)> = line
        .char_indices()
        .filter_map(|(i, c)| ordinary(c).map(|n| (i, c, n)))
        .collect();
    let (&(first_at, c, n), &(last_at, last, _)) = (found.first()?, found.last()?);
    let end = last_at + last.len_utf8();
    let replacement = line[first_at..end]
        .chars()
        .map(|c| ordinary(c).unwrap_or(c))
        .collect();
    Some(Run {
        span: Span::new(base + first_at, base + end),
        first: (c, n),
        count: found.len(),
        replacement,
    })
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
