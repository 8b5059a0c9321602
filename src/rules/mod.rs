//! The rule registry. A rule is static metadata plus a plain function over a `Ctx`.

pub mod structure;

use crate::config::vocab::Vocab;
use crate::diagnostic::{Diagnostic, Severity};
use crate::extract::Facts;
use crate::source::{SourceFile, Span};
use crate::syntax::Document;

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
            severity: $crate::diagnostic::Severity::$sev,
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
];

/// A rule by code or name.
pub fn find(key: &str) -> Option<&'static Rule> {
    ALL.iter().copied().find(|r| r.code.eq_ignore_ascii_case(key) || r.name == key)
}

/// Rules matched by a selector: a code, a name or a code prefix (`PL0` = PL0xx).
pub fn matching(selector: &str) -> Vec<&'static Rule> {
    let s = selector.trim();
    ALL.iter()
        .copied()
        .filter(|r| r.name == s || (!s.is_empty() && r.code.len() >= s.len() && r.code[..s.len()].eq_ignore_ascii_case(s)))
        .collect()
}
