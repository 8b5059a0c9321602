//! Characters a conversion or OCR got wrong (part of PL504): a Latin `l` read for the digit 1
//! (投产l2个), and words a traditional→simplified converter mangles (专著 → 专着).

use super::{is_cjk_punctuation, is_han};
use crate::rules::Ctx;
use crate::source::Span;
use crate::syntax::MarkerKind;

/// A misread stretch and what it stands for.
pub(super) struct Misread {
    pub span: Span,
    pub message: String,
    pub help: String,
    /// A safe replacement of part of the text, and the other places it covers.
    pub fix: Option<(Span, String)>,
    pub others: Vec<Span>,
}

impl Misread {
    /// A misread stretch without a fix or other places.
    fn new(span: Span, message: String, help: impl Into<String>) -> Misread {
        Misread {
            span,
            message,
            help: help.into(),
            fix: None,
            others: Vec::new(),
        }
    }
}

/// Decimal heading numbers with a letter read for the digit 1 (`3.l 监测预报`): the parser
/// already reads them as 3.1, so the heading keeps its place and only the letter is reported.
pub(super) fn letters_in_markers(cx: &Ctx<'_>) -> Vec<Misread> {
    let decimal = |s: &&crate::syntax::Section| matches!(s.marker.kind, MarkerKind::Decimal(_));
    let mut out = Vec::new();
    for section in cx.doc.sections.iter().filter(decimal) {
        let text = cx.text(section.marker.span);
        if !text.contains(['l', 'I']) {
            continue;
        }
        let digits = text.replace(['l', 'I'], "1");
        out.push(Misread::new(
            section.marker.span,
            format!(
                "the heading number `{text}` contains a letter: probably `{digits}` (a letter read for the digit 1)"
            ),
            "write the digits",
        ));
    }
    out
}

/// Digits written with a look-alike letter (`l2个` for 12个), between Han text on both sides so
/// that Latin words, model numbers (I2C) and chemistry (O3) stay silent.
pub(super) fn letters_for_digits(cx: &Ctx<'_>, spans: &[Span]) -> Vec<Misread> {
    let lookalikes = &cx.vocab.damage.typography.mojibake.digit_lookalikes;
    let mut out = Vec::new();
    for &span in spans {
        let chars: Vec<(usize, char)> = cx
            .text(span)
            .char_indices()
            .map(|(i, c)| (span.start + i, c))
            .collect();
        let in_number = |c: char| c.is_ascii_digit() || lookalikes.contains(c);
        let mut i = 0;
        while i < chars.len() {
            if !in_number(chars[i].1) {
                i += 1;
                continue;
            }
            let start = i;
            while chars.get(i).is_some_and(|&(_, c)| in_number(c)) {
                i += 1;
            }
            let run = &chars[start..i];
            let bounded = |c: Option<&(usize, char)>| {
                c.is_none_or(|&(_, c)| is_han(c) || is_cjk_punctuation(c))
            };
            let has_digit = run.iter().any(|(_, c)| c.is_ascii_digit());
            let has_letter = run.iter().any(|&(_, c)| lookalikes.contains(c));
            // A letter must touch a digit (`l2`, `1l0`), and the run must start or end with a
            // digit: `lI` alone is not a number.
            let touches = run
                .windows(2)
                .any(|w| w[0].1.is_ascii_digit() != w[1].1.is_ascii_digit());
            let ends_in_digit = run.first().is_some_and(|x| x.1.is_ascii_digit())
                || run.last().is_some_and(|x| x.1.is_ascii_digit());
            if has_digit
                && has_letter
                && touches
                && ends_in_digit
                && bounded(start.checked_sub(1).and_then(|p| chars.get(p)))
                && bounded(chars.get(i))
            {
                let (first, last) = (run[0], run[run.len() - 1]);
                let span = Span::new(first.0, last.0 + last.1.len_utf8());
                let text = cx.text(span);
                let digits: String = text
                    .chars()
                    .map(|c| if c.is_ascii_digit() { c } else { '1' })
                    .collect();
                out.push(Misread::new(
                    span,
                    format!(
                        "the number `{text}` contains a letter: probably `{digits}` (a letter read for the digit 1)"
                    ),
                    "write the digits",
                ));
            }
        }
    }
    out
}

