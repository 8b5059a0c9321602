//! Chinese dates and periods in running text (DESIGN §3.7): 2024年3月15日, 2024.3.15,
//! 二〇二四年三月, 3月15日, 3月底前, 7—12月, 2013~2015年, 20xx年, X月X日, 10年12月, 民国112年,
//! and dates whose numbers were stripped in scraping (月日至日, 从年起). Ranges join two dates.

use crate::config::ConfigError;
use crate::source::Span;
use crate::text::numeral;
use regex::{Captures, Regex};
use serde::Deserialize;
use std::sync::LazyLock;

/// Date vocabulary (rules/dates.toml), simplified; used on folded text.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DateVocab {
    pub range_joiners: Vec<String>,
    pub before_anchors: Vec<String>,
    pub from_anchors: Vec<String>,
    pub two_digit_year_followers: Vec<String>,
    pub weekday_words: Vec<String>,
    pub roc_prefixes: Vec<String>,
    pub roc_suffixes: Vec<String>,
    pub roc_offset: u32,
    pub roc_max_year: u32,
    pub roc_min_two_digit_year: u32,
    pub stripped_month_followers: Vec<String>,
    pub month_ok_before: Vec<String>,
    pub stripped_year_before: Vec<String>,
    pub year_ok_after: Vec<String>,
}

impl DateVocab {
    /// Compile the dates table (rules/dates.toml with its overlay).
    pub fn compile(table: toml::Table) -> Result<DateVocab, ConfigError> {
        crate::config::vocab::typed(table, "dates")
    }
}

/// One part (year, month or day) of a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Known(u32),
    /// 10年 — the century is unknown.
    TwoDigit(u32),
    /// 民国112年 / 112年度: a Republic of China year; the value is the Gregorian year.
    Roc {
        written: u32,
        year: u32,
    },
    /// 20xx, X, ×× — template residue.
    Placeholder(Span),
    /// The number was lost in scraping (月日, 201年).
    Stripped(Span),
    Absent,
}

impl Part {
    pub fn is_hole(self) -> bool {
        matches!(self, Part::Placeholder(_) | Part::Stripped(_))
    }
    /// The number, if one is known (ROC years as Gregorian).
    pub fn value(self) -> Option<u32> {
        match self {
            Part::Known(v) | Part::TwoDigit(v) => Some(v),
            Part::Roc { year, .. } => Some(year),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    None,
    Before,
    From,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateExpr {
    pub span: Span,
    pub year: Part,
    pub month: Part,
    pub day: Part,
    pub anchor: Anchor,
    /// A range joiner follows and the line ends (`2022/01 ~`): where the end should be.
    pub open_end: Option<Span>,
    /// The year taken from context (the nearest full date before, else the title).
    pub assumed_year: Option<u32>,
}

impl DateExpr {
    fn new(span: Span, year: Part, month: Part, day: Part) -> Self {
        DateExpr {
            span,
            year,
            month,
            day,
            anchor: Anchor::None,
            open_end: None,
            assumed_year: None,
        }
    }

    /// The first placeholder or stripped part, with its name.
    pub fn first_hole(&self) -> Option<(&'static str, Part)> {
        [
            ("year", self.year),
            ("month", self.month),
            ("day", self.day),
        ]
        .into_iter()
        .find(|(_, p)| p.is_hole())
    }

    /// The year used for comparisons: written, or assumed from context.
    pub fn effective_year(&self) -> Option<u32> {
        self.year.value().or(self.assumed_year)
    }

    /// A sortable key (year, month, day) with unknown parts as given defaults.
    pub fn key(&self, month_default: u32, day_default: u32) -> Option<(u32, u32, u32)> {
        let year = self.effective_year().unwrap_or(0);
        let month = match self.month {
            Part::Known(m) => m,
            Part::Absent => month_default,
            _ => return None,
        };
        let day = match self.day {
            Part::Known(d) => d,
            Part::Absent => day_default,
            _ => return None,
        };
        Some((year, month, day))
    }
}

/// Two dates joined by 至, —, ~ ….
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateRange {
    pub span: Span,
    /// Indices into the dates list.
    pub start: usize,
    pub end: usize,
}

/// Digits are ASCII or full-width (２０２４年); white space is ASCII or ideographic. Explicit
/// classes instead of Unicode `\d` and `\s` keep the regex small and give it a literal prefilter.
const D: &str = "[0-9０-９]";
const WS: &str = "[\\x20\\t\u{3000}]";
const JOIN: &str = "(?:——|—|–|-|~|～|至|到)";

static DATE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    let num = format!(r"{D}{{1,2}}|[xX×]{{1,2}}|_{{1,8}}|[一二三四五六七八九十]{{1,3}}");
    let pattern = format!(
        r"(?x)
        (?P<iso>(?P<iy>{D}{{4}})(?P<sep>[-./])(?P<im>{D}{{1,2}})[-./](?P<id>{D}{{1,2}}))
      | (?P<ym>(?P<ymy>(?:19|20){D}{{2}})/(?P<ymm>{D}{{1,2}}))
      | (?P<yr>(?P<yrs>{D}{{4}}|[12]{D}[xX×]{{2}}){WS}*{JOIN}{WS}*(?P<yre>{D}{{4}}|[12]{D}[xX×]{{2}}){WS}*年)
      | (?P<full>(?P<roc>民国{WS}*)?(?P<y>{D}{{2,4}}|[12]{D}[xX×]{{2}}|[xX×]{{4}}|_{{2,12}}|\$\{{[^}}\n]{{1,20}}\}}|[〇零○一二三四五六七八九]{{4}}){WS}*(?P<yd>学年度|年度|年)
            (?:{WS}*(?P<h>上半年|下半年|底|初|末))?
            (?:{WS}*(?P<m>{num}|元|正){WS}*月(?:份)?(?:{WS}*(?P<d>{num}){WS}*[日号])?)?)
      | (?P<xm>(?P<xm1>{D}{{1,2}}){WS}*月{WS}*(?P<xd1>{D}{{1,2}}){WS}*[日号]?{WS}*{JOIN}{WS}*(?P<xm2>{D}{{1,2}}){WS}*月{WS}*(?P<xd2>{D}{{1,2}}){WS}*[日号])
      | (?P<mr>(?P<mrs>{D}{{1,2}}){WS}*{JOIN}{WS}*(?P<mre>{D}{{1,2}}){WS}*月(?:份)?)
      | (?P<md>(?P<m2>{num}|元|正){WS}*月(?:份)?(?:{WS}*(?P<d2>{num}){WS}*[日号])?)
      | (?P<py>(?:19|20)[xX×]{{2}})
      | (?P<dayonly>(?P<d3>{D}{{1,2}}){WS}*[日号])
    "
    );
    Regex::new(&pattern).ok()
});

