//! Rich terminal output through codespan-reporting (the only module that imports it).

use super::window::Excerpt;
use super::Summary;
use crate::engine::FileReport;
use crate::rules::diagnostic::{Diagnostic, Severity};
use crate::source::PositionCursor;
use codespan_reporting::diagnostic as cs;
use codespan_reporting::term::{self, termcolor};
use std::io::Write;

fn severity(s: Severity) -> cs::Severity {
    match s {
        Severity::Error => cs::Severity::Error,
        Severity::Warning => cs::Severity::Warning,
        Severity::Note => cs::Severity::Note,
    }
}

fn to_codespan(d: &Diagnostic, excerpt: &Excerpt<'_>) -> cs::Diagnostic<()> {
    let mut labels = vec![cs::Label::primary(
        (),
        excerpt.range(d.span.start..d.span.end),
    )];
    labels.extend(d.labels.iter().map(|l| {
        cs::Label::secondary((), excerpt.range(l.span.start..l.span.end)).with_message(&l.message)
    }));
    let mut notes = Vec::new();
    if let Some(help) = &d.help {
        notes.push(format!("help: {help}"));
    }
    cs::Diagnostic::new(severity(d.severity))
        .with_code(format!("{}/{}", d.rule.code, d.rule.name))
        .with_message(&d.message)
        .with_labels(labels)
        .with_notes(notes)
}

/// One file's diagnostics, each with its snippet: the lines it labels, long ones cut to a
/// window around the labels.
pub fn file(report: &FileReport, color: bool, out: &mut dyn Write) -> std::io::Result<()> {
    let mut buffer = if color {
        termcolor::Buffer::ansi()
    } else {
        termcolor::Buffer::no_color()
    };
    let config = term::Config::default();
    let mut cursor = PositionCursor::new(&report.source);
    for d in &report.diagnostics {
        let spans: Vec<_> = std::iter::once(d.span)
            .chain(d.labels.iter().map(|l| l.span))
            .map(|s| s.start..s.end)
            .collect();
        let excerpt = Excerpt::new(&report.source, &spans, &mut cursor);
        // A rendering error only loses this diagnostic's snippet; the summary still counts it.
        let _ =
            term::emit_to_write_style(&mut buffer, &config, &excerpt, &to_codespan(d, &excerpt));
        // Each diagnostic is drawn in a small buffer and moved to the output (blocks in
        // memory, or the terminal itself for a large file).
        out.write_all(buffer.as_slice())?;
        buffer.clear();
    }
    Ok(())
}

/// The closing lines of a run: counts per severity, the files they are in, and how many
/// files could not be checked at all.
pub fn summary_line(s: &Summary, unreadable: usize) -> String {
    let total = s.errors + s.warnings + s.notes;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut out = if total == 0 {
        format!("No problems found in {}.\n", plural(s.files, "file"))
    } else {
        let files = if s.files_with_problems == s.files {
            plural(s.files, "file")
        } else {
            format!("{} of {}", s.files_with_problems, plural(s.files, "file"))
        };
        format!(
            "Found {} ({}, {}, {}) in {files}.\n",
            plural(total, "problem"),
            plural(s.errors, "error"),
            plural(s.warnings, "warning"),
            plural(s.notes, "note"),
        )
    };
    if unreadable > 0 {
        out.push_str(&format!(
            "{} could not be checked (see the errors above).\n",
            plural(unreadable, "file")
        ));
    }
    out
}
