//! The only consumer of pest pairs: classifies lines, splits bundled pages, finds titles and
//! nests sections by marker rank (DESIGN §3.2–3.4), producing the owned tree of `tree.rs`.

use super::parser::{PlanParser, Rule};
use super::tree::*;
use crate::source::Span;
use crate::text::numeral;
use memchr::memmem;
use pest::iterators::Pair;
use pest::Parser;
use regex::Regex;
use std::sync::LazyLock;

/// How lines reach pest: the hybrid pre-check, or every line (the reference the hybrid must equal).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Hybrid,
    PestOnly,
}

/// What one line is, before nesting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LineKind {
    Blank,
    Directive {
        verb: String,
        args: Span,
    },
    Trailer,
    Separator,
    Heading {
        marker: Marker,
        rest: Span,
        markdown: Option<u8>,
    },
    MarkdownPlain {
        level: u8,
        rest: Span,
    },
    Ambiguous {
        value: u32,
        marker: Span,
        rest: Span,
    },
    Label {
        key: Span,
        value: Span,
    },
    Bullet {
        glyph: Span,
        rest: Span,
    },
    Paragraph {
        rest: Span,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// The line without its line break (and without a CRLF's `\r`).
    pub span: Span,
    pub kind: LineKind,
}

/// A separator longer than this is prose that happens to end in 篇N.
const MAX_SEPARATOR_CHARS: usize = 40;
/// A title is at most this long (DESIGN §3.4).
const MAX_TITLE_CHARS: usize = 50;
/// Free text with this many sentences is a document, not a site header.
const MIN_DOCUMENT_SENTENCES: usize = 3;
/// ... and so is free text of more lines than a site header has.
const MAX_HEADER_LINES: usize = 8;

/// Classify every line of `text`.
pub fn classify_lines(text: &str, mode: Mode) -> Vec<Line> {
    let bytes = text.as_bytes();
    // Sized once: growing a table of a million lines copies it again and again.
    let mut lines = Vec::with_capacity(memchr::memchr_iter(b'\n', bytes).count() + 1);
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', bytes).chain(std::iter::once(text.len())) {
        if start > text.len() {
            break;
        }
        let mut line_end = end;
        if line_end > start && bytes.get(line_end - 1) == Some(&b'\r') {
            line_end -= 1;
        }
        let span = Span::new(start, line_end);
        push_line(text, span, mode, &mut lines);
        start = end + 1;
    }
    lines
}

fn push_line(text: &str, span: Span, mode: Mode, lines: &mut Vec<Line>) {
    let kind = classify(text, span, mode);
    if let Some(parts) = run_together_split(text, span, &kind) {
        for part in parts {
            let kind = classify(text, part, Mode::PestOnly);
            lines.push(Line { span: part, kind });
        }
    } else {
        lines.push(Line { span, kind });
    }
}

fn is_ws(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{3000}' | '\u{A0}')
}

/// The span of `span` without leading white space.
fn trim_start(text: &str, span: Span) -> Span {
    let s = &text[span.start..span.end];
    Span::new(span.end - s.trim_start_matches(is_ws).len(), span.end)
}

/// `span` without surrounding white space.
fn trim(text: &str, span: Span) -> Span {
    let start = trim_start(text, span);
    let s = &text[start.start..start.end];
    Span::new(start.start, start.start + s.trim_end_matches(is_ws).len())
}

fn classify(text: &str, span: Span, mode: Mode) -> LineKind {
    let line = &text[span.start..span.end];
    if line.trim_matches(is_ws).is_empty() {
        return LineKind::Blank;
    }
    let rule = match mode {
        Mode::PestOnly => Some(Rule::line),
        Mode::Hybrid => pest_entry(line),
    };
    let Some(rule) = rule else {
        return LineKind::Paragraph {
            rest: trim(text, span),
        };
    };
    match PlanParser::parse(rule, line) {
        Ok(mut pairs) => pairs
            .next()
            .and_then(|p| p.into_inner().next())
            .map(|kind| lower_kind(text, span, kind))
            .unwrap_or(LineKind::Paragraph {
                rest: trim(text, span),
            }),
        // Rejected or over the call limit: a paragraph, never a failure.
        Err(_) => LineKind::Paragraph {
            rest: trim(text, span),
        },
    }
}

/// The byte pre-check of DESIGN §2: which entry rule a line needs, or None for a plain
/// paragraph. It must send every line that pest could classify as something else.
/// The layout words of rules/layout.toml.
#[derive(serde::Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Layout {
    pub trailer_cues: Vec<String>,
    cover_letter_cues: Vec<String>,
    cover_letter_pairs: Vec<(String, String)>,
    contents_headings: Vec<String>,
    plan_title_endings: Vec<String>,
}

/// Built in: a broken file is caught by the conventions test, and parsing then finds no
/// trailers, cover letters or contents rather than failing.
pub static LAYOUT: LazyLock<Layout> =
    LazyLock::new(|| toml::from_str(crate::text::builtin::LAYOUT_TOML).unwrap_or_default());

impl Layout {
    fn names_addressees(&self, line: &str) -> bool {
        self.cover_letter_cues
            .iter()
            .any(|c| line.contains(c.as_str()))
            || self
                .cover_letter_pairs
                .iter()
                .any(|(a, b)| line.contains(a.as_str()) && line.contains(b.as_str()))
    }

    /// `XX实施方案`, `XX工作计划（试行）`: a line that names a plan.
    fn names_a_plan(&self, line: &str) -> bool {
        let mut s = line.trim_end_matches(is_ws);
        if let Some(open) = s.rfind(['（', '(']).filter(|_| s.ends_with(['）', ')'])) {
            s = s[..open].trim_end_matches(is_ws);
        }
        self.plan_title_endings
            .iter()
            .any(|w| s.ends_with(w.as_str()))
    }

    fn is_contents_heading(&self, line: &str) -> bool {
        let compact = line.replace([' ', '\u{3000}'], "");
        self.contents_headings.iter().any(|h| compact.trim() == h)
    }
}

/// Substring finders built once (a `memmem::find` call builds one each time).
struct Finders {
    pian: memmem::Finder<'static>,
    directive: memmem::Finder<'static>,
    trailers: Vec<memmem::Finder<'static>>,
}

static FINDERS: LazyLock<Finders> = LazyLock::new(|| Finders {
    pian: memmem::Finder::new("篇"),
    directive: memmem::Finder::new("planlint:"),
    trailers: LAYOUT
        .trailer_cues
        .iter()
        .map(|w| memmem::Finder::new(w.as_bytes()).into_owned())
        .collect(),
});

