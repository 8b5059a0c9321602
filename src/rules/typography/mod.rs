//! PL5xx: text damage that makes a plan unfit to sign — unbalanced brackets, stray
//! punctuation and line breaks, doubled characters and list items, mojibake and misread
//! characters.

mod line_breaks;
mod list_items;
mod misread;
pub mod vocab;

use super::Ctx;
use crate::declare_rule;
use crate::rules::diagnostic::Diagnostic;
use crate::source::Span;
use crate::syntax::Block;
use crate::text::chars::is_han;

/// The characters of a span with their byte offsets in the file.
fn chars_of(cx: &Ctx<'_>, span: Span) -> Vec<(usize, char)> {
    cx.source
        .folded(span)
        .char_indices()
        .map(|(i, c)| (span.start + i, c))
        .collect()
}

/// The text spans of the document that contain one of `triggers` (a byte, or a byte string):
/// one SIMD scan of the document per trigger instead of a character walk over every line.
fn spans_containing(cx: &Ctx<'_>, triggers: &[&[u8]]) -> Vec<Span> {
    let spans = &cx.facts.text_spans;
    let text = cx.source.folded(cx.doc.span).as_bytes();
    let mut hits: Vec<usize> = Vec::new();
    for t in triggers {
        match t {
            [b] => hits.extend(memchr::memchr_iter(*b, text)),
            bytes => hits.extend(memchr::memmem::find_iter(text, bytes)),
        }
    }
    hits.sort_unstable();
    let start = cx.doc.span.start;
    crate::extract::placeholders::spans_holding(spans, hits.into_iter().map(|h| start + h))
}

fn char_span(at: usize, c: char) -> Span {
    Span::new(at, at + c.len_utf8())
}

declare_rule! {
    /// Flags brackets and quotes that do not pair up within a paragraph (a heading is a
    /// paragraph of its own): 《 》 “ ” ‘ ’ （ ） ( ) 【 】 「 」 『 』 〔 〕. Matching uses a stack,
    /// never counting: an unclosed “ and a stray ” are two errors. ( and （ close each other,
    /// since scraped copies mix widths, and an enumeration such as `1）` or `a)` is not a bracket.
    ///
    /// **Bad:** `刊登于《宁波晚报》》等媒体`
    ///
    /// **Good:** `刊登于《宁波晚报》等媒体`
    pub static UNBALANCED_BRACKET = ("PL501", "unbalanced-bracket", Warning,
        "《 》 “ ” ‘ ’ （ ） ( ) 【 】 「 」 『 』 unbalanced within a paragraph", unbalanced_bracket);
}

/// `1）`, `a)`, `二)` after a clause start: an enumeration mark, not a closing bracket.
/// `before` is the paragraph's text up to the bracket.
fn is_enumeration(before: &str) -> bool {
    let mut back = before.chars().rev();
    let mut n = 0;
    let mut prev = back.next();
    while n < 2
        && prev
            .is_some_and(|c| c.is_ascii_alphanumeric() || crate::text::numeral::is_han_numeral(c))
    {
        n += 1;
        prev = back.next();
    }
    n > 0 && prev.is_none_or(|c| "，,；;：:。、 \u{3000}".contains(c))
}

/// The characters the bracket walk looks at, with their byte offsets in `text`: ( ) and the
/// brackets of rules/typography.toml (U+2018–U+201D, U+3008–U+3015, U+FF08–U+FF09), and the
/// sentence ends 。！？. Found by a byte scan; every other character is skipped undecoded.
fn bracket_events(text: &str) -> Vec<(usize, char)> {
    let bytes = text.as_bytes();
    // Candidate lead bytes by SIMD search, two sorted streams (memchr takes three needles at
    // most) merged in order: no candidate list to collect and sort.
    let mut ascii = memchr::memchr3_iter(b'(', b')', 0xE2, bytes).peekable();
    let mut wide = memchr::memchr2_iter(0xE3, 0xEF, bytes).peekable();
    let candidates = std::iter::from_fn(|| match (ascii.peek(), wide.peek()) {
        (Some(a), Some(w)) if a < w => ascii.next(),
        (_, Some(_)) => wide.next(),
        (Some(_), None) => ascii.next(),
        (None, None) => None,
    });
    candidates
        .filter(|&i| {
            let (b1, b2) = (bytes.get(i + 1).copied(), bytes.get(i + 2).copied());
            matches!(
                (bytes[i], b1, b2),
                (b'(' | b')', _, _)
                    | (0xE2, Some(0x80), Some(0x98..=0x9D))
                    | (0xE3, Some(0x80), Some(0x82 | 0x88..=0x95))
                    | (0xEF, Some(0xBC), Some(0x81 | 0x88 | 0x89 | 0x9F))
            )
        })
        .filter_map(|i| Some((i, text.get(i..)?.chars().next()?)))
        .collect()
}

