//! PL2xx: dates that are undefined, impossible, out of order or ambiguous.

use super::Ctx;
use crate::declare_rule;
use crate::extract::dates::{days_in_month, weekday_after, weekday_of, DateExpr, Part};
use crate::rules::diagnostic::Diagnostic;
use crate::source::Span;
use crate::syntax::MarkerKind;

declare_rule! {
    /// Flags a date whose year, month or day is template residue (20xx年, X月X日, ××日,
    /// ____年, ${year}年, a form's blank `年  月  日`) or whose numbers were lost in scraping
    /// (月日至日, 从年起), and a range whose line ends after the joiner (`2022/01 ~`). A range whose ends both have holes
    /// is reported once. A placeholder inside a date is reported here only, never as PL301.
    ///
    /// **Bad:** `自20xx年8月1日起,根据协议内容…`
    ///
    /// **Good:** `自2015年8月1日起,根据协议内容…`
    pub static UNDEFINED_DATE = ("PL201", "undefined-date", Error,
        "a date with placeholder parts: 20xx年, 20XX, X月X日, xx月, ××日", undefined_date);
}

fn hole_label(part: Part, field: &str) -> Option<(Span, String)> {
    match part {
        Part::Placeholder(s) => Some((s, format!("the {field} is a placeholder"))),
        Part::Stripped(s) => Some((s, format!("the {field} has no number"))),
        _ => None,
    }
}

fn holes(d: &DateExpr) -> Vec<(Span, String)> {
    [("year", d.year), ("month", d.month), ("day", d.day)]
        .into_iter()
        .filter_map(|(f, p)| hole_label(p, f))
        .collect()
}

fn undefined_date(cx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let mut reported = vec![false; cx.facts.dates.len()];
    for r in &cx.facts.ranges {
        let (a, b) = (&cx.facts.dates[r.start], &cx.facts.dates[r.end]);
        if a.first_hole().is_some() && b.first_hole().is_some() {
            let mut d = Diagnostic::new(
                &UNDEFINED_DATE,
                r.span,
                format!(
                    "undefined date range `{}`: both ends are not filled in",
                    cx.text(r.span)
                ),
            );
            for (span, label) in holes(a).into_iter().chain(holes(b)) {
                d = d.label(span, label);
            }
            out.push(d.help("write the actual dates"));
            reported[r.start] = true;
            reported[r.end] = true;
        }
    }
    for date in &cx.facts.dates {
        let Some(joiner) = date.open_end else {
            continue;
        };
        let span = Span::new(date.span.start, joiner.end);
        out.push(
            Diagnostic::new(
                &UNDEFINED_DATE,
                span,
                format!("date range `{}` has a start but no end", cx.text(span)),
            )
            .label(joiner, "the end date is missing here")
            .help("write the end date, or 起 for an open start"),
        );
    }
    for (i, date) in cx.facts.dates.iter().enumerate() {
        let Some((field, part)) = date.first_hole() else {
            continue;
        };
        if reported[i] {
            continue;
        }
        let why = if matches!(part, Part::Stripped(_)) {
            "has no number (lost in copying?)"
        } else {
            "is a placeholder"
        };
        let all_holes = [date.year, date.month, date.day]
            .iter()
            .all(|p| matches!(p, Part::Placeholder(_) | Part::Stripped(_)));
        let message = if all_holes {
            format!(
                "undefined date `{}`: no part is filled in",
                cx.text(date.span)
            )
        } else {
            format!("undefined date `{}`: the {field} {why}", cx.text(date.span))
        };
        let mut d = Diagnostic::new(&UNDEFINED_DATE, date.span, message);
        // Point at the hole when the date has other parts around it (2024年X月X日).
        let labels = holes(date);
        if labels
            .iter()
            .all(|(span, _)| span.len() * 2 < date.span.len())
        {
            for (span, label) in labels {
                d = d.label(span, label);
            }
        }
        out.push(d.help("write the actual date"));
    }
}

