//! Suppression comments (DESIGN §3.1): `<!-- planlint-disable CODES 原因 -->` …
//! `<!-- planlint-enable CODES -->`, `disable-next-line`, `disable-file`, and the plain-text
//! forms after `planlint:` (`# planlint: disable-next-line=PL301 原因`). CODES are codes or names,
//! comma-separated; none means every rule. Unused or unknown suppressions become PL901.

use crate::rules::diagnostic::{Diagnostic, Severity};
use crate::rules::{self, Rule};
use crate::source::{SourceFile, Span};
use crate::syntax::Page;

/// A suppression and what it covers.
#[derive(Debug)]
struct Suppression {
    /// None: every rule.
    rules: Option<Vec<&'static Rule>>,
    unknown: Vec<String>,
    reason: Option<String>,
    /// Byte range of the text it covers.
    covers: Span,
    directive: Span,
    used: bool,
}

/// A diagnostic silenced by a suppression comment, with the comment's reason.
#[derive(Clone, Debug)]
pub struct Suppressed {
    pub diagnostic: Diagnostic,
    pub reason: Option<String>,
}

/// Split `PL301,placeholder 原因` (or `=PL301 原因`) into selectors and a reason.
fn parse_args(args: &str) -> (Vec<String>, Option<String>) {
    let args = args.trim().trim_start_matches('=').trim();
    let (codes, reason) = match args.split_once(char::is_whitespace) {
        Some((c, r)) => (c, Some(r.trim().to_owned()).filter(|r| !r.is_empty())),
        None => (args, None),
    };
    // A first word that names no rule is the reason of a suppression for every rule.
    let selectors: Vec<String> = codes
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    if !selectors.is_empty()
        && selectors
            .iter()
            .all(|s| !s.is_ascii() || !looks_like_rule(s))
    {
        return (Vec::new(), Some(args.to_owned()).filter(|a| !a.is_empty()));
    }
    (selectors, reason)
}

fn looks_like_rule(s: &str) -> bool {
    s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

fn build(source: &SourceFile, page: &Page) -> Vec<Suppression> {
    let mut out: Vec<Suppression> = Vec::new();
    let text_end = source.text.len();
    for d in &page.directives {
        let (selectors, reason) = parse_args(source.slice(d.args));
        let mut found = Vec::new();
        let mut unknown = Vec::new();
        for s in &selectors {
            match rules::find(s) {
                Some(r) => found.push(r),
                None => unknown.push(s.clone()),
            }
        }
        let rules = (!selectors.is_empty()).then_some(found);
        let covers = match d.verb.as_str() {
            "disable-file" => Span::new(0, text_end),
            "disable-next-line" => {
                let after = &source.text[d.line.end.min(text_end)..];
                let skip = after.len()
                    - after
                        .trim_start_matches(['\n', '\r', ' ', '\t', '\u{3000}'])
                        .len();
                let start = d.line.end + skip;
                let end = source.text[start..]
                    .find('\n')
                    .map_or(text_end, |i| start + i);
                Span::new(start, end)
            }
            "disable" => Span::new(d.line.end, text_end),
            "enable" => {
                // Close the open ranges of these rules (or of every rule) here.
                for s in out
                    .iter_mut()
                    .filter(|s| s.covers.end == text_end && s.covers.start <= d.line.start)
                {
                    let same = match (&s.rules, &rules) {
                        (_, None) => true,
                        (Some(a), Some(b)) => {
                            a.iter().any(|r| b.iter().any(|x| std::ptr::eq(*r, *x)))
                        }
                        (None, Some(_)) => false,
                    };
                    if same {
                        s.covers.end = d.line.start;
                    }
                }
                if !unknown.is_empty() {
                    out.push(Suppression {
                        rules: Some(Vec::new()),
                        unknown,
                        reason: None,
                        covers: Span::default(),
                        directive: d.line,
                        used: true,
                    });
                }
                continue;
            }
            _ => continue,
        };
        out.push(Suppression {
            rules,
            unknown,
            reason,
            covers,
            directive: d.line,
            used: false,
        });
    }
    out
}

fn covers(s: &Suppression, d: &Diagnostic) -> bool {
    s.covers.start <= d.span.start
        && d.span.start < s.covers.end.max(s.covers.start + 1)
        && s.rules
            .as_ref()
            .is_none_or(|rs| rs.iter().any(|r| std::ptr::eq(*r, d.rule)))
}

/// Whether every rule the suppression names ran, so that "suppresses nothing" is known, not
/// an artefact of `--select` or a config that turned the rule off.
fn all_ran(s: &Suppression, levels: &[Option<Severity>]) -> bool {
    let ran = |rule: &Rule| level(rule.code, levels).is_some();
    match &s.rules {
        Some(rs) => rs.iter().all(|r| ran(r)),
        None => rules::ALL
            .iter()
            .filter(|r| r.code != rules::suppress::UNUSED_SUPPRESSION.code)
            .all(|r| ran(r)),
    }
}

fn level(code: &str, levels: &[Option<Severity>]) -> Option<Severity> {
    rules::ALL
        .iter()
        .position(|r| r.code == code)
        .and_then(|i| levels.get(i).copied().flatten())
}

/// Remove suppressed diagnostics; report unused and unknown suppressions as PL901 (when enabled).
/// `levels` are the severities of `rules::ALL` for this run (None: off).
pub fn apply(
    source: &SourceFile,
    page: &Page,
    diagnostics: Vec<Diagnostic>,
    levels: &[Option<Severity>],
) -> (Vec<Diagnostic>, Vec<Suppressed>) {
    let pl901 = level(rules::suppress::UNUSED_SUPPRESSION.code, levels);
    let mut sups = build(source, page);
    if sups.is_empty() {
        return (diagnostics, Vec::new());
    }
    let mut kept = Vec::new();
    let mut suppressed = Vec::new();
    for d in diagnostics {
        match sups.iter_mut().find(|s| covers(s, &d)) {
            Some(s) => {
                s.used = true;
                suppressed.push(Suppressed {
                    diagnostic: d,
                    reason: s.reason.clone(),
                });
            }
            None => kept.push(d),
        }
    }
    if let Some(severity) = pl901 {
        for s in &sups {
            for u in &s.unknown {
                let mut d = Diagnostic::new(
                    &rules::suppress::UNUSED_SUPPRESSION,
                    s.directive,
                    format!("the suppression names `{u}`, which is no planlint rule"),
                )
                .help("use a code (PL301) or a name (placeholder); see `planlint rules`");
                d.severity = severity;
                kept.push(d);
            }
            // A suppression naming only unknown rules was reported above already.
            let named_nothing = s.rules.as_ref().is_some_and(Vec::is_empty);
            if !s.used && !named_nothing && all_ran(s, levels) {
                let mut d = Diagnostic::new(
                    &rules::suppress::UNUSED_SUPPRESSION,
                    s.directive,
                    "this suppression suppresses nothing",
                )
                .help("remove it, or fix the rule list it names");
                d.severity = severity;
                kept.push(d);
            }
        }
        kept.sort_by(|a, b| {
            (a.span.start, a.rule.code, a.span.end).cmp(&(b.span.start, b.rule.code, b.span.end))
        });
    }
    (kept, suppressed)
}