fn unbalanced_bracket(cx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let (opens, closes) = (
        &cx.vocab.damage.typography.sets.opens,
        &cx.vocab.damage.typography.sets.closes,
    );
    let family = |c: char| -> Option<(usize, bool)> {
        let norm = match c {
            '(' => '（',
            ')' => '）',
            other => other,
        };
        opens
            .iter()
            .position(|&o| o == norm)
            .map(|i| (i, true))
            .or_else(|| closes.iter().position(|&o| o == norm).map(|i| (i, false)))
    };
    for &span in &cx.facts.text_spans {
        let text = cx.source.folded(span);
        let events = bracket_events(text);
        if events.iter().all(|e| matches!(e.1, '。' | '！' | '？')) {
            continue;
        }
        let next_char =
            |i: usize, c: char| text.get(i + c.len_utf8()..).and_then(|t| t.chars().next());
        let mut stack: Vec<(usize, char, usize)> = Vec::new();
        // Unmatched closers and unclosed openers of this paragraph, with what closed instead.
        let mut stray: Vec<(usize, char)> = Vec::new();
        let mut open: Vec<(usize, char, Option<Span>)> = Vec::new();
        // Offsets of quotes that have a quote of their own kind nested inside.
        let mut nested: Vec<usize> = Vec::new();
        for &(i, c) in &events {
            let at = span.start + i;
            // A quotation may run over several sentences (告诉同学们：“要成才……。……工作。”), but
            // one that already holds a quotation of the same kind (“《…“三基”…》… — Chinese
            // nests ‘ ’ inside “ ”) and is still open at a sentence end has lost its partner.
            if matches!(c, '。' | '！' | '？') {
                while let Some(&(a, o, _)) = stack.last().filter(|t| nested.contains(&t.0)) {
                    let closer = if o == '“' { '”' } else { '’' };
                    if next_char(i, c) == Some(closer) {
                        break;
                    }
                    open.push((a, o, None));
                    stack.pop();
                }
                continue;
            }
            let Some((kind, opening)) = family(c) else {
                continue;
            };
            // ’ between Latin letters is an apostrophe (don’t).
            let latin = |x: Option<char>| x.is_some_and(|x| x.is_ascii_alphabetic());
            if c == '’' && latin(text[..i].chars().next_back()) && latin(next_char(i, c)) {
                continue;
            }
            if opening {
                if let Some(outer) = stack
                    .iter()
                    .rev()
                    .find(|t| t.1 == c && matches!(c, '“' | '‘'))
                {
                    nested.push(outer.0);
                }
                stack.push((at, c, kind));
                continue;
            }
            if let Some(pos) = stack.iter().rposition(|&(_, _, k)| k == kind) {
                open.extend(
                    stack[pos + 1..]
                        .iter()
                        .map(|&(a, o, _)| (a, o, Some(char_span(at, c)))),
                );
                stack.truncate(pos);
            } else if !is_enumeration(&text[..i]) {
                stray.push((at, c));
            }
        }
        open.extend(stack.into_iter().map(|(a, o, _)| (a, o, None)));
        open.sort_by_key(|o| o.0);
        report_brackets(cx, &stray, &open, out);
    }
}

