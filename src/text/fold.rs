//! Traditional → simplified folding with unchanged byte offsets (DESIGN §3.5).
//!
//! The table lives in rules/chars.toml and holds only same-length pairs, so `fold(text)` has
//! exactly the byte length of `text` and every span means the same in both. Look-alike
//! characters (`text::lookalike`: ⼀ ⻅ from PDF conversions) fold to the character they stand
//! for, so headings, vocabularies and numbering see through them.

use std::sync::LazyLock;

const FIRST: u32 = 0x2E80;
const LAST: u32 = 0xFAFF;

#[derive(serde::Deserialize)]
struct CharsToml {
    fold: FoldTable,
}

#[derive(serde::Deserialize)]
struct FoldTable {
    pairs: Vec<String>,
}

/// One bit per code point in FIRST..=LAST: set when the character folds. 7 KB, so the common
/// "does not fold" answer comes from L1 cache.
static FOLDS: LazyLock<Vec<u64>> = LazyLock::new(|| {
    let mut bits = vec![0u64; ((LAST - FIRST) as usize / 64) + 1];
    for (i, c) in TABLE.iter().enumerate() {
        if *c != '\0' {
            bits[i / 64] |= 1 << (i % 64);
        }
    }
    bits
});

/// Indexed by `cp - FIRST`; `'\0'` means "maps to itself".
static TABLE: LazyLock<Vec<char>> = LazyLock::new(|| {
    let mut table = vec!['\0'; (LAST - FIRST + 1) as usize];
    let parsed: Result<CharsToml, _> = toml::from_str(crate::text::builtin::CHARS_TOML);
    for run in parsed.map(|c| c.fold.pairs).unwrap_or_default() {
        let chars: Vec<char> = run.chars().collect();
        for pair in chars.chunks_exact(2) {
            let (t, s) = (pair[0], pair[1]);
            if t.len_utf8() == s.len_utf8() && (FIRST..=LAST).contains(&(t as u32)) {
                table[(t as u32 - FIRST) as usize] = s;
            }
        }
    }
    // A look-alike folds to its ordinary character, itself folded (⾨ → 門 → 门).
    for cp in (0x2E80..=0x2FDF).chain(0xF900..=0xFAFF) {
        let Some(n) = char::from_u32(cp).and_then(crate::text::lookalike::ordinary) else {
            continue;
        };
        let folded = match table.get((n as u32).wrapping_sub(FIRST) as usize) {
            Some(&s) if s != '\0' => s,
            _ => n,
        };
        if folded.len_utf8() == n.len_utf8() {
            table[(cp - FIRST) as usize] = folded;
        }
    }
    table
});

/// Each word folded: vocabularies are matched against folded text.
pub fn fold_all<'a>(words: impl IntoIterator<Item = &'a String>) -> Vec<String> {
    words.into_iter().map(|w| fold(w)).collect()
}

/// The simplified form of `c`, or `c` itself.
pub fn fold_char(c: char) -> char {
    folded_cp(c as u32).unwrap_or(c)
}

/// Fold a whole text; the result has the same byte length and char boundaries.
///
/// `char_indices` decodes CJK text at over 1.5 GB/s, and the bit set answers the common "does
/// not fold" from L1 cache. Every pair has the same length, so a folded character replaces its
/// original in place, without moving the rest of the text.
pub fn fold(text: &str) -> String {
    fold_changed(text).unwrap_or_else(|| text.to_owned())
}

/// The folded text, or None when folding changes nothing (a simplified text is not copied).
pub fn fold_changed(text: &str) -> Option<String> {
    let (folds, table) = (&*FOLDS, &*TABLE);
    let mut out: Option<String> = None;
    let mut utf8 = [0u8; 4];
    for (i, c) in text.char_indices() {
        let bit = (c as u32).wrapping_sub(FIRST) as usize;
        if (c as u32) < FIRST
            || folds
                .get(bit / 64)
                .is_none_or(|w| w & (1 << (bit % 64)) == 0)
        {
            continue;
        }
        let Some(&s) = table.get(bit) else { continue };
        let folded: &str = s.encode_utf8(&mut utf8);
        if folded.len() == c.len_utf8() {
            out.get_or_insert_with(|| text.to_owned())
                .replace_range(i..i + folded.len(), folded);
        }
    }
    out
}

/// The simplified character for a code point that folds, else None.
#[inline]
fn folded_cp(cp: u32) -> Option<char> {
    if !(FIRST..=LAST).contains(&cp) {
        return None;
    }
    let i = (cp - FIRST) as usize;
    if FOLDS[i / 64] & (1 << (i % 64)) == 0 {
        return None;
    }
    match TABLE[i] {
        '\0' => None,
        s => Some(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_traditional_and_keeps_offsets() {
        let t = "實施方案 篇1：指導思想（組織領導）";
        let f = fold(t);
        assert_eq!(f, "实施方案 篇1：指导思想（组织领导）");
        assert_eq!(f.len(), t.len());
        assert_eq!(fold("abc 一、指导思想"), "abc 一、指导思想");
        assert_eq!(fold("⼀、指导思想和⼯作意⻅"), "一、指导思想和工作意见");
    }

    #[test]
    fn folds_between_characters_of_every_width() {
        // One-, two- and four-byte characters around and between folding ones.
        let t = "a實é施𠀀方ß案\n組";
        assert_eq!(fold(t), "a实é施𠀀方ß案\n组");
        assert_eq!(fold_changed("plain ascii and 简体"), None);
        assert_eq!(fold("é實"), "é实");
    }

    #[test]
    fn table_is_large_and_same_length() {
        let n = TABLE.iter().filter(|c| **c != '\0').count();
        assert!(n > 2000, "fold table has only {n} pairs");
    }
}