fn span_of(base: usize, m: regex::Match<'_>) -> Span {
    Span::new(base + m.start(), base + m.end())
}

/// A month or day written as digits, Han numerals, placeholders, or 元/正 (January).
fn part(base: usize, m: Option<regex::Match<'_>>) -> Part {
    let Some(m) = m else { return Part::Absent };
    let s = m.as_str();
    if s.chars().all(|c| matches!(c, 'x' | 'X' | '×' | '_')) {
        return Part::Placeholder(span_of(base, m));
    }
    if s == "元" || s == "正" {
        return Part::Known(1);
    }
    let value = if s.chars().all(|c| c.is_ascii_digit()) {
        numeral::digits_value(s)
    } else {
        numeral::han_value(s)
    };
    value.map_or(Part::Absent, |v| Part::Known(v as u32))
}

fn is_ascii_word(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Every date of `text` (folded), whose first byte is at `base` in the file.
pub fn extract(text: &str, base: usize, vocab: &DateVocab) -> (Vec<DateExpr>, Vec<DateRange>) {
    let Some(re) = DATE.as_ref() else {
        return (Vec::new(), Vec::new());
    };
    let mut dates: Vec<DateExpr> = Vec::new();
    let mut ranges = Vec::new();
    for caps in re.captures_iter(text) {
        let Some(all) = caps.get(0) else { continue };
        let before = text[..all.start()].chars().next_back();
        let after = text[all.end()..].chars().next();
        // Inside an ASCII word or number: 版本2.0, 0571-8888, abc20xx.
        if is_ascii_word(before)
            || (is_ascii_word(after) && caps.name("md").is_none() && caps.name("full").is_none())
        {
            continue;
        }
        let span = span_of(base, all);
        let found = if caps.name("iso").is_some() {
            iso(&caps, span)
        } else if caps.name("ym").is_some() {
            year_month(&caps, span)
        } else if caps.name("yr").is_some() {
            let year =
                |m: regex::Match<'_>| (year_part(m.as_str(), span_of(base, m)), Part::Absent);
            token_range(
                &caps,
                ("yrs", "yre"),
                year,
                base,
                span,
                &mut dates,
                &mut ranges,
            );
            None
        } else if caps.name("full").is_some() {
            full(&caps, text, base, span, vocab)
        } else if caps.name("xm").is_some() {
            // 9月26-10月8日: a range of days across two months.
            if let (Some(m1), Some(d1), Some(m2), Some(d2)) = (
                caps.name("xm1"),
                caps.name("xd1"),
                caps.name("xm2"),
                caps.name("xd2"),
            ) {
                let start = DateExpr::new(
                    Span::new(span.start, base + d1.end()),
                    Part::Absent,
                    part(base, Some(m1)),
                    part(base, Some(d1)),
                );
                let end = DateExpr::new(
                    Span::new(base + m2.start(), span.end),
                    Part::Absent,
                    part(base, Some(m2)),
                    part(base, Some(d2)),
                );
                push_range(&mut dates, &mut ranges, span, start, end);
            }
            None
        } else if caps.name("mr").is_some() {
            let month = |m: regex::Match<'_>| (Part::Absent, part(base, Some(m)));
            token_range(
                &caps,
                ("mrs", "mre"),
                month,
                base,
                span,
                &mut dates,
                &mut ranges,
            );
            None
        } else if caps.name("md").is_some() {
            if before.is_some_and(|c| c.is_ascii_digit()) {
                None
            } else {
                Some(DateExpr::new(
                    span,
                    Part::Absent,
                    part(base, caps.name("m2")),
                    part(base, caps.name("d2")),
                ))
            }
        } else if caps.name("py").is_some() {
            Some(DateExpr::new(
                span,
                Part::Placeholder(span),
                Part::Absent,
                Part::Absent,
            ))
        } else if caps.name("dayonly").is_some() {
            // A bare day counts only as the end of a range (3月1日至15日).
            day_after_joiner(&dates, text, base, all.start(), vocab).then(|| {
                DateExpr::new(
                    span,
                    Part::Absent,
                    Part::Absent,
                    part(base, caps.name("d3")),
                )
            })
        } else {
            None
        };
        if let Some(mut d) = found {
            d.anchor = anchor(&text[all.end()..], vocab);
            dates.push(d);
        }
    }
    dates.sort_by_key(|d| d.span.start);
    stripped(text, base, vocab, &mut dates);
    dates.sort_by_key(|d| d.span.start);
    join_ranges(text, base, vocab, &mut dates, &mut ranges);
    mark_open_ends(text, base, vocab, &mut dates, &ranges);
    (dates, ranges)
}

fn iso(caps: &Captures<'_>, span: Span) -> Option<DateExpr> {
    let y = caps
        .name("iy")
        .and_then(|m| numeral::digits_value(m.as_str()))? as u32;
    let m = caps
        .name("im")
        .and_then(|m| numeral::digits_value(m.as_str()))? as u32;
    let d = caps
        .name("id")
        .and_then(|m| numeral::digits_value(m.as_str()))? as u32;
    // Only plausible calendar dates: 2024.3.15 yes; a phone number or a version no.
    ((1900..=2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d))
        .then(|| DateExpr::new(span, Part::Known(y), Part::Known(m), Part::Known(d)))
}

/// 2021/01: a year and month written with a slash (milestone tables).
fn year_month(caps: &Captures<'_>, span: Span) -> Option<DateExpr> {
    let value = |name: &str| {
        caps.name(name)
            .and_then(|m| numeral::digits_value(m.as_str()))
    };
    let (y, m) = (value("ymy")? as u32, value("ymm")? as u32);
    (1..=12)
        .contains(&m)
        .then(|| DateExpr::new(span, Part::Known(y), Part::Known(m), Part::Absent))
}

fn year_part(s: &str, span: Span) -> Part {
    if s.contains(['x', 'X', '×']) {
        Part::Placeholder(span)
    } else {
        numeral::digits_value(s).map_or(Part::Absent, |v| Part::Known(v as u32))
    }
}

/// A range written as one token (2013~2015年, 7—12月): its two ends from the named groups.
fn token_range(
    caps: &Captures<'_>,
    names: (&str, &str),
    part: impl Fn(regex::Match<'_>) -> (Part, Part),
    base: usize,
    span: Span,
    dates: &mut Vec<DateExpr>,
    ranges: &mut Vec<DateRange>,
) {
    let (Some(s), Some(e)) = (caps.name(names.0), caps.name(names.1)) else {
        return;
    };
    let ((sy, sm), (ey, em)) = (part(s), part(e));
    let start = DateExpr::new(Span::new(span.start, base + s.end()), sy, sm, Part::Absent);
    let end = DateExpr::new(Span::new(base + e.start(), span.end), ey, em, Part::Absent);
    push_range(dates, ranges, span, start, end);
}

fn push_range(
    dates: &mut Vec<DateExpr>,
    ranges: &mut Vec<DateRange>,
    span: Span,
    start: DateExpr,
    end: DateExpr,
) {
    dates.push(start);
    dates.push(end);
    ranges.push(DateRange {
        span,
        start: dates.len() - 2,
        end: dates.len() - 1,
    });
}

fn full(
    caps: &Captures<'_>,
    text: &str,
    base: usize,
    span: Span,
    vocab: &DateVocab,
) -> Option<DateExpr> {
    let y = caps.name("y")?;
    let ys = y.as_str();
    let suffix = caps.name("yd").map_or("年", |m| m.as_str());
    let month = part(base, caps.name("m"));
    let day = part(base, caps.name("d"));
    let year = if ys.contains(['x', 'X', '×', '_', '$']) {
        Part::Placeholder(span_of(base, y))
    } else if let Some(v) = numeral::digits_value(ys) {
        let v = v as u32;
        let roc = caps.name("roc").is_some() || vocab.roc_suffixes.iter().any(|s| s == suffix);
        match ys.chars().count() {
            4 => Part::Known(v),
            3 if roc || v <= vocab.roc_max_year => Part::Roc {
                written: v,
                year: v + vocab.roc_offset,
            },
            3 => Part::Stripped(span_of(base, y)),
            _ if roc => Part::Roc {
                written: v,
                year: v + vocab.roc_offset,
            },
            // 10年 alone is a duration (近10年); 10年12月 and 10年下半年 are dates.
            _ if month == Part::Absent && caps.name("h").is_none() => return None,
            _ if text[..y.start()].ends_with(['第', '近', '满', '每', '约', '逾', '前', '后']) => {
                return None
            }
            _ => Part::TwoDigit(v),
        }
    } else {
        // 二〇二四年
        Part::Known(numeral::han_value(ys)? as u32)
    };
    Some(DateExpr::new(span, year, month, day))
}

fn anchor(after: &str, vocab: &DateVocab) -> Anchor {
    let after = after.trim_start();
    if vocab
        .before_anchors
        .iter()
        .any(|a| after.starts_with(a.as_str()))
    {
        Anchor::Before
    } else if vocab
        .from_anchors
        .iter()
        .any(|a| after.starts_with(a.as_str()))
    {
        Anchor::From
    } else {
        Anchor::None
    }
}

/// The rest of a line after an open range's start is at most this long (a joiner and spaces).
const OPEN_END_MAX_BYTES: usize = 64;

/// The text between two positions is only a range joiner (`至`, `—`, `开始至` …).
/// Dates that start a range whose end is missing: a joiner, then the end of the line, and the
/// next line does not go on with a number (a range wrapped over two lines is whole).
fn mark_open_ends(
    text: &str,
    base: usize,
    vocab: &DateVocab,
    dates: &mut [DateExpr],
    ranges: &[DateRange],
) {
    let in_range: std::collections::BTreeSet<usize> =
        ranges.iter().flat_map(|r| [r.start, r.end]).collect();
    for (i, d) in dates.iter_mut().enumerate() {
        if in_range.contains(&i) {
            continue;
        }
        let Some(after) = text.get(d.span.end - base..) else {
            continue;
        };
        // A joiner is a few characters: only a short rest of the line can be one, so the
        // search for the line's end stops early (dates in a long paragraph stay linear).
        let near = &after.as_bytes()[..after.len().min(OPEN_END_MAX_BYTES)];
        let Some(line_end) = memchr::memchr(b'\n', near)
            .or((after.len() <= OPEN_END_MAX_BYTES).then_some(after.len()))
        else {
            continue;
        };
        let (rest, next) = (&after[..line_end], after[line_end..].trim_start());
        let joiner = rest.trim_matches(|c: char| c.is_whitespace());
        let continues =
            next.starts_with(|c: char| c.is_ascii_digit() || numeral::is_han_numeral(c));
        if !joiner.is_empty() && is_joiner(joiner, vocab) && !continues {
            let start = rest.find(joiner).unwrap_or(0);
            d.open_end = Some(Span::new(
                d.span.end + start,
                d.span.end + start + joiner.len(),
            ));
        }
    }
}

fn is_joiner(between: &str, vocab: &DateVocab) -> bool {
    let t = between.trim_matches(|c: char| c.is_whitespace());
    vocab.range_joiners.iter().any(|j| j == t)
}

fn day_after_joiner(
    dates: &[DateExpr],
    text: &str,
    base: usize,
    at: usize,
    vocab: &DateVocab,
) -> bool {
    dates.last().is_some_and(|d| {
        d.day != Part::Absent
            && d.span.end - base <= at
            && is_joiner(text.get(d.span.end - base..at).unwrap_or(""), vocab)
    })
}

/// Consecutive dates with only a joiner between them form a range; the end inherits the
/// start's missing year and month.
fn join_ranges(
    text: &str,
    base: usize,
    vocab: &DateVocab,
    dates: &mut [DateExpr],
    ranges: &mut Vec<DateRange>,
) {
    // Ranges found by the regex were recorded before the dates were sorted: find their ends
    // again (binary search; a range's end starts after its start and ends with the range).
    let mut all: Vec<DateRange> = Vec::new();
    for r in ranges.iter() {
        let s = dates.partition_point(|d| d.span.start < r.span.start);
        let e = dates.partition_point(|d| d.span.start < r.span.end);
        let end = (s..e).rev().find(|&i| dates[i].span.end == r.span.end);
        if let (true, Some(e)) = (
            dates.get(s).is_some_and(|d| d.span.start == r.span.start),
            end,
        ) {
            all.push(DateRange {
                span: r.span,
                start: s,
                end: e,
            });
        }
    }
    let mut in_range = vec![false; dates.len()];
    for r in &all {
        in_range[r.start] = true;
        in_range[r.end] = true;
    }
    // Consecutive dates with only a joiner between them (3月1日至15日).
    for i in 1..dates.len() {
        if in_range[i - 1] || in_range[i] {
            continue;
        }
        let (a, b) = (&dates[i - 1], &dates[i]);
        let between = text
            .get(a.span.end - base..b.span.start.saturating_sub(base))
            .unwrap_or("x");
        if a.span.end <= b.span.start && is_joiner(between, vocab) {
            all.push(DateRange {
                span: a.span.cover(b.span),
                start: i - 1,
                end: i,
            });
            in_range[i] = true;
        }
    }
    for r in &all {
        let (year, month) = (dates[r.start].year, dates[r.start].month);
        let end = &mut dates[r.end];
        if end.year == Part::Absent && end.month != Part::Absent {
            end.year = year;
        }
        if end.year == Part::Absent && end.month == Part::Absent {
            end.year = year;
            end.month = month;
        }
    }
    all.sort_by_key(|r| r.span.start);
    *ranges = all;
}

/// `offset` lies inside one of `dates`, which are sorted by start and do not overlap.
fn covered(dates: &[DateExpr], offset: usize) -> bool {
    let i = dates.partition_point(|d| d.span.start <= offset);
    i > 0 && dates[i - 1].span.contains(offset)
}

/// Dates whose digits were stripped: a bare 月 before 日/旬/底/份, a bare 年 after 从/根据/局 ….
fn stripped(text: &str, base: usize, vocab: &DateVocab, dates: &mut Vec<DateExpr>) {
    let mut found = Vec::new();
    for i in crate::text::find::positions(&crate::text::find::MONTH, text) {
        let before = text[..i].chars().next_back();
        let after = &text[i + '月'.len_utf8()..];
        let Some(follower) = vocab
            .stripped_month_followers
            .iter()
            .find(|f| after.starts_with(f.as_str()))
        else {
            continue;
        };
        let numeral_before = before.is_some_and(|c| {
            c.is_ascii_digit()
                || c.is_ascii_alphabetic()
                || "一二三四五六七八九十〇零两×".contains(c)
        });
        let ok_before =
            before.is_some_and(|c| vocab.month_ok_before.iter().any(|w| w.starts_with(c)));
        if numeral_before || ok_before || covered(dates, base + i) {
            continue;
        }
        let mut end = i + '月'.len_utf8() + follower.len();
        // 月日至日: the range's bare end belongs to the same hole.
        if let Some(rest) = text[end..]
            .strip_prefix("至日")
            .or_else(|| text[end..].strip_prefix("到日"))
        {
            end = text.len() - rest.len();
        }
        let span = Span::new(base + i, base + end);
        let month = Part::Stripped(Span::new(base + i, base + i + '月'.len_utf8()));
        found.push(DateExpr::new(span, Part::Absent, month, Part::Absent));
    }
    // The last characters of the cues: most 年 fail this one-character test at once.
    let cue_ends: String = vocab
        .stripped_year_before
        .iter()
        .filter_map(|w| w.chars().next_back())
        .collect();
    for i in crate::text::find::positions(&crate::text::find::YEAR, text) {
        let prefix = &text[..i];
        if let Some(len) = blank_date_len(&text[i..]) {
            // 年   月   日 with only spaces: a form's date left blank (a numeral before 年 would
            // have made it a full date, which `covered` sees).
            if !covered(dates, base + i) {
                let span = Span::new(base + i, base + i + len);
                let hole = Part::Placeholder(span);
                found.push(DateExpr::new(span, hole, hole, hole));
            }
            continue;
        }
        if !prefix
            .chars()
            .next_back()
            .is_some_and(|c| cue_ends.contains(c))
        {
            continue;
        }
        let after = &text[i + '年'.len_utf8()..];
        let after_ok = vocab
            .year_ok_after
            .iter()
            .any(|w| after.starts_with(w.as_str()));
        let numeral_before = prefix.chars().next_back().is_some_and(|c| {
            c.is_ascii_digit()
                || c.is_ascii_alphabetic()
                || "一二三四五六七八九十〇零两百千×今去明前后本当每全近多半同次翌上下".contains(c)
        });
        let cue = vocab
            .stripped_year_before
            .iter()
            .any(|w| prefix.ends_with(w.as_str()));
        if cue && !after_ok && !numeral_before && !covered(dates, base + i) {
            let span = Span::new(base + i, base + i + '年'.len_utf8());
            dates.push(DateExpr::new(
                span,
                Part::Stripped(span),
                Part::Absent,
                Part::Absent,
            ));
        }
    }
    dates.extend(found);
}

/// The length of `年 月 日` (each gap one or more spaces) at the start of `s`, if it is there.
fn blank_date_len(s: &str) -> Option<usize> {
    let is_space = |c: char| matches!(c, ' ' | '\t' | '\u{3000}');
    let mut rest = s.strip_prefix('年')?;
    for unit in ['月', '日'] {
        let gap = rest.len() - rest.trim_start_matches(is_space).len();
        if gap == 0 {
            return None;
        }
        rest = rest[gap..].strip_prefix(unit)?;
    }
    Some(s.len() - rest.len())
}

/// In a document that counts years in the Republic of China era (it is written in traditional
/// script, or names the era: 民國, 學年度, a three-digit year), a two-digit year is an ROC year
/// (96 年 8 月 = 2007), not an ambiguous one; a small one (10年) is no ROC year in a plan.
pub fn adopt_roc_era(dates: &mut [DateExpr], traditional: bool, vocab: &DateVocab) {
    let named = dates.iter().any(|d| matches!(d.year, Part::Roc { .. }));
    if !(traditional || named) {
        return;
    }
    for d in dates.iter_mut() {
        if let Part::TwoDigit(v) = d.year {
            if v < vocab.roc_min_two_digit_year {
                continue;
            }
            d.year = Part::Roc {
                written: v,
                year: v + vocab.roc_offset,
            };
        }
    }
}

/// Fill `assumed_year` from the nearest earlier date with a known year, else `title_year`.
pub fn assume_years(dates: &mut [DateExpr], title_year: Option<u32>) {
    let mut context = title_year;
    for d in dates.iter_mut() {
        match d.year {
            Part::Known(y) if y >= 1000 => context = Some(y),
            Part::Roc { year, .. } => context = Some(year),
            Part::Absent => d.assumed_year = context,
            _ => {}
        }
    }
}

/// A weekday written right after a date (`after` is the folded text that follows it):
/// `（周六）`, `(星期三)`, ` 星期日`. Returns its byte range in `after` and the day, Monday = 1
/// … Sunday = 7.
pub fn weekday_after(after: &str, vocab: &DateVocab) -> Option<(usize, usize, u32)> {
    let (bracketed, rest) = match after.strip_prefix(['（', '(']) {
        Some(rest) => (true, rest),
        None => (false, after.strip_prefix([' ', '\u{3000}'])?),
    };
    let start = after.len() - rest.len();
    let word = vocab
        .weekday_words
        .iter()
        .find(|w| rest.starts_with(w.as_str()))?;
    let day_char = rest[word.len()..].chars().next()?;
    let day = match day_char {
        '日' | '天' => 7,
        c => numeral::han_digit(c).filter(|d| (1..=6).contains(d))? as u32,
    };
    let end = start + word.len() + day_char.len_utf8();
    let closed = after[end..].starts_with(['）', ')']);
    (closed || !bracketed).then_some((start, end, day))
}

/// The weekday of a Gregorian date, Monday = 1 … Sunday = 7 (Sakamoto's method).
pub fn weekday_of(year: u32, month: u32, day: u32) -> u32 {
    const OFFSETS: [u32; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
    let y = if month < 3 { year - 1 } else { year };
    let sunday_based =
        (y + y / 4 - y / 100 + y / 400 + OFFSETS[(month - 1) as usize % 12] + day) % 7;
    if sunday_based == 0 {
        7
    } else {
        sunday_based
    }
}

/// Days in a month; February has 29 when the year is unknown.
pub fn days_in_month(year: Option<u32>, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 => match year {
            Some(y) if !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) => 28,
            _ => 29,
        },
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Vocab;

    fn dates(text: &str) -> Vec<(String, Part, Part, Part)> {
        let vocab = Vocab::builtin().unwrap();
        let folded = crate::text::fold::fold(text);
        let (dates, _) = extract(&folded, 0, &vocab.dates);
        dates
            .into_iter()
            .map(|d| {
                (
                    text[d.span.start..d.span.end].to_owned(),
                    d.year,
                    d.month,
                    d.day,
                )
            })
            .collect()
    }

    fn one(text: &str) -> (Part, Part, Part) {
        let d = dates(text);
        assert_eq!(d.len(), 1, "{text}: {d:?}");
        (d[0].1, d[0].2, d[0].3)
    }

    use Part::{Absent, Known};

    #[test]
    fn full_and_partial_dates() {
        let cases: &[(&str, (Part, Part, Part))] = &[
            ("于2016年4月30日前上报", (Known(2016), Known(4), Known(30))),
            ("自2019年1月1日起", (Known(2019), Known(1), Known(1))),
            ("2024.3.15", (Known(2024), Known(3), Known(15))),
            ("2024-03-15", (Known(2024), Known(3), Known(15))),
            ("2024/3/15", (Known(2024), Known(3), Known(15))),
            ("二〇二四年三月", (Known(2024), Known(3), Absent)),
            ("二〇〇九年", (Known(2009), Absent, Absent)),
            ("3月15日", (Absent, Known(3), Known(15))),
            ("3月底前", (Absent, Known(3), Absent)),
            ("4月份", (Absent, Known(4), Absent)),
            ("7月之前", (Absent, Known(7), Absent)),
            ("十二月", (Absent, Known(12), Absent)),
            ("2015年元月开始", (Known(2015), Known(1), Absent)),
            ("2024年上半年", (Known(2024), Absent, Absent)),
            ("2024年", (Known(2024), Absent, Absent)),
            ("5月20号", (Absent, Known(5), Known(20))),
            ("2014年10月17日", (Known(2014), Known(10), Known(17))),
            ("到2020年,体系更加完备", (Known(2020), Absent, Absent)),
            ("時間:10月前發表", (Absent, Known(10), Absent)),
            ("2024 年 3 月 5 日", (Known(2024), Known(3), Known(5))),
        ];
        for (text, want) in cases {
            assert_eq!(one(text), *want, "{text}");
        }
    }

    #[test]
    fn placeholders_and_stripped_parts() {
        let hole = |p: Part| p.is_hole();
        for text in [
            "20xx年,学校搬迁",
            "20XX年",
            "20××年",
            "〔20xx〕51號",
            "20xx?70號",
            "X月X日起",
            "xx月",
            "2024年××月",
            "2024年3月××日",
        ] {
            let d = dates(text);
            assert!(
                d.iter()
                    .any(|(_, y, m, dd)| hole(*y) || hole(*m) || hole(*dd)),
                "{text}: {d:?}"
            );
        }
        for text in [
            "月日至日組織學員報名",
            "月日前完成",
            "月旬至月組織",
            "在月底的全省統考",
            "從年起,對省級",
            "省中醫藥局年下發的",
            "今年、月份又是",
            "初定于月份",
            "根據年社區衛技人員",
        ] {
            let d = dates(text);
            assert!(
                d.iter()
                    .any(|(_, y, m, _)| matches!(y, Part::Stripped(_))
                        || matches!(m, Part::Stripped(_))),
                "{text}: {d:?}"
            );
        }
        assert!(matches!(
            one("(201年5月"),
            (Part::Stripped(_), Known(5), Absent)
        ));
    }

    #[test]
    fn two_digit_and_roc_years() {
        assert!(matches!(
            one("10年12月编高二年级教材"),
            (Part::TwoDigit(10), Known(12), Absent)
        ));
        assert!(matches!(
            one("10年下半年"),
            (Part::TwoDigit(10), Absent, Absent)
        ));
        assert!(matches!(
            one("民國112年"),
            (
                Part::Roc {
                    written: 112,
                    year: 2023
                },
                Absent,
                Absent
            )
        ));
        assert!(matches!(
            one("112年度"),
            (
                Part::Roc {
                    written: 112,
                    year: 2023
                },
                Absent,
                Absent
            )
        ));
        assert!(matches!(
            one("99學年度"),
            (
                Part::Roc {
                    written: 99,
                    year: 2010
                },
                Absent,
                Absent
            )
        ));
        assert!(matches!(
            one("112年3月"),
            (Part::Roc { year: 2023, .. }, Known(3), Absent)
        ));
    }

    #[test]
    fn ranges() {
        let vocab = Vocab::builtin().unwrap();
        let check = |text: &str, n: usize| {
            let folded = crate::text::fold::fold(text);
            let (d, r) = extract(&folded, 0, &vocab.dates);
            assert_eq!(r.len(), n, "{text}: {d:?} {r:?}");
            (d, r)
        };
        let (d, r) = check("2017年3月至2019年3月", 1);
        assert_eq!(d[r[0].end].year, Known(2019));
        let (d, r) = check("元月14日至20日", 1);
        assert_eq!((d[r[0].end].month, d[r[0].end].day), (Known(1), Known(20)));
        let (d, r) = check("在7—12月期间", 1);
        assert_eq!(
            (d[r[0].start].month, d[r[0].end].month),
            (Known(7), Known(12))
        );
        check("工作計劃(2013~2015年)", 1);
        check("20xx年11月—20xx年10月", 1);
        check("10年4月份开始至11年6月份", 1);
        check("去年9—10月份", 1);
        check("3月—5月", 1);
        check("2024年3月1日～3月15日", 1);
        check("20xx-2011年重點推進", 1);
        check("3月1日,5月1日", 0);
    }

    #[test]
    fn not_dates() {
        for text in [
            "版本2.0",
            "增长10.5%",
            "见3.1节",
            "电话0571-88886666",
            "比例1:5",
            "满1年",
            "近三年",
            "2-3年内",
            "近10年来",
            "60—80%",
            "0—6歲兒童",
            "每月20元",
            "三年級",
            "13个月",
            "第3季度",
            "本月底",
            "每月初",
            "个月多一点",
            "年度考核",
            "年初确定的",
            "青年教师",
            "在年内完成",
            "于年底前完成",
            "X光检查",
            "3.5万元",
            "1.70歲",
            "2023-12-07 12:06:44 发布",
        ] {
            let d: Vec<_> = dates(text)
                .into_iter()
                .filter(|(s, ..)| !text.contains("2023-12-07") || s != "2023-12-07")
                .collect();
            assert!(d.is_empty(), "{text}: {d:?}");
        }
    }

    #[test]
    fn anchors_and_assumed_years() {
        let vocab = Vocab::builtin().unwrap();
        let folded = crate::text::fold::fold("2024年3月1日起实施,5月底前完成,6月10日之前上报");
        let (mut d, _) = extract(&folded, 0, &vocab.dates);
        assume_years(&mut d, None);
        assert_eq!(d[0].anchor, Anchor::From);
        assert_eq!(
            (d[1].anchor, d[1].assumed_year),
            (Anchor::Before, Some(2024))
        );
        assert_eq!(d[2].anchor, Anchor::Before);
        assert_eq!(days_in_month(Some(2023), 2), 28);
        assert_eq!(days_in_month(Some(2024), 2), 29);
        assert_eq!(days_in_month(None, 2), 29);
        assert_eq!(days_in_month(None, 4), 30);
    }

    #[test]
    fn weekdays() {
        // 1 January 2000 was a Saturday, 29 February 2024 a Thursday, 1 March 1900 a Thursday.
        assert_eq!(weekday_of(2000, 1, 1), 6);
        assert_eq!(weekday_of(2024, 2, 29), 4);
        assert_eq!(weekday_of(1900, 3, 1), 4);
        assert_eq!(weekday_of(2026, 12, 6), 7);
        let vocab = crate::extract::Vocab::builtin().unwrap().dates;
        assert_eq!(weekday_after("（周六）举办", &vocab), Some((3, 9, 6)));
        assert_eq!(weekday_after(" 星期日 开展", &vocab), Some((1, 10, 7)));
        assert_eq!(weekday_after("(周一至周五)", &vocab), None);
        assert_eq!(weekday_after("周六", &vocab), None);
    }
}