fn pest_entry(line: &str) -> Option<Rule> {
    let f = &*FINDERS;
    let t = line.trim_start_matches(is_ws);
    let head = &t.as_bytes()[..t.len().min(120)];
    let tail = t.trim_end_matches(is_ws);
    let tail_bytes = &tail.as_bytes()[tail.len().saturating_sub(24)..];
    let separator_possible = f.pian.find(tail_bytes).is_some()
        || ((t.starts_with('【') || t.starts_with('第'))
            && f.pian.find(&head[..head.len().min(30)]).is_some());
    let full = separator_possible
        || t.starts_with("<!--")
        || f.directive.find(&head[..head.len().min(40)]).is_some()
        || f.trailers.iter().any(|t| t.find(head).is_some());
    if full {
        return Some(Rule::line);
    }
    let mut chars = t.chars();
    let first = chars.next()?;
    let second = chars.next();
    // Everyday numerals lead a marker; the financial forms (壹 拾) are told apart below.
    // A PDF conversion's look-alike (⼀ for 一) leads a marker like the digit it stands for.
    let han_digit = |c: char| {
        let c = crate::text::lookalike::ordinary(c).unwrap_or(c);
        "一二三四五六七八九十零〇两兩百".contains(c)
    };
    let legal_digit = |c: char| numeral::is_han_numeral(c) && !han_digit(c);
    let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let marker_lead = match first {
        // 一、 十一、 七. — a Han numeral must be followed by another or by its separator.
        c if han_digit(c) => second.is_some_and(|n| han_digit(n) || matches!(n, '、' | '.' | '．')),
        // 壹、 拾壹、 — likewise for legal numerals.
        c if legal_digit(c) => {
            second.is_some_and(|n| legal_digit(n) || matches!(n, '、' | '.' | '．'))
        }
        // 1、 1. 12) 1 总则 — digits must be followed by another digit or a marker separator.
        c if digit(c) => second
            .is_none_or(|n| digit(n) || matches!(n, '、' | '.' | '．' | ')' | '）') || is_ws(n)),
        '(' | '（' => second.is_some_and(|n| digit(n) || han_digit(n)),
        '附'
        | '第'
        | '【'
        | '①'..='⑳'
        | '⑴'..='⒇'
        | '⒈'..='⒛'
        | '㈠'..='㈩'
        | '#'
        | '>'
        | '/'
        | '[' => true,
        '●' | '•' | '·' | '▪' | '■' | '◆' | '◇' | '★' | '-' | '*' | '+' | '?' | '？' => {
            true
        }
        _ => false,
    };
    let label_possible = label_shape(t);
    (marker_lead || label_possible).then_some(Rule::line_light)
}

/// The exact shape of grammar rule `label`, for the pre-check: a Han character, up to nine more
/// Han characters or spaces (PEG: greedy, no backtracking), white space, then a colon.
fn label_shape(t: &str) -> bool {
    let han =
        |c: char| ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3400}'..='\u{4DBF}').contains(&c);
    let mut chars = t.chars().peekable();
    if !chars.next().is_some_and(han) {
        return false;
    }
    let mut n = 0;
    while n < 9
        && chars
            .peek()
            .is_some_and(|&c| han(c) || c == ' ' || c == '\u{3000}')
    {
        chars.next();
        n += 1;
    }
    while chars.peek().is_some_and(|&c| is_ws(c)) {
        chars.next();
    }
    chars.next().is_some_and(|c| c == ':' || c == '：')
}

fn pair_span(base: usize, pair: &Pair<'_, Rule>) -> Span {
    let s = pair.as_span();
    Span::new(base + s.start(), base + s.end())
}

fn lower_kind(text: &str, line: Span, pair: Pair<'_, Rule>) -> LineKind {
    let base = line.start;
    let whole = Span::new(pair_span(base, &pair).start, line.end);
    let to_end = |p: &Pair<'_, Rule>| trim(text, Span::new(pair_span(base, p).start, line.end));
    match pair.as_rule() {
        Rule::directive => {
            let mut verb = String::new();
            let mut args = Span::new(whole.end, whole.end);
            for inner in pair.into_inner() {
                match inner.as_rule() {
                    Rule::directive_verb => verb = inner.as_str().to_owned(),
                    Rule::directive_args | Rule::directive_args_md => {
                        args = trim(text, pair_span(base, &inner))
                    }
                    _ => {}
                }
            }
            LineKind::Directive { verb, args }
        }
        Rule::trailer => LineKind::Trailer,
        Rule::separator => LineKind::Separator,
        Rule::md_heading => {
            let mut level = 1u8;
            for inner in pair.into_inner() {
                match inner.as_rule() {
                    Rule::md_hashes => level = inner.as_str().len().min(6) as u8,
                    Rule::heading => {
                        if let LineKind::Heading { marker, rest, .. } =
                            lower_heading(text, line, inner)
                        {
                            return LineKind::Heading {
                                marker,
                                rest,
                                markdown: Some(level),
                            };
                        }
                    }
                    Rule::rest => {
                        return LineKind::MarkdownPlain {
                            level,
                            rest: to_end(&inner),
                        }
                    }
                    _ => {}
                }
            }
            LineKind::Paragraph { rest: whole }
        }
        Rule::heading => lower_heading(text, line, pair),
        Rule::ambiguous => {
            let mut value = 0;
            let mut marker = whole;
            let mut rest = whole;
            for inner in pair.into_inner() {
                match inner.as_rule() {
                    Rule::ambiguous_num => {
                        value = numeral::digits_value(inner.as_str()).unwrap_or(0) as u32;
                        let s = pair_span(base, &inner);
                        marker = Span::new(s.start, s.end + 1); // the digits and the dot
                    }
                    Rule::rest => rest = to_end(&inner),
                    _ => {}
                }
            }
            LineKind::Ambiguous {
                value,
                marker,
                rest,
            }
        }
        Rule::label => {
            let mut key = whole;
            let mut value = Span::new(whole.end, whole.end);
            for inner in pair.into_inner() {
                match inner.as_rule() {
                    Rule::label_key => key = trim(text, pair_span(base, &inner)),
                    Rule::rest => value = to_end(&inner),
                    _ => {}
                }
            }
            LineKind::Label { key, value }
        }
        Rule::bullet => {
            let mut glyph = whole;
            let mut rest = Span::new(whole.end, whole.end);
            for inner in pair.into_inner() {
                match inner.as_rule() {
                    Rule::bullet_glyph => glyph = pair_span(base, &inner),
                    Rule::rest => rest = to_end(&inner),
                    _ => {}
                }
            }
            LineKind::Bullet { glyph, rest }
        }
        _ => LineKind::Paragraph {
            rest: trim(text, whole),
        },
    }
}

