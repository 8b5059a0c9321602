//! Template residue (xx区, 某某, zz zz, ____), empty blanks (( )万元, 【 】) and open markers
//! (待定, 另行通知 as the only deadline) found in a document's text (DESIGN §3.9).

use crate::config::ConfigError;
use crate::source::{SourceFile, Span};
use crate::syntax::{Block, Document};
use regex::Regex;
use serde::Deserialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    /// PL301
    Residue,
    /// PL302
    Blank,
    /// PL303
    Unresolved,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placeholder {
    pub family: Family,
    pub span: Span,
    /// What the match stands for, with `{}` where the text goes.
    pub what: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct PatternFile {
    name: String,
    regex: String,
    what: String,
    #[serde(default)]
    han_neighbour: bool,
    #[serde(default)]
    isolated: bool,
    #[serde(default)]
    not_numeral: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct TableFile {
    patterns: Vec<PatternFile>,
    #[serde(default)]
    exceptions: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct UnresolvedFile {
    words: Vec<String>,
    deadline_words: Vec<String>,
    deadline_cues: Vec<String>,
    open_headings: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct File {
    placeholder: TableFile,
    empty_blank: TableFile,
    unresolved: UnresolvedFile,
}

#[derive(Debug)]
struct Pattern {
    what: String,
    han_neighbour: bool,
    isolated: bool,
    not_numeral: bool,
}

/// One pattern table compiled into one alternation regex; the group index names the pattern.
#[derive(Debug)]
struct Table {
    regex: Regex,
    patterns: Vec<Pattern>,
    exceptions: Vec<String>,
}

impl Table {
    fn compile(file: TableFile, what: &str) -> Result<Table, ConfigError> {
        let alternation: Vec<String> = file
            .patterns
            .iter()
            .map(|p| format!("({})", p.regex))
            .collect();
        let regex = Regex::new(&alternation.join("|")).map_err(|e| {
            ConfigError::vocab(format!("placeholders vocabulary: bad {what} pattern: {e}"))
        })?;
        if regex.captures_len() != file.patterns.len() + 1 {
            let names: Vec<&str> = file.patterns.iter().map(|p| p.name.as_str()).collect();
            return Err(ConfigError::vocab(format!(
                "placeholders vocabulary: {what} patterns {names:?} must not use capture groups"
            )));
        }
        let patterns = file
            .patterns
            .into_iter()
            .map(|p| Pattern {
                what: p.what,
                han_neighbour: p.han_neighbour,
                isolated: p.isolated,
                not_numeral: p.not_numeral,
            })
            .collect();
        Ok(Table {
            regex,
            patterns,
            exceptions: file.exceptions.iter().map(|e| e.to_lowercase()).collect(),
        })
    }
}

#[derive(Debug)]
pub struct PlaceholderVocab {
    residue: Table,
    blank: Table,
    words: Vec<String>,
    deadline_words: Vec<String>,
    deadline_cues: Vec<String>,
    pub open_headings: Vec<String>,
}

impl PlaceholderVocab {
    pub fn compile(table: toml::Table) -> Result<PlaceholderVocab, ConfigError> {
        let file: File = table.try_into().map_err(|e: toml::de::Error| {
            ConfigError::vocab(format!("placeholders vocabulary: {}", e.message()))
        })?;
        Ok(PlaceholderVocab {
            residue: Table::compile(file.placeholder, "placeholder")?,
            blank: Table::compile(file.empty_blank, "empty-blank")?,
            words: file.unresolved.words,
            deadline_words: file.unresolved.deadline_words,
            deadline_cues: file.unresolved.deadline_cues,
            open_headings: file.unresolved.open_headings,
        })
    }
}

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF)
}

/// The nearest character on a side, skipping quotes and brackets (“中国XX”, 《XX中学…》).
fn neighbour(mut chars: impl Iterator<Item = char>) -> Option<char> {
    chars.find(|c| !"“”‘’\"'《》〈〉（）()【】「」".contains(*c))
}

/// The spans of text planlint lints in a document: title, preamble, headings and blocks
/// (a bullet without its glyph or task box).
pub fn text_spans(doc: &Document) -> Vec<Span> {
    let block = |b: &Block| match *b {
        Block::Bullet { text, .. } => text,
        ref other => other.span(),
    };
    let mut spans: Vec<Span> = doc.title.into_iter().collect();
    spans.extend(doc.preamble.iter().map(block));
    for s in &doc.sections {
        spans.push(s.line);
        spans.extend(s.blocks.iter().map(block));
    }
    spans.sort_by_key(|s| s.start);
    spans
}

fn table_matches(
    source: &SourceFile,
    span: Span,
    table: &Table,
    family: Family,
    out: &mut Vec<Placeholder>,
) {
    let text = source.folded(span);
    for caps in table.regex.captures_iter(text) {
        let Some(m) = caps.get(0) else { continue };
        let Some(index) = (1..caps.len()).find(|&i| caps.get(i).is_some()) else {
            continue;
        };
        let Some(pattern) = table.patterns.get(index - 1) else {
            continue;
        };
        let before = text[..m.start()].chars().next_back();
        let after = text[m.end()..].chars().next();
        // Latin letters with or without accents (pinyin glosses such as 係(xì)) and digits.
        let ascii = |c: Option<char>| {
            c.is_some_and(|c| c.is_alphanumeric() && !is_han(c) && !"〇○".contains(c))
        };
        if pattern.isolated && (ascii(before) || ascii(after)) {
            continue;
        }
        if pattern.han_neighbour {
            let left = neighbour(text[..m.start()].chars().rev());
            let right = neighbour(text[m.end()..].chars());
            if !left.is_some_and(is_han) && !right.is_some_and(is_han) {
                continue;
            }
        }
        let numeral = |c: Option<char>| {
            c.is_some_and(|c| c.is_ascii_digit() || "一二三四五六七八九十零〇○两年".contains(c))
        };
        if pattern.not_numeral && (numeral(before) || numeral(after)) {
            continue;
        }
        let lower: String = text[m.start()..]
            .chars()
            .take(8)
            .flat_map(char::to_lowercase)
            .collect();
        if table
            .exceptions
            .iter()
            .any(|e| lower.starts_with(e.as_str()))
        {
            continue;
        }
        let start = span.start + m.start();
        out.push(Placeholder {
            family,
            span: Span::new(start, start + m.len()),
            what: pattern.what.clone(),
        });
    }
}

fn unresolved(
    source: &SourceFile,
    span: Span,
    vocab: &PlaceholderVocab,
    out: &mut Vec<Placeholder>,
) {
    let text = source.folded(span);
    for w in &vocab.words {
        for (i, _) in text.match_indices(w.as_str()) {
            let ascii_word = w.chars().all(|c| c.is_ascii_alphabetic());
            let touches = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
            if ascii_word
                && (touches(text[..i].chars().next_back())
                    || touches(text[i + w.len()..].chars().next()))
            {
                continue;
            }
            let start = span.start + i;
            out.push(Placeholder {
                family: Family::Unresolved,
                span: Span::new(start, start + w.len()),
                what: "`{}` marks an open point".into(),
            });
        }
    }
    for w in &vocab.deadline_words {
        for (i, _) in text.match_indices(w.as_str()) {
            let prefix = text.get(..i).unwrap_or("");
            let clause = prefix
                .rsplit(['。', '；', ';', '，', ',', '\n'])
                .next()
                .unwrap_or(prefix);
            if vocab
                .deadline_cues
                .iter()
                .any(|c| clause.contains(c.as_str()))
            {
                let start = span.start + i;
                out.push(Placeholder {
                    family: Family::Unresolved,
                    span: Span::new(start, start + w.len()),
                    what: "`{}` stands where a date, time or place belongs".into(),
                });
            }
        }
    }
}

/// Every placeholder, blank and open marker of a document, in text order.
pub fn extract(source: &SourceFile, doc: &Document, vocab: &PlaceholderVocab) -> Vec<Placeholder> {
    let mut out = Vec::new();
    for span in text_spans(doc) {
        table_matches(source, span, &vocab.residue, Family::Residue, &mut out);
        table_matches(source, span, &vocab.blank, Family::Blank, &mut out);
        unresolved(source, span, vocab, &mut out);
    }
    for s in &doc.sections {
        let heading = source.folded(s.heading);
        if vocab.open_headings.iter().any(|w| w == heading) && s.inline_body.is_some() {
            out.push(Placeholder {
                family: Family::Unresolved,
                span: s.heading,
                what: "the item `{}` is still an open question, not a decided task".into(),
            });
        }
    }
    out.sort_by_key(|p| (p.span.start, p.span.end));
    out.dedup_by(|a, b| a.span == b.span && a.family == b.family);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::vocab::Vocab;

    fn found(text: &str) -> Vec<(Family, String)> {
        let vocab = Vocab::builtin().unwrap();
        let source = SourceFile::new(
            "t.txt",
            text.to_owned(),
            crate::decode::Encoding::Utf8,
            false,
        );
        let page = crate::syntax::parse(&source);
        let mut all = Vec::new();
        for doc in &page.documents {
            for p in extract(&source, doc, &vocab.placeholders) {
                all.push((p.family, source.slice(p.span).to_owned()));
            }
        }
        all
    }

    #[test]
    fn residue() {
        use Family::Residue;
        for (text, want) in [
            ("统一纳入Xx中学骨干教师。", "Xx"),
            ("(X委办", "X"),
            ("“中國XX”政府站", "XX"),
            ("创建xx区文明城市", "xx"),
            ("“××分院”", "××"),
            ("由某某同志负责", "某某"),
            ("○○学校", "○○"),
            ("组长:zz", "zz"),
            ("(zz zz zz 语文组)", "zz zz zz"),
            ("組 長:z", "z"),
            ("共謀發展***醫院開創", "***"),
            ("“平安__”建設", "__"),
            ("致${name}同志", "${name}"),
        ] {
            assert!(
                found(text).contains(&(Residue, want.to_owned())),
                "{text}: {:?}",
                found(text)
            );
        }
    }

    #[test]
    fn real_words_stay_silent() {
        for text in [
            "进行X光检查",
            "20世纪末即XX世纪",
            "使用Windows XP系统",
            "访问www.xx.com查询",
            "二〇〇九年",
            "pizza店",
            "3×4的方格",
            "XXL号服装",
            "**加粗**",
            "第Ⅲ部分",
            "2020年10月",
            "關系(xì)到",
            "人数×2分",
        ] {
            let f: Vec<_> = found(text)
                .into_iter()
                .filter(|(f, _)| *f == Family::Residue)
                .collect();
            assert!(f.is_empty(), "{text}: {f:?}");
        }
    }

    #[test]
    fn blanks_and_open_markers() {
        use Family::{Blank, Unresolved};
        for (text, family, want) in [
            ("救助资金()万元", Blank, "()"),
            ("共（ ）人参加", Blank, "（ ）"),
            ("【 】", Blank, "【 】"),
            ("(甘政辦發〔〕110號)", Blank, "〔〕"),
            ("鹽衛科教[]7號", Blank, "[]"),
            ("建立健全了“”、黨員目標管理", Blank, "“”"),
            ("全校共 人参加", Blank, "共 人"),
            ("(填写件数,如轮椅等)件", Blank, "(填写件数,如轮椅等)"),
            ("经费标准待定。", Unresolved, "待定"),
            ("具体时间另行通知。", Unresolved, "另行通知"),
            ("TODO: 补充预算", Unresolved, "TODO"),
            ("是否延期？？", Unresolved, "？？"),
        ] {
            assert!(
                found(text).contains(&(family, want.to_owned())),
                "{text}: {:?}",
                found(text)
            );
        }
        assert!(found("获奖名单另行通知各单位。").is_empty());
        assert!(found("- [ ] 完成预算").is_empty());
    }
}
