//! The text-damage vocabularies (rules/typography.toml, rules/chars.toml), compiled once.

use crate::config::ConfigError;
use crate::text::lexicon::Lexicon;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct BracketVocab {
    pub open: String,
    pub close: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct StrayVocab {
    pub between_han: Vec<String>,
    pub doubled: Vec<String>,
    pub doubled_fixable: Vec<String>,
    pub year_range_words: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MojibakeVocab {
    pub question_cues: Vec<String>,
    pub never: Vec<String>,
    pub tone_vowels: String,
    pub digit_lookalikes: String,
    pub grade_words: Vec<String>,
    pub link_icons: String,
}

/// When a line break cuts a sentence (rules/typography.toml `[line-breaks]`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LineBreakVocab {
    pub min_chars: usize,
    pub min_chars_unpunctuated: usize,
    pub fragment_max_chars: usize,
    pub fragment_min_line_chars: usize,
    pub wrapped_min_breaks: usize,
    pub wrapped_share_divisor: usize,
}

/// Text-damage vocabulary (rules/typography.toml).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TypographyVocab {
    pub brackets: BracketVocab,
    pub stray: StrayVocab,
    pub line_breaks: LineBreakVocab,
    pub mojibake: MojibakeVocab,
    /// The lists above as character sets, built once in `Vocab::compile`.
    #[serde(skip)]
    pub sets: MarkSets,
}

/// Single-character entries of rules/typography.toml, as the rules look them up.
#[derive(Debug, Default)]
pub struct MarkSets {
    pub opens: Vec<char>,
    pub closes: Vec<char>,
    pub between_han: Vec<char>,
    pub doubled: Vec<char>,
    pub doubled_fixable: Vec<char>,
    pub never: Vec<char>,
    /// `digit-lookalikes` as bytes (they are ASCII letters), for byte searches.
    pub lookalike_bytes: Vec<u8>,
}

fn first_chars(words: &[String]) -> Vec<char> {
    words.iter().filter_map(|s| s.chars().next()).collect()
}

impl TypographyVocab {
    fn build_sets(&mut self) {
        self.sets = MarkSets {
            opens: self.brackets.open.chars().collect(),
            closes: self.brackets.close.chars().collect(),
            between_han: first_chars(&self.stray.between_han),
            doubled: first_chars(&self.stray.doubled),
            doubled_fixable: first_chars(&self.stray.doubled_fixable),
            never: first_chars(&self.mojibake.never),
            lookalike_bytes: self
                .mojibake
                .digit_lookalikes
                .bytes()
                .filter(u8::is_ascii)
                .collect(),
        };
    }
}

/// Doubled-character vocabulary (rules/chars.toml `[doubling]`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DoublingVocab {
    pub suspects: String,
    pub allowed: Vec<String>,
}

#[derive(Deserialize)]
struct CharsFile {
    doubling: DoublingVocab,
    conversion: ConversionFile,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConversionFile {
    errors: BTreeMap<String, String>,
}

/// Words that script converters mangle (rules/chars.toml `[conversion]`), matched on folded
/// text; `corrections[i]` is the right form of pattern i.
#[derive(Debug)]
pub struct ConversionVocab {
    /// The wrong forms, folded.
    pub wrong: Lexicon,
    pub corrections: Vec<String>,
}

/// Bracket pairs and marks, the doubled-character and converter-error lists.
#[derive(Debug)]
pub struct DamageVocab {
    pub typography: TypographyVocab,
    pub doubling: DoublingVocab,
    /// The doubling suspects, folded and sorted: a doubled character among them is where PL503
    /// looks.
    pub suspect_chars: Vec<char>,
    pub conversion: ConversionVocab,
}

impl DamageVocab {
    /// Compile the typography and chars tables (built-in with their overlays).
    pub fn compile(
        typography: toml::Table,
        chars: toml::Table,
    ) -> Result<DamageVocab, ConfigError> {
        let mut typography: TypographyVocab =
            crate::config::vocab::typed(typography, "typography")?;
        if typography.brackets.open.chars().count() != typography.brackets.close.chars().count() {
            return Err(ConfigError::vocab(
                "typography vocabulary: `open` and `close` brackets must pair up".into(),
            ));
        }
        typography.build_sets();
        let chars: CharsFile = crate::config::vocab::typed(chars, "chars")?;
        let (wrong, corrections): (Vec<String>, Vec<String>) =
            chars.conversion.errors.into_iter().unzip();
        let mut suspect_chars: Vec<char> = chars
            .doubling
            .suspects
            .chars()
            .map(crate::text::fold::fold_char)
            .collect();
        // The scan for doubled characters reads three-byte characters (all of CJK).
        if let Some(c) = suspect_chars.iter().find(|c| c.len_utf8() != 3) {
            return Err(ConfigError::vocab(format!(
                "chars vocabulary: doubling suspect `{c}` is not a CJK character"
            )));
        }
        suspect_chars.sort_unstable();
        suspect_chars.dedup();
        Ok(DamageVocab {
            suspect_chars,
            typography,
            doubling: chars.doubling,
            conversion: ConversionVocab {
                wrong: Lexicon::new(crate::text::fold::fold_all(&wrong)),
                corrections,
            },
        })
    }
}