fn lower_heading(text: &str, line: Span, pair: Pair<'_, Rule>) -> LineKind {
    let base = line.start;
    let whole = Span::new(pair_span(base, &pair).start, line.end);
    let mut marker = None;
    let mut rest = Span::new(whole.end, whole.end);
    for inner in pair.into_inner() {
        let span = pair_span(base, &inner);
        let kind = match inner.as_rule() {
            Rule::rest => {
                rest = trim(text, Span::new(span.start, line.end));
                continue;
            }
            Rule::appendix => MarkerKind::Appendix,
            Rule::part => MarkerKind::Part,
            Rule::legal => MarkerKind::Legal,
            Rule::phase => MarkerKind::Phase,
            Rule::ordinal => MarkerKind::Ordinal,
            Rule::han_comma => MarkerKind::HanComma,
            Rule::han_paren => MarkerKind::HanParen,
            Rule::decimal => MarkerKind::Decimal(
                inner
                    .as_str()
                    .trim_end_matches(['.', '．'])
                    .matches(['.', '．'])
                    .count() as u8
                    + 1,
            ),
            Rule::arabic => MarkerKind::Arabic,
            Rule::arabic_paren => MarkerKind::ArabicParen,
            Rule::circled => MarkerKind::Circled,
            Rule::bare_num => MarkerKind::Decimal(1),
            _ => continue,
        };
        let raw = inner.as_str();
        let value = marker_value(kind, raw);
        marker = Some(Marker {
            kind,
            value,
            style: MarkerStyle::named(marker_style(kind, raw)),
            span,
        });
    }
    match marker {
        Some(marker) => LineKind::Heading {
            marker,
            rest,
            markdown: None,
        },
        None => LineKind::Paragraph {
            rest: trim(text, whole),
        },
    }
}

fn marker_value(kind: MarkerKind, raw: &str) -> u32 {
    let circled = |first: char| raw.chars().next().map(|c| c as u32 - first as u32 + 1);
    let value = match raw.chars().next() {
        Some(c @ '①'..='⑳') if kind == MarkerKind::Circled => circled('①').filter(|_| c >= '①'),
        Some('⑴'..='⒇') => circled('⑴'),
        Some('⒈'..='⒛') => circled('⒈'),
        Some('㈠'..='㈩') => circled('㈠'),
        _ if matches!(kind, MarkerKind::Decimal(_)) => {
            let last = raw.trim_end_matches(['.', '．']).rsplit(['.', '．']).next();
            match last.unwrap_or(raw) {
                "l" | "I" => Some(1),
                digits => numeral::digits_value(digits).map(|v| v as u32),
            }
        }
        _ => numeral::marker_value(raw).map(|v| v as u32),
    };
    value.unwrap_or(0)
}

/// The marker with its number removed, as a static string (`、` `()` `（）、` …).
fn marker_style(kind: MarkerKind, raw: &str) -> &'static str {
    let rest: String = raw
        .chars()
        .filter(|c| {
            !c.is_ascii_digit()
                && !('０'..='９').contains(c)
                && numeral::han_value(&c.to_string()).is_none()
        })
        .collect();
    match raw.chars().next() {
        Some('㈠'..='㈩') => {
            return if raw.ends_with('、') {
                "㈠、"
            } else {
                "㈠"
            }
        }
        Some('⑴'..='⒇') => return "⑴",
        Some('⒈'..='⒛') => return "⒈",
        Some('①'..='⑳') => return "①",
        _ => {}
    }
    match (kind, rest.as_str()) {
        (_, "、") => "、",
        (_, ".") => ".",
        (_, "．") => "．",
        (_, ")") => ")",
        (_, "）") => "）",
        (_, "()") => "()",
        (_, "（）") => "（）",
        (_, "()、") => "()、",
        (_, "（）、") => "（）、",
        (_, "(）") | (_, "（)") => "mixed brackets",
        (_, "第部分") => "第部分",
        (_, "第章") => "第章",
        (_, "附件") => "附件",
        (MarkerKind::Phase, s) if s.ends_with("阶段") || s.ends_with("階段") => "第阶段",
        (MarkerKind::Phase, s) if s.contains('步') => "第步骤",
        (MarkerKind::Ordinal, s) if s.contains('、') => "第、",
        (MarkerKind::Ordinal, _) => "第，",
        (MarkerKind::Decimal(_), _) => ".",
        _ => "other",
    }
}

static RUN_TOGETHER: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?:^|[。！？；;])[ \t\u{3000}]*([一二三四五六七八九十]{1,3})、").ok()
});

/// How many `、` follow a Han numeral that follows a sentence end (or the line start).
fn sentence_markers(line: &str) -> usize {
    let bytes = line.as_bytes();
    memmem::find_iter(bytes, "、".as_bytes())
        .filter(|&i| {
            let Some(prefix) = line.get(..i) else {
                return false;
            };
            let before = prefix.trim_end_matches(numeral::is_han_numeral);
            before.len() < i
                && before.len() + 9 >= i
                && (before.trim_end_matches(is_ws).is_empty()
                    || before
                        .trim_end_matches(is_ws)
                        .ends_with(['。', '！', '？', '；', ';']))
        })
        .count()
}

/// A whole plan run together on one line (`…特制定本方案。一、指导思想……二、工作目标……`) is
/// split at its top-level markers, but only at two or more in sequence (DESIGN §3.2).
fn run_together_split(text: &str, span: Span, kind: &LineKind) -> Option<Vec<Span>> {
    let rest = match kind {
        LineKind::Paragraph { rest } => *rest,
        LineKind::Heading { marker, rest, .. } if marker.kind == MarkerKind::HanComma => {
            Span::new(marker.span.start, rest.end)
        }
        _ => return None,
    };
    // Short lines cannot hold a plan, and a plan needs two `。一、`-like markers: this keeps
    // the regex off nearly every line.
    if rest.len() < 60 || sentence_markers(&text[rest.start..rest.end]) < 2 {
        return None;
    }
    let re = RUN_TOGETHER.as_ref()?;
    let line = &text[rest.start..rest.end];
    let mut starts: Vec<(usize, u64)> = Vec::new();
    for caps in re.captures_iter(line) {
        let (Some(num), Some(all)) = (caps.get(1), caps.get(0)) else {
            continue;
        };
        let Some(value) = numeral::han_value(num.as_str()) else {
            continue;
        };
        let marker_start = if all.start() == 0 { 0 } else { num.start() };
        match starts.last() {
            Some(&(_, prev)) if value == prev + 1 => starts.push((marker_start, value)),
            _ if starts.len() >= 2 => break,
            _ => starts = vec![(marker_start, value)],
        }
    }
    if starts.len() < 2 {
        return None;
    }
    let mut parts = Vec::new();
    let mut cut = span.start;
    for (offset, _) in &starts {
        let at = rest.start + offset;
        if at > cut {
            parts.push(Span::new(cut, at));
        }
        cut = at;
    }
    parts.push(Span::new(cut, span.end));
    Some(parts)
}

/// Parse a whole text into a page.
pub fn lower_page(text: &str, mode: Mode) -> Page {
    PageLayout::new(text, mode).into_page()
}

/// A page before its documents are built: the classified lines, where each document lies, and
/// the text outside every document. `into_page` builds them all; a check that needs one
/// document at a time builds each with `document` and frees it, so a compiled volume of
/// thousands of plans never holds every tree at once.
pub struct PageLayout<'t> {
    text: &'t str,
    lines: Vec<Line>,
    /// Each document's lines, and whether its first line is a separator (篇N).
    parts: Vec<(std::ops::Range<usize>, Option<usize>)>,
    /// The page without its documents: boilerplate and directives.
    outside: Page,
}

