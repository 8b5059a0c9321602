//! `planlint tasks`: the who-does-what-by-when table of each plan.

use super::json::{range, RangeJson};
use crate::engine::FileReport;
use crate::extract::owners::OwnerKind;
use crate::syntax::{Document, SectionId};
use serde::Serialize;
use std::fmt::Write;
use unicode_width::UnicodeWidthStr;

/// What an empty cell of the table, CSV and Markdown shows; JSON writes `null` instead.
pub const MISSING: &str = "(missing)";

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum TasksFormat {
    Table,
    Csv,
    Json,
    Markdown,
}

/// One task. Gaps are `None` (JSON `null`) or empty lists, never display strings.
#[derive(Serialize)]
pub struct Row {
    pub file: String,
    pub path: String,
    pub task: String,
    /// The lead units or persons; `None` when the task names none.
    pub lead: Option<Vec<String>>,
    /// Co-operating units (配合单位); empty when there are none.
    pub co: Vec<String>,
    /// The deadline as written; `None` when the task has none.
    pub deadline: Option<String>,
    /// named, vague, placeholder or missing.
    pub owner: &'static str,
    /// The owner is the parent heading's (（三）…（责任单位：…） covers its items) or the previous
    /// item's (an item that drops its subject).
    pub inherited: bool,
    pub range: RangeJson,
}

/// `三、（二）2.`: the markers from the top-level section down to `id`.
fn section_path(report: &FileReport, doc: &Document, id: SectionId) -> String {
    let mut markers = Vec::new();
    let mut at = Some(id);
    while let Some(s) = at {
        markers.push(
            report
                .source
                .slice(doc.sections[s].marker.span)
                .trim()
                .to_owned(),
        );
        at = doc.sections[s].parent;
    }
    markers.reverse();
    markers.concat()
}

fn names(report: &FileReport, spans: &[crate::source::Span]) -> Vec<String> {
    spans
        .iter()
        .map(|s| report.source.slice(*s).to_owned())
        .collect()
}

pub fn rows(reports: &[FileReport]) -> Vec<Row> {
    let mut out = Vec::new();
    for r in reports {
        for (doc, facts) in r.page.documents.iter().zip(&r.facts) {
            for t in &facts.tasks {
                let s = &doc.sections[t.section];
                let owner = match t.owner {
                    Some(OwnerKind::Named) => "named",
                    Some(OwnerKind::Vague) => "vague",
                    Some(OwnerKind::Placeholder) => "placeholder",
                    None => "missing",
                };
                out.push(Row {
                    file: r.source.path.clone(),
                    path: section_path(r, doc, t.section),
                    task: r.source.slice(s.heading).to_owned(),
                    lead: Some(names(r, &t.lead)).filter(|l| !l.is_empty()),
                    co: names(r, &t.co),
                    deadline: t
                        .deadline
                        .and_then(|i| facts.dates.get(i))
                        .map(|d| r.source.slice(d.span).to_owned()),
                    owner,
                    inherited: t.inherited,
                    range: range(&r.source, s.line),
                });
            }
        }
    }
    out
}

/// The display cells of a row: gaps shown as `(missing)`, no co-units as `-`.
fn cells(row: &Row) -> [String; 6] {
    let lead = row.lead.as_ref().map(|l| l.join("、"));
    let lead = match (row.owner, lead) {
        ("vague", _) => "(vague owner)".to_owned(),
        ("placeholder", _) => "(template residue)".to_owned(),
        (_, None) => MISSING.to_owned(),
        (_, Some(l)) if row.inherited => format!("{l} (from parent)"),
        (_, Some(l)) => l,
    };
    let co = if row.co.is_empty() {
        "-".to_owned()
    } else {
        row.co.join("、")
    };
    [
        format!("{}:{}", row.file, row.range.start.line),
        row.path.clone(),
        row.task.clone(),
        lead,
        co,
        row.deadline.clone().unwrap_or_else(|| MISSING.to_owned()),
    ]
}

const HEADER: [&str; 6] = [
    "location",
    "section",
    "task",
    "lead unit",
    "co-units",
    "deadline",
];

/// Truncate to a display width, counting wide characters as two columns.
fn fit(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_owned();
    }
    let mut out = String::new();
    for c in s.chars() {
        if out.width() + unicode_width::UnicodeWidthChar::width(c).unwrap_or(1) + 1 > width {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

pub fn render(rows: &[Row], format: TasksFormat) -> String {
    match format {
        TasksFormat::Json => format!(
            "{}\n",
            serde_json::to_string_pretty(&serde_json::json!({"version": 2, "tasks": rows}))
                .unwrap_or_default()
        ),
        TasksFormat::Csv => {
            let quote = |s: &str| {
                if s.contains([',', '"', '\n']) {
                    format!("\"{}\"", s.replace('"', "\"\""))
                } else {
                    s.to_owned()
                }
            };
            let mut out = HEADER.join(",") + "\n";
            for r in rows {
                out.push_str(
                    &cells(r)
                        .iter()
                        .map(|c| quote(c))
                        .collect::<Vec<_>>()
                        .join(","),
                );
                out.push('\n');
            }
            out
        }
        TasksFormat::Markdown => {
            let mut out = format!(
                "| {} |\n|{}\n",
                HEADER.join(" | "),
                "---|".repeat(HEADER.len())
            );
            for r in rows {
                let _ = writeln!(
                    out,
                    "| {} |",
                    cells(r)
                        .iter()
                        .map(|c| c.replace('|', "\\|"))
                        .collect::<Vec<_>>()
                        .join(" | ")
                );
            }
            out
        }
        TasksFormat::Table => {
            let caps = [40, 14, 30, 30, 24, 16];
            let table: Vec<[String; 6]> = rows
                .iter()
                .map(|r| {
                    let c = cells(r);
                    [0, 1, 2, 3, 4, 5].map(|i| fit(&c[i], caps[i]))
                })
                .collect();
            let mut widths = HEADER.map(|h| h.width());
            for row in &table {
                for (w, c) in widths.iter_mut().zip(row) {
                    *w = (*w).max(c.width());
                }
            }
            let line = |cols: &[String]| -> String {
                let padded: Vec<String> = cols
                    .iter()
                    .zip(&widths)
                    .map(|(c, w)| format!("{c}{}", " ".repeat(w - c.width())))
                    .collect();
                padded.join("  ").trim_end().to_owned() + "\n"
            };
            let mut out = line(&HEADER.map(str::to_owned));
            out.push_str(&line(&widths.map(|w| "-".repeat(w))));
            for row in &table {
                out.push_str(&line(row));
            }
            out
        }
    }
}