/// The Roman-numeral character for a Latin numeral (IV → Ⅳ), up to XII.
fn roman_char(latin: &str) -> Option<char> {
    const LATIN: [&str; 12] = [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
    ];
    let i = LATIN.iter().position(|l| *l == latin)?;
    char::from_u32(0x2160 + i as u32)
}

/// Grades in Latin letters (`IV 级`, `I级`) in a paragraph that writes other grades with
/// Roman-numeral characters (`Ⅲ级`): OCR or typing mixed the two. One finding per paragraph,
/// whose fix writes every Latin grade as the character.
pub(super) fn latin_grades(cx: &Ctx<'_>, spans: &[Span]) -> Vec<Misread> {
    let grades = &cx.vocab.damage.typography.mojibake.grade_words;
    let mut out = Vec::new();
    for &span in spans {
        let text = cx.source.folded(span);
        let before_grade = |rest: &str| {
            let rest = rest.trim_start_matches(' ');
            grades.iter().any(|g| rest.starts_with(g.as_str()))
        };
        let uses_characters = text.char_indices().any(|(i, c)| {
            ('\u{2160}'..='\u{216B}').contains(&c) && before_grade(&text[i + c.len_utf8()..])
        });
        if !uses_characters {
            continue;
        }
        let mut found: Vec<(Span, char)> = Vec::new();
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if !matches!(bytes[i], b'I' | b'V' | b'X')
                || (i > 0 && bytes[i - 1].is_ascii_alphanumeric())
            {
                i += 1;
                continue;
            }
            let end = i + bytes[i..]
                .iter()
                .take_while(|b| matches!(b, b'I' | b'V' | b'X'))
                .count();
            let next_is_letter = bytes.get(end).is_some_and(u8::is_ascii_alphanumeric);
            if !next_is_letter && before_grade(&text[end..]) {
                if let Some(c) = roman_char(&text[i..end]) {
                    found.push((Span::new(span.start + i, span.start + end), c));
                }
            }
            i = end;
        }
        let (Some(&(first, c)), Some(&(last, _))) = (found.first(), found.last()) else {
            continue;
        };
        let whole = Span::new(first.start, last.end);
        let mut replacement = String::new();
        let mut at = whole.start;
        for &(s, c) in &found {
            replacement.push_str(cx.text(Span::new(at, s.start)));
            replacement.push(c);
            at = s.end;
        }
        out.push(Misread {
            span: first,
            message: format!(
                "`{}` is written in Latin letters, the other grades as Roman-numeral characters: `{c}`",
                cx.text(first)
            ),
            help: "write every grade the same way".into(),
            fix: Some((whole, replacement)),
            others: found[1..].iter().map(|f| f.0).collect(),
        });
    }
    out
}

/// Words a script converter mangled (专着 for 专著), from rules/chars.toml `[conversion]`.
pub(super) fn conversion_errors(cx: &Ctx<'_>, spans: &[Span]) -> Vec<Misread> {
    let conversion = &cx.vocab.damage.conversion;
    let doc = cx.doc.span;
    let mut out = Vec::new();
    for (start, end, pattern) in conversion.wrong.find_all(cx.source.folded(doc)) {
        let span = Span::new(doc.start + start, doc.start + end);
        let inside = spans
            .get(spans.partition_point(|s| s.end <= span.start))
            .is_some_and(|s| s.start <= span.start && span.end <= s.end);
        if !inside {
            continue;
        }
        let (Some(wrong), Some(correct)) = (
            conversion.wrong.words().get(pattern),
            conversion.corrections.get(pattern),
        ) else {
            continue;
        };
        let correct = in_script_of(cx.text(span), wrong, correct);
        out.push(Misread::new(
            span,
            format!(
                "`{}` is a script-conversion error: the word is `{correct}`",
                cx.text(span)
            ),
            format!("write `{correct}`"),
        ));
    }
    out
}

/// `correct` written in the script of `original`: characters the correction keeps are copied
/// from the original (專着 → 專著, not 专著).
fn in_script_of(original: &str, wrong: &str, correct: &str) -> String {
    let mut original = original.chars();
    let mut wrong = wrong.chars();
    correct
        .chars()
        .map(|c| match (original.next(), wrong.next()) {
            (Some(o), Some(w)) if w == c => o,
            _ => c,
        })
        .collect()
}
