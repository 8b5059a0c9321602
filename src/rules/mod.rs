//! The rule registry. A rule is static metadata plus a plain function over a `Ctx`.

pub mod dates;
pub mod diagnostic;
pub mod numbers;
pub mod owners;
pub mod placeholders;
pub mod structure;
pub mod suppress;
pub mod typography;

use crate::config::{Config, ConfigError};
use crate::extract::Facts;
use crate::rules::diagnostic::{Diagnostic, Severity};
use crate::source::{SourceFile, Span};
use crate::syntax::Document;

/// Every compiled vocabulary: the extractors' and the text-damage rules'.
#[derive(Debug)]
pub struct Vocab {
    pub extract: crate::extract::Vocab,
    pub damage: typography::vocab::DamageVocab,
}

impl Vocab {
    /// Compile the built-in tables with the config's overlays.
    pub fn compile(config: &Config) -> Result<Vocab, ConfigError> {
        Ok(Vocab {
            extract: crate::extract::Vocab::compile(config)?,
            damage: typography::vocab::DamageVocab::compile(
                config.table("typography")?,
                config.table("chars")?,
            )?,
        })
    }
}

/// What a rule sees: the source, one document's tree, its facts and the vocabulary.
pub struct Ctx<'a> {
    pub source: &'a SourceFile,
    pub doc: &'a Document,
    pub facts: &'a Facts,
    pub vocab: &'a Vocab,
}

impl Ctx<'_> {
    /// The original text of a span.
    pub fn text(&self, span: Span) -> &str {
        self.source.slice(span)
    }
}

pub type CheckFn = fn(&Ctx<'_>, &mut Vec<Diagnostic>);

pub struct Rule {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
    /// Long documentation with a bad and a good example (from the rule's doc comment).
    pub docs: &'static str,
    pub check: CheckFn,
    /// Where the rule is declared (`file:line`).
    pub location: &'static str,
}

impl Rule {
    /// What `planlint explain` prints (also the editor's hover text).
    pub fn explanation(&self) -> String {
        format!(
            "{} {} ({})\n\n{}\n\n{}",
            self.code,
            self.name,
            self.severity.name(),
            self.summary,
            self.doc_text()
        )
    }

    /// The long documentation with the doc comments' leading space removed.
    pub fn doc_text(&self) -> String {
        self.docs
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n")
            .trim()
            .to_owned()
    }
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.code, self.name)
    }
}

/// Declare a rule: its doc comment becomes `Rule::docs` (clippy's `concat!` trick).
#[macro_export]
macro_rules! declare_rule {
    ($(#[doc = $doc:literal])* pub static $id:ident = ($code:literal, $name:literal, $sev:ident, $summary:literal, $check:path);) => {
        $(#[doc = $doc])*
        pub static $id: $crate::rules::Rule = $crate::rules::Rule {
            code: $code,
            name: $name,
            severity: $crate::rules::diagnostic::Severity::$sev,
            summary: $summary,
            docs: concat!($($doc, "\n"),*),
            check: $check,
            location: concat!(file!(), ":", line!()),
        };
    };
}

/// Every rule, in code order. This is the one list: check, rules, explain, docs and tests read it.
pub static ALL: &[&Rule] = &[
    &structure::MISSING_SECTION,
    &structure::EMPTY_SECTION,
    &structure::NUMBERING_SEQUENCE,
    &structure::HEADING_STYLE,
    &owners::TASK_WITHOUT_OWNER,
    &owners::PLACEHOLDER_OWNER,
    &dates::UNDEFINED_DATE,
    &dates::INVALID_DATE,
    &dates::DATE_ORDER,
    &dates::AMBIGUOUS_YEAR,
    &placeholders::PLACEHOLDER,
    &placeholders::EMPTY_BLANK,
    &placeholders::UNRESOLVED_MARKER,
    &numbers::SUM_MISMATCH,
    &numbers::COUNT_MISMATCH,
    &numbers::PERCENT_TOTAL,
    &numbers::RATE_MISMATCH,
    &typography::UNBALANCED_BRACKET,
    &typography::STRAY_PUNCTUATION,
    &typography::DUPLICATED_CHAR,
    &typography::MOJIBAKE,
    &suppress::UNUSED_SUPPRESSION,
];

/// Rules that judge the other rules' diagnostics (PL901 reports suppressions that silenced
/// nothing): alone, they have nothing to judge, so testing one enables every rule.
pub static JUDGES_OTHERS: &[&Rule] = &[&suppress::UNUSED_SUPPRESSION];

/// A rule by code or name.
pub fn find(key: &str) -> Option<&'static Rule> {
    ALL.iter()
        .copied()
        .find(|r| r.code.eq_ignore_ascii_case(key) || r.name == key)
}

/// Rules matched by a selector: a code, a name or a code prefix (`PL0` = PL0xx).
pub fn matching(selector: &str) -> Vec<&'static Rule> {
    let s = selector.trim();
    ALL.iter()
        .copied()
        .filter(|r| {
            r.name == s
                || (!s.is_empty()
                    && r.code.len() >= s.len()
                    && r.code[..s.len()].eq_ignore_ascii_case(s))
        })
        .collect()
}

/// Catalog rows (DESIGN §6.1) that later issues build: (code, name, severity, summary).
/// Listed in docs/rules.md as planned, never registered as stubs.
pub static PLANNED: &[(&str, &str, &str, &str)] = &[];

/// docs/rules.md, generated from the registry.
pub fn docs_markdown() -> String {
    let mut out = String::from("# planlint rules\n\n<!-- Generated from src/rules (rules::ALL); refresh with `UPDATE_DOCS=1 cargo test --test conventions`. -->\n\n");
    out.push_str("| code | name | severity | status | summary |\n|---|---|---|---|---|\n");
    let mut rows: Vec<(&str, String)> = ALL
        .iter()
        .map(|r| {
            (
                r.code,
                format!(
                    "| {} | [{}](#{}-{}) | {} | built | {} |\n",
                    r.code,
                    r.name,
                    r.code.to_lowercase(),
                    r.name,
                    r.severity.name(),
                    r.summary
                ),
            )
        })
        .collect();
    rows.extend(PLANNED.iter().map(|(code, name, sev, summary)| {
        (
            *code,
            format!("| {code} | {name} | {sev} | planned | {summary} |\n"),
        )
    }));
    rows.sort();
    for (_, row) in rows {
        out.push_str(&row);
    }
    for r in ALL {
        out.push_str(&format!(
            "\n## {} {}\n\nDefault severity: **{}**. {}\n\n{}\n",
            r.code,
            r.name,
            r.severity.name(),
            r.summary,
            r.doc_text()
        ));
    }
    out
}
