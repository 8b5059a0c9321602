//! The versioned JSON report (DESIGN §6.2, contract version 1).

use super::{FileFailure, Summary};
use crate::engine::suppress::Suppressed;
use crate::engine::FileReport;
use crate::rules::diagnostic::Diagnostic;
use crate::source::{Position, PositionCursor, SourceFile, Span};
use serde::{Serialize, Serializer};
use std::cell::RefCell;

pub const VERSION: u32 = 1;

// The report is `{"version", "tool", "files": [FileJson…], "summary", "errors"}`, written
// file by file (`header`, `file`…, `footer`) so a large run never holds every file at once.
// `errors` lists the files that could not be checked (an addition to contract v1).

#[derive(Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

impl Tool {
    pub fn current() -> Tool {
        Tool {
            name: "planlint",
            version: env!("CARGO_PKG_VERSION"),
        }
    }
}

#[derive(Serialize)]
pub struct FileJson<'a> {
    pub path: &'a str,
    pub encoding: &'static str,
    pub diagnostics: Listed<'a, Diagnostic>,
    /// Diagnostics silenced by suppression comments (an addition to contract v1).
    pub suppressed: Listed<'a, Suppressed>,
}

/// A file's diagnostics, each turned into its JSON form as it is written: a file with 100,000
/// findings is not held a second time as JSON values. The cursor is shared so positions are
/// counted forward through the file, diagnostics first, then the suppressed ones.
pub struct Listed<'a, T> {
    source: &'a SourceFile,
    at: &'a RefCell<PositionCursor<'a>>,
    items: &'a [T],
}

impl Serialize for Listed<'_, Diagnostic> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut at = self.at.borrow_mut();
        serializer.collect_seq(
            self.items
                .iter()
                .map(|d| diagnostic(self.source, &mut at, d)),
        )
    }
}

impl Serialize for Listed<'_, Suppressed> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut at = self.at.borrow_mut();
        serializer.collect_seq(self.items.iter().map(|s| SuppressedJson {
            diagnostic: diagnostic(self.source, &mut at, &s.diagnostic),
            reason: s.reason.as_deref(),
        }))
    }
}

#[derive(Serialize)]
pub struct SuppressedJson<'a> {
    #[serde(flatten)]
    pub diagnostic: DiagnosticJson<'a>,
    pub reason: Option<&'a str>,
}

#[derive(Serialize)]
pub struct RangeJson {
    pub start: Position,
    pub end: Position,
}

#[derive(Serialize)]
pub struct LabelJson<'a> {
    pub span: Span,
    pub range: RangeJson,
    pub message: &'a str,
}

#[derive(Serialize)]
pub struct FixJson<'a> {
    pub span: Span,
    pub replacement: &'a str,
}

#[derive(Serialize)]
pub struct DiagnosticJson<'a> {
    pub code: &'static str,
    pub rule: &'static str,
    pub severity: &'static str,
    pub message: &'a str,
    pub span: Span,
    pub range: RangeJson,
    /// For a .docx: the 1-based Word paragraph (an addition to contract v1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<usize>,
    pub labels: Vec<LabelJson<'a>>,
    pub help: Option<&'a str>,
    pub fix: Option<FixJson<'a>>,
}

pub fn range(source: &SourceFile, span: Span) -> RangeJson {
    range_at(&mut PositionCursor::new(source), span)
}

fn range_at(at: &mut PositionCursor<'_>, span: Span) -> RangeJson {
    RangeJson {
        start: at.position(span.start),
        end: at.position(span.end),
    }
}

fn diagnostic<'a>(
    source: &SourceFile,
    at: &mut PositionCursor<'_>,
    d: &'a Diagnostic,
) -> DiagnosticJson<'a> {
    DiagnosticJson {
        code: d.rule.code,
        rule: d.rule.name,
        severity: d.severity.name(),
        message: &d.message,
        span: d.span,
        range: range_at(at, d.span),
        paragraph: source.paragraph(d.span.start),
        labels: d
            .labels
            .iter()
            .map(|l| LabelJson {
                span: l.span,
                range: range_at(at, l.span),
                message: &l.message,
            })
            .collect(),
        help: d.help.as_deref(),
        fix: d.fix.as_ref().map(|f| FixJson {
            span: f.span,
            replacement: &f.replacement,
        }),
    }
}

/// `{"version":…,"tool":…,"files":[`: what comes before the first file.
pub fn header() -> String {
    let tool = serde_json::to_string(&Tool::current()).unwrap_or_default();
    format!("{{\"version\":{VERSION},\"tool\":{tool},\"files\":[")
}

/// One element of `files`.
pub fn file(r: &FileReport, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let at = RefCell::new(PositionCursor::new(&r.source));
    let file = FileJson {
        path: &r.source.path,
        encoding: r.source.encoding.name(),
        diagnostics: Listed {
            source: &r.source,
            at: &at,
            items: &r.diagnostics,
        },
        suppressed: Listed {
            source: &r.source,
            at: &at,
            items: &r.suppressed,
        },
    };
    // serde_json writes token by token: buffered, so the output sees few large writes.
    let mut out = std::io::BufWriter::with_capacity(1 << 14, out);
    serde_json::to_writer(&mut out, &file)?;
    std::io::Write::flush(&mut out)
}

/// `],"summary":…,"errors":…}`: what comes after the last file. The report is compact: large
/// runs are read by tools, and pretty printing doubled their cost.
pub fn footer(summary: &Summary, failures: &[FileFailure]) -> String {
    let summary = serde_json::to_string(summary).unwrap_or_default();
    let errors = serde_json::to_string(failures).unwrap_or_default();
    format!("],\"summary\":{summary},\"errors\":{errors}}}\n")
}