impl<'t> PageLayout<'t> {
    pub fn new(text: &'t str, mode: Mode) -> Self {
        let lines = classify_lines(text, mode);
        let mut outside = Page::default();
        for line in &lines {
            if let LineKind::Directive { verb, args } = &line.kind {
                outside.directives.push(Directive {
                    verb: verb.clone(),
                    args: *args,
                    line: line.span,
                });
            }
        }
        let parts = document_parts(text, &lines, &mut outside);
        PageLayout {
            text,
            lines,
            parts,
            outside,
        }
    }

    /// How many documents the page holds.
    pub fn len(&self) -> usize {
        self.parts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// Build the `i`th document.
    pub fn document(&self, i: usize) -> Option<Document> {
        let (lines, separator) = self.parts.get(i)?;
        Some(build_document(
            self.text,
            &self.lines[lines.clone()],
            *separator,
        ))
    }

    /// The page's boilerplate and directives, without documents.
    pub fn into_outside(self) -> Page {
        self.outside
    }

    /// The whole page, every document built.
    pub fn into_page(self) -> Page {
        let documents = (0..self.len()).filter_map(|i| self.document(i)).collect();
        Page {
            documents,
            ..self.outside
        }
    }
}

/// Where each document of a page lies; boilerplate goes to `page`.
fn document_parts(
    text: &str,
    lines: &[Line],
    page: &mut Page,
) -> Vec<(std::ops::Range<usize>, Option<usize>)> {
    let is_separator = |l: &Line| {
        l.kind == LineKind::Separator
            && text[l.span.start..l.span.end]
                .trim_matches(is_ws)
                .chars()
                .count()
                <= MAX_SEPARATOR_CHARS
    };
    let separators: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| is_separator(l))
        .map(|(i, _)| i)
        .collect();
    let mut parts = Vec::new();
    for region in page_regions(text, lines, &separators) {
        let region_lines = &lines[region.lines.clone()];
        // Without separators the text before any trailer is the page's one document.
        let sole = separators.is_empty() && region.lines.start == 0;
        let separator = match region.kind {
            RegionKind::Separated => Some(0),
            RegionKind::Free if sole || looks_like_document(text, region_lines) => None,
            RegionKind::Free | RegionKind::Trailer => {
                push_boilerplate(text, page, region_lines);
                continue;
            }
        };
        let base = region.lines.start;
        let mut from = 0;
        for start in document_starts(text, region_lines) {
            let first = if from == 0 { separator } else { None };
            parts.push((base + from..base + start, first));
            from = start;
        }
        let last = if from == 0 { separator } else { None };
        parts.push((base + from..region.lines.end, last));
    }
    if parts.is_empty() && page.boilerplate.is_empty() {
        // An empty or blank text is one empty document.
        parts.push((0..lines.len(), None));
    }
    parts
}

/// What a stretch of a page is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RegionKind {
    /// From a separator line (篇N) to the next separator or trailer.
    Separated,
    /// A trailer of related links, up to its last link line.
    Trailer,
    /// Text outside both: a site header, or a document pasted without a separator.
    Free,
}

struct Region {
    kind: RegionKind,
    lines: std::ops::Range<usize>,
}

/// Cut a page into separated documents, trailers and free text, in order. A trailer ends at
/// its last link line, so a page or plan concatenated after it is read, not dropped.
fn page_regions(text: &str, lines: &[Line], separators: &[usize]) -> Vec<Region> {
    let mut regions: Vec<Region> = Vec::new();
    let mut open = (RegionKind::Free, 0);
    let close = |regions: &mut Vec<Region>, open: (RegionKind, usize), at: usize| {
        if at > open.1 {
            regions.push(Region {
                kind: open.0,
                lines: open.1..at,
            });
        }
    };
    let mut i = 0;
    while i < lines.len() {
        if separators.binary_search(&i).is_ok() {
            close(&mut regions, open, i);
            open = (RegionKind::Separated, i);
        } else if lines[i].kind == LineKind::Trailer {
            close(&mut regions, open, i);
            let end = trailer_end(text, lines, i);
            close(&mut regions, (RegionKind::Trailer, i), end);
            open = (RegionKind::Free, end);
            i = end;
            continue;
        }
        i += 1;
    }
    close(&mut regions, open, lines.len());
    regions
}

/// The line after a trailer's last link: a title with its date stamp (…09-27), or a
/// numbered or bulleted title of a plan (1.学校实施方案).
fn trailer_end(text: &str, lines: &[Line], trailer: usize) -> usize {
    let mut end = trailer + 1;
    for (i, line) in lines.iter().enumerate().skip(trailer + 1) {
        let listed_plan = match line.kind {
            LineKind::Heading { rest, .. } | LineKind::Bullet { rest, .. } => {
                LAYOUT.names_a_plan(&text[rest.start..rest.end])
            }
            _ => false,
        };
        match line.kind {
            LineKind::Blank => {}
            _ if listed_plan || ends_with_date_stamp(&text[line.span.start..line.span.end]) => {
                end = i + 1;
            }
            _ => break,
        }
    }
    end
}

/// `…09-27`, `…2023-09-27`: the date a link list shows after each title.
fn ends_with_date_stamp(line: &str) -> bool {
    let s = line.trim_end_matches(is_ws).as_bytes();
    let digits = |s: &[u8]| s.iter().rev().take_while(|b| b.is_ascii_digit()).count();
    let day = digits(s);
    if !(1..=2).contains(&day) || s.len() < day + 2 || s[s.len() - day - 1] != b'-' {
        return false;
    }
    let month = digits(&s[..s.len() - day - 1]);
    (1..=2).contains(&month)
}

/// Where another plan begins inside a stretch of text (a compiled volume, 汇编, or files pasted
/// together): a line naming a plan, then numbering starting at 1 (or a chapter), after a
/// heading of the plan before. An appendix (附件) restarts numbering inside its plan, so
/// nothing after one is split.
fn document_starts(text: &str, lines: &[Line]) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut headings = 0;
    for (i, line) in lines.iter().enumerate() {
        let LineKind::Heading { marker, .. } = &line.kind else {
            continue;
        };
        if marker.kind == MarkerKind::Appendix {
            break;
        }
        headings += 1;
        // An excerpt of a plan may open at a later chapter (第五章).
        let opens =
            marker.value == 1 || matches!(marker.kind, MarkerKind::Part | MarkerKind::Legal);
        if !opens || headings < 2 {
            continue;
        }
        if let Some(title) = title_before(text, lines, i) {
            starts.push(title);
            headings = 1;
        }
    }
    starts
}

/// The title of a plan whose first heading is `heading`: among the title-like lines just
/// before it (the previous plan's sign-off, the title, a bracketed subtitle), the last that
/// names a plan.
fn title_before(text: &str, lines: &[Line], heading: usize) -> Option<usize> {
    let mut title = None;
    for i in (0..heading).rev() {
        let line = &lines[i];
        if line.kind == LineKind::Blank {
            continue;
        }
        if !is_title_like(text, line) {
            break;
        }
        let s = text[line.span.start..line.span.end].trim_matches(is_ws);
        if title.is_none() && LAYOUT.names_a_plan(s) {
            title = Some(i);
        }
    }
    title
}

