//! PL502 stray-punctuation: marks copied or converted into the wrong place, and sentences
//! broken off at a line end (line_breaks.rs finds them).

use super::*;

declare_rule! {
    /// Flags punctuation left by copying: an ASCII `.` `'` `` ` `` or `>` between Han characters
    /// (的.励志, 宿舍的'各项), a full-width 。 used as a decimal point (1。5亿), doubled sentence
    /// punctuation (。。, 、、), and line breaks in the wrong place: a line that starts with `，`,
    /// or a sentence that breaks off at the end of a line and goes on in the next one
    /// (服务状 / 况。). Lines broken in a row are one finding for the run; a text wrapped on
    /// purpose (many breaks, all at one width) stays silent. Conversions also leave words one
    /// character per line (指 / 揮 / 督) and an item run on into its heading's line
    /// (1.方案编制（1）总体方案…) or glued after the end of the item before it (…的建议；2.按照…,
    /// where the list's other items start lines of their own); a Word list copied as text leaves a tab after each item
    /// number (`1.<TAB>…`, one finding per document), and a lost dash runs two years together
    /// (20182019学年). An item that stops mid-sentence between two items that end with a full
    /// stop has lost its end. Removing the stray mark, writing `.` for the decimal point and collapsing
    /// 。。 and ，， are safe fixes; joining lines and restoring a dash are left to the writer.
    ///
    /// **Bad:** `超过1。5亿人，富有鲜明特色的.励志教育`
    ///
    /// **Good:** `超过1.5亿人，富有鲜明特色的励志教育`
    pub static STRAY_PUNCTUATION = ("PL502", "stray-punctuation", Warning,
        "ASCII '.' between Han characters, full-width 。 used as a decimal point (1。5亿), stray ' or >", stray_punctuation);
}

fn stray_punctuation(cx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    stray_marks(cx, out);
    for marker in crate::rules::structure::run_on_first_items(cx) {
        out.push(
            Diagnostic::new(
                &STRAY_PUNCTUATION,
                marker,
                format!(
                    "item `{}` runs on in its heading's line: a line break was lost",
                    cx.text(marker)
                ),
            )
            .help("start the item on a line of its own"),
        );
    }
    for marker in crate::rules::structure::run_on_items(cx) {
        out.push(
            Diagnostic::new(
                &STRAY_PUNCTUATION,
                marker,
                format!(
                    "item `{}` runs on after the end of the item before it: a line break was lost",
                    cx.text(marker)
                ),
            )
            .help("start the item on a line of its own"),
        );
    }
    for v in line_breaks::vertical_text(cx) {
        out.push(
            Diagnostic::new(
                &STRAY_PUNCTUATION,
                v.span,
                format!(
                    "`{}` is written one character per line ({} lines): a table cell or vertical text broken in conversion",
                    v.word, v.lines
                ),
            )
            .help("join the characters into one word on one line"),
        );
    }
    for end in line_breaks::cut_items(cx) {
        out.push(
            Diagnostic::new(
                &STRAY_PUNCTUATION,
                end,
                format!(
                    "the item stops mid-sentence at `{}`; the items around it end with a full stop",
                    tail_chars(
                        cx.text(Span::new(
                            cx.source.line_index.line_start_at(end.start),
                            end.end
                        )),
                        8
                    )
                ),
            )
            .help("text was lost or the full stop is missing: restore the end of the sentence"),
        );
    }
    report_spaced_words(cx, out);
    report_tabbed_markers(cx, out);
    report_joined_years(cx, out);
    let breaks = line_breaks::broken_sentences(cx);
    for run in runs_of_lines(cx, &breaks) {
        let b = &run[0];
        let before = cx.text(Span::new(
            cx.source.line_index.line_start_at(b.last_char.start),
            b.last_char.end,
        ));
        let tail: String = tail_chars(before, 8);
        let head: String = cx
            .text(Span::new(b.continuation.start, cx.doc.span.end))
            .chars()
            .take_while(|c| *c != '\n')
            .take(8)
            .collect();
        let message = match run.len() {
            1 => format!(
                "the sentence breaks off at the end of the line: `{tail}` goes on with `{head}`"
            ),
            n => format!(
                "{} lines in a row break off mid-sentence (from `{tail}` / `{head}` on): wrapped when copied",
                n + 1
            ),
        };
        let mut d = Diagnostic::new(&STRAY_PUNCTUATION, b.last_char, message)
            .label(b.continuation, "it continues here");
        for more in &run[1..] {
            d = d.label(more.last_char, "and breaks off here");
        }
        out.push(d.help("join the lines: the breaks were added when the text was copied"));
    }
}

