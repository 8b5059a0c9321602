//! Substring finders for the characters the extractors and rules look for, built once: a
//! searcher costs more to build than to run on a short line. For a CJK character, memmem's
//! SIMD search also beats `str::match_indices`, which scans for the character's last byte, a
//! continuation byte that thousands of other characters share.

use memchr::memmem::Finder;
use std::sync::LazyLock;

pub type CharFinder = LazyLock<Finder<'static>>;

macro_rules! finders {
    ($($(#[$doc:meta])* $name:ident = $text:literal;)*) => {
        $($(#[$doc])* pub static $name: CharFinder = LazyLock::new(|| Finder::new($text));)*
    };
}

finders! {
    FULLWIDTH_COLON = "：";
    FULL_STOP = "。";
    FULLWIDTH_OPEN_BRACKET = "（";
    ENUMERATION_COMMA = "、";
    MONTH = "月";
    YEAR = "年";
    /// 由 (由…负责: by whom).
    BY = "由";
    FULLWIDTH_PERCENT = "％";
    /// 每 (每人, 每月: a rate).
    EACH = "每";
}

/// One searcher per word, folded to simplified like the text it searches.
pub fn folded_finders<'a>(words: impl IntoIterator<Item = &'a String>) -> Vec<Finder<'static>> {
    words
        .into_iter()
        .map(|w| Finder::new(crate::text::fold::fold(w).as_bytes()).into_owned())
        .collect()
}

/// Byte offsets in `text` where `finder`'s needle starts, in order.
pub fn positions<'a>(finder: &'a CharFinder, text: &'a str) -> impl Iterator<Item = usize> + 'a {
    finder.find_iter(text.as_bytes())
}

/// A regex alternation of the folded `words`, longest first so that the longest word wins.
pub fn alternation(words: &[String]) -> String {
    let mut sorted: Vec<&String> = words.iter().collect();
    sorted.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    sorted
        .iter()
        .map(|w| regex::escape(&crate::text::fold::fold(w)))
        .collect::<Vec<_>>()
        .join("|")
}