/// Free text is a document when it has numbered headings, runs to several sentences or is
/// longer than a few lines; a site header (a page title, one introductory paragraph) is
/// none of these.
fn looks_like_document(text: &str, lines: &[Line]) -> bool {
    let mut sentences = 0;
    let mut filled = 0;
    for line in lines {
        if line.kind != LineKind::Blank {
            filled += 1;
        }
        match line.kind {
            LineKind::Heading { .. } => return true,
            LineKind::Paragraph { .. } | LineKind::Label { .. } => {
                let s = text[line.span.start..line.span.end].trim_end_matches(is_ws);
                if s.ends_with(['。', '！', '？', '；']) {
                    sentences += 1;
                }
            }
            _ => {}
        }
    }
    sentences >= MIN_DOCUMENT_SENTENCES || filled > MAX_HEADER_LINES
}

/// Record boilerplate lines, joined to the boilerplate just before them (a trailer, then the
/// next page's header).
fn push_boilerplate(text: &str, page: &mut Page, lines: &[Line]) {
    let filled = |l: &&Line| l.kind != LineKind::Blank;
    let (Some(first), Some(last)) = (lines.iter().find(filled), lines.iter().rfind(filled)) else {
        return;
    };
    match page.boilerplate.last_mut() {
        Some(prev) if text[prev.end..first.span.start].trim().is_empty() => {
            prev.end = last.span.end;
        }
        _ => page
            .boilerplate
            .push(Span::new(first.span.start, last.span.end)),
    }
}

fn ends_with_final_punct(s: &str) -> bool {
    s.trim_end_matches(is_ws).ends_with([
        '。', '！', '？', '；', '.', '!', '?', ';', ':', '：', '，', ',',
    ])
}

fn is_title_like(text: &str, line: &Line) -> bool {
    let s = text[line.span.start..line.span.end].trim_matches(is_ws);
    matches!(
        line.kind,
        LineKind::Paragraph { .. } | LineKind::Separator | LineKind::Trailer
    ) && s.chars().count() <= MAX_TITLE_CHARS
        && !ends_with_final_punct(s)
}

fn build_document(text: &str, lines: &[Line], separator: Option<usize>) -> Document {
    let mut doc = Document {
        span: match (lines.first(), lines.last()) {
            (Some(f), Some(l)) => Span::new(f.span.start, l.span.end),
            _ => Span::default(),
        },
        ..Document::default()
    };
    let first_heading = lines
        .iter()
        .position(|l| matches!(l.kind, LineKind::Heading { .. }));
    let title_index = match separator {
        Some(i) => Some(i),
        None => find_title(text, lines, first_heading.unwrap_or(lines.len())),
    };
    if let Some(i) = title_index {
        if let Some(line) = lines.get(i) {
            doc.title = Some(trim(text, line.span));
        }
        if let LineKind::MarkdownPlain { rest, .. } = lines[i].kind {
            doc.title = Some(rest);
        }
    }
    let toc = find_toc(text, lines);
    if let Some((a, b)) = toc {
        doc.toc = Some(Span::new(lines[a].span.start, lines[b].span.end));
    }
    let uses_decimal = lines.iter().any(|l| {
        matches!(&l.kind, LineKind::Heading { marker, .. } if matches!(marker.kind, MarkerKind::Decimal(k) if k >= 2))
    });
    let mut nest = Nester {
        text,
        doc: &mut doc,
        stack: Vec::new(),
        in_appendix: false,
        inverted: Vec::new(),
        seen: Vec::new(),
    };
    for (i, line) in lines.iter().enumerate() {
        if Some(i) == title_index || toc.is_some_and(|(a, b)| (a..=b).contains(&i)) {
            continue;
        }
        nest.line(lines, i, line, uses_decimal);
    }
    if doc.sections.is_empty() {
        find_unnumbered_headings(text, lines, title_index, &mut doc);
    }
    finish_spans(&mut doc);
    doc.truncated = ends_abruptly(text, lines, &doc);
    doc.ends_on_lone_item = ends_on_lone_first_item(&doc);
    doc
}

/// The first short unpunctuated line before the first heading; after a cover letter
/// (印发…通知), the title of the plan it covers.
fn find_title(text: &str, lines: &[Line], first_heading: usize) -> Option<usize> {
    let before = &lines[..first_heading.min(lines.len())];
    let first = before.iter().position(|l| l.kind != LineKind::Blank)?;
    if let LineKind::MarkdownPlain { level: 1, .. } = before[first].kind {
        return Some(first);
    }
    if !is_title_like(text, &before[first]) {
        return None;
    }
    let title = &text[before[first].span.start..before[first].span.end];
    let covers = before.iter().position(|l| {
        let s = &text[l.span.start..l.span.end];
        LAYOUT.names_addressees(s)
    });
    if let (true, Some(cover)) = (title.contains("通知"), covers) {
        // The last title-like line after the cover letter that is followed by body text.
        let mut candidate = None;
        for i in cover + 1..before.len() {
            if before[i].kind == LineKind::Blank || !is_title_like(text, &before[i]) {
                continue;
            }
            // （2021-2024年） under a title line is the title's second line, not a title.
            let line = text[before[i].span.start..before[i].span.end].trim();
            let bracketed = line.starts_with(['（', '(']) && line.ends_with(['）', ')']);
            if bracketed && candidate.is_some_and(|c| c + 1 == i) {
                continue;
            }
            let next = lines[i + 1..].iter().find(|l| l.kind != LineKind::Blank);
            if next.is_none_or(|n| !is_title_like(text, n)) || next_is_bracketed(text, next) {
                candidate = Some(i);
            }
        }
        return candidate.or(Some(first));
    }
    Some(first)
}

/// Whether a line is a bracketed second title line (（2021-2024年）, （试行）).
fn next_is_bracketed(text: &str, line: Option<&Line>) -> bool {
    line.is_some_and(|l| {
        let t = text[l.span.start..l.span.end].trim();
        t.starts_with(['（', '(']) && t.ends_with(['）', ')']) && t.chars().count() <= 16
    })
}