declare_rule! {
    /// Flags impossible calendar dates: a month above 12, a day past the end of its month
    /// (2月30日, 4月31日, 32日), 2月29日 in a year that is not a leap year, and a weekday
    /// written after a date that the calendar contradicts (2024年3月9日（周二）: a Saturday).
    ///
    /// **Bad:** `于2023年2月29日前上报`
    ///
    /// **Good:** `于2023年2月28日前上报`
    pub static INVALID_DATE = ("PL202", "invalid-date", Error,
        "impossible calendar dates: 2月30日, 13月, 4月31日, 32日, a wrong weekday", invalid_date);
}

fn invalid_date(cx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for date in &cx.facts.dates {
        let written_year = match date.year {
            Part::Known(y) if y >= 1000 => Some(y),
            Part::Roc { year, .. } => Some(year),
            _ => None,
        };
        let message = match (date.month, date.day) {
            (Part::Known(m), _) if m == 0 || m > 12 => format!(
                "`{}` is not a date: there is no month {m}",
                cx.text(date.span)
            ),
            (Part::Known(m), Part::Known(d)) if d == 0 || d > days_in_month(written_year, m) => {
                let max = days_in_month(written_year, m);
                let year = written_year.map(|y| format!(" in {y}")).unwrap_or_default();
                format!(
                    "`{}` is not a date: month {m} has {max} days{year}",
                    cx.text(date.span)
                )
            }
            (Part::Absent, Part::Known(d)) if d == 0 || d > 31 => format!(
                "`{}` is not a date: no month has {d} days",
                cx.text(date.span)
            ),
            _ => {
                out.extend(weekday_mismatch(cx, date, written_year));
                continue;
            }
        };
        out.push(
            Diagnostic::new(&INVALID_DATE, date.span, message)
                .help("check the date against the calendar"),
        );
    }
}

/// `2024年3月9日（周二）`: 9 March 2024 was a Saturday. A year taken from context is checked
/// only when neither it nor the next year fits, since a plan may run over a new year.
fn weekday_mismatch(
    cx: &Ctx<'_>,
    date: &DateExpr,
    written_year: Option<u32>,
) -> Option<Diagnostic> {
    let (Part::Known(month), Part::Known(day)) = (date.month, date.day) else {
        return None;
    };
    let years: &[u32] = match (written_year, date.assumed_year) {
        (Some(y), _) => &[y],
        (None, Some(y)) => &[y, y + 1],
        (None, None) => return None,
    };
    let line_end = cx.source.line_index.line_end(
        &cx.source.text,
        cx.source.line_index.line_of(date.span.start),
    );
    let after = cx
        .source
        .folded(Span::new(date.span.end, line_end.max(date.span.end)));
    let (start, end, written) = weekday_after(after, &cx.vocab.extract.dates)?;
    let fits = |y: u32| {
        y < 1900 || day > days_in_month(Some(y), month) || weekday_of(y, month, day) == written
    };
    if years.iter().any(|&y| fits(y)) {
        return None;
    }
    let actual = weekday_of(years[0], month, day);
    let weekday = Span::new(date.span.end + start, date.span.end + end);
    Some(
        Diagnostic::new(
            &INVALID_DATE,
            date.span,
            format!(
                "`{}` is a {} in {}, not `{}`",
                cx.text(date.span),
                WEEKDAYS[actual as usize - 1],
                years[0],
                cx.text(weekday)
            ),
        )
        .label(weekday, "the weekday written here")
        .help("correct the date or the weekday"),
    )
}

const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

declare_rule! {
    /// Flags a date range whose end comes before its start, and phases (阶段, or the items of
    /// a 实施步骤 section) that start before the phase listed before them, each one reported.
    /// Dates are compared at the precision both have (9月 then 9月28日 is not backwards), and
    /// overlapping phases are ordinary. Placeholder years (20xx年) are not compared:
    /// `20xx年11月—20xx年10月` most likely spans two years, and PL201 reports it.
    ///
    /// **Bad:** `第一阶段(2024年3月—5月)` followed by `第二阶段(2024年1月—2月)`.
    ///
    /// **Good:** `第一阶段(2024年3月—5月)` followed by `第二阶段(2024年6月—8月)`.
    pub static DATE_ORDER = ("PL203", "date-order", Warning,
        "a range whose end precedes its start; phases whose dates go backwards or overlap", date_order);
}

