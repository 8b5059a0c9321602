//! PL501 unbalanced-bracket: brackets and quotes that do not pair up within a paragraph.

use super::*;

declare_rule! {
    /// Flags brackets and quotes that do not pair up within a paragraph (a heading is a
    /// paragraph of its own): 《 》 “ ” ‘ ’ （ ） ( ) 【 】 「 」 『 』 〔 〕. Matching uses a stack,
    /// never counting: an unclosed “ and a stray ” are two errors. ( and （ close each other,
    /// but a pair of one of each around Chinese text (（软件学院)) is flagged, with a fix to the
    /// full-width form. An enumeration such as `1）` or `a)` is not a bracket.
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
        // Pairs of one full-width and one ASCII bracket around Chinese text: （软件学院).
        let mut mixed: Vec<(usize, char, usize, char)> = Vec::new();
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
                let (open_at, o, _) = stack[pos];
                if o.is_ascii() != c.is_ascii()
                    && holds_han(cx.source.slice(Span::new(open_at, at)))
                {
                    mixed.push((open_at, o, at, c));
                }
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
        out.extend(mixed.iter().map(mixed_width));
    }
}

fn holds_han(text: &str) -> bool {
    text.chars().any(crate::text::chars::is_han)
}

/// A bracket pair whose halves differ in width, pointed at the ASCII half: in Chinese text
/// both are full-width, and the fix makes them so.
fn mixed_width(&(open_at, o, close_at, c): &(usize, char, usize, char)) -> Diagnostic {
    let (at, c, other_at, other) = if o.is_ascii() {
        (open_at, o, close_at, c)
    } else {
        (close_at, c, open_at, o)
    };
    let wide = if c == '(' { '（' } else { '）' };
    Diagnostic::new(
        &UNBALANCED_BRACKET,
        char_span(at, c),
        format!("the ASCII `{c}` pairs with the full-width `{other}`"),
    )
    .label(char_span(other_at, other), "its full-width partner")
    .help(format!(
        "write `{wide}`: brackets around Chinese text are full-width"
    ))
    .fix(char_span(at, c), wide.to_string())
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
