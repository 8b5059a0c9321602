//! Facts computed once per document from the tree and the vocabulary, shared by all rules.

pub mod dates;
pub mod numbers;
pub mod owners;
pub mod placeholders;
pub mod roles;

use crate::config::{Config, ConfigError};
use crate::source::SourceFile;
use crate::syntax::Document;
use aho_corasick::{AhoCorasick, MatchKind};
use roles::{RoleSet, RoleVocab};
use serde::Serialize;

/// The extractors' vocabularies, each compiled by its extractor from its table.
#[derive(Debug)]
pub struct Vocab {
    pub roles: RoleVocab,
    pub dates: dates::DateVocab,
    pub placeholders: placeholders::PlaceholderVocab,
    pub owners: owners::OwnerVocab,
    pub numbers: numbers::NumberVocab,
}

impl Vocab {
    /// Compile the built-in tables with the config's overlays.
    pub fn compile(config: &Config) -> Result<Vocab, ConfigError> {
        Ok(Vocab {
            roles: RoleVocab::compile(config.table("roles")?)?,
            dates: dates::DateVocab::compile(config.table("dates")?)?,
            placeholders: placeholders::PlaceholderVocab::compile(config.table("placeholders")?)?,
            owners: owners::OwnerVocab::compile(config.table("owners")?)?,
            numbers: numbers::NumberVocab::compile(config.table("numbers")?)?,
        })
    }

    /// The built-in vocabularies.
    pub fn builtin() -> Result<Vocab, ConfigError> {
        Vocab::compile(&Config::default())
    }
}

/// An automaton of the folded `words`, leftmost-longest (`what` names the list in errors).
pub(crate) fn matcher(words: &[String], what: &str) -> Result<AhoCorasick, ConfigError> {
    let folded = crate::text::fold::fold_all(words);
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&folded)
        .map_err(|e| ConfigError::vocab(format!("cannot compile {what}: {e}")))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Genre {
    Plan,
    Report,
    Unknown,
}

#[derive(Debug, Default)]
pub struct Facts {
    pub genre: Option<Genre>,
    /// Index into `vocab.roles.kinds` of the document's kind, chosen by title words (or, when
    /// the title names none, by the opening that names the document).
    pub kind: Option<usize>,
    /// The opening names the document as a plan (特制定本方案).
    pub names_itself: bool,
    /// Roles by `SectionId`.
    pub roles: Vec<RoleSet>,
    /// Roles by index into `doc.soft_headings`.
    pub soft_roles: Vec<RoleSet>,
    /// Roles found at the top level (roots, parts' children, top-level soft headings).
    pub top_roles: RoleSet,
    /// The visible text stops early (structure or a truncation notice).
    pub truncated: bool,
    /// Only the evident signs: a notice, or a text ending on a heading or a colon.
    pub truncated_evident: bool,
    /// The text starts part-way through a plan: its first top-level heading is numbered past one
    /// (第五章, 三、). Missing sections cannot be judged, and the numbering does not start at 1.
    pub excerpt: bool,
    /// Dates in text order, and the ranges joining them.
    pub dates: Vec<dates::DateExpr>,
    pub ranges: Vec<dates::DateRange>,
    /// Template residue, blanks and open markers in text order.
    pub placeholders: Vec<placeholders::Placeholder>,
    /// Owners named in the text, in text order.
    pub owners: Vec<owners::Owner>,
    /// Task items below the tasks sections, with their owners and deadlines.
    pub tasks: Vec<owners::Task>,
    /// The tasks' section is named as such by its heading's words (主要任务), not only guessed
    /// from its shape.
    pub tasks_named: bool,
    /// Numeric claims (totals with parts, counts with lists, shares) in text order.
    pub claims: Vec<numbers::Claim>,
    /// The spans of text that are linted (`placeholders::text_spans`), computed once.
    pub text_spans: Vec<crate::source::Span>,
}

/// Whether a text is written in traditional script: at least one character in a hundred (and
/// five in all) folds to a different simplified one. Folding keeps byte offsets, so comparing
/// the bytes of the two copies finds them.
fn is_traditional(text: &str, folded: &str) -> bool {
    let changed = text
        .as_bytes()
        .iter()
        .zip(folded.as_bytes())
        .filter(|(a, b)| a != b)
        .count();
    // A folded CJK character changes one to three of its three bytes: count it as two.
    let folded_chars = changed / 2;
    folded_chars >= 5 && folded_chars * 3 * 100 >= text.len()
}

impl Facts {
    pub fn build(source: &SourceFile, doc: &Document, vocab: &Vocab) -> Facts {
        let (mut found, ranges) =
            dates::extract(source.folded(doc.span), doc.span.start, &vocab.dates);
        let title_year = doc
            .title
            .and_then(|t| found.iter().find(|d| t.contains(d.span.start)))
            .and_then(|d| d.year.value());
        // Only a two-digit year needs the script: most documents skip the comparison.
        if found
            .iter()
            .any(|d| matches!(d.year, dates::Part::TwoDigit(_)))
        {
            let traditional = is_traditional(source.slice(doc.span), source.folded(doc.span));
            dates::adopt_roc_era(&mut found, traditional, &vocab.dates);
        }
        dates::assume_years(&mut found, title_year);
        let mut facts = roles::build(source, doc, &vocab.roles, &found);
        facts.dates = found;
        facts.ranges = ranges;
        facts.text_spans = placeholders::text_spans(doc);
        facts.placeholders =
            placeholders::extract(source, doc, &facts.text_spans, &vocab.placeholders);
        facts.owners = owners::extract(source, doc, &vocab.owners, &facts.roles);
        facts.tasks = owners::tasks(source, doc, &facts, &vocab.owners);
        facts.tasks_named = facts.tasks.first().is_some_and(|t| {
            let heading = source.folded(doc.sections[t.root].heading);
            vocab.roles.roles_in(heading).contains(roles::Role::Tasks)
        });
        let cues =
            numbers::sum_cue_positions(source.folded(doc.span), doc.span.start, &vocab.numbers);
        for &span in &facts.text_spans {
            facts.claims.extend(numbers::claims(
                source.folded(span),
                span.start,
                &vocab.numbers,
                numbers::span_has_cue(&cues, span),
            ));
        }
        facts
            .claims
            .extend(numbers::section_counts(source, doc, &vocab.numbers));
        facts
    }

    /// True when `span` lies inside a date.
    pub fn in_date(&self, span: crate::source::Span) -> bool {
        // Dates are sorted by start: only those starting at or before `span` can hold it, and a
        // date is a few characters long, so a short look back suffices.
        let to = self.dates.partition_point(|d| d.span.start <= span.start);
        self.dates[..to]
            .iter()
            .rev()
            .take(4)
            .any(|d| span.end <= d.span.end)
    }

    pub fn genre(&self) -> Genre {
        self.genre.unwrap_or(Genre::Unknown)
    }
}
