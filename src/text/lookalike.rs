//! Look-alike characters that PDF and Word conversions leave in place of ordinary ideographs:
//! Kangxi radicals (⼀ ⼯ ⼈ for 一 工 人), CJK radicals (⻅ ⻔ for 见 门) and CJK compatibility
//! ideographs. They read the same but break search, copy and numbering (⼀、 is not 一、).

use std::sync::LazyLock;
use unicode_normalization::UnicodeNormalization;

/// The blocks that hold look-alikes: CJK radicals and Kangxi radicals (U+2E80–U+2FDF), and
/// compatibility ideographs (U+F900–U+FAFF).
pub fn in_lookalike_blocks(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x2FDF | 0xF900..=0xFAFF)
}

#[derive(serde::Deserialize)]
struct CharsToml {
    lookalikes: Pairs,
}

#[derive(serde::Deserialize)]
struct Pairs {
    pairs: String,
}

/// The CJK radicals (no compatibility form) with the character each stands for, from
/// rules/chars.toml, sorted for binary search.
static RADICALS: LazyLock<Vec<(char, char)>> = LazyLock::new(|| {
    let parsed: Result<CharsToml, _> = toml::from_str(crate::text::builtin::CHARS_TOML);
    let chars: Vec<char> = parsed
        .map(|c| c.lookalikes.pairs.chars().collect())
        .unwrap_or_default();
    let mut pairs: Vec<(char, char)> = chars.chunks_exact(2).map(|p| (p[0], p[1])).collect();
    pairs.sort_unstable();
    pairs
});

/// The ordinary character a look-alike stands for (same UTF-8 length), if `c` is one.
pub fn ordinary(c: char) -> Option<char> {
    if !in_lookalike_blocks(c) {
        return None;
    }
    let n = if (c as u32) < 0x2F00 {
        let radicals = &*RADICALS;
        let i = radicals.binary_search_by_key(&c, |p| p.0).ok()?;
        radicals[i].1
    } else {
        let mut normal = std::iter::once(c).nfkc();
        match (normal.next(), normal.next()) {
            (Some(n), None) => n,
            _ => return None,
        }
    };
    (n != c && n.len_utf8() == c.len_utf8() && crate::text::chars::is_han(n)).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn radicals_and_compatibility_ideographs_have_ordinary_forms() {
        assert_eq!(ordinary('⼀'), Some('一'));
        assert_eq!(ordinary('⽣'), Some('生'));
        assert_eq!(ordinary('⾦'), Some('金'));
        assert_eq!(ordinary('⻅'), Some('见'));
        assert_eq!(ordinary('⺠'), Some('民'));
        assert_eq!(ordinary('金'), None);
        assert_eq!(ordinary('a'), None);
        // A component form is not a character of its own: no guess.
        assert_eq!(ordinary('⺘'), None);
    }

    #[test]
    fn the_radical_table_is_read() {
        assert!(RADICALS.len() > 20);
        assert!(RADICALS
            .iter()
            .all(|&(r, _)| (0x2E80..0x2F00).contains(&(r as u32))));
    }
}