/// `1.<TAB>研議…`: a tab between an item's number and its text is what a Word numbered list
/// leaves when copied as text (the number was a list field, the tab its indent). One finding for
/// the document, with a label on each further item.
fn report_tabbed_markers(cx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let tabbed: Vec<(Span, Span)> = cx
        .doc
        .sections
        .iter()
        .filter(|s| s.marker.value > 0)
        .filter_map(|s| {
            let after = cx.source.slice(Span::new(s.marker.span.end, s.line.end));
            let tabs = after.len() - after.trim_start_matches('\t').len();
            let tab = Span::new(s.marker.span.end, s.marker.span.end + tabs);
            (tabs > 0).then_some((s.marker.span, tab))
        })
        .collect();
    let Some(&(marker, _)) = tabbed.first() else {
        return;
    };
    let marker = cx.text(marker);
    let tabs: Vec<Span> = tabbed.iter().map(|&(_, tab)| tab).collect();
    let message = |n: usize| {
        let tabs = match n {
            1 => format!("a tab after the item number `{marker}`"),
            n => format!("a tab after the item number on {n} lines (from `{marker}` on)"),
        };
        format!("{tabs}: Word list formatting copied as text")
    };
    out.extend(
        grouped(
            &STRAY_PUNCTUATION,
            &tabs,
            message,
            "another tab after an item number",
        )
        .map(|d| {
            d.help("write the text right after the number; the tab aligns nothing once pasted")
        }),
    );
}

/// `20182019学年`: eight digits that are a year and the next one, before 学年 or 年度
/// (rules/typography.toml), are a range whose dash was lost (a conversion leaves `2018-2019`
/// so). Found from the words, which are rarer than the digits 19 and 20 a regex starts from.
fn report_joined_years(cx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let words = &cx.vocab.damage.typography.stray.year_range_words;
    let text = cx.source.folded(cx.doc.span);
    let bytes = text.as_bytes();
    let mut starts: Vec<usize> = Vec::new();
    for w in words.iter().filter(|w| !w.is_empty()) {
        for at in memchr::memmem::find_iter(bytes, w.as_bytes()) {
            let digits_end = text[..at].trim_end_matches([' ', '\u{3000}']).len();
            let Some(start) = digits_end.checked_sub(8) else {
                continue;
            };
            if is_joined_years(&bytes[start..digits_end]) {
                starts.push(start);
            }
        }
    }
    starts.sort_unstable();
    starts.dedup();
    for start in starts {
        let years = &text[start..start + 8];
        if text[..start]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric())
        {
            continue;
        }
        let (first, second) = years.split_at(4);
        let (Ok(a), Ok(b)) = (first.parse::<u32>(), second.parse::<u32>()) else {
            continue;
        };
        if b != a + 1 {
            continue;
        }
        let span = Span::new(cx.doc.span.start + start, cx.doc.span.start + start + 8);
        out.push(
            Diagnostic::new(
                &STRAY_PUNCTUATION,
                span,
                format!(
                    "`{years}` is the years {a} and {b} run together: the dash between them was lost"
                ),
            )
            .help(format!(
                "write `{a}-{b}` (or with the dash this document uses)"
            )),
        );
    }
}

/// The text after a `。` starts a sentence with a date (…致远楼422。9月14日前…): the digits
/// run into 月, 日, 号 or 时, or four of them into 年. Then the `。` ends a sentence that ends
/// in a number; it is no decimal point.
fn opens_with_date(after: &[(usize, char)]) -> bool {
    let digits = after.iter().take_while(|x| x.1.is_ascii_digit()).count();
    match after.get(digits).map(|x| x.1) {
        Some('月' | '日' | '号' | '时') => true,
        Some('年') => digits == 4,
        _ => false,
    }
}

/// Eight ASCII digits that read as two years, each 19xx or 20xx.
fn is_joined_years(b: &[u8]) -> bool {
    b.len() == 8
        && b.iter().all(u8::is_ascii_digit)
        && matches!(&b[0..2], b"19" | b"20")
        && matches!(&b[4..6], b"19" | b"20")
}

