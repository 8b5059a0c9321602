//! PL4xx: numbers a plan states that its own text contradicts.

use super::Ctx;
use crate::declare_rule;
use crate::extract::numbers::{contradicts, Bound, Claim};
use crate::rules::diagnostic::Diagnostic;

fn figure(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        format!("{v}")
    }
}

declare_rule! {
    /// Flags a stated total that its parts contradict: 开展培训6次（春季2次、秋季3次）, or
    /// 林带长度8公里，分别是…4公里…6公里. Parts after 分别是/即 or in a bracket must add up to the
    /// total; parts after 其中 may be only some of them, so only a sum above the total is wrong.
    /// 余, 多 and 以上 make the total a lower bound, 约 and 左右 an estimate. 35项，其中3项…32项 is fine.
    ///
    /// **Bad:** `开展培训6次（春季2次、秋季3次）`
    ///
    /// **Good:** `开展培训5次（春季2次、秋季3次）`
    pub static SUM_MISMATCH = ("PL401", "sum-mismatch", Error,
        "a stated total contradicted by its parts: 5次(1次、2次、1次) ; 35项,其中3项…32项 is fine", sum_mismatch);
}

fn sum_mismatch(cx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for c in cx.facts.claims.iter().filter(|c| contradicts(c)) {
        let Claim::Sum {
            total,
            parts,
            exhaustive,
        } = c
        else {
            continue;
        };
        let sum: f64 = parts.iter().map(|p| p.value).sum();
        let terms: Vec<String> = parts.iter().map(|p| figure(p.value)).collect();
        let relation = match (total.bound, exhaustive) {
            (Bound::AtLeast, _) => "at least",
            (_, false) => "at most",
            _ => "exactly",
        };
        let mut d = Diagnostic::new(
            &SUM_MISMATCH,
            total.span,
            format!(
                "stated total `{}` but the parts sum to {} ({}); they should make {relation} {}",
                cx.text(total.span),
                figure(sum),
                terms.join(" + "),
                figure(total.value)
            ),
        );
        for p in parts {
            d = d.label(p.span, "part");
        }
        out.push(d.help("correct the total or the parts"));
    }
}

declare_rule! {
    /// Flags a stated count that the list after it contradicts: 实施五大行动：植树、治水、清废、净化
    /// lists four. A list joined by 和/及 in its last item may count one more; open lists (…等)
    /// and lists with their own enumeration (一是…) are not judged.
    ///
    /// **Bad:** `实施五大行动：植树、治水、清废、净化。`
    ///
    /// **Good:** `实施四大行动：植树、治水、清废、净化。`
    pub static COUNT_MISMATCH = ("PL402", "count-mismatch", Error,
        "a stated count contradicted by the list: 五大行动 with four listed; 十二项任务 with 11; 分三个阶段 with four", count_mismatch);
}

fn count_mismatch(cx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for c in cx.facts.claims.iter().filter(|c| contradicts(c)) {
        let Claim::Count {
            span,
            stated,
            items,
            max_items,
        } = c
        else {
            continue;
        };
        let listed = if *max_items > items.len() {
            format!("{} to {}", items.len(), max_items)
        } else {
            items.len().to_string()
        };
        let mut d = Diagnostic::new(
            &COUNT_MISMATCH,
            *span,
            format!(
                "`{}` states {stated}, but the list after it has {listed} items",
                cx.text(*span)
            ),
        );
        for item in items {
            d = d.label(*item, "listed");
        }
        out.push(d.help("correct the count or complete the list"));
    }
}

declare_rule! {
    /// Flags percentages that share one whole (near 权重, 占比, 比例, 构成, 考核方案) but do not add
    /// up to 100%. Targets (达90%以上, 不低于80%) are never treated as shares.
    ///
    /// **Bad:** `权重：平时成绩30%，期中30%，期末30%`
    ///
    /// **Good:** `权重：平时成绩30%，期中30%，期末40%`
    pub static PERCENT_TOTAL = ("PL403", "percent-total", Error,
        "shares of one whole that do not sum to 100% (权重 10%+30%+20%+20%+20%)", percent_total);
}

fn percent_total(cx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for c in cx.facts.claims.iter().filter(|c| contradicts(c)) {
        let Claim::Shares { parts } = c else { continue };
        let Some(first) = parts.first() else { continue };
        let sum: f64 = parts.iter().map(|p| p.1).sum();
        let terms: Vec<String> = parts.iter().map(|p| format!("{}%", figure(p.1))).collect();
        let mut d = Diagnostic::new(
            &PERCENT_TOTAL,
            first.0,
            format!(
                "shares sum to {}%, not 100%: {}",
                figure(sum),
                terms.join(" + ")
            ),
        );
        for p in &parts[1..] {
            d = d.label(p.0, "share");
        }
        out.push(d.help("make the shares add up to 100%"));
    }
}

declare_rule! {
    /// Flags a rate per period whose stated whole disagrees with it: 每月20元 … 全年200元
    /// (20 × 12 = 240). Period factors live in rules/numbers.toml `[rates]`.
    ///
    /// **Bad:** `发给每月20元、全年200元的津贴`
    ///
    /// **Good:** `发给每月20元、全年240元的津贴`
    pub static RATE_MISMATCH = ("PL404", "rate-mismatch", Warning,
        "per-period × periods ≠ stated total (每月20元, 全年240元 is fine)", rate_mismatch);
}

fn rate_mismatch(cx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for c in cx.facts.claims.iter().filter(|c| contradicts(c)) {
        let Claim::Rate {
            per,
            value,
            factor,
            whole,
            total,
        } = c
        else {
            continue;
        };
        out.push(
            Diagnostic::new(
                &RATE_MISMATCH,
                *whole,
                format!(
                    "stated whole `{}` but the rate `{}` gives {} ({} × {factor})",
                    cx.text(*whole),
                    cx.text(*per),
                    figure(value * f64::from(*factor)),
                    figure(*value)
                ),
            )
            .label(*per, "rate")
            .help(format!(
                "correct the whole ({}) or the rate",
                figure(*total)
            )),
        );
    }
}