/// One diagnostic per bracket character and paragraph: three lone `)` on a line left by the
/// same damage are one defect to fix, shown with a label on each.
fn report_brackets(
    cx: &Ctx<'_>,
    stray: &[(usize, char)],
    open: &[(usize, char, Option<Span>)],
    out: &mut Vec<Diagnostic>,
) {
    let mut seen: Vec<char> = Vec::new();
    for &(at, c) in stray {
        if seen.contains(&c) {
            continue;
        }
        seen.push(c);
        let others: Vec<usize> = stray
            .iter()
            .filter(|s| s.1 == c && s.0 != at)
            .map(|s| s.0)
            .collect();
        let mut d = Diagnostic::new(
            &UNBALANCED_BRACKET,
            char_span(at, c),
            format!("`{c}` closes nothing in this paragraph"),
        );
        for o in &others {
            d = d.label(
                char_span(*o, c),
                format!("another `{c}` that closes nothing"),
            );
        }
        out.push(d.help("remove it, or add the opening bracket it belongs to"));
    }
    let mut seen: Vec<char> = Vec::new();
    for &(at, c, instead) in open {
        if seen.contains(&c) {
            continue;
        }
        seen.push(c);
        let mut d = unclosed(cx, at, c, instead);
        for o in open.iter().filter(|o| o.1 == c && o.0 != at) {
            d = d.label(char_span(o.0, c), format!("another `{c}` never closed"));
        }
        out.push(d);
    }
}

fn unclosed(cx: &Ctx<'_>, at: usize, c: char, instead: Option<Span>) -> Diagnostic {
    let mut d = Diagnostic::new(
        &UNBALANCED_BRACKET,
        char_span(at, c),
        format!("`{c}` is never closed in this paragraph"),
    );
    if let Some(other) = instead {
        d = d.label(
            other,
            format!("`{}` closes an outer bracket first", cx.text(other)),
        );
    }
    d.help("add the closing bracket, or remove this one")
}

declare_rule! {
    /// Flags punctuation left by copying: an ASCII `.` `'` `` ` `` or `>` between Han characters
    /// (的.励志, 宿舍的'各项), a full-width 。 used as a decimal point (1。5亿), doubled sentence
    /// punctuation (。。, 、、), and line breaks in the wrong place: a line that starts with `，`,
    /// or a sentence that breaks off at the end of a line and goes on in the next one
    /// (服务状 / 况。). Removing the stray mark, writing `.` for the decimal point and collapsing
    /// 。。 and ，， are safe fixes; joining lines is left to the writer. A text wrapped on
    /// purpose (many such breaks) stays silent.
    ///
    /// **Bad:** `超过1。5亿人，富有鲜明特色的.励志教育`
    ///
    /// **Good:** `超过1.5亿人，富有鲜明特色的励志教育`
    pub static STRAY_PUNCTUATION = ("PL502", "stray-punctuation", Warning,
        "ASCII '.' between Han characters, full-width 。 used as a decimal point (1。5亿), stray ' or >", stray_punctuation);
}

fn stray_punctuation(cx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    stray_marks(cx, out);
    for b in line_breaks::broken_sentences(cx) {
        let before = cx.text(Span::new(
            cx.source
                .line_index
                .line_start(cx.source.line_index.line_of(b.last_char.start)),
            b.last_char.end,
        ));
        let tail: String = tail_chars(before, 8);
        let head: String = cx
            .text(Span::new(b.continuation.start, cx.doc.span.end))
            .chars()
            .take_while(|c| *c != '\n')
            .take(8)
            .collect();
        out.push(
            Diagnostic::new(
                &STRAY_PUNCTUATION,
                b.last_char,
                format!("the sentence breaks off at the end of the line: `{tail}` goes on with `{head}`"),
            )
            .label(b.continuation, "it continues here")
            .help("join the two lines: the break was added when the text was copied"),
        );
    }
}

/// The last `n` characters of `text`.
fn tail_chars(text: &str, n: usize) -> String {
    let skip = text.chars().count().saturating_sub(n);
    text.chars().skip(skip).collect()
}

