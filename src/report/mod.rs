//! Output formats and the exit-code decision.

pub mod github;
pub mod human;
pub mod json;
pub mod outline;
mod rendered;
pub mod sarif;
pub mod short;
pub mod tasks;
mod window;

use crate::engine::FileReport;
use crate::rules::diagnostic::Severity;
use crate::rules::Rule;
pub use rendered::Rendered;
use serde::Serialize;
use std::io::Write;

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
    /// Files with at least one diagnostic (for the human summary; not in JSON contract v1).
    #[serde(skip)]
    pub files_with_problems: usize,
}

impl Summary {
    pub fn of(reports: &[FileReport]) -> Summary {
        let mut s = Summary {
            files: reports.len(),
            ..Summary::default()
        };
        s.files_with_problems = reports.iter().filter(|r| !r.diagnostics.is_empty()).count();
        for d in reports.iter().flat_map(|r| &r.diagnostics) {
            match d.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Note => s.notes += 1,
            }
        }
        s
    }

    pub fn add(&mut self, other: &Summary) {
        self.files += other.files;
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.notes += other.notes;
        self.files_with_problems += other.files_with_problems;
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

/// One file's part of a report, rendered on the thread that checked the file, with the counts
/// the run's summary and statistics need.
#[derive(Debug)]
pub struct Fragment {
    pub text: Rendered,
    pub summary: Summary,
    /// The rule of every reported diagnostic, for `--statistics`.
    pub rules: Vec<&'static Rule>,
}

impl Fragment {
    pub fn of(format: Format, report: &FileReport, color: bool) -> Fragment {
        let mut text = Rendered::default();
        // Writing to memory cannot fail, and every value serializes.
        let _ = write_file(format, report, color, &mut text);
        Fragment {
            text,
            summary: Summary::of(std::slice::from_ref(report)),
            rules: report.diagnostics.iter().map(|d| d.rule).collect(),
        }
    }
}

/// One file's report in `format`, written to `out` as it is drawn.
pub fn write_file(
    format: Format,
    report: &FileReport,
    color: bool,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    match format {
        Format::Human => human::file(report, color, out),
        Format::Short => short::file(report, out),
        Format::Json => json::file(report, out),
        Format::Github => github::file(report, out),
        Format::Sarif => sarif::file(report, out),
    }
}

/// Writes a report file by file, so a run over 10,000 plans holds the output of the files in
/// flight, not every file's text and tree. The bytes equal those of `render`.
pub struct Writer<W: Write> {
    format: Format,
    out: W,
    summary: Summary,
    /// Whether an element of the JSON `files` or SARIF `results` array has been written.
    in_array: bool,
    /// Whether human output ends with the summary line (not with `--quiet`).
    summary_line: bool,
}

impl<W: Write> Writer<W> {
    pub fn start(format: Format, mut out: W) -> std::io::Result<Writer<W>> {
        match format {
            Format::Json => out.write_all(json::header().as_bytes())?,
            Format::Sarif => out.write_all(sarif::header().as_bytes())?,
            Format::Human | Format::Short | Format::Github => {}
        }
        Ok(Writer {
            format,
            out,
            summary: Summary::default(),
            in_array: false,
            summary_line: true,
        })
    }

    /// Leave out the human output's closing summary line.
    pub fn without_summary(mut self) -> Self {
        self.summary_line = false;
        self
    }

    pub fn push(&mut self, fragment: &Fragment) -> std::io::Result<()> {
        self.summary.add(&fragment.summary);
        let is_array = matches!(self.format, Format::Json | Format::Sarif);
        if is_array && !fragment.text.is_empty() && std::mem::replace(&mut self.in_array, true) {
            self.out.write_all(b",")?;
        }
        fragment.text.write_to(&mut self.out)
    }

    /// Write one file's report straight to the output as it is drawn, instead of rendering it
    /// in memory first: a large file's report is as large as the file.
    pub fn push_report(&mut self, report: &FileReport, color: bool) -> std::io::Result<()> {
        self.summary.add(&Summary::of(std::slice::from_ref(report)));
        let is_array = matches!(self.format, Format::Json | Format::Sarif);
        let mut out = Separated {
            out: &mut self.out,
            comma: is_array && self.in_array,
            wrote: false,
        };
        write_file(self.format, report, color, &mut out)?;
        self.in_array |= is_array && out.wrote;
        Ok(())
    }

    /// Write what follows the last file; returns the run's counts.
    pub fn finish(mut self, failures: &[FileFailure]) -> std::io::Result<Summary> {
        match self.format {
            Format::Human if self.summary_line => self
                .out
                .write_all(human::summary_line(&self.summary, failures.len()).as_bytes())?,
            Format::Human => {}
            Format::Json => self
                .out
                .write_all(json::footer(&self.summary, failures).as_bytes())?,
            Format::Sarif => self.out.write_all(sarif::footer(failures).as_bytes())?,
            Format::Short | Format::Github => {}
        }
        self.out.flush()?;
        Ok(self.summary)
    }
}

/// A writer that puts the comma between two elements of a JSON or SARIF array before the
/// first byte of the second, when there is one (a file without results writes nothing).
struct Separated<'a, W: Write> {
    out: &'a mut W,
    comma: bool,
    wrote: bool,
}

impl<W: Write> Write for Separated<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if !buf.is_empty() && !self.wrote {
            self.wrote = true;
            if self.comma {
                self.out.write_all(b",")?;
            }
        }
        self.out.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// Render the reports in `format`.
pub fn render(
    format: Format,
    reports: &[FileReport],
    failures: &[FileFailure],
    color: bool,
) -> String {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    if let Ok(mut writer) = Writer::start(format, &mut out) {
        for r in reports {
            let _ = writer.push(&Fragment::of(format, r, color));
        }
        let _ = writer.finish(failures);
    }
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Settings;

    fn reports() -> Vec<FileReport> {
        let settings = Settings::builtin().unwrap();
        let plan = "某区实施方案\n一、工作目标\n20xx年完成。\n";
        [plan, "", plan]
            .iter()
            .enumerate()
            .map(|(i, text)| {
                crate::engine::check_source(&format!("{i}.txt"), text.as_bytes(), &settings)
                    .unwrap()
            })
            .collect()
    }

    #[test]
    fn arrays_stay_valid_json_when_a_file_has_no_results() {
        let reports = reports();
        let failures = [FileFailure {
            path: "gone.txt".into(),
            message: "gone.txt: cannot read".into(),
        }];
        let json: serde_json::Value =
            serde_json::from_str(&render(Format::Json, &reports, &failures, false)).unwrap();
        assert_eq!(json["files"].as_array().unwrap().len(), 3);
        assert_eq!(json["summary"]["files"], 3);
        assert_eq!(json["errors"][0]["path"], "gone.txt");
        let sarif: serde_json::Value =
            serde_json::from_str(&render(Format::Sarif, &reports, &failures, false)).unwrap();
        let results = sarif["runs"][0]["results"].as_array().unwrap();
        let total: usize = reports.iter().map(|r| r.diagnostics.len()).sum();
        assert_eq!(results.len(), total);
        assert!(!reports[0].diagnostics.is_empty() && reports[1].diagnostics.is_empty());
    }

    #[test]
    fn an_empty_run_is_a_complete_report() {
        for format in [Format::Json, Format::Sarif] {
            let text = render(format, &[], &[], false);
            assert!(
                serde_json::from_str::<serde_json::Value>(&text).is_ok(),
                "{text}"
            );
        }
        assert_eq!(
            render(Format::Human, &[], &[], false),
            "No problems found in 0 files.\n"
        );
    }
}
