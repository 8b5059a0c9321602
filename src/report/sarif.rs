//! `--format sarif`: SARIF 2.1.0 for code-scanning dashboards. Rules carry their docs and a help
//! link to docs/rules.md; results carry regions (line/column, and byte offsets where the file's
//! bytes are its UTF-8 text), related locations for labels, and fixes.

use crate::decode::Encoding;
use crate::diagnostic::Severity;
use crate::rules::ALL;
use crate::source::{SourceFile, Span};
use crate::FileReport;
use serde_json::{json, Value};

/// Where docs/rules.md is published; anchors are `#pl001-missing-section`.
pub const RULES_URI: &str = "https://github.com/planlint/planlint/blob/main/docs/rules.md";

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
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn region(source: &SourceFile, span: Span) -> Value {
    let (start, end) = (source.position(span.start), source.position(span.end));
    let mut r = json!({"startLine": start.line, "startColumn": start.column, "endLine": end.line, "endColumn": end.column});
    // Byte offsets refer to the file; they equal text offsets only for BOM-less UTF-8 text
    // (a .docx's text is extracted, so only its lines and columns are given).
    if source.encoding == Encoding::Utf8 && source.bom_len == 0 && !source.is_docx() {
        r["byteOffset"] = json!(span.start);
        r["byteLength"] = json!(span.len());
    }
    r
}

fn location(source: &SourceFile, span: Span, message: Option<&str>) -> Value {
    let mut l = json!({"physicalLocation": {"artifactLocation": {"uri": uri_reference(&source.path)}, "region": region(source, span)}});
    if let Some(m) = message {
        l["message"] = json!({"text": m});
    }
    l
}

pub fn render(reports: &[FileReport]) -> String {
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
    let mut results = Vec::new();
    for report in reports {
        let silenced = report
            .suppressed
            .iter()
            .map(|s| (&s.diagnostic, Some(s.reason.clone())));
        for (d, suppression) in report.diagnostics.iter().map(|d| (d, None)).chain(silenced) {
            let mut result = json!({
                "ruleId": d.rule.code,
                "ruleIndex": ALL.iter().position(|r| std::ptr::eq(*r, d.rule)).unwrap_or(0),
                "level": level(d.severity),
                "message": {"text": d.message},
                "locations": [location(&report.source, d.span, None)],
            });
            if !d.labels.is_empty() {
                result["relatedLocations"] = Value::Array(
                    d.labels
                        .iter()
                        .enumerate()
                        .map(|(i, l)| {
                            let mut loc = location(&report.source, l.span, Some(&l.message));
                            loc["id"] = json!(i);
                            loc
                        })
                        .collect(),
                );
            }
            // Word files are never rewritten, so their findings carry no fixes.
            if let Some(fix) = d.fix.as_ref().filter(|_| !report.source.is_docx()) {
                result["fixes"] = json!([{
                    "description": {"text": d.help.clone().unwrap_or_else(|| "apply the fix".into())},
                    "artifactChanges": [{
                        "artifactLocation": {"uri": uri_reference(&report.source.path)},
                        "replacements": [{"deletedRegion": region(&report.source, fix.span), "insertedContent": {"text": fix.replacement}}],
                    }],
                }]);
            }
            if let Some(reason) = suppression {
                let mut s = json!({"kind": "inSource"});
                if let Some(r) = reason {
                    s["justification"] = json!(r);
                }
                result["suppressions"] = json!([s]);
            }
            results.push(result);
        }
    }
    let sarif = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "planlint", "version": env!("CARGO_PKG_VERSION"), "informationUri": RULES_URI, "rules": rules}},
            "results": results,
        }],
    });
    let mut out = serde_json::to_string_pretty(&sarif).unwrap_or_default();
    out.push('\n');
    out
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
    }
}
