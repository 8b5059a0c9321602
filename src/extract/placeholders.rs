//! Template residue (xx区, 某某, zz zz, ____), empty blanks (( )万元, 【 】) and open markers
//! (待定, 另行通知 as the only deadline) found in a document's text (DESIGN §3.9).

use crate::config::ConfigError;
use crate::source::{SourceFile, Span};
use crate::syntax::{Block, Document};
use crate::text::chars::is_han;
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
    /// The part of the match the finding points at; the rest of the match is context.
    #[serde(default)]
    focus: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct TableFile {
    /// Literals one of which every match contains: a text without any is not searched.
    triggers: Vec<String>,
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
    standard_words: Vec<String>,
    standard_cues: Vec<String>,
    delegations: Vec<String>,
    open_headings: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct File {
    placeholder: TableFile,
    empty_blank: TableFile,
    unresolved: UnresolvedFile,
    #[serde(default)]
    empty_field: EmptyFieldFile,
    #[serde(default)]
    template_instructions: InstructionsFile,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct InstructionsFile {
    /// Words one of which every instruction holds: only spans with one are searched.
    triggers: Vec<String>,
    /// Regexes (folded text) of a template's own instructions: font and size specs, 用后删除.
    patterns: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct EmptyFieldFile {
    /// A label line whose keys end with one of these and hold no value is a sign-off left blank.
    sign_off_key_ends: Vec<String>,
}

#[derive(Debug)]
struct Pattern {
    what: String,
    han_neighbour: bool,
    isolated: bool,
    not_numeral: bool,
    focus: Option<String>,
}

/// One pattern table compiled into one alternation regex; the group index names the pattern.
#[derive(Debug)]
struct Table {
    triggers: Triggers,
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
                focus: p.focus,
            })
            .collect();
        let triggers = Triggers::new(&file.triggers);
        Ok(Table {
            triggers,
            regex,
            patterns,
            exceptions: file.exceptions.iter().map(|e| e.to_lowercase()).collect(),
        })
    }
}

/// Literals that every match of a table contains. ASCII bytes are found with a lookup table,
/// longer literals with SIMD substring search: far cheaper than running the regex's automaton
/// over every byte of CJK text, whose lead bytes defeat the regex's own prefilter.
#[derive(Debug)]
struct Triggers {
    ascii: Vec<u8>,
    multi: Vec<memchr::memmem::Finder<'static>>,
}

impl Triggers {
    fn new(words: &[String]) -> Triggers {
        let mut ascii = Vec::new();
        let mut multi = Vec::new();
        for w in words {
            match w.as_bytes() {
                [b] if b.is_ascii() => ascii.push(*b),
                bytes => multi.push(memchr::memmem::Finder::new(bytes).into_owned()),
            }
        }
        Triggers { ascii, multi }
    }

    /// Byte offsets in `text` where a trigger starts, sorted.
    fn positions(&self, text: &str) -> Vec<usize> {
        let bytes = text.as_bytes();
        let mut at: Vec<usize> = Vec::new();
        for set in self.ascii.chunks(3) {
            match *set {
                [a] => at.extend(memchr::memchr_iter(a, bytes)),
                [a, b] => at.extend(memchr::memchr2_iter(a, b, bytes)),
                [a, b, c, ..] => at.extend(memchr::memchr3_iter(a, b, c, bytes)),
                [] => {}
            }
        }
        for f in &self.multi {
            at.extend(f.find_iter(bytes));
        }
        at.sort_unstable();
        at
    }
}

#[derive(Debug)]
pub struct PlaceholderVocab {
    residue: Table,
    blank: Table,
    /// Open-point words, then deadline-only words: one automaton, one pass per text.
    open_words: aho_corasick::AhoCorasick,
    /// Patterns below this index are open-point words; then deadline-only words up to
    /// `standard_from`; the rest are standard-only words.
    deadline_from: usize,
    standard_from: usize,
    deadline_cues: Vec<String>,
    standard_cues: Vec<String>,
    delegations: Vec<String>,
    pub open_headings: Vec<String>,
    /// Endings of sign-off keys (审核人, 签字, 日期), folded.
    sign_off_key_ends: Vec<String>,
    /// A template's own instructions left in the text (黑体小二号字, 用后把红框删除), and the
    /// words that must be there first.
    instructions: Option<(aho_corasick::AhoCorasick, Regex)>,
}

