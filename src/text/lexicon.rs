//! Finding any of a list of CJK words in a text. Aho-Corasick's prefilters look at the first
//! bytes of the words, which in CJK UTF-8 are a handful of lead bytes (E4–E9): on Chinese text
//! they match almost everywhere and the automaton walks every byte. Here each word is found
//! through one of its characters — the one most words share — with a memmem searcher (SIMD over
//! a rare pair of bytes), and checked in place.

use memchr::memmem::Finder;

#[derive(Debug)]
struct Anchor {
    finder: Finder<'static>,
    /// (word index, byte offset of the anchor in the word)
    words: Vec<(usize, usize)>,
}

#[derive(Debug)]
pub struct Lexicon {
    words: Vec<String>,
    anchors: Vec<Anchor>,
}

impl Lexicon {
    pub fn new(words: Vec<String>) -> Lexicon {
        let mut shared: std::collections::BTreeMap<char, usize> = Default::default();
        for w in &words {
            let mut seen: Vec<char> = w.chars().collect();
            seen.sort_unstable();
            seen.dedup();
            for c in seen {
                *shared.entry(c).or_default() += 1;
            }
        }
        let mut by_anchor: std::collections::BTreeMap<char, Vec<(usize, usize)>> =
            Default::default();
        for (id, w) in words.iter().enumerate() {
            let best = w
                .char_indices()
                .max_by_key(|(_, c)| shared.get(c).copied().unwrap_or(0));
            if let Some((offset, c)) = best {
                by_anchor.entry(c).or_default().push((id, offset));
            }
        }
        let anchors = by_anchor
            .into_iter()
            .map(|(c, words)| Anchor {
                finder: Finder::new(c.encode_utf8(&mut [0; 4]).as_bytes()).into_owned(),
                words,
            })
            .collect();
        Lexicon { words, anchors }
    }

    pub fn words(&self) -> &[String] {
        &self.words
    }

    /// Matches as (start, end, word index) in text order, leftmost-longest, never overlapping.
    pub fn find_all(&self, text: &str) -> Vec<(usize, usize, usize)> {
        let bytes = text.as_bytes();
        let mut found: Vec<(usize, usize, usize)> = Vec::new();
        for anchor in &self.anchors {
            for at in anchor.finder.find_iter(bytes) {
                for &(id, offset) in &anchor.words {
                    let Some(start) = at.checked_sub(offset) else {
                        continue;
                    };
                    let word = self.words[id].as_bytes();
                    if bytes.get(start..start + word.len()) == Some(word) {
                        found.push((start, start + word.len(), id));
                    }
                }
            }
        }
        found.sort_unstable_by_key(|&(start, end, _)| (start, std::cmp::Reverse(end)));
        let mut kept: Vec<(usize, usize, usize)> = Vec::with_capacity(found.len());
        for m in found {
            if kept.last().is_none_or(|k| k.1 <= m.0) {
                kept.push(m);
            }
        }
        kept
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_leftmost_longest_through_shared_characters() {
        let lex = Lexicon::new(vec![
            "专着".into(),
            "着名".into(),
            "显着".into(),
            "社区".into(),
        ]);
        let text = "出版专着名录，显着提升，社区、社";
        let words: Vec<&str> = lex
            .find_all(text)
            .iter()
            .map(|&(s, e, _)| &text[s..e])
            .collect();
        assert_eq!(words, ["专着", "显着", "社区"]);
        assert!(Lexicon::new(vec![]).find_all(text).is_empty());
    }
}
