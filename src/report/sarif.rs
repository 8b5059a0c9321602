//! `--format sarif`: SARIF 2.1.0 for code-scanning dashboards. Rules carry their docs and a help
//! link to docs/rules.md; results carry regions (line/column, and byte offsets where the file's
//! bytes are its UTF-8 text), related locations for labels, and fixes.

use super::FileFailure;
use crate::engine::FileReport;
use crate::rules::diagnostic::{Diagnostic, Severity};
use crate::rules::ALL;
use crate::source::decode::Encoding;
use crate::source::{PositionCursor, SourceFile, Span};
use serde::Serialize;
use serde_json::{json, Value};
use std::io::Write;

/// Where docs/rules.md is published; anchors are `#pl001-missing-section`.
/// docs/rules.md in the repository named in Cargo.toml: the one place the URL is written.
pub const RULES_URI: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/docs/rules.md");

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// A path as a relative URI reference: bytes outside the unreserved set and `/` are
/// percent-encoded (方案.txt → %E6%96%B9%E6%A1%88.txt), as SARIF's `uri` requires.
pub fn uri_reference(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 8);
    // An absolute path is a file URI (file:///home/…, file:///C:/…): a bare `/home/…` is a
    // relative reference without a base, which SARIF validators reject.
    let path = if std::path::Path::new(path).is_absolute() || path.starts_with('/') {
        out.push_str("file://");
        if !path.starts_with('/') {
            out.push('/');
        }
        std::borrow::Cow::Owned(path.replace('\\', "/"))
    } else {
        std::borrow::Cow::Borrowed(path)
    };
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

// The SARIF objects planlint writes, in the order the specification lists their properties.

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    byte_offset: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    byte_length: Option<usize>,
}

#[derive(Serialize)]
struct Text<'a> {
    text: &'a str,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement<'a> {
    deleted_region: Region,
    inserted_content: Text<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange<'a> {
    artifact_location: ArtifactLocation,
    replacements: [Replacement<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Fix<'a> {
    description: Text<'a>,
    artifact_changes: [ArtifactChange<'a>; 1],
}

#[derive(Serialize)]
struct Suppression<'a> {
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    justification: Option<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Text<'a>,
    locations: [Location<'a>; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<Fix<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressions: Vec<Suppression<'a>>,
    partial_fingerprints: PartialFingerprints,
}

#[derive(Serialize)]
struct PartialFingerprints {
    /// The baseline's fingerprint of the flagged text and message (planlint baseline).
    #[serde(rename = "planlint/v1")]
    planlint: String,
}

fn region(at: &mut PositionCursor<'_>, source: &SourceFile, span: Span) -> Region {
    let (start, end) = (at.position(span.start), at.position(span.end));
    // Byte offsets refer to the file; they equal text offsets only for BOM-less UTF-8 text
    // (a .docx's text is extracted, so only its lines and columns are given).
    let bytes = source.encoding == Encoding::Utf8 && source.bom_len == 0 && !source.is_docx();
    Region {
        start_line: start.line,
        start_column: start.column,
        end_line: end.line,
        end_column: end.column,
        byte_offset: bytes.then_some(span.start),
        byte_length: bytes.then_some(span.len()),
    }
}

fn location<'a>(
    at: &mut PositionCursor<'_>,
    source: &SourceFile,
    span: Span,
    message: Option<&'a str>,
) -> Location<'a> {
    Location {
        id: None,
        physical_location: PhysicalLocation {
            artifact_location: ArtifactLocation {
                uri: uri_reference(&source.path),
            },
            region: region(at, source, span),
        },
        message: message.map(|text| Text { text }),
    }
}