impl PlaceholderVocab {
    pub fn compile(table: toml::Table) -> Result<PlaceholderVocab, ConfigError> {
        let file: File = crate::config::vocab::typed(table, "placeholders")?;
        let u = file.unresolved;
        let deadline_from = u.words.len();
        let standard_from = deadline_from + u.deadline_words.len();
        let all = crate::text::fold::fold_all(
            u.words
                .iter()
                .chain(&u.deadline_words)
                .chain(&u.standard_words),
        );
        let open_words = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(all)
            .map_err(|e| {
                ConfigError::vocab(format!("placeholders vocabulary: unresolved words: {e}"))
            })?;
        Ok(PlaceholderVocab {
            residue: Table::compile(file.placeholder, "placeholder")?,
            blank: Table::compile(file.empty_blank, "empty-blank")?,
            open_words,
            deadline_from,
            standard_from,
            deadline_cues: u.deadline_cues,
            standard_cues: u.standard_cues,
            delegations: u.delegations,
            open_headings: u.open_headings,
            sign_off_key_ends: crate::text::fold::fold_all(&file.empty_field.sign_off_key_ends),
            instructions: match file.template_instructions.patterns.as_slice() {
                [] => None,
                patterns => Some((
                    // Leftmost matching lets the automaton use its SIMD prefilter.
                    aho_corasick::AhoCorasick::builder()
                        .match_kind(aho_corasick::MatchKind::LeftmostFirst)
                        .build(crate::text::fold::fold_all(
                            &file.template_instructions.triggers,
                        ))
                        .map_err(|e| {
                            ConfigError::vocab(format!(
                                "placeholders vocabulary: template-instructions triggers: {e}"
                            ))
                        })?,
                    Regex::new(&patterns.join("|")).map_err(|e| {
                        ConfigError::vocab(format!(
                            "placeholders vocabulary: bad template-instructions pattern: {e}"
                        ))
                    })?,
                )),
            },
        })
    }
}

/// The nearest character on a side, skipping quotes and brackets (“中国XX”, 《XX中学…》).
fn neighbour(mut chars: impl Iterator<Item = char>) -> Option<char> {
    chars.find(|c| !"“”‘’\"'《》〈〉（）()【】「」".contains(*c))
}

/// The text spans (sorted, disjoint) holding one of `hits` (sorted file offsets), each once.
pub fn spans_holding(texts: &[Span], hits: impl IntoIterator<Item = usize>) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    for at in hits {
        if out.last().is_some_and(|s| at < s.end) {
            continue;
        }
        let i = texts.partition_point(|t| t.end <= at);
        if let Some(&t) = texts.get(i).filter(|t| t.start <= at) {
            out.push(t);
        }
    }
    out
}

/// The spans of text planlint lints in a document: title, preamble, headings without their
/// markers, and blocks (a bullet without its glyph or task box). Sorted, disjoint.
pub fn text_spans(doc: &Document) -> Vec<Span> {
    let block = |b: &Block| match *b {
        Block::Bullet { text, .. } => text,
        ref other => other.span(),
    };
    let mut spans: Vec<Span> = doc.title.into_iter().collect();
    spans.extend(doc.preamble.iter().map(block));
    for s in &doc.sections {
        // The heading line without its marker: 七. and 1) are structure, not text.
        spans.push(Span::new(s.marker.span.end, s.line.end));
        spans.extend(s.blocks.iter().map(block));
    }
    spans.sort_by_key(|s| s.start);
    spans
}

/// Matches of a pattern table in the text spans (sorted, disjoint) of a document. One pass of
/// the trigger automaton over the document finds the few spans worth running the regex on.
fn table_matches(
    source: &SourceFile,
    doc: Span,
    texts: &[Span],
    table: &Table,
    family: Family,
    out: &mut Vec<Placeholder>,
) {
    let hits = table.triggers.positions(source.folded(doc));
    for span in spans_holding(texts, hits.into_iter().map(|h| doc.start + h)) {
        span_matches(source, span, table, family, out);
    }
}