/// A table of contents: a run of three or more heading lines (blank lines between allowed)
/// whose headings all appear again later in the document, or a run of five or more that the
/// body restarts right after (its first heading again).
fn find_toc(text: &str, lines: &[Line]) -> Option<(usize, usize)> {
    if let Some(found) = find_leadered_toc(text, lines) {
        return Some(found);
    }
    // The key of a heading line is its text from the marker to the end of the heading words,
    // without a TOC's dot leaders and page number: a slice, no allocation.
    let key = |l: &Line| -> Option<&str> {
        let LineKind::Heading { marker, rest, .. } = &l.kind else {
            return None;
        };
        let line = text.get(marker.span.start..rest.end)?;
        Some(line.trim_end_matches(|c: char| {
            c.is_ascii_digit() || is_ws(c) || matches!(c, '.' | '…' | '·' | '-')
        }))
    };
    let headings: Vec<(usize, &str)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| key(l).map(|k| (i, k)))
        .collect();
    if headings.len() < 6 || !has_heading_run(lines, &headings) {
        return None;
    }
    // The keys of the current run, and (built at the first run long enough to be a contents
    // list) where each key is last seen: both checks are then lookups, so thousands of headings
    // in a row stay linear. B-trees, not hash maps: a typical plan has a few dozen headings and
    // hashing them cost more than the comparisons.
    let mut last_seen: Option<std::collections::BTreeMap<&str, usize>> = None;
    let mut in_run: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
    let mut run_start = 0;
    for n in 1..=headings.len() {
        in_run.insert(headings[n - 1].1);
        // A run is broken by body text, or by a heading it already holds (the body restarting).
        let contiguous = n < headings.len()
            && lines[headings[n - 1].0 + 1..headings[n].0]
                .iter()
                .all(|l| l.kind == LineKind::Blank)
            && !in_run.contains(headings[n].1);
        if contiguous {
            continue;
        }
        in_run.clear();
        let run = &headings[run_start..n];
        if run.len() < 3 {
            run_start = n;
            continue;
        }
        let last_seen = last_seen.get_or_insert_with(|| {
            headings
                .iter()
                .enumerate()
                .map(|(i, (_, k))| (*k, i))
                .collect()
        });
        // A contents list comes first: its headings must appear again after it.
        let repeated = run
            .iter()
            .filter(|(_, k)| last_seen.get(k).is_some_and(|&at| at >= n))
            .count();
        // A body that starts over with the run's first heading right after it: the contents of
        // a text cut short before the later headings.
        let body_restarts = run.len() >= 5 && headings.get(n).is_some_and(|h| h.1 == run[0].1);
        if repeated * 5 >= run.len() * 4 || body_restarts {
            let (first, last) = (run[0].0, run[run.len() - 1].0);
            return Some((with_contents_heading(text, lines, first), last));
        }
        run_start = n;
    }
    None
}

/// Three or more lines in a row (blank lines between allowed) that end in dot leaders and a
/// page number: contents, whatever the headings look like later (a converted report runs its
/// first paragraph into them) and whether or not the entries parse as headings (第 1 章).
fn find_leadered_toc(text: &str, lines: &[Line]) -> Option<(usize, usize)> {
    let leadered = |i: usize| ends_with_page_leader(&text[lines[i].span.start..lines[i].span.end]);
    let mut i = 0;
    while i < lines.len() {
        if !leadered(i) {
            i += 1;
            continue;
        }
        let (first, mut last, mut count) = (i, i, 1);
        let mut j = i + 1;
        while j < lines.len() && (lines[j].kind == LineKind::Blank || leadered(j)) {
            if lines[j].kind != LineKind::Blank {
                (last, count) = (j, count + 1);
            }
            j += 1;
        }
        if count >= 3 {
            return Some((with_contents_heading(text, lines, first), last));
        }
        i = j;
    }
    None
}

/// Where a contents list starting at line `first` begins: at the 目录 line just before it,
/// if there is one.
fn with_contents_heading(text: &str, lines: &[Line], first: usize) -> usize {
    (0..first)
        .rev()
        .find(|&k| lines[k].kind != LineKind::Blank)
        .filter(|&k| LAYOUT.is_contents_heading(&text[lines[k].span.start..lines[k].span.end]))
        .unwrap_or(first)
}

/// `第 1 章 设计概述……………7`, `1.2 分析....12`: a contents entry's dot leaders (three or
/// more) and page number at the end of the line.
fn ends_with_page_leader(line: &str) -> bool {
    let rest = line.trim_end_matches(is_ws);
    let page = rest.trim_end_matches(|c: char| c.is_ascii_digit());
    if page.len() == rest.len() {
        return false;
    }
    let leaders = page
        .trim_end_matches(is_ws)
        .chars()
        .rev()
        .take_while(|c| matches!(c, '.' | '．' | '·' | '…' | '‥' | '・'))
        .count();
    leaders >= 3
}

/// Three heading lines in a row with only blank lines between: a table of contents is possible.
fn has_heading_run(lines: &[Line], headings: &[(usize, &str)]) -> bool {
    headings.windows(3).any(|w| {
        w.windows(2).all(|p| {
            lines[p[0].0 + 1..p[1].0]
                .iter()
                .all(|l| l.kind == LineKind::Blank)
        })
    })
}

struct Nester<'a> {
    text: &'a str,
    doc: &'a mut Document,
    stack: Vec<SectionId>,
    in_appendix: bool,
    /// Marker kinds this document uses one level below the next kind down the ladder instead
    /// of above it (（1） then 1．): (inner kind, its parent kind).
    inverted: Vec<(MarkerKind, MarkerKind)>,
    /// The marker kinds opened so far (a dozen at most), so a first appearance is a lookup.
    seen: Vec<MarkerKind>,
}