fn stray_marks(cx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let sets = &cx.vocab.damage.typography.sets;
    let (between, doubled, fixable) = (&sets.between_han, &sets.doubled, &sets.doubled_fixable);
    for span in stray_candidates(cx, between, doubled) {
        let chars = chars_of(cx, span);
        let mut i = 0;
        while i < chars.len() {
            let (at, c) = chars[i];
            let prev = i.checked_sub(1).map(|p| chars[p].1);
            let next = chars.get(i + 1).map(|n| n.1);
            // `>` closing an inner title (《关于转发<…>的通知》) is a bracket, not residue.
            let inner_title = c == '>' && chars[..i].iter().any(|x| x.1 == '<');
            if i == 0
                && "。，、；：".contains(c)
                && span.start
                    == cx
                        .source
                        .line_index
                        .line_start(cx.source.line_index.line_of(span.start))
                        + line_indent(cx, span.start)
            {
                // A line that opens with sentence punctuation: the break before it is in the wrong place.
                out.push(
                    Diagnostic::new(
                        &STRAY_PUNCTUATION,
                        char_span(at, c),
                        format!(
                            "the line starts with `{c}`: it belongs at the end of the line before"
                        ),
                    )
                    .help("join the line to the previous one"),
                );
            } else if between.contains(&c) && !inner_title && stray_between(c, prev, next) {
                let name = match c {
                    '.' => "an ASCII full stop".to_owned(),
                    '`' => "a stray backtick".to_owned(),
                    other => format!("a stray `{other}`"),
                };
                out.push(
                    Diagnostic::new(
                        &STRAY_PUNCTUATION,
                        char_span(at, c),
                        format!("{name} inside the text: `{}`", context(cx, &chars, i)),
                    )
                    .help("remove it")
                    .fix(char_span(at, c), ""),
                );
            } else if c == '。'
                && prev.is_some_and(|p| p.is_ascii_digit())
                && next.is_some_and(|n| n.is_ascii_digit())
            {
                out.push(
                    Diagnostic::new(
                        &STRAY_PUNCTUATION,
                        char_span(at, c),
                        format!(
                            "`。` used as a decimal point in `{}`",
                            context(cx, &chars, i)
                        ),
                    )
                    .help("write `.` for the decimal point")
                    .fix(char_span(at, c), "."),
                );
            } else if doubled.contains(&c) && next == Some(c) {
                let mut j = i;
                while chars.get(j + 1).is_some_and(|n| n.1 == c) {
                    j += 1;
                }
                let run = Span::new(at, chars[j].0 + c.len_utf8());
                let mut d = Diagnostic::new(
                    &STRAY_PUNCTUATION,
                    run,
                    format!("doubled punctuation `{}`", cx.text(run)),
                );
                d = if fixable.contains(&c) {
                    d.help(format!("keep one `{c}`")).fix(run, c.to_string())
                } else {
                    d.help("an item may be missing between them; keep one or restore the item")
                };
                out.push(d);
                i = j;
            }
            i += 1;
        }
    }
}

/// The width of the white space that indents the line holding `offset`.
fn line_indent(cx: &Ctx<'_>, offset: usize) -> usize {
    let start = cx
        .source
        .line_index
        .line_start(cx.source.line_index.line_of(offset));
    let line = cx.source.slice(Span::new(start, offset));
    line.len()
        - line
            .trim_start_matches([' ', '\t', '\u{3000}', '\u{A0}'])
            .len()
}

/// Spans that may hold stray punctuation: an ASCII mark, a doubled mark, 。 between digits, or a
/// line that opens with punctuation.
fn stray_candidates(cx: &Ctx<'_>, between: &[char], doubled: &[char]) -> Vec<Span> {
    let mut triggers: Vec<Vec<u8>> = between.iter().map(|c| c.to_string().into_bytes()).collect();
    triggers.extend(
        doubled
            .iter()
            .map(|c| [*c, *c].iter().collect::<String>().into_bytes()),
    );
    let refs: Vec<&[u8]> = triggers.iter().map(Vec::as_slice).collect();
    let mut spans = spans_containing(cx, &refs);
    // 。 between two digits (1。5亿): one search of the document for 。.
    let dot = "。".as_bytes();
    let doc = cx.source.folded(cx.doc.span).as_bytes();
    let decimals: Vec<usize> = memchr::memmem::find_iter(doc, dot)
        .filter(|&i| {
            i > 0
                && doc[i - 1].is_ascii_digit()
                && doc.get(i + dot.len()).is_some_and(u8::is_ascii_digit)
        })
        .map(|i| cx.doc.span.start + i)
        .collect();
    spans.extend(cx.facts.text_spans.iter().copied().filter(|s| {
        decimals
            .get(decimals.partition_point(|&d| d < s.start))
            .is_some_and(|&d| d < s.end)
            || cx
                .source
                .folded(*s)
                .starts_with(['。', '，', '、', '；', '：'])
    }));
    spans.sort_by_key(|s| s.start);
    spans.dedup();
    spans
}