fn result<'a>(
    at: &mut PositionCursor<'_>,
    source: &SourceFile,
    d: &'a Diagnostic,
    suppression: Option<Option<&'a str>>,
) -> SarifResult<'a> {
    let related_locations = d
        .labels
        .iter()
        .enumerate()
        .map(|(i, l)| Location {
            id: Some(i),
            ..location(at, source, l.span, Some(&l.message))
        })
        .collect();
    // Word files are never rewritten, so their findings carry no fixes.
    let fixes = d
        .fix
        .iter()
        .filter(|_| !source.is_docx())
        .map(|fix| Fix {
            description: Text {
                text: d.help.as_deref().unwrap_or("apply the fix"),
            },
            artifact_changes: [ArtifactChange {
                artifact_location: ArtifactLocation {
                    uri: uri_reference(&source.path),
                },
                replacements: [Replacement {
                    deleted_region: region(at, source, fix.span),
                    inserted_content: Text {
                        text: &fix.replacement,
                    },
                }],
            }],
        })
        .collect();
    SarifResult {
        rule_id: d.rule.code,
        rule_index: ALL
            .iter()
            .position(|r| std::ptr::eq(*r, d.rule))
            .unwrap_or(0),
        level: level(d.severity),
        message: Text { text: &d.message },
        locations: [location(at, source, d.span, None)],
        related_locations,
        fixes,
        suppressions: suppression
            .map(|justification| Suppression {
                kind: "inSource",
                justification,
            })
            .into_iter()
            .collect(),
        partial_fingerprints: PartialFingerprints {
            planlint: crate::engine::baseline::fingerprint(source, d),
        },
    }
}

/// The log up to the first result: schema, version, and the tool with every rule's docs.
pub fn header() -> String {
    let rules: Vec<Value> = ALL
        .iter()
        .map(|r| {
            json!({
                "id": r.code,
                "name": r.name,
                "shortDescription": {"text": r.summary},
                "fullDescription": {"text": r.doc_text()},
                "help": {"text": r.doc_text(), "markdown": r.doc_text()},
                "helpUri": format!("{RULES_URI}#{}-{}", r.code.to_lowercase(), r.name),
                "defaultConfiguration": {"level": level(r.severity)},
            })
        })
        .collect();
    let tool = json!({"driver": {"name": "planlint", "version": env!("CARGO_PKG_VERSION"), "informationUri": RULES_URI, "rules": rules}});
    format!(
        "{{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\",\"runs\":[{{\"tool\":{tool},\"results\":["
    )
}

/// One file's results (reported, then suppressed), comma-separated; empty when it has none.
pub fn file(report: &FileReport, out: &mut dyn Write) -> std::io::Result<()> {
    let reported = report.diagnostics.iter().map(|d| (d, None));
    let silenced = report
        .suppressed
        .iter()
        .map(|s| (&s.diagnostic, Some(s.reason.as_deref())));
    let mut writer = std::io::BufWriter::with_capacity(1 << 14, out);
    let mut at = PositionCursor::new(&report.source);
    for (i, (d, suppression)) in reported.chain(silenced).enumerate() {
        let result = result(&mut at, &report.source, d, suppression);
        writer.write_all(if i == 0 { b"" } else { b"," })?;
        serde_json::to_writer(&mut writer, &result)?;
    }
    writer.flush()
}

/// Closes `results`, the run and the log (compact, like the JSON report: SARIF is for tools),
/// with the rest of the run after its results: whether every file could be checked (each that
/// could not is a tool notification) and how columns are counted (characters, as in
/// planlint's messages).
pub fn footer(failures: &[FileFailure]) -> String {
    let notifications: Vec<Value> = failures
        .iter()
        .map(|f| {
            json!({
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri_reference(&f.path)}}}],
                "message": {"text": format!("{}: {}", f.path, f.message)},
                "level": "error",
            })
        })
        .collect();
    let invocation = json!({
        "executionSuccessful": failures.is_empty(),
        "toolExecutionNotifications": notifications,
    });
    format!("],\"invocations\":[{invocation}],\"columnKind\":\"unicodeCodePoints\"}}]}}\n")
}

#[cfg(test)]
mod uri_tests {
    use super::uri_reference;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri_reference("plans/a-1_b.txt"), "plans/a-1_b.txt");
        assert_eq!(
            uri_reference("区县/方案 1.txt"),
            "%E5%8C%BA%E5%8E%BF/%E6%96%B9%E6%A1%88%201.txt"
        );
        assert_eq!(uri_reference("a#b%c"), "a%23b%25c");
        assert_eq!(uri_reference("/srv/区.txt"), "file:///srv/%E5%8C%BA.txt");
    }
}