impl Nester<'_> {
    fn line(&mut self, lines: &[Line], i: usize, line: &Line, uses_decimal: bool) {
        match &line.kind {
            LineKind::Blank | LineKind::Directive { .. } => {}
            LineKind::Heading {
                marker,
                rest,
                markdown,
            } => {
                if marker.kind == MarkerKind::Decimal(1) && !uses_decimal {
                    self.block(Block::Paragraph {
                        span: trim(self.text, line.span),
                    });
                } else {
                    self.note_inversion(*marker, &lines[i + 1..]);
                    self.open(*marker, *rest, line.span, *markdown);
                }
            }
            LineKind::MarkdownPlain { level, rest } => {
                let marker = Marker {
                    kind: MarkerKind::Markdown(*level),
                    value: 0,
                    style: MarkerStyle::named("#"),
                    span: trim(self.text, Span::new(line.span.start, rest.start)),
                };
                self.open(marker, *rest, line.span, Some(*level));
            }
            LineKind::Ambiguous {
                value,
                marker,
                rest,
            } => {
                if self.ambiguous_is_heading(lines, i, *value) {
                    let marker = Marker {
                        kind: MarkerKind::Arabic,
                        value: *value,
                        style: MarkerStyle::named("."),
                        span: *marker,
                    };
                    self.open(marker, *rest, line.span, None);
                } else {
                    self.block(Block::Paragraph {
                        span: trim(self.text, line.span),
                    });
                }
            }
            LineKind::Label { key, value } => {
                let parent = self.stack.last().copied();
                self.doc.soft_headings.push(SoftHeading {
                    kind: SoftKind::Label,
                    heading: *key,
                    line: line.span,
                    parent,
                });
                self.block(Block::Label {
                    key: *key,
                    value: *value,
                    line: trim(self.text, line.span),
                });
            }
            LineKind::Bullet { glyph, rest } => self.block(Block::Bullet {
                glyph: *glyph,
                text: *rest,
            }),
            LineKind::Paragraph { rest } => self.block(Block::Paragraph { span: *rest }),
            LineKind::Separator | LineKind::Trailer => self.block(Block::Paragraph {
                span: trim(self.text, line.span),
            }),
        }
    }

    /// `1.70歲以上…` is a heading when its integer continues the sibling sequence.
    fn ambiguous_is_heading(&self, lines: &[Line], i: usize, value: u32) -> bool {
        let open_arabic = self
            .stack
            .iter()
            .rev()
            .map(|&id| &self.doc.sections[id])
            .find(|s| s.marker.kind.rank() <= 3);
        if let Some(s) = open_arabic.filter(|s| s.marker.kind == MarkerKind::Arabic) {
            return s.marker.value + 1 == value;
        }
        value == 1
            && lines[i + 1..].iter().take(40).find_map(|l| match &l.kind {
                LineKind::Ambiguous { value, .. } => Some(*value == 2),
                LineKind::Heading { marker, .. } if marker.kind == MarkerKind::Arabic => {
                    Some(marker.value == 2)
                }
                LineKind::Heading { marker, .. } if marker.kind.rank() < 3 => Some(false),
                _ => None,
            }) == Some(true)
    }

    fn open(&mut self, marker: Marker, rest: Span, line: Span, markdown: Option<u8>) {
        if marker.kind == MarkerKind::Appendix {
            self.in_appendix = true;
        }
        if !self.seen.contains(&marker.kind) {
            self.seen.push(marker.kind);
        }
        while let Some(&top) = self.stack.last() {
            if self.closes_section(marker, top) {
                self.stack.pop();
            } else {
                break;
            }
        }
        let parent = self.stack.last().copied();
        let level = parent.map_or(0, |p| self.doc.sections[p].level + 1);
        let (heading, heading_end, inline_body) = split_heading(self.text, rest);
        let id = self.doc.sections.len();
        self.doc.sections.push(Section {
            marker,
            level,
            heading,
            heading_end,
            inline_body,
            line: trim(self.text, line),
            span: trim(self.text, line),
            blocks: Vec::new(),
            parent,
            children: Vec::new(),
            markdown_level: markdown,
            in_appendix: self.in_appendix,
        });
        match parent {
            Some(p) => self.doc.sections[p].children.push(id),
            None => self.doc.roots.push(id),
        }
        self.stack.push(id);
    }

    /// A kind first seen as item 1 right under the kind one step below it on the ladder (1．
    /// under （1）, 一、 under （一）), when the outer list then goes on (（2） follows before any
    /// higher heading): some plans number their levels in that order, and then do so
    /// throughout.
    fn note_inversion(&mut self, marker: Marker, following: &[Line]) {
        let Some(&top) = self.stack.last() else {
            return;
        };
        let (kind, outer) = (marker.kind, self.doc.sections[top].marker);
        let adjacent = matches!(
            (kind, outer.kind),
            (MarkerKind::Arabic, MarkerKind::ArabicParen)
                | (MarkerKind::HanComma, MarkerKind::HanParen)
        );
        if !adjacent
            || marker.value != 1
            || self
                .inverted
                .iter()
                .any(|&(k, _)| k == kind || k == outer.kind)
            || self.seen.contains(&kind)
        {
            return;
        }
        let next_outer = following.iter().take(400).find_map(|l| match &l.kind {
            LineKind::Heading { marker: m, .. }
                if m.kind == outer.kind || m.kind.rank() < kind.rank() =>
            {
                Some(*m)
            }
            _ => None,
        });
        if next_outer.is_some_and(|m| m.kind == outer.kind && m.value == outer.value + 1) {
            self.inverted.push((kind, outer.kind));
        }
    }

    /// Whether `new` closes the open section `top`. Besides the ladder (see `closes`), lists
    /// inside a decimal hierarchy: `1.` under `5.2.1` is the first item of a list in that
    /// section unless it goes on from the decimal's top number (`2.` after `1.3`, and not
    /// after `1.`), and the next decimal heading closes such a list.
    fn closes_section(&self, new: Marker, top: SectionId) -> bool {
        let open = &self.doc.sections[top];
        match (new.kind, open.marker.kind) {
            (MarkerKind::Decimal(_), MarkerKind::Arabic) if self.inside_decimal(top) => true,
            (MarkerKind::Arabic, MarkerKind::Decimal(_)) => {
                let continues_list = open.children.last().is_some_and(|&c| {
                    let m = self.doc.sections[c].marker;
                    m.kind == MarkerKind::Arabic && m.value + 1 == new.value
                });
                if continues_list {
                    return false;
                }
                let first = self.text[open.marker.span.start..open.marker.span.end]
                    .split(['.', '．'])
                    .next()
                    .and_then(numeral::digits_value);
                first.is_some_and(|a| u64::from(new.value) == a + 1)
            }
            (kind, open_kind) => self.closes(kind, open_kind),
        }
    }

    /// Whether a section sits below a decimal heading.
    fn inside_decimal(&self, id: SectionId) -> bool {
        let mut parent = self.doc.sections[id].parent;
        while let Some(p) = parent {
            if matches!(self.doc.sections[p].marker.kind, MarkerKind::Decimal(_)) {
                return true;
            }
            parent = self.doc.sections[p].parent;
        }
        false
    }

    fn closes(&self, new: MarkerKind, open: MarkerKind) -> bool {
        for &(inner, outer) in &self.inverted {
            if (new, open) == (inner, outer) {
                return false;
            }
            if (new, open) == (outer, inner) {
                return true;
            }
        }
        closes(new, open)
    }

    fn block(&mut self, block: Block) {
        match self.stack.last() {
            Some(&id) => self.doc.sections[id].blocks.push(block),
            None => self.doc.preamble.push(block),
        }
    }
}

/// Whether a heading of kind `new` closes the open section of kind `open`: one of equal or
/// greater rank does. Decimal headings (1 / 1.1 / 1.1.1, GB/T style) are a hierarchy of their
/// own, and the list markers used inside them (（1） ① 第一) belong below any of them:
/// `3.2 应急响应` then `（1）Ⅳ级响应` is a list inside 3.2, not its sibling. (`3.` after `2.2` is
/// the decimal hierarchy's own next item, so Arabic markers keep their rank.)
fn closes(new: MarkerKind, open: MarkerKind) -> bool {
    let list_item = |k: MarkerKind| {
        matches!(
            k,
            MarkerKind::ArabicParen | MarkerKind::Circled | MarkerKind::Ordinal
        )
    };
    match (new, open) {
        (_, MarkerKind::Decimal(_)) if list_item(new) => false,
        // `5.1.2 启动程序` after the list （1）…（5） inside 5.1.1: the list ends, the decimal
        // hierarchy goes on.
        (MarkerKind::Decimal(_), _) if list_item(open) => true,
        _ => open.rank() >= new.rank(),
    }
}