/// `.` `'` `` ` `` between Han characters (`.` also before a digit: 的.15%); `>` after Han or
/// a comma and before Han.
fn stray_between(c: char, prev: Option<char>, next: Option<char>) -> bool {
    let han = |x: Option<char>| x.is_some_and(is_han);
    match c {
        '.' => han(prev) && (han(next) || next.is_some_and(|n| n.is_ascii_digit())),
        '>' => (han(prev) || prev.is_some_and(|p| "，,、；;".contains(p))) && han(next),
        _ => han(prev) && han(next),
    }
}

/// A few characters around position `i`, for messages.
fn context(cx: &Ctx<'_>, chars: &[(usize, char)], i: usize) -> String {
    let from = chars[i.saturating_sub(3)].0;
    let to = chars.get(i + 4).map_or_else(
        || chars.last().map_or(from, |l| l.0 + l.1.len_utf8()),
        |c| c.0,
    );
    cx.text(Span::new(from, to)).to_owned()
}

declare_rule! {
    /// Flags a doubled character that is a typo (加加强, 在在, 级级), judged only for characters
    /// writers rarely double on purpose (rules/chars.toml `[doubling]`), and a list item written
    /// twice in a row (市中医院、市中医院的…, 射阳县、市、市): pasted twice, or the names that told the
    /// items apart were stripped. Reduplications (常常, 人人, 天天, 看看) and AABB forms (的的确确,
    /// 进进出出) stay silent. No automatic fix: which copy to keep, or what is missing, is the
    /// writer's call.
    ///
    /// **Bad:** `大力加加强励志教育，走访社区、社区的困难家庭`
    ///
    /// **Good:** `大力加强励志教育，走访街道、社区的困难家庭`
    pub static DUPLICATED_CHAR = ("PL503", "duplicated-char", Note,
        "a doubled character that is a typo (加加强), not a legitimate reduplication (常常, 人人)", duplicated_char);
}

fn duplicated_char(cx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    doubled_chars(cx, out);
    let lists = spans_containing(cx, &["、".as_bytes()]);
    for r in list_items::repeated_items(cx, &lists) {
        let item = cx.text(r.item);
        out.push(
            Diagnostic::new(
                &DUPLICATED_CHAR,
                r.item,
                format!("the list item `{item}` is written twice: `{item}、{item}`"),
            )
            .label(r.previous, "the same item just before")
            .help("delete the copy, or restore the name that told the two items apart"),
        );
    }
}

fn doubled_chars(cx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let v = &cx.vocab.damage.doubling;
    // Only spans where a suspect is written twice are walked character by character: one pass
    // of an automaton over the document finds them.
    let repeats: Vec<usize> = cx
        .vocab
        .damage
        .doubled_suspects
        .find_iter(cx.source.folded(cx.doc.span))
        .map(|m| cx.doc.span.start + m.start())
        .collect();
    if repeats.is_empty() {
        return;
    }
    // `repeats` is sorted: a span holds one when the first repeat at or after its start is inside it.
    let holds = |s: &Span| {
        repeats
            .get(repeats.partition_point(|&r| r < s.start))
            .is_some_and(|&r| r < s.end)
    };
    for &span in cx.facts.text_spans.iter().filter(|s| holds(s)) {
        let chars = chars_of(cx, span);
        for i in 0..chars.len().saturating_sub(1) {
            let (at, c) = chars[i];
            if chars[i + 1].1 != c || !v.suspects.contains(c) || (i > 0 && chars[i - 1].1 == c) {
                continue;
            }
            let pair: String = [c, c].iter().collect();
            let aabb = chars
                .get(i + 2)
                .zip(chars.get(i + 3))
                .is_some_and(|(a, b)| a.1 == b.1 && a.1 != c);
            let abab = i >= 2 && chars[i - 1].1 == chars[i - 2].1;
            if v.allowed.contains(&pair)
                || aabb
                || abab
                || chars.get(i + 2).is_some_and(|n| n.1 == c)
            {
                continue;
            }
            let doubled = Span::new(at, chars[i + 1].0 + c.len_utf8());
            out.push(
                Diagnostic::new(
                    &DUPLICATED_CHAR,
                    doubled,
                    format!(
                        "`{}` is written twice in `{}`",
                        cx.text(Span::new(at, chars[i + 1].0)),
                        context(cx, &chars, i)
                    ),
                )
                .help("delete one of them, unless a word is missing in between"),
            );
        }
    }
}

