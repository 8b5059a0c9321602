//! Baselines: accept the findings a repository already has, report only new ones.
//!
//! A finding is keyed by file, rule code, the heading path of its section and a fingerprint of
//! the flagged text and message, never by line: inserting a paragraph above a baselined finding
//! keeps it baselined, while editing the flagged text or moving it to another section makes it
//! new. Identical keys are counted, so a second copy of a baselined defect is reported.

use crate::engine::FileReport;
use crate::rules::diagnostic::Diagnostic;
use crate::source::SourceFile;
use crate::syntax::Page;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Entry {
    pub file: String,
    pub code: String,
    /// Heading texts from the top section down, joined with ` > `; empty in the preamble.
    pub section: String,
    pub fingerprint: String,
    pub count: usize,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<Entry>,
}

type Key = (String, String, String, String);

/// FNV-1a, written out because std's hashers are not stable across Rust releases.
fn fnv1a(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain([0xff]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

fn section_path(source: &SourceFile, page: &Page, offset: usize) -> String {
    let Some(doc) = page.documents.iter().find(|d| d.span.contains(offset)) else {
        return String::new();
    };
    let mut headings = Vec::new();
    let mut current = doc.section_at(offset);
    while let Some(id) = current {
        let Some(section) = doc.section(id) else {
            break;
        };
        headings.push(source.slice(section.heading).trim());
        current = section.parent;
    }
    headings.reverse();
    headings.join(" > ")
}

/// A fingerprint of the flagged text and message: stable when lines move. SARIF carries it
/// as the result's partial fingerprint, so code scanning matches results across runs as the
/// baseline does.
pub fn fingerprint(source: &SourceFile, d: &Diagnostic) -> String {
    let text = source.slice(d.span);
    format!("{:016x}", fnv1a(&[d.rule.code, text, &d.message]))
}

fn key(source: &SourceFile, page: &Page, d: &Diagnostic) -> Key {
    (
        source.path.clone(),
        d.rule.code.to_owned(),
        section_path(source, page, d.span.start),
        fingerprint(source, d),
    )
}

impl Baseline {
    /// The baseline of every diagnostic in `reports`, sorted so the file diffs cleanly.
    pub fn of(reports: &[FileReport]) -> Baseline {
        let mut counts: BTreeMap<Key, usize> = BTreeMap::new();
        for r in reports {
            for d in &r.diagnostics {
                *counts.entry(key(&r.source, &r.page, d)).or_default() += 1;
            }
        }
        let findings = counts
            .into_iter()
            .map(|((file, code, section, fingerprint), count)| Entry {
                file,
                code,
                section,
                fingerprint,
                count,
            })
            .collect();
        Baseline {
            version: VERSION,
            findings,
        }
    }

    pub fn to_json(&self) -> String {
        let mut out = serde_json::to_string_pretty(self).unwrap_or_default();
        out.push('\n');
        out
    }

    pub fn parse(text: &str) -> Result<Baseline, String> {
        let mut baseline: Baseline = serde_json::from_str(text).map_err(|e| e.to_string())?;
        // Written sorted, but a hand-edited file may not be: `filter_file` needs the order.
        baseline.findings.sort();
        if baseline.version != VERSION {
            return Err(format!(
                "baseline version {} is not supported (expected {VERSION})",
                baseline.version
            ));
        }
        Ok(baseline)
    }

    /// Remove one file's baselined diagnostics; returns how many were removed.
    pub fn filter_file(&self, report: &mut FileReport) -> usize {
        let path = report.source.path.as_str();
        // `findings` is sorted (see `parse`), so one file's entries are one run.
        let first = self.findings.partition_point(|e| e.file.as_str() < path);
        let mut budget: Vec<(&Entry, usize)> = self.findings[first..]
            .iter()
            .take_while(|e| e.file == path)
            .map(|e| (e, e.count))
            .collect();
        if budget.is_empty() {
            return 0;
        }
        let (source, page) = (&report.source, &report.page);
        let mut removed = 0;
        report.diagnostics.retain(|d| {
            let (section, print) = (
                section_path(source, page, d.span.start),
                fingerprint(source, d),
            );
            let entry = budget.iter_mut().find(|(e, n)| {
                *n > 0 && e.code == d.rule.code && e.section == section && e.fingerprint == print
            });
            match entry {
                Some((_, n)) => {
                    *n -= 1;
                    removed += 1;
                    false
                }
                _ => true,
            }
        });
        removed
    }
}
