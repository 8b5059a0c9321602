//! PL504 mojibake: characters lost or garbled in conversion — `?` and U+FFFD in words, pinyin
//! glosses, lost bullets, misread digits and converter errors (misread.rs).

use super::*;

declare_rule! {
    /// Flags encoding damage: U+FFFD, private-use and box-drawing characters inside text, `?`
    /// standing inside a run of characters (管理??h财政, 四在农家?美丽乡村), a `?` left where a
    /// bullet glyph was lost, Latin-1-as-UTF-8 sequences (Ã¤), and pinyin glosses after a Han
    /// character (務(wù)), whole or broken. Also characters a conversion misread: a Latin `l` in
    /// a number (投产l2个), and words a traditional→simplified converter mangles (专着 for 专著,
    /// rules/chars.toml `[conversion]`), and look-alike characters that PDF and Word conversions
    /// leave (Kangxi radicals ⼀ ⽣ for 一 生, CJK radicals ⻅ ⻔, compatibility ideographs),
    /// once per line, with the ordinary characters as a safe fix; a letter read for 1 in a
    /// heading number (3.l); LaTeX a PDF-to-Markdown conversion wrote for a symbol
    /// (`$\textcircled{1}$`, fixed to ①); grades in Latin letters (IV 级) in a paragraph that
    /// writes grades as Roman-numeral characters (Ⅲ级), fixed to the characters; link icons a web
    /// page left without their links (🔗逐字稿, once per document). Damage a few characters
    /// apart is one garbled stretch, and the same stretch repeated in a paragraph one finding. Removing a
    /// whole gloss is a safe fix. A `?` that ends a question, model numbers (I2C) and formulas
    /// (O3) stay silent.
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

/// Damage at most this many characters apart is one garbled stretch.
const DAMAGE_GAP_CHARS: usize = 6;

/// Whether the text between two damaged places belongs to one garbled stretch: a few
/// characters, none of them a line break or the punctuation of Chinese text (garbling leaves
/// ASCII marks and symbols, `?;顒`, and a formula in a symbol font spaces, but a `，` shows the
/// writer's text).
fn garbled_gap(between: &str) -> bool {
    let gap = between.trim_matches(' ');
    gap.chars().count() <= DAMAGE_GAP_CHARS
        && !between
            .chars()
            .any(|c| c == '\n' || c == '“' || c == '”' || is_cjk_punctuation(c))
}

/// One finding per garbled stretch; the same garbled text again in the paragraph (a garbled
/// word the text repeats) is a label of the first. A stretch of one or two characters (a lone
/// `?`) is the same only between the same characters.
fn report_garbled(cx: &Ctx<'_>, stretches: &[Span], out: &mut Vec<Diagnostic>) {
    let with_neighbours = |s: Span| {
        if cx.text(s).chars().nth(2).is_some() {
            return cx.text(s);
        }
        let source = &cx.source.text;
        let before = source[..s.start]
            .chars()
            .next_back()
            .map_or(0, char::len_utf8);
        let after = source[s.end..].chars().next().map_or(0, char::len_utf8);
        cx.text(Span::new(s.start - before, s.end + after))
    };
    // Grouped in one pass (a paragraph of 50,000 garbled stretches compared each with all
    // before it took 13 s); groups keep the order of their first stretch.
    let mut groups: Vec<(Span, Vec<Span>)> = Vec::new();
    let mut group_of: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for &span in stretches {
        match group_of.entry(with_neighbours(span)) {
            std::collections::hash_map::Entry::Occupied(g) => groups[*g.get()].1.push(span),
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(groups.len());
                groups.push((span, Vec::new()));
            }
        }
    }
    for (span, again) in groups {
        let mut d = Diagnostic::new(
            &MOJIBAKE,
            span,
            format!(
                "garbled text `{}`: characters were lost in an encoding conversion",
                cx.text(span)
            ),
        );
        for a in again {
            d = d.label(a, "the same garbled text again");
        }
        out.push(d.help("restore the original characters from the source document"));
    }
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

/// `(🔽會議資料、🔗逐字稿)`: the icons a web page shows before its links, copied without the
/// links, so the documents they named are not in the plan. One finding per document, with a
/// label on each further icon. Emoji are four-byte characters: a search for their lead byte
/// F0 skips all Chinese text.
fn link_icons(cx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let icons = &cx.vocab.damage.typography.mojibake.link_icons;
    let text = cx.source.slice(cx.doc.span);
    let found: Vec<Span> = memchr::memchr_iter(0xF0, text.as_bytes())
        .filter_map(|i| text.get(i..)?.chars().next().map(|c| (i, c)))
        .filter(|&(i, c)| icons.contains(c) && !in_markdown_link(&text[i..]))
        .map(|(i, c)| char_span(cx.doc.span.start + i, c))
        .collect();
    let Some(&first) = found.first() else {
        return;
    };
    let icon = cx.text(first);
    let message = |n: usize| {
        let icons = match n {
            1 => format!("link icon `{icon}` without its link"),
            n => format!("{n} link icons without their links (from `{icon}` on)"),
        };
        let documents = if n == 1 {
            "document is"
        } else {
            "documents are"
        };
        format!("{icons}: the linked {documents} not in the plan")
    };
    out.extend(
        grouped(&MOJIBAKE, &found, message, "another link icon").map(|d| {
            d.help("attach the documents or write where they are published, and delete the icons")
        }),
    );
}

/// Whether the text from here to the end of its line closes a Markdown link first
/// (`🔗逐字稿](https://…)`): then the icon still has its link.
fn in_markdown_link(rest: &str) -> bool {
    let line = rest.split('\n').next().unwrap_or(rest);
    match line.find(']') {
        Some(close) => !line[..close].contains('[') && line[close..].starts_with("]("),
        None => false,
    }
}

/// Text spans holding a private-use character of U+F000–U+F8FF (symbol fonts of PDF and Word
/// conversions: `=` and `+` of a formula). Their lead byte EF also starts full-width
/// punctuation, so the second byte (80–A3) is checked in the same pass.
fn spans_with_high_private_use(cx: &Ctx<'_>) -> Vec<Span> {
    let text = cx
        .source
        .text
        .get(cx.doc.span.start..cx.doc.span.end)
        .unwrap_or("");
    let bytes = text.as_bytes();
    let hits = memchr::memchr_iter(0xEF, bytes)
        .filter(|&i| bytes.get(i + 1).is_some_and(|b| (0x80..=0xA3).contains(b)))
        .map(|i| cx.doc.span.start + i);
    crate::extract::placeholders::spans_holding(&cx.facts.text_spans, hits)
}

/// `$\textcircled{1}$`, `$\times$`: LaTeX in `$…$` that a PDF-to-Markdown conversion wrote
/// for a symbol. Backslashes are rare in plans, so the regex runs only on spans that hold one.
/// A circled number has a safe fix (①).
static LATEX: std::sync::LazyLock<Option<regex::Regex>> =
    std::sync::LazyLock::new(|| regex::Regex::new(r"\$\\[a-zA-Z]+(?:\{[^{}\n]{0,20}\})?\$").ok());

/// The circled number a `$\textcircled{N}$` stands for.
fn circled(latex: &str) -> Option<char> {
    latex
        .strip_prefix("$\\textcircled{")
        .and_then(|r| r.strip_suffix("}$"))
        .and_then(|n| n.parse::<u32>().ok())
        .filter(|n| (1..=20).contains(n))
        .and_then(|n| char::from_u32('①' as u32 + n - 1))
}

/// LaTeX residue, one finding per line (a converted list has ① ② ③ on one line).
fn latex_residue(cx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let Some(re) = LATEX.as_ref() else { return };
    for span in spans_containing(cx, &[b"\\"]) {
        let text = cx.text(span);
        let mut lines: Vec<Vec<regex::Match<'_>>> = Vec::new();
        for m in re.find_iter(text) {
            let same_line = lines
                .last()
                .and_then(|l| l.last())
                .is_some_and(|p| !text[p.end()..m.start()].contains('\n'));
            match lines.last_mut() {
                Some(line) if same_line => line.push(m),
                _ => lines.push(vec![m]),
            }
        }
        for line in lines {
            let (first, last) = (line[0], line[line.len() - 1]);
            let at = Span::new(span.start + first.start(), span.start + last.end());
            let more = match line.len() {
                1 => String::new(),
                n => format!(", one of {n} in this line"),
            };
            let mut d = Diagnostic::new(
                &MOJIBAKE,
                at,
                format!(
                    "conversion residue `{}` (LaTeX for a symbol){more}",
                    first.as_str()
                ),
            )
            .help("write the symbol itself");
            // Every one a circled number: the whole stretch has a safe fix.
            if line.iter().all(|m| circled(m.as_str()).is_some()) {
                let mut fixed = String::new();
                let mut from = first.start();
                for m in &line {
                    fixed.push_str(&text[from..m.start()]);
                    fixed.extend(circled(m.as_str()));
                    from = m.end();
                }
                d = d.fix(at, fixed);
            }
            out.push(d);
        }
    }
}

fn mojibake(cx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    lookalike_characters(cx, out);
    latex_residue(cx, out);
    link_icons(cx, out);
    let never = &cx.vocab.damage.typography.sets.never;
    // Damage needs `?`, U+FFFD, a Latin-1 or tone-marked letter (lead bytes C3 C4 C5 C7), a box
    // drawing character (E2 94, E2 95) or a private-use character (EE; EF 80–A3 below).
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
    let mut spans = spans_containing(cx, &triggers);
    spans.extend(spans_with_high_private_use(cx));
    spans.sort_unstable_by_key(|s| s.start);
    spans.dedup();
    for span in spans {
        let chars = chars_of(cx, span);
        let (glosses, damage): (Vec<Damage>, Vec<Damage>) = damage_in(cx, &chars, never)
            .into_iter()
            .partition(|d| d.gloss);
        let mut merged: Vec<Span> = Vec::new();
        for d in damage {
            // Damage a few characters apart is one garbled stretch (??坪吞厣珜2?乒): what lies
            // between is garbled too, unless punctuation or a space shows it is text.
            match merged.last_mut() {
                Some(last) if garbled_gap(cx.text(Span::new(last.end, d.span.start))) => {
                    last.end = d.span.end
                }
                _ => merged.push(d.span),
            }
        }
        report_garbled(cx, &merged, out);
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
        .chain(misread::letters_in_markers(cx))
        .chain(misread::conversion_errors(cx, spans))
        .chain(misread::latin_grades(
            cx,
            &spans_containing(cx, &[&[0xE2, 0x85]]),
        ));
    for m in misread {
        let mut d = Diagnostic::new(&MOJIBAKE, m.span, m.message).help(m.help);
        for other in m.others {
            d = d.label(other, "also in Latin letters");
        }
        if let Some((span, replacement)) = m.fix {
            d = d.fix(span, replacement);
        }
        out.push(d);
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

/// Kangxi radicals and compatibility ideographs standing for ordinary characters: one finding
/// per line, whose fix replaces each with its ordinary form.
fn lookalike_characters(cx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let text = cx.text(cx.doc.span);
    for run in lookalikes::runs(text, cx.doc.span.start) {
        let (c, n) = run.first;
        let more = match run.count {
            1 => String::new(),
            k => format!(", one of {k} in this line"),
        };
        out.push(
            Diagnostic::new(
                &MOJIBAKE,
                run.span,
                format!(
                    "look-alike character `{c}` (U+{:04X}) stands for `{n}`{more}: search and copy miss the word",
                    c as u32
                ),
            )
            .help("replace the look-alikes with the ordinary characters (their NFKC form)")
            .fix(run.span, run.replacement),
        );
    }
}