/// Breaks grouped into runs of consecutive lines (a paragraph wrapped line by line is one
/// defect, reported once).
fn runs_of_lines<'b>(
    cx: &Ctx<'_>,
    breaks: &'b [line_breaks::Break],
) -> Vec<&'b [line_breaks::Break]> {
    let mut runs = Vec::new();
    let mut start = 0;
    for i in 1..=breaks.len() {
        let joined = i < breaks.len()
            && cx
                .source
                .line_index
                .line_start_at(breaks[i].last_char.start)
                == cx
                    .source
                    .line_index
                    .line_start_at(breaks[i - 1].continuation.start);
        if !joined {
            runs.push(&breaks[start..i]);
            start = i;
        }
    }
    runs
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
                    == cx.source.line_index.line_start_at(span.start) + line_indent(cx, span.start)
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
                && !opens_with_date(&chars[i + 1..])
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
    let start = cx.source.line_index.line_start_at(offset);
    let line = cx.source.slice(Span::new(start, offset));
    line.len()
        - line
            .trim_start_matches([' ', '\t', '\u{3000}', '\u{A0}'])
            .len()
}

/// Spans that may hold stray punctuation: an ASCII mark, a doubled mark, 。 between digits, or a
/// line that opens with punctuation.
fn stray_candidates(cx: &Ctx<'_>, between: &[char], doubled: &[char]) -> Vec<Span> {
    let text = cx.source.folded(cx.doc.span);
    let doc = text.as_bytes();
    let mut hits: Vec<usize> = Vec::new();
    for c in between {
        let mut utf8 = [0u8; 4];
        match *c.encode_utf8(&mut utf8).as_bytes() {
            // An ASCII mark counts only after a Han character (a multi-byte one) or, for `>`,
            // a comma (stray_between): `1.5` and `a.b` are passed over here.
            [b] => hits.extend(memchr::memchr_iter(b, doc).filter(|&i| {
                i > 0 && (doc[i - 1] >= 0x80 || (b == b'>' && matches!(doc[i - 1], b',' | b';')))
            })),
            ref needle => hits.extend(memchr::memmem::find_iter(doc, needle)),
        }
    }
    // Doubled marks: one scan for any doubled CJK character, kept where the mark is listed.
    let (wide, narrow): (Vec<char>, Vec<char>) = doubled.iter().partition(|c| c.len_utf8() == 3);
    if !wide.is_empty() {
        hits.extend(
            super::doubled_chars_in(text)
                .filter(|(_, c)| wide.contains(c))
                .map(|(i, _)| i),
        );
    }
    for c in narrow {
        let pair: String = [c, c].iter().collect();
        hits.extend(memchr::memmem::find_iter(doc, pair.as_bytes()));
    }
    hits.sort_unstable();
    let start = cx.doc.span.start;
    let mut spans = crate::extract::placeholders::spans_holding(
        &cx.facts.text_spans,
        hits.into_iter().map(|h| start + h),
    );
    // 。 between two digits (1。5亿): one search of the document for 。.
    let dot = "。".as_bytes();
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

/// At least this many lines with a space inside a word is one defect: the whole text was
/// wrapped and joined with spaces, and one finding says so.
const SPACED_LINES_FOR_ONE_FINDING: usize = 3;

/// `资 格审查`: a space that splits a word. Reported one by one, or as one finding with a
/// label on each when they run through the text.
fn report_spaced_words(cx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let found = spaced_words::spaced_words(cx);
    let joined = |f: &spaced_words::SpacedWord| {
        let (head, tail) = (
            Span::new(f.spaced.start, f.gap.start),
            Span::new(f.gap.end, f.spaced.end),
        );
        format!("{}{}", cx.text(head), cx.text(tail))
    };
    let mut lines: Vec<usize> = found
        .iter()
        .map(|f| cx.source.line_index.line_of(f.gap.start))
        .collect();
    lines.dedup();
    if lines.len() >= SPACED_LINES_FOR_ONE_FINDING {
        let gaps: Vec<Span> = found.iter().map(|f| f.gap).collect();
        let first = cx.text(found[0].spaced);
        let message = |_| {
            format!(
                "spaces inside words on {} lines (from `{first}` on): the text was wrapped and joined with spaces",
                lines.len()
            )
        };
        out.extend(
            grouped(
                &STRAY_PUNCTUATION,
                &gaps,
                message,
                "another space inside a word",
            )
            .map(|d| d.help("delete the spaces inside words")),
        );
        return;
    }
    for f in &found {
        out.push(
            Diagnostic::new(
                &STRAY_PUNCTUATION,
                f.gap,
                format!(
                    "a space inside a word: `{}`, which this document writes `{}` elsewhere",
                    cx.text(f.spaced),
                    joined(f)
                ),
            )
            .help("delete the space"),
        );
    }
}
