//! Numbers and numeric claims (DESIGN §3.8): a stated total with its parts (8公里，分别是…4公里…6公里),
//! a stated count with the list it introduces (两种方式：A、B), and shares of one whole (权重
//! 10%、30%…). Only clear shapes become claims: when unsure which parts belong, nothing is claimed.

use crate::config::ConfigError;
use crate::source::Span;
use crate::text::find::alternation;
use crate::text::find::{
    folded_finders, EACH, FULLWIDTH_COLON, FULLWIDTH_OPEN_BRACKET, FULLWIDTH_PERCENT, FULL_STOP,
};
use crate::text::numeral;
use regex::Regex;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct NumbersFile {
    units: Vec<String>,
    magnitudes: Vec<String>,
    approximate: Vec<String>,
    exhaustive_cues: Vec<String>,
    partial_cues: Vec<String>,
    bound_after: Vec<String>,
    bound_before: Vec<String>,
    count_classifiers: Vec<String>,
    list_joiners: Vec<String>,
    share_cues: Vec<String>,
    rates: RatesFile,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RatesFile {
    wholes: Vec<String>,
    money: Vec<String>,
    total_words: Vec<String>,
    periods: std::collections::BTreeMap<String, u32>,
}

#[derive(Debug)]
pub struct NumberVocab {
    quantity: Regex,
    count: Regex,
    percent: Regex,
    exhaustive_cues: Vec<String>,
    partial_cues: Vec<String>,
    /// One searcher per exhaustive or partial cue: a document is searched once per cue, and each
    /// text span then asks a binary search. (An Aho-Corasick automaton is slower here: CJK
    /// UTF-8 lead bytes defeat its prefilter.)
    cue_finders: Vec<memchr::memmem::Finder<'static>>,
    bound_after: Vec<String>,
    bound_before: Vec<String>,
    list_joiners: Vec<String>,
    /// Searchers for the share cues (权重, 占比 …).
    share_cues: Vec<memchr::memmem::Finder<'static>>,
    /// The last characters of the units (次 个 项 …).
    unit_ends: String,
    /// 每月20元 … 全年240元: (period, factor) and the words for the whole.
    rate: Regex,
    periods: std::collections::BTreeMap<String, u32>,
}

impl NumberVocab {
    /// A cue for a total's parts (分别是, 其中 …), by the searchers built once: `str::contains`
    /// builds one per call, which costs more than the search on a short line.
    fn has_sum_cue(&self, text: &str) -> bool {
        self.cue_finders
            .iter()
            .any(|f| f.find(text.as_bytes()).is_some())
    }

    pub fn compile(table: toml::Table) -> Result<NumberVocab, ConfigError> {
        let f: NumbersFile = crate::config::vocab::typed(table, "numbers")?;
        let re = |p: String| {
            Regex::new(&p).map_err(|e| ConfigError::vocab(format!("numbers vocabulary: {e}")))
        };
        let num = r"[0-9０-９]+(?:[.．][0-9０-９]+)?|[零〇一二两三四五六七八九十百千]+";
        Ok(NumberVocab {
            quantity: re(format!(
                r"(?:{num})(?:{})?(?:{})?(?:{})",
                alternation(&f.magnitudes),
                alternation(&f.approximate),
                alternation(&f.units)
            ))?,
            count: re(format!(
                r"(?:[一二两三四五六七八九十]{{1,3}}|[0-9]{{1,2}})(?:{})[^，,。：:；;、\n]{{0,8}}[：:]",
                alternation(&f.count_classifiers)
            ))?,
            percent: re(r"[0-9０-９]+(?:[.．][0-9０-９]+)?[%％]".to_owned())?,
            cue_finders: folded_finders(f.exhaustive_cues.iter().chain(&f.partial_cues)),
            exhaustive_cues: f.exhaustive_cues.clone(),
            partial_cues: f.partial_cues.clone(),
            bound_after: f.bound_after,
            bound_before: f.bound_before,
            list_joiners: f.list_joiners,
            share_cues: folded_finders(&f.share_cues),
            unit_ends: f
                .units
                .iter()
                .filter_map(|u| u.chars().next_back())
                .collect(),
            rate: re(format!(
                r"每(?P<period>{})[^0-9０-９。；;，,]{{0,6}}(?P<per>[0-9０-９]+(?:[.．][0-9０-９]+)?)(?P<unit>{money})[^。；;]{{0,20}}?(?:{})(?:{})?(?P<whole>[0-9０-９]+(?:[.．][0-9０-９]+)?)(?P<wunit>{money})",
                alternation(&f.rates.periods.keys().cloned().collect::<Vec<_>>()),
                alternation(&f.rates.wholes),
                alternation(&f.rates.total_words),
                money = alternation(&f.rates.money),
            ))?,
            periods: f.rates.periods.clone(),
        })
    }
}

/// The value of a number: Arabic (full-width too, with a decimal point) or Han (三千五百, 两),
/// scaled by a following 万 or 亿.
pub fn number_value(s: &str) -> Option<f64> {
    let (body, scale) = match s.strip_suffix('万') {
        Some(b) => (b, 10_000.0),
        None => match s.strip_suffix('亿') {
            Some(b) => (b, 100_000_000.0),
            None => (s, 1.0),
        },
    };
    let ascii: String = body
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' | '。' => '.',
            other => other,
        })
        .filter(|c| *c != ',' && *c != '，')
        .collect();
    let v = if ascii.chars().all(|c| c.is_ascii_digit() || c == '.') && !ascii.is_empty() {
        ascii.parse::<f64>().ok()?
    } else {
        numeral::han_value(body)? as f64
    };
    // Larger than any budget or count a plan states: a run of digits, not a claim.
    Some(v * scale).filter(|v| *v < 1e15)
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Bound {
    Exact,
    /// 8万余株, 超过100人: at least.
    AtLeast,
    /// 约, 左右, 以内: roughly; never contradicted by a sum.
    About,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Quantity {
    pub span: Span,
    pub value: f64,
    pub unit: String,
    pub bound: Bound,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Claim {
    /// A total and parts of the same unit; `exhaustive` parts must sum to it, others may not exceed it.
    Sum {
        total: Quantity,
        parts: Vec<Quantity>,
        exhaustive: bool,
    },
    /// A stated count and the list it introduces (min/max item count: 和/及 may join two items).
    Count {
        span: Span,
        stated: u64,
        items: Vec<Span>,
        max_items: usize,
    },
    /// Percentages that share one whole.
    Shares { parts: Vec<(Span, f64)> },
    /// A rate per period and the stated whole: 每月20元 (factor 12) … 全年240元.
    Rate {
        per: Span,
        value: f64,
        factor: u32,
        whole: Span,
        total: f64,
    },
}

fn quantity(text: &str, base: usize, m: regex::Match<'_>, v: &NumberVocab) -> Option<Quantity> {
    let s = m.as_str();
    let before = text[..m.start()].chars().next_back();
    // 第三 is an ordinal; 12345 inside a longer code is not a quantity.
    if before.is_some_and(|c| c == '第' || c.is_ascii_alphanumeric() || c == '.' || c == '-') {
        return None;
    }
    let num_end = s
        .char_indices()
        .find(|(_, c)| {
            !(c.is_ascii_digit()
                || ('０'..='９').contains(c)
                || "零〇一二两三四五六七八九十百千.．".contains(*c))
        })
        .map_or(s.len(), |(i, _)| i);
    let mut rest = &s[num_end..];
    let mut number = s[..num_end].to_owned();
    for scale in ['万', '亿'] {
        if let Some(r) = rest.strip_prefix(scale) {
            number.push(scale);
            rest = r;
        }
    }
    let mut bound = Bound::Exact;
    for b in ["余", "多"] {
        if let Some(r) = rest.strip_prefix(b) {
            bound = Bound::AtLeast;
            rest = r;
        }
    }
    let after = &text[m.end()..];
    if v.bound_after.iter().any(|b| after.starts_with(b.as_str())) {
        bound = if after.starts_with("以上") {
            Bound::AtLeast
        } else {
            Bound::About
        };
    }
    if v.bound_before
        .iter()
        .any(|b| text[..m.start()].ends_with(b.as_str()))
    {
        bound = Bound::About;
    }
    Some(Quantity {
        span: Span::new(base + m.start(), base + m.end()),
        value: number_value(&number)?,
        unit: rest.to_owned(),
        bound,
    })
}

/// Where a document's folded text holds a cue for a total's parts, as (start, end) file offsets
/// sorted by start.
pub fn sum_cue_positions(folded_doc: &str, base: usize, v: &NumberVocab) -> Vec<(usize, usize)> {
    let mut hits: Vec<(usize, usize)> = v
        .cue_finders
        .iter()
        .flat_map(|f| {
            let len = f.needle().len();
            f.find_iter(folded_doc.as_bytes())
                .map(move |i| (base + i, base + i + len))
        })
        .collect();
    hits.sort_unstable();
    hits
}

/// Whether one of `cues` (from `sum_cue_positions`) lies wholly inside `span`.
pub fn span_has_cue(cues: &[(usize, usize)], span: Span) -> bool {
    cues[cues.partition_point(|c| c.0 < span.start)..]
        .iter()
        .take_while(|c| c.0 < span.end)
        .any(|c| c.1 <= span.end)
}

/// Claims in one sentence-bearing text (folded), at file offset `base`; `cue` says whether the
/// text holds a cue for a total's parts (`span_has_cue`).
pub fn claims(text: &str, base: usize, v: &NumberVocab, cue: bool) -> Vec<Claim> {
    let mut out = Vec::new();
    // Most text holds no cue for any claim: test the whole span once before splitting it.
    let bytes = text.as_bytes();
    let colon = memchr::memchr(b':', bytes).is_some() || FULLWIDTH_COLON.find(bytes).is_some();
    let percent = memchr::memchr(b'%', bytes).is_some() || FULLWIDTH_PERCENT.find(bytes).is_some();
    let bracket =
        memchr::memchr(b'(', bytes).is_some() || FULLWIDTH_OPEN_BRACKET.find(bytes).is_some();
    let rate = EACH.find(bytes).is_some();
    if !colon && !percent && !bracket && !cue && !rate {
        return out;
    }
    // Sentences end at 。 (semicolons separate the items of one list: …4公里；…6公里). Found with
    // a byte search: a char-set split decodes every character.
    let mut start = 0;
    for end in FULL_STOP
        .find_iter(bytes)
        .map(|i| i + "。".len())
        .chain(std::iter::once(text.len()))
    {
        if end > start {
            if let Some(sentence) = text.get(start..end) {
                sentence_claims(sentence, base + start, v, cue, &mut out);
            }
        }
        start = end;
    }
    out
}

fn sentence_claims(
    s: &str,
    base: usize,
    v: &NumberVocab,
    span_has_cue: bool,
    out: &mut Vec<Claim>,
) {
    // Each claim needs a cue; most sentences have none and cost one or two substring tests.
    let b = s.as_bytes();
    // …6次（: a unit right before the bracket, and a numeral within the few characters before it.
    let before_unit = |i: usize| {
        let mut back = s[..i].chars().rev();
        back.next().is_some_and(|c| v.unit_ends.contains(c))
            && back
                .take(3)
                .any(|c| c.is_ascii_digit() || "零〇一二两三四五六七八九十百千万亿".contains(c))
    };
    let bracket = memchr::memchr_iter(b'(', b).any(before_unit)
        || FULLWIDTH_OPEN_BRACKET.find_iter(b).any(before_unit);
    if bracket || (span_has_cue && v.has_sum_cue(s)) {
        let qs: Vec<(usize, Quantity)> = v
            .quantity
            .find_iter(s)
            .filter_map(|m| quantity(s, base, m, v).map(|q| (m.start(), q)))
            .collect();
        sum_claims(s, &qs, v, out);
    }
    if memchr::memchr(b':', b).is_some() || FULLWIDTH_COLON.find(b).is_some() {
        count_claims(s, base, v, out);
    }
    if memchr::memchr2(b'%', 0xBC, s.as_bytes()).is_some() {
        share_claims(s, base, v, out);
    }
    if s.contains('每') {
        rate_claims(s, base, v, out);
    }
}

/// 6次（春季2次、秋季3次） and 8公里，分别是…4公里…6公里 (exhaustive); 共35项，其中…(partial).
fn sum_claims(s: &str, qs: &[(usize, Quantity)], v: &NumberVocab, out: &mut Vec<Claim>) {
    for (i, (at, total)) in qs.iter().enumerate() {
        let after_total = &s[at + (total.span.end - total.span.start)..];
        // A bracket right after the total lists its parts.
        if after_total.starts_with(['（', '(']) {
            let close = after_total.find(['）', ')']).unwrap_or(after_total.len());
            let limit = at + (total.span.end - total.span.start) + close;
            let parts: Vec<Quantity> = qs[i + 1..]
                .iter()
                .filter(|(p, q)| *p < limit && q.unit == total.unit)
                .map(|(_, q)| q.clone())
                .collect();
            if parts.len() >= 2 {
                out.push(Claim::Sum {
                    total: total.clone(),
                    parts,
                    exhaustive: true,
                });
            }
        }
    }
    // A cue after one or more totals: the parts after it, grouped by unit.
    for (cues, exhaustive) in [(&v.exhaustive_cues, true), (&v.partial_cues, false)] {
        let Some(cue_at) = cues.iter().filter_map(|c| s.find(c.as_str())).min() else {
            continue;
        };
        let before: Vec<&Quantity> = qs
            .iter()
            .filter(|(p, _)| *p < cue_at)
            .map(|(_, q)| q)
            .collect();
        for total in &before {
            if before.iter().filter(|q| q.unit == total.unit).count() != 1 {
                continue;
            }
            let parts: Vec<Quantity> = qs
                .iter()
                .filter(|(p, q)| *p > cue_at && q.unit == total.unit)
                .map(|(_, q)| q.clone())
                .collect();
            if parts.len() >= 2 {
                out.push(Claim::Sum {
                    total: (*total).clone(),
                    parts,
                    exhaustive,
                });
            }
        }
    }
}

/// 每月20元、全年240元: the rate times the periods in a year must give the whole (same unit).
fn rate_claims(s: &str, base: usize, v: &NumberVocab, out: &mut Vec<Claim>) {
    for c in v.rate.captures_iter(s) {
        let (Some(period), Some(per), Some(unit), Some(whole), Some(wunit)) = (
            c.name("period"),
            c.name("per"),
            c.name("unit"),
            c.name("whole"),
            c.name("wunit"),
        ) else {
            continue;
        };
        if unit.as_str() != wunit.as_str() {
            continue;
        }
        let (Some(value), Some(total), Some(&factor)) = (
            number_value(per.as_str()),
            number_value(whole.as_str()),
            v.periods.get(period.as_str()),
        ) else {
            continue;
        };
        let span = |m: regex::Match<'_>, end: usize| Span::new(base + m.start(), base + end);
        out.push(Claim::Rate {
            per: span(per, unit.end()),
            value,
            factor,
            whole: span(whole, wunit.end()),
            total,
        });
    }
}

/// `分三个阶段推进：` or `做好以下四个方面：` ending a section's own text, with the list given as
/// that section's child headings.
pub fn section_counts(
    source: &crate::source::SourceFile,
    doc: &crate::syntax::Document,
    v: &NumberVocab,
) -> Vec<Claim> {
    let mut out = Vec::new();
    for s in &doc.sections {
        let Some(&first) = s.children.first() else {
            continue;
        };
        let kind = doc.sections[first].marker.kind;
        let items: Vec<Span> = s
            .children
            .iter()
            .map(|&c| &doc.sections[c])
            .filter(|c| c.marker.kind == kind)
            .map(|c| c.marker.span)
            .collect();
        // The own text closest to the children: the last block, or the heading line.
        let own = s
            .blocks
            .last()
            .map_or(Span::new(s.marker.span.end, s.line.end), |b| b.span());
        let text = source.folded(own);
        let Some(m) = v.count.find_iter(text).last() else {
            continue;
        };
        // The count must end the text: the list follows as headings, not inline.
        if !text[m.end()..].trim().is_empty() || text[..m.start()].ends_with('第') {
            continue;
        }
        let head = m.as_str();
        let num_len = head
            .char_indices()
            .find(|(_, c)| !(c.is_ascii_digit() || "一二两三四五六七八九十".contains(*c)))
            .map_or(head.len(), |(i, _)| i);
        let Some(stated) = number_value(&head[..num_len]).map(|n| n as u64) else {
            continue;
        };
        let span = Span::new(
            own.start + m.start(),
            own.start + m.start() + head.trim_end_matches([':', '：']).len(),
        );
        let n = items.len();
        out.push(Claim::Count {
            span,
            stated,
            items,
            max_items: n,
        });
    }
    out
}

/// 两种方式：讲师授课、班主任组织开展励志主题班会 — a count, a colon, and a 、 list to the sentence end.
fn count_claims(s: &str, base: usize, v: &NumberVocab, out: &mut Vec<Claim>) {
    for m in v.count.find_iter(s) {
        let head = m.as_str();
        let num_len = head
            .char_indices()
            .find(|(_, c)| !(c.is_ascii_digit() || "一二两三四五六七八九十".contains(*c)))
            .map_or(head.len(), |(i, _)| i);
        if s[..m.start()].ends_with('第') {
            continue;
        }
        let Some(stated) = number_value(&head[..num_len]).map(|n| n as u64) else {
            continue;
        };
        let list = s[m.end()..].trim_end_matches(['。', '；', ';', '！', '？', '\n', ' ']);
        // Open lists (…等) and lists with their own enumeration are not counted.
        if list.ends_with('等')
            || list.contains("等方面")
            || list.contains("一是")
            || list.contains(['：', ':', '，', ',', '(', '（'])
        {
            continue;
        }
        let items: Vec<&str> = list.split('、').filter(|t| !t.trim().is_empty()).collect();
        if items.len() < 2 {
            continue;
        }
        let extra: usize = items
            .iter()
            .map(|t| {
                v.list_joiners
                    .iter()
                    .filter(|j| t.contains(j.as_str()))
                    .count()
                    .min(1)
            })
            .sum();
        let mut offset = base + m.end();
        let mut spans = Vec::new();
        for t in list.split('、') {
            spans.push(Span::new(offset, offset + t.len()));
            offset += t.len() + '、'.len_utf8();
        }
        out.push(Claim::Count {
            span: Span::new(
                base + m.start(),
                base + m.start() + head.trim_end_matches([':', '：']).len(),
            ),
            stated,
            items: spans,
            max_items: items.len() + extra,
        });
    }
}

/// 师德师风10%，教学成绩30%…: three or more percentages near a share cue, none of them a target.
fn share_claims(s: &str, base: usize, v: &NumberVocab, out: &mut Vec<Claim>) {
    if !v.share_cues.iter().any(|f| f.find(s.as_bytes()).is_some()) {
        return;
    }
    // Shares are one run of percentages, each after a short label (师德师风10%，教学成绩30%…);
    // a percentage further on (…总数的15%) starts another run.
    let mut runs: Vec<Vec<(Span, f64)>> = vec![Vec::new()];
    let mut last_end = None;
    for m in v.percent.find_iter(s) {
        let before = &s[..m.start()];
        let after = &s[m.end()..];
        let target = v.bound_before.iter().any(|b| before.ends_with(b.as_str()))
            || v.bound_after.iter().any(|b| after.starts_with(b.as_str()));
        if target {
            return;
        }
        let Some(value) = number_value(m.as_str().trim_end_matches(['%', '％'])) else {
            return;
        };
        // 总数的15%: a proportion of something else, not one of the shares.
        if before.trim_end_matches(['.', '．', ' ']).ends_with('的') {
            runs.push(Vec::new());
            last_end = None;
            continue;
        }
        let near = last_end.is_none_or(|e: usize| {
            s[e..m.start()].chars().count() <= 12
                && !s[e..m.start()].contains(['。', '；', ';', '(', '（'])
        });
        if !near {
            runs.push(Vec::new());
        }
        if let Some(run) = runs.last_mut() {
            run.push((Span::new(base + m.start(), base + m.end()), value));
        }
        last_end = Some(m.end());
    }
    let parts = runs.into_iter().max_by_key(Vec::len).unwrap_or_default();
    if parts.len() >= 3 {
        out.push(Claim::Shares { parts });
    }
}

/// True when a claim's own figures disagree (the rules report these).
pub fn contradicts(c: &Claim) -> bool {
    match c {
        Claim::Sum {
            total,
            parts,
            exhaustive,
        } => {
            let sum: f64 = parts.iter().map(|p| p.value).sum();
            let eps = 1e-6 * total.value.abs().max(1.0);
            match (total.bound, exhaustive) {
                (Bound::About, _) => false,
                (Bound::AtLeast, true) => sum + eps < total.value,
                (Bound::AtLeast, false) => false,
                (Bound::Exact, true) => (sum - total.value).abs() > eps,
                (Bound::Exact, false) => sum > total.value + eps,
            }
        }
        Claim::Count {
            stated,
            items,
            max_items,
            ..
        } => (*stated as usize) < items.len() || (*stated as usize) > *max_items,
        Claim::Shares { parts } => (parts.iter().map(|p| p.1).sum::<f64>() - 100.0).abs() > 0.5,
        Claim::Rate {
            value,
            factor,
            total,
            ..
        } => (value * f64::from(*factor) - total).abs() > 0.01 * total.abs().max(1.0),
    }
}

#[cfg(test)]
mod tests {

    /// Claims of a whole text, its cues found the way `Facts::build` finds them.
    fn claims_in(text: &str, v: &NumberVocab) -> Vec<Claim> {
        let cues = sum_cue_positions(text, 0, v);
        claims(text, 0, v, span_has_cue(&cues, Span::new(0, text.len())))
    }
    use super::*;
    use crate::extract::Vocab;

    #[test]
    fn numerals() {
        let cases: &[(&str, f64)] = &[
            ("0", 0.0),
            ("7", 7.0),
            ("12", 12.0),
            ("105", 105.0),
            ("2024", 2024.0),
            ("3.5", 3.5),
            ("1.5", 1.5),
            ("0.25", 0.25),
            ("１２", 12.0),
            ("３．５", 3.5),
            ("1,200", 1200.0),
            ("1，200", 1200.0),
            ("1。5", 1.5),
            ("一", 1.0),
            ("二", 2.0),
            ("两", 2.0),
            ("兩", 2.0),
            ("三", 3.0),
            ("四", 4.0),
            ("五", 5.0),
            ("六", 6.0),
            ("七", 7.0),
            ("八", 8.0),
            ("九", 9.0),
            ("十", 10.0),
            ("十一", 11.0),
            ("十八", 18.0),
            ("二十", 20.0),
            ("二十三", 23.0),
            ("三十五", 35.0),
            ("九十九", 99.0),
            ("一百", 100.0),
            ("一百零五", 105.0),
            ("一百二十", 120.0),
            ("两百", 200.0),
            ("三千", 3000.0),
            ("三千五百", 3500.0),
            ("一千零一", 1001.0),
            ("〇", 0.0),
            ("零", 0.0),
            ("8万", 80_000.0),
            ("1.5亿", 150_000_000.0),
            ("3万", 30_000.0),
            ("三千五百万", 35_000_000.0),
            ("五万", 50_000.0),
            ("十万", 100_000.0),
            ("两万", 20_000.0),
            ("92亿", 9_200_000_000.0),
            ("0.5万", 5_000.0),
            ("一亿", 100_000_000.0),
            ("六", 6.0),
            ("十二", 12.0),
        ];
        for (s, want) in cases {
            assert_eq!(number_value(s), Some(*want), "{s}");
        }
        assert!(cases.len() >= 50);
        assert_eq!(number_value("年"), None);
    }

    fn claims_of(text: &str) -> Vec<Claim> {
        let vocab = Vocab::builtin().unwrap();
        claims_in(&crate::text::fold::fold(text), &vocab.numbers)
    }

    fn sum(text: &str) -> Option<(f64, Vec<f64>, bool)> {
        claims_of(text).into_iter().find_map(|c| match c {
            Claim::Sum {
                total,
                parts,
                exhaustive,
            } => Some((
                total.value,
                parts.iter().map(|p| p.value).collect(),
                exhaustive,
            )),
            _ => None,
        })
    }

    #[test]
    fn sum_claims_in_both_scripts() {
        let cases: &[(&str, f64, &[f64], bool)] = &[
            ("开展培训6次（春季2次、秋季3次）", 6.0, &[2.0, 3.0], true),
            ("開展培訓6次(春季2次、秋季3次)", 6.0, &[2.0, 3.0], true),
            (
                "建设林带长度8公里，分别是道路防护林带4公里，河道防护林带6公里",
                8.0,
                &[4.0, 6.0],
                true,
            ),
            (
                "建設林帶長度8公里,分別是建設道路防護林帶4公里;",
                8.0,
                &[4.0],
                true,
            ),
            (
                "总分16分，其中精准入户3分，精准服务13分",
                16.0,
                &[3.0, 13.0],
                false,
            ),
            (
                "總分16分,其中精準入戶3分,精準服務13分",
                16.0,
                &[3.0, 13.0],
                false,
            ),
            (
                "全年开展培训5次（1次、2次、1次）",
                5.0,
                &[1.0, 2.0, 1.0],
                true,
            ),
            (
                "共建设12所学校，其中小学8所、初中4所",
                12.0,
                &[8.0, 4.0],
                false,
            ),
            ("共有35项，分别为A类3项、B类32项", 35.0, &[3.0, 32.0], true),
            (
                "投入资金100万元（省级60万元、县级40万元）",
                1_000_000.0,
                &[600_000.0, 400_000.0],
                true,
            ),
            (
                "新建日间照料中心4个（城区2个、农村2个）",
                4.0,
                &[2.0, 2.0],
                true,
            ),
            (
                "培训教师120人次，其中骨干教师50人次、青年教师70人次",
                120.0,
                &[50.0, 70.0],
                false,
            ),
            (
                "規劃栽植樹苗8萬余株,分別是5000株、8000株",
                80_000.0,
                &[5000.0, 8000.0],
                true,
            ),
            ("改造道路三条（东路一条、西路两条）", 3.0, &[1.0, 2.0], true),
            ("改造道路三條（東路一條、西路兩條）", 3.0, &[1.0, 2.0], true),
            (
                "新建日間照料中心4個（城區2個、農村2個）",
                4.0,
                &[2.0, 2.0],
                true,
            ),
            (
                "共建設12所學校,其中小學8所、初中4所",
                12.0,
                &[8.0, 4.0],
                false,
            ),
            (
                "投入資金100萬元(省級60萬元、縣級40萬元)",
                1_000_000.0,
                &[600_000.0, 400_000.0],
                true,
            ),
        ];
        for (text, total, parts, exhaustive) in cases {
            let got = sum(text);
            if parts.len() < 2 {
                assert!(got.is_none(), "{text}: {got:?}");
                continue;
            }
            assert_eq!(got, Some((*total, parts.to_vec(), *exhaustive)), "{text}");
        }
    }

    #[test]
    fn count_and_share_claims() {
        let count = |t: &str| {
            claims_of(t).into_iter().find_map(|c| match c {
                Claim::Count {
                    stated,
                    items,
                    max_items,
                    ..
                } => Some((stated, items.len(), max_items)),
                _ => None,
            })
        };
        assert_eq!(
            count("主要采用两种方式:讲师授课、班主任组织开展励志主题班会。"),
            Some((2, 2, 2))
        );
        assert_eq!(
            count("主要採用兩種方式:講師授課、班主任組織開展勵志主題班會。"),
            Some((2, 2, 2))
        );
        assert_eq!(
            count("实施五大行动：植树、治水、清废、净化。"),
            Some((5, 4, 4))
        );
        assert_eq!(
            count("重点抓好三个环节：计划、实施和总结。"),
            Some((3, 2, 3))
        );
        assert_eq!(
            count("做好四项工作：宣传、培训、督查、考核。"),
            Some((4, 4, 4))
        );
        assert_eq!(count("包括以下内容：A、B、C等。"), None);
        assert_eq!(count("第三个方面：A、B。"), None);
        assert_eq!(count("两种方式：一是讲授，二是讨论。"), None);
        let shares = |t: &str| {
            claims_of(t).into_iter().find_map(|c| match c {
                Claim::Shares { parts } => Some(parts.iter().map(|p| p.1).sum::<f64>()),
                _ => None,
            })
        };
        assert_eq!(
            shares("考核方案:師德師風10%,近三年教學成績30%,教學過程20%,教育科研20%,民主測評20%"),
            Some(100.0)
        );
        assert_eq!(shares("权重：平时成绩30%，期中30%，期末30%"), Some(90.0));
        assert_eq!(
            shares("考核方案:师德10%,成绩30%,过程20%,科研20%,测评20%,按教师总数的15%取其名次"),
            Some(100.0)
        );
        assert_eq!(
            shares("覆盖率达到90%以上，比例不低于80%，占比达60%以上"),
            None
        );
        assert_eq!(shares("完成率95%，满意度90%，覆盖率100%"), None);
    }

    #[test]
    fn rate_claims_both_scripts() {
        let rate = |t: &str| {
            claims_of(t).into_iter().find_map(|c| match c {
                Claim::Rate {
                    value,
                    factor,
                    total,
                    ..
                } => Some((value, factor, total)),
                _ => None,
            })
        };
        assert_eq!(
            rate("由学校行政发给每月20元、全年240元的骨干教师津贴"),
            Some((20.0, 12, 240.0))
        );
        assert_eq!(
            rate("由學校行政發給每月20元、全年240元的骨干教師津貼"),
            Some((20.0, 12, 240.0))
        );
        assert_eq!(
            rate("每季度补助300元，全年共1000元"),
            Some((300.0, 4, 1000.0))
        );
        assert_eq!(rate("每月20元"), None);
    }

    #[test]
    fn correct_or_unclear_claims_make_no_contradiction() {
        // Each either makes no claim, or a claim whose arithmetic holds.
        let texts = [
            "和康复项目7类32项,总共35项",
            "社会保险及救助类3项(新农合、居民医保和医疗救助)",
            "经费等六个方面",
            "每月20元、全年240元",
            "按600户的任务总量计算",
            "第三阶段完成3项任务",
            "全期累计5A者为五星级寝室",
            "涨幅为8。5%,河北的涨幅为12。5%",
            "由每人每月80元提高到90元",
            "近三年教学成绩30%",
            "开展培训6次（春季3次、秋季3次）",
            "共12所，其中小学8所",
            "投资约100万元（省级60万元、县级30万元）",
            "8万余株，分别是5万株、4万株",
            "两种方式：讲授、讨论",
        ];
        let vocab = Vocab::builtin().unwrap();
        for t in texts {
            for c in claims_in(&crate::text::fold::fold(t), &vocab.numbers) {
                assert!(!contradicts(&c), "{t}: {c:?}");
            }
        }
    }
}