declare_rule! {
    /// Flags encoding damage: U+FFFD, private-use and box-drawing characters inside text, `?`
    /// standing inside a run of characters (管理??h财政, 四在农家?美丽乡村), a `?` left where a
    /// bullet glyph was lost, Latin-1-as-UTF-8 sequences (Ã¤), and pinyin glosses after a Han
    /// character (務(wù)), whole or broken. Also characters a conversion misread: a Latin `l` in
    /// a number (投产l2个), and words a traditional→simplified converter mangles (专着 for 专著,
    /// rules/chars.toml `[conversion]`). Removing a whole gloss is a safe fix. A `?` that ends a
    /// question, model numbers (I2C) and formulas (O3) stay silent.
    ///
    /// **Bad:** `适配服务??h财政，中醫(yī)院投产l2个，出版专着2本`
    ///
    /// **Good:** `适配服务，县财政，中醫院投产12个，出版专著2本`
    pub static MOJIBAKE = ("PL504", "mojibake", Warning,
        "encoding residue: U+FFFD, '?' inside Han runs, pinyin glosses like 務(wù)", mojibake);
}

/// One damaged stretch: its span and, for a whole pinyin gloss, the fix that removes it.
struct Damage {
    span: Span,
    gloss: bool,
}

fn damage_in(cx: &Ctx<'_>, chars: &[(usize, char)], never: &[char]) -> Vec<Damage> {
    let v = &cx.vocab.damage.typography.mojibake;
    let tone = |c: char| v.tone_vowels.contains(c);
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        let next = chars.get(i + 1).map(|n| n.1);
        let prev = i.checked_sub(1).map(|p| chars[p].1);
        if never.contains(&c) || ('\u{E000}'..='\u{F8FF}').contains(&c) {
            found.push(Damage {
                span: char_span(at, c),
                gloss: false,
            });
        } else if matches!(c, 'Ã' | 'Â' | 'Ä' | 'å' | 'æ' | 'ç' | 'é' | 'è')
            && next.is_some_and(|n| {
                ('\u{80}'..='\u{BF}').contains(&n) || "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ".contains(n)
            })
        {
            found.push(Damage {
                span: Span::new(at, chars[i + 1].0 + chars[i + 1].1.len_utf8()),
                gloss: false,
            });
            i += 1;
        } else if c == '(' || c == '?' || (c.is_ascii_lowercase() && prev.is_some_and(is_han)) {
            // A pinyin gloss: (wù) after a Han character, or its residue ?jì) / jì).
            let start = if c == '(' || c == '?' { i + 1 } else { i };
            let mut j = start;
            while chars
                .get(j)
                .is_some_and(|x| x.1.is_ascii_lowercase() || tone(x.1) || x.1 == 'ü')
            {
                j += 1;
            }
            let letters = &chars[start..j];
            let closes = chars.get(j).is_some_and(|x| x.1 == ')');
            if !letters.is_empty() && closes && letters.iter().any(|x| tone(x.1)) {
                let end = chars[j].0 + 1;
                let whole = c == '(' && prev.is_some_and(is_han);
                found.push(Damage {
                    span: Span::new(at, end),
                    gloss: whole,
                });
                i = j + 1;
                continue;
            }
            if c == '?' && question_mark_is_damage(prev, next) && !is_question(cx, chars, i) {
                let mut j = i;
                while chars.get(j + 1).is_some_and(|x| x.1 == '?') {
                    j += 1;
                }
                found.push(Damage {
                    span: Span::new(at, chars[j].0 + 1),
                    gloss: false,
                });
                i = j + 1;
                continue;
            }
        }
        i += 1;
    }
    found
}

/// The clause before position `i` asks something (是否…? / …吗?).
fn is_question(cx: &Ctx<'_>, chars: &[(usize, char)], i: usize) -> bool {
    let start = chars[..i]
        .iter()
        .rposition(|x| "。；;！!?？，,".contains(x.1))
        .map_or(0, |p| p + 1);
    let clause: String = chars[start..i].iter().map(|x| x.1).collect();
    cx.vocab
        .damage
        .typography
        .mojibake
        .question_cues
        .iter()
        .any(|q| clause.contains(q.as_str()))
}