fn span_matches(
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
            // A field's value after a colon (专业名称：××××) is a blank too, when it is a run.
            let field_value = matches!(left, Some(':' | '：')) && m.as_str().chars().count() >= 2;
            if !left.is_some_and(is_han) && !right.is_some_and(is_han) && !field_value {
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
        let (offset, len) = match &pattern.focus {
            Some(f) => m
                .as_str()
                .find(f.as_str())
                .map_or((0, m.len()), |i| (i, f.len())),
            None => (0, m.len()),
        };
        let start = span.start + m.start() + offset;
        out.push(Placeholder {
            family,
            span: Span::new(start, start + len),
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
    for m in vocab.open_words.find_iter(text) {
        let (i, word) = (m.start(), &text[m.start()..m.end()]);
        let touches = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
        if word.chars().all(|c| c.is_ascii_alphabetic())
            && (touches(text[..i].chars().next_back()) || touches(text[m.end()..].chars().next()))
        {
            continue;
        }
        let pattern = m.pattern().as_usize();
        let what = if pattern < vocab.deadline_from {
            "`{}` marks an open point"
        } else {
            let (cues, what) = if pattern < vocab.standard_from {
                (
                    &vocab.deadline_cues,
                    "`{}` stands where a date, time or place belongs",
                )
            } else {
                (
                    &vocab.standard_cues,
                    "`{}` leaves a standard, ratio or amount to be set later",
                )
            };
            let clause = clause_before(&text[..i]);
            let has = |words: &[String]| words.iter().any(|w| clause.contains(w.as_str()));
            if pattern < vocab.standard_from && value_follows(&text[m.end()..]) {
                continue;
            }
            // 各地可根据实际确定补助标准 hands the decision down on purpose: not an open point.
            if !has(cues) || (pattern >= vocab.standard_from && has(&vocab.delegations)) {
                continue;
            }
            what
        };
        let start = span.start + i;
        out.push(Placeholder {
            family: Family::Unresolved,
            span: Span::new(start, start + m.len()),
            what: what.into(),
        });
    }
}

/// `于3月5日`, `为6月`, `2025年`: the open word only qualifies a value that follows it.
fn value_follows(rest: &str) -> bool {
    let mut chars = rest
        .chars()
        .skip_while(|c| matches!(c, '于' | '为' | '在' | ' '));
    chars
        .next()
        .is_some_and(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(c))
}

/// The clause that ends at the end of `prefix` (after the last 。；，).
fn clause_before(prefix: &str) -> &str {
    prefix
        .rsplit(['。', '；', ';', '，', ',', '\n'])
        .next()
        .unwrap_or(prefix)
}

/// The text spans holding a match of `ac`, from one search of the whole document.
fn doc_spans_with(
    source: &SourceFile,
    doc: Span,
    texts: &[Span],
    ac: &aho_corasick::AhoCorasick,
) -> Vec<Span> {
    let hits = ac
        .find_iter(source.folded(doc))
        .map(|m| doc.start + m.start());
    spans_holding(texts, hits)
}

/// Every placeholder, blank and open marker of a document, in text order.
/// Whether a section is a form field left empty: a heading that ends in a colon (专业名称：)
/// or a bare number (1．), with nothing after it, below it or inside it.
pub fn is_empty_field(s: &crate::syntax::Section) -> bool {
    let nothing = s.inline_body.is_none() && s.blocks.is_empty() && s.children.is_empty();
    nothing && (s.heading.is_empty() || matches!(s.heading_end, Some(':' | '：')))
}

/// A template's instructions to its user left in the text, one finding per run of lines.
fn template_instructions(
    source: &SourceFile,
    doc: &Document,
    texts: &[Span],
    vocab: &PlaceholderVocab,
    out: &mut Vec<Placeholder>,
) {
    let Some((triggers, re)) = vocab.instructions.as_ref() else {
        return;
    };
    let mut last_line: Option<usize> = None;
    // One pass of the trigger automaton; the regex reads only the spans it points at.
    for span in doc_spans_with(source, doc.span, texts, triggers) {
        let Some(m) = re.find(source.folded(span)) else {
            continue;
        };
        let line = source.line_index.line_of(span.start);
        if last_line.is_none_or(|l| line > l + 1) {
            out.push(Placeholder {
                family: Family::Residue,
                span: Span::new(span.start + m.start(), span.start + m.end()),
                what: "the template's instruction `{}` is left in the text".into(),
            });
        }
        last_line = Some(source.line_index.line_of(span.end.saturating_sub(1)));
    }
}

/// Sign-off lines left blank: `审核人： 主持制订人：` — label keys that end like a sign-off, with
/// nothing after any of their colons.
fn empty_sign_offs(
    source: &SourceFile,
    doc: &Document,
    vocab: &PlaceholderVocab,
    out: &mut Vec<Placeholder>,
) {
    let blocks = doc
        .preamble
        .iter()
        .chain(doc.sections.iter().flat_map(|s| s.blocks.iter()));
    for b in blocks {
        let crate::syntax::Block::Label { line, .. } = *b else {
            continue;
        };
        let is_sign_off = |k: &str| {
            let k = k.trim();
            !k.is_empty()
                && k.chars().count() <= 8
                && vocab
                    .sign_off_key_ends
                    .iter()
                    .any(|e| k.ends_with(e.as_str()))
        };
        // Every piece before a colon is a sign-off key, and nothing follows the last colon.
        let text = source.folded(line);
        let mut pieces = text.split([':', '：']).peekable();
        let mut keys = 0;
        let mut all_sign_offs = true;
        let mut last = "";
        while let Some(piece) = pieces.next() {
            if pieces.peek().is_none() {
                last = piece;
            } else {
                keys += 1;
                all_sign_offs &= is_sign_off(piece);
            }
        }
        if keys > 0 && all_sign_offs && last.trim().is_empty() {
            out.push(Placeholder {
                family: Family::Blank,
                span: line,
                what: "the sign-off `{}` is left blank".into(),
            });
        }
    }
}

/// Form fields of a template left empty: one finding per field with a name, and one for all
/// the runs of bare numbered slots (1． 2． 3．) of the document, at the first.
fn empty_fields(doc: &Document, out: &mut Vec<Placeholder>) {
    let mut in_run = false;
    let mut slot_runs: Vec<Span> = Vec::new();
    for s in &doc.sections {
        if !is_empty_field(s) {
            in_run = false;
            continue;
        }
        if !s.heading.is_empty() {
            out.push(Placeholder {
                family: Family::Blank,
                span: s.line,
                what: "the field `{}` is left empty".into(),
            });
        } else if !in_run {
            slot_runs.push(s.line);
        }
        in_run = s.heading.is_empty();
    }
    if let Some(&first) = slot_runs.first() {
        let what = match slot_runs.len() {
            1 => "numbered slots from `{}` are left empty".to_owned(),
            n => format!(
                "numbered slots from `{{}}` are left empty, and in {} more lists",
                n - 1
            ),
        };
        out.push(Placeholder {
            family: Family::Blank,
            span: first,
            what,
        });
    }
}

pub fn extract(
    source: &SourceFile,
    doc: &Document,
    texts: &[Span],
    vocab: &PlaceholderVocab,
) -> Vec<Placeholder> {
    let mut out = Vec::new();
    table_matches(
        source,
        doc.span,
        texts,
        &vocab.residue,
        Family::Residue,
        &mut out,
    );
    table_matches(
        source,
        doc.span,
        texts,
        &vocab.blank,
        Family::Blank,
        &mut out,
    );
    // One pass of the open-word automaton over the document; matches outside text spans
    // (directives, boilerplate) are dropped.
    for span in doc_spans_with(source, doc.span, texts, &vocab.open_words) {
        unresolved(source, span, vocab, &mut out);
    }
    empty_fields(doc, &mut out);
    empty_sign_offs(source, doc, vocab, &mut out);
    template_instructions(source, doc, texts, vocab, &mut out);
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
    use crate::extract::Vocab;

    fn found(text: &str) -> Vec<(Family, String)> {
        let vocab = Vocab::builtin().unwrap();
        let source = SourceFile::from_text("t.txt", text);
        let page = crate::syntax::parse(&source);
        let mut all = Vec::new();
        for doc in &page.documents {
            for p in extract(&source, doc, &text_spans(doc), &vocab.placeholders) {
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