/// Split a heading's text at the first `。！？；;:：` outside brackets and quotes (DESIGN §3.3).
pub fn split_heading(text: &str, rest: Span) -> (Span, Option<char>, Option<Span>) {
    let s = &text[rest.start..rest.end];
    let lead = s.len()
        - s.trim_start_matches(|c: char| {
            is_ws(c) || matches!(c, ':' | '：' | '、' | ',' | '，' | '.' | '．')
        })
        .len();
    let start = rest.start + lead;
    let mut depth: i32 = 0;
    let body = &text[start..rest.end];
    // 14:00 — a colon between digits is a time of day, not the end of the heading.
    let time_colon = |i: usize| {
        body[..i].ends_with(|c: char| c.is_ascii_digit())
            && body[i + 1..].starts_with(|c: char| c.is_ascii_digit())
    };
    for (i, c) in body.char_indices() {
        match c {
            ':' if time_colon(i) => {}
            '(' | '（' | '《' | '“' | '【' | '[' | '「' | '『' | '‘' | '〔' => depth += 1,
            ')' | '）' | '》' | '”' | '】' | ']' | '」' | '』' | '’' | '〕' => {
                depth = (depth - 1).max(0)
            }
            '。' | '！' | '？' | '；' | ';' | ':' | '：' if depth == 0 => {
                let heading = trim(text, Span::new(start, start + i));
                let body = trim(text, Span::new(start + i + c.len_utf8(), rest.end));
                return (heading, Some(c), (!body.is_empty()).then_some(body));
            }
            _ => {}
        }
    }
    (trim(text, Span::new(start, rest.end)), None, None)
}

/// Short unpunctuated lines that stand between paragraphs, in a document with no numbered
/// sections (news items and reports use them as headings).
fn find_unnumbered_headings(text: &str, lines: &[Line], title: Option<usize>, doc: &mut Document) {
    for (i, line) in lines.iter().enumerate() {
        let LineKind::Paragraph { rest } = line.kind else {
            continue;
        };
        if Some(i) == title {
            continue;
        }
        let s = &text[rest.start..rest.end];
        let chars = s.chars().count();
        let punctuated = s.chars().any(|c| !c.is_alphanumeric() && !is_ws(c));
        let next_is_body = lines[i + 1..]
            .iter()
            .find(|l| l.kind != LineKind::Blank)
            .is_some_and(|l| matches!(l.kind, LineKind::Paragraph { rest } if text[rest.start..rest.end].chars().count() > chars * 2));
        if (4..=20).contains(&chars) && !punctuated && next_is_body {
            doc.soft_headings.push(SoftHeading {
                kind: SoftKind::Unnumbered,
                heading: rest,
                line: line.span,
                parent: None,
            });
        }
    }
}

/// Each section's span runs to the end of its last block or descendant.
fn finish_spans(doc: &mut Document) {
    for id in (0..doc.sections.len()).rev() {
        let s = &doc.sections[id];
        let mut end = s.line.end;
        if let Some(b) = s.blocks.last() {
            end = end.max(b.span().end);
        }
        for &c in &s.children {
            end = end.max(doc.sections[c].span.end);
        }
        doc.sections[id].span.end = end;
    }
}

/// The text stops early: it ends on a heading with no body, or on a line ending in a colon.
fn ends_abruptly(text: &str, lines: &[Line], doc: &Document) -> bool {
    let Some(last) = lines.iter().rev().find(|l| l.kind != LineKind::Blank) else {
        return false;
    };
    let s = text[last.span.start..last.span.end].trim_end_matches(is_ws);
    if s.ends_with([':', '：']) {
        return true;
    }
    doc.sections.last().is_some_and(|sec| {
        sec.line.end >= last.span.end.saturating_sub(1)
            && !sec.has_content()
            && sec.heading_end != Some('。')
    })
}

/// The last heading opens an enumeration (value 1) that never gets a second item: the text was
/// cut right after `1、…`.
fn ends_on_lone_first_item(doc: &Document) -> bool {
    let Some((id, last)) = doc.sections.iter().enumerate().next_back() else {
        return false;
    };
    if last.marker.value != 1 || !last.children.is_empty() {
        return false;
    }
    let siblings = doc.children_of(last.parent);
    let same_kind = siblings
        .iter()
        .filter(|&&s| doc.sections[s].marker.kind == last.marker.kind)
        .count();
    same_kind == 1
        || siblings.last() == Some(&id)
            && siblings
                .iter()
                .rev()
                .nth(1)
                .is_some_and(|&p| doc.sections[p].marker.value > 1)
}

#[cfg(test)]
mod tests {
    use super::{marker_style, split_heading};
    use crate::source::Span;
    use crate::syntax::tree::{MarkerKind, MarkerStyle};

    #[test]
    fn every_marker_style_has_its_byte() {
        let markers = [
            (MarkerKind::HanComma, "一、"),
            (MarkerKind::Arabic, "1."),
            (MarkerKind::Arabic, "１．"),
            (MarkerKind::Arabic, "1)"),
            (MarkerKind::Arabic, "1）"),
            (MarkerKind::HanParen, "(一)"),
            (MarkerKind::HanParen, "（一）"),
            (MarkerKind::HanParen, "(一)、"),
            (MarkerKind::HanParen, "（一）、"),
            (MarkerKind::HanParen, "（一)"),
            (MarkerKind::Part, "第一部分"),
            (MarkerKind::Part, "第一章"),
            (MarkerKind::Appendix, "附件1"),
            (MarkerKind::Phase, "第一阶段"),
            (MarkerKind::Phase, "第一步"),
            (MarkerKind::Ordinal, "第一、"),
            (MarkerKind::Ordinal, "第一，"),
            (MarkerKind::HanParen, "㈠、"),
            (MarkerKind::HanParen, "㈠"),
            (MarkerKind::ArabicParen, "⑴"),
            (MarkerKind::Arabic, "⒈"),
            (MarkerKind::Circled, "①"),
            (MarkerKind::Decimal(2), "1.1"),
        ];
        for (kind, raw) in markers {
            let style = marker_style(kind, raw);
            assert_eq!(MarkerStyle::named(style).as_str(), style, "{raw}");
            assert_ne!(style, "other", "{raw}");
        }
        assert_eq!(MarkerStyle::named("#").as_str(), "#");
    }

    fn split(s: &str) -> (&str, Option<char>, Option<&str>) {
        let (heading, end, body) = split_heading(s, Span::new(0, s.len()));
        (
            &s[heading.start..heading.end],
            end,
            body.map(|b| &s[b.start..b.end]),
        )
    }

    #[test]
    fn a_heading_ends_at_its_first_colon_but_not_inside_a_time() {
        assert_eq!(
            split("工作目标：全面提升"),
            ("工作目标", Some('：'), Some("全面提升"))
        );
        assert_eq!(
            split("14:00—15:30 年度总结：行政部"),
            ("14:00—15:30 年度总结", Some('：'), Some("行政部"))
        );
        assert_eq!(split("时间:9月"), ("时间", Some(':'), Some("9月")));
    }
}
