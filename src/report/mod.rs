//! Output formats and the exit-code decision.

pub mod github;
pub mod human;
pub mod json;
pub mod outline;
pub mod sarif;
pub mod short;
pub mod tasks;

use crate::diagnostic::Severity;
use crate::FileReport;
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Short,
    Json,
    /// GitHub Actions annotations (workflow commands).
    Github,
    /// SARIF 2.1.0.
    Sarif,
}

/// Counts over a run.
#[derive(Clone, Copy, Debug, Default, Serialize, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
}

impl Summary {
    pub fn of(reports: &[FileReport]) -> Summary {
        let mut s = Summary {
            files: reports.len(),
            ..Summary::default()
        };
        for d in reports.iter().flat_map(|r| &r.diagnostics) {
            match d.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Note => s.notes += 1,
            }
        }
        s
    }

    /// Diagnostics at or above `fail_on`.
    pub fn failing(&self, fail_on: Severity) -> usize {
        match fail_on {
            Severity::Error => self.errors,
            Severity::Warning => self.errors + self.warnings,
            Severity::Note => self.errors + self.warnings + self.notes,
        }
    }
}

/// A file that could not be checked, for the report.
#[derive(Clone, Debug, Serialize)]
pub struct FileFailure {
    pub path: String,
    pub message: String,
}

/// Render the reports in `format`.
pub fn render(
    format: Format,
    reports: &[FileReport],
    failures: &[FileFailure],
    color: bool,
) -> String {
    match format {
        Format::Human => human::render(reports, color),
        Format::Short => short::render(reports),
        Format::Json => json::render(reports, failures),
        Format::Github => github::render(reports),
        Format::Sarif => sarif::render(reports),
    }
}