/// (year, month, day) for ordering. A placeholder year is not comparable: `20xx年11月—20xx年10月`
/// most likely spans two different years, so only PL201 reports it.
fn sort_key(d: &DateExpr, end: bool) -> Option<(u32, u32, u32)> {
    let year = match d.year {
        Part::Placeholder(_) | Part::Stripped(_) | Part::TwoDigit(_) => return None,
        _ => d.effective_year().unwrap_or(0),
    };
    let month = match d.month {
        Part::Known(m) => m,
        Part::Absent if end => 12,
        Part::Absent => 1,
        _ => return None,
    };
    let day = match d.day {
        Part::Known(v) => v,
        Part::Absent if end => 31,
        Part::Absent => 1,
        _ => return None,
    };
    Some((year, month, day))
}

/// Two keys are comparable when both years are known, or both unknown (the same plan year).
fn comparable(a: (u32, u32, u32), b: (u32, u32, u32)) -> bool {
    (a.0 == 0) == (b.0 == 0)
}

fn date_order(cx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for r in &cx.facts.ranges {
        let (a, b) = (&cx.facts.dates[r.start], &cx.facts.dates[r.end]);
        let (Some(ka), Some(kb)) = (sort_key(a, false), sort_key(b, true)) else {
            continue;
        };
        if comparable(ka, kb) && kb < ka {
            out.push(
                Diagnostic::new(
                    &DATE_ORDER,
                    r.span,
                    format!("date range `{}` ends before it starts", cx.text(r.span)),
                )
                .label(a.span, "start")
                .label(b.span, "end")
                .help("swap the ends or correct the year"),
            );
        }
    }
    phases(cx, out);
}

/// The first date range (or date) on a phase's heading line.
fn phase_period<'a>(cx: &'a Ctx<'_>, line: Span) -> Option<(&'a DateExpr, &'a DateExpr)> {
    // Ranges and dates are sorted by start: binary search to the line, then look inside it.
    let r0 = cx
        .facts
        .ranges
        .partition_point(|r| r.span.start < line.start);
    if let Some(r) = cx.facts.ranges[r0..]
        .iter()
        .take_while(|r| r.span.start < line.end)
        .find(|r| r.span.end <= line.end)
    {
        return Some((&cx.facts.dates[r.start], &cx.facts.dates[r.end]));
    }
    let d0 = cx
        .facts
        .dates
        .partition_point(|d| d.span.start < line.start);
    let d = cx.facts.dates[d0..]
        .iter()
        .take_while(|d| d.span.start < line.end)
        .find(|d| d.span.end <= line.end)?;
    Some((d, d))
}

/// Whether date `a` comes before date `b`, compared at the precision both have (9月 is not
/// before 9月28日). Unknown and placeholder years are not compared.
fn starts_earlier(a: &DateExpr, b: &DateExpr) -> bool {
    let (Some(ka), Some(kb)) = (sort_key(a, false), sort_key(b, false)) else {
        return false;
    };
    if !comparable(ka, kb) {
        return false;
    }
    let has = |p: Part| p != Part::Absent;
    match (has(a.month) && has(b.month), has(a.day) && has(b.day)) {
        (true, true) => ka < kb,
        (true, false) => (ka.0, ka.1) < (kb.0, kb.1),
        _ => ka.0 < kb.0,
    }
}

