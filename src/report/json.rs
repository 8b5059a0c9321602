//! The versioned JSON report (DESIGN §6.2, contract version 1).

use super::{FileFailure, Summary};
use crate::diagnostic::Diagnostic;
use crate::source::{Position, SourceFile, Span};
use crate::FileReport;
use serde::Serialize;

pub const VERSION: u32 = 1;

#[derive(Serialize)]
pub struct Report<'a> {
    pub version: u32,
    pub tool: Tool,
    pub files: Vec<FileJson<'a>>,
    pub summary: Summary,
    /// Files that could not be checked (an addition to contract v1).
    pub errors: &'a [FileFailure],
}

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
    pub diagnostics: Vec<DiagnosticJson<'a>>,
    /// Diagnostics silenced by suppression comments (an addition to contract v1).
    pub suppressed: Vec<SuppressedJson<'a>>,
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
    RangeJson {
        start: source.position(span.start),
        end: source.position(span.end),
    }
}

fn diagnostic<'a>(source: &SourceFile, d: &'a Diagnostic) -> DiagnosticJson<'a> {
    DiagnosticJson {
        code: d.rule.code,
        rule: d.rule.name,
        severity: d.severity.name(),
        message: &d.message,
        span: d.span,
        range: range(source, d.span),
        paragraph: source.paragraph(d.span.start),
        labels: d
            .labels
            .iter()
            .map(|l| LabelJson {
                span: l.span,
                range: range(source, l.span),
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

pub fn render(reports: &[FileReport], failures: &[FileFailure]) -> String {
    let report = Report {
        version: VERSION,
        tool: Tool::current(),
        files: reports
            .iter()
            .map(|r| FileJson {
                path: &r.source.path,
                encoding: r.source.encoding.name(),
                diagnostics: r
                    .diagnostics
                    .iter()
                    .map(|d| diagnostic(&r.source, d))
                    .collect(),
                suppressed: r
                    .suppressed
                    .iter()
                    .map(|s| SuppressedJson {
                        diagnostic: diagnostic(&r.source, &s.diagnostic),
                        reason: s.reason.as_deref(),
                    })
                    .collect(),
            })
            .collect(),
        summary: Summary::of(reports),
        errors: failures,
    };
    // Compact: reports of large runs are read by tools, and pretty printing doubled their cost.
    let mut out = serde_json::to_string(&report).unwrap_or_default();
    out.push('\n');
    out
}