/// `?` inside text (before a character, a digit, a letter or more damage) is a lost character;
/// one that ends a sentence, a line or a quotation is a question mark.
fn question_mark_is_damage(prev: Option<char>, next: Option<char>) -> bool {
    let Some(n) = next else { return false };
    if n.is_whitespace() || "”’」』）)》】\"'".contains(n) {
        return false;
    }
    !prev.is_some_and(|p| p.is_ascii_alphabetic())
}

fn mojibake(cx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let never = &cx.vocab.damage.typography.sets.never;
    // Damage needs `?`, U+FFFD, a Latin-1 or tone-marked letter (lead bytes C3 C4 C5 C7), a box
    // drawing character (E2 94, E2 95) or a private-use character (EE).
    let triggers: [&[u8]; 9] = [
        b"?",
        "\u{FFFD}".as_bytes(),
        &[0xC3],
        &[0xC4],
        &[0xC5],
        &[0xC7],
        &[0xE2, 0x94],
        &[0xE2, 0x95],
        &[0xEE],
    ];
    for span in spans_containing(cx, &triggers) {
        let chars = chars_of(cx, span);
        let (glosses, damage): (Vec<Damage>, Vec<Damage>) = damage_in(cx, &chars, never)
            .into_iter()
            .partition(|d| d.gloss);
        let mut merged: Vec<Span> = Vec::new();
        for d in damage {
            // Damage a few characters apart is one garbled stretch (??朴?jì)劃 …).
            match merged.last_mut() {
                Some(last) if d.span.start <= last.end + 9 => last.end = d.span.end,
                _ => merged.push(d.span),
            }
        }
        for span in merged {
            out.push(
                Diagnostic::new(
                    &MOJIBAKE,
                    span,
                    format!(
                        "garbled text `{}`: characters were lost in an encoding conversion",
                        cx.text(span)
                    ),
                )
                .help("restore the original characters from the source document"),
            );
        }
        report_glosses(cx, &glosses, out);
    }
    lost_bullets(cx, out);
    let spans = &cx.facts.text_spans;
    let triggers: Vec<&[u8]> = cx
        .vocab
        .damage
        .typography
        .sets
        .lookalike_bytes
        .chunks(1)
        .collect();
    let with_letters = spans_containing(cx, &triggers);
    let misread = misread::letters_for_digits(cx, &with_letters)
        .into_iter()
        .chain(misread::conversion_errors(cx, spans));
    for m in misread {
        out.push(Diagnostic::new(&MOJIBAKE, m.span, m.message).help(m.help));
    }
}

/// Whole pinyin glosses of one paragraph: one diagnostic whose fix removes them all (a page
/// converted with readings has thousands; a wall of identical warnings helps nobody).
fn report_glosses(cx: &Ctx<'_>, glosses: &[Damage], out: &mut Vec<Diagnostic>) {
    let (Some(first), Some(last)) = (glosses.first(), glosses.last()) else {
        return;
    };
    let stretch = Span::new(first.span.start, last.span.end);
    let mut cleaned = String::new();
    let mut at = stretch.start;
    for g in glosses {
        cleaned.push_str(cx.text(Span::new(at, g.span.start)));
        at = g.span.end;
    }
    let message = match glosses.len() {
        1 => format!("pinyin gloss `{}` left in the text", cx.text(first.span)),
        n => format!(
            "{n} pinyin glosses left in this paragraph, such as `{}`",
            cx.text(first.span)
        ),
    };
    out.push(
        Diagnostic::new(&MOJIBAKE, first.span, message)
            .help("remove the readings in brackets")
            .fix(stretch, cleaned),
    );
}

/// A `? ` bullet: the bullet glyph was lost in conversion.
fn lost_bullets(cx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let blocks = cx
        .doc
        .preamble
        .iter()
        .chain(cx.doc.sections.iter().flat_map(|s| s.blocks.iter()));
    for b in blocks {
        if let Block::Bullet { glyph, .. } = b {
            if matches!(cx.text(*glyph), "?" | "？") {
                out.push(
                    Diagnostic::new(
                        &MOJIBAKE,
                        *glyph,
                        format!("`{}` stands where a bullet glyph was lost", cx.text(*glyph)),
                    )
                    .help("restore the bullet (●, •) or remove the mark"),
                );
            }
        }
    }
}