/// Phases (阶段, or the items of a steps section) that start before the phase listed before
/// them. Overlapping phases are ordinary (preparation runs on while the work starts).
fn phases(cx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let groups = std::iter::once(None).chain((0..cx.doc.sections.len()).map(Some));
    for parent in groups {
        let steps_parent =
            parent.is_some_and(|p| cx.facts.roles[p].contains(crate::extract::roles::Role::Steps));
        let phases: Vec<_> = cx
            .doc
            .children_of(parent)
            .iter()
            .map(|&id| &cx.doc.sections[id])
            .filter(|s| s.marker.kind == MarkerKind::Phase || steps_parent)
            .filter_map(|s| phase_period(cx, s.line).map(|p| (s, p)))
            .collect();
        let start_of = |i: usize| (phases[i].1).0;
        let mut reported_outlier = None;
        for i in 1..phases.len() {
            if !starts_earlier(start_of(i), start_of(i - 1)) || reported_outlier == Some(i - 1) {
                continue;
            }
            // 1、(10月10日) 2、(9月25日) 3、(9月26日): the first is out of place, not the others —
            // both phases after it are over before it starts, and they are in order.
            let outlier = i + 1 < phases.len()
                && starts_earlier((phases[i + 1].1).1, start_of(i - 1))
                && !starts_earlier(start_of(i + 1), start_of(i))
                && (i < 2 || !starts_earlier(start_of(i), start_of(i - 2)));
            let (at, other, message) = if outlier {
                reported_outlier = Some(i - 1);
                let (s, d) = (phases[i - 1].0, start_of(i - 1));
                (
                    d,
                    start_of(i),
                    format!(
                        "`{}` starts at `{}`, after the phases listed after it (`{}`)",
                        cx.text(s.marker.span),
                        cx.text(d.span),
                        cx.text(start_of(i).span)
                    ),
                )
            } else {
                let (s, d) = (phases[i].0, start_of(i));
                (
                    d,
                    start_of(i - 1),
                    format!(
                        "`{}` starts at `{}`, before the previous phase starts at `{}`",
                        cx.text(s.marker.span),
                        cx.text(d.span),
                        cx.text(start_of(i - 1).span)
                    ),
                )
            };
            out.push(
                Diagnostic::new(&DATE_ORDER, at.span, message)
                    .label(other.span, "the phase it is out of order with")
                    .help("make the phases follow each other"),
            );
        }
    }
}

declare_rule! {
    /// Flags a two-digit year (10年12月, 11年上半年) that leaves the century to the reader.
    /// Dates joined in one phrase (10年下半年或者11年上半年) are reported once. Years of the
    /// Republic of China era (民国112年, 112年度, 99学年度) are real years and stay silent.
    ///
    /// **Bad:** `10年12月编高二年级校本教材`
    ///
    /// **Good:** `2010年12月编高二年级校本教材`
    pub static AMBIGUOUS_YEAR = ("PL204", "ambiguous-year", Note,
        "a two-digit/partial year that leaves the year unknown (10年12月)", ambiguous_year);
}

fn ambiguous_year(cx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let two_digit: Vec<&DateExpr> = cx
        .facts
        .dates
        .iter()
        .filter(|d| matches!(d.year, Part::TwoDigit(_)))
        .collect();
    let mut i = 0;
    while i < two_digit.len() {
        let first = two_digit[i];
        let mut j = i + 1;
        // Join the next two-digit date when only a short joiner stands between (或者, 至, 开始至).
        while j < two_digit.len() {
            let between = cx.text(Span::new(
                two_digit[j - 1].span.end,
                two_digit[j].span.start,
            ));
            if between.chars().count() > 4
                || between.contains(['，', ',', '。', '；', ';', '、', ')', '）', '(', '（'])
            {
                break;
            }
            j += 1;
        }
        let Part::TwoDigit(y) = first.year else { break };
        let mut d = Diagnostic::new(
            &AMBIGUOUS_YEAR,
            first.span,
            format!(
                "two-digit year in `{}`: probably {}, but the year should be written in full",
                cx.text(first.span),
                2000 + y
            ),
        );
        for other in &two_digit[i + 1..j] {
            d = d.label(other.span, "also a two-digit year");
        }
        out.push(d.help(format!("write the four-digit year, e.g. `{}年`", 2000 + y)));
        i = j;
    }
}
