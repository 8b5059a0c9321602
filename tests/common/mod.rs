//! Helpers shared by integration tests.
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)] // helpers in test files may panic

/// What the SARIF 2.1.0 schema (vendored in tests/data) says is wrong with `report`.
pub fn sarif_schema_errors(report: &serde_json::Value) -> Vec<String> {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sarif-schema-2.1.0.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    validator
        .iter_errors(report)
        .map(|e| e.to_string())
        .collect()
}

/// Rules whose findings depend on where a document starts or ends: a plan's sections
/// (PL001), a heading's body and its siblings' numbering (PL002–PL004), the owners a document
/// states for all its tasks (PL101), phases in order (PL203) and a count against the list
/// that follows it (PL402). Text pasted after a plan without a title of its own becomes part
/// of that plan's last section, and these rules rightly read it so.
pub const BOUNDARY_RULES: &[&str] = &[
    "PL001", "PL002", "PL003", "PL004", "PL101", "PL203", "PL402",
];

/// (code, start, end) of what a check of `text` finds apart from `BOUNDARY_RULES`, shifted
/// by `offset`: each diagnostic's span and its labels' spans, since a finding that joins
/// others of one defect (spaces inside words all through a text) shows them as labels.
pub fn findings(
    text: &str,
    offset: usize,
    settings: &planlint::engine::Settings,
) -> Vec<(&'static str, usize, usize)> {
    planlint::engine::check_text("x.txt", text, settings)
        .diagnostics
        .iter()
        .filter(|d| !BOUNDARY_RULES.contains(&d.rule.code))
        .flat_map(|d| {
            std::iter::once(d.span)
                .chain(d.labels.iter().map(|l| l.span))
                .map(move |s| (d.rule.code, s.start + offset, s.end + offset))
        })
        .collect()
}

/// Every non-blank line of `text` lies in a checked document or in boilerplate that
/// `outline` names: no text goes unchecked without a word.
pub fn assert_covered(text: &str, settings: &planlint::engine::Settings) {
    let report = planlint::engine::check_text("x.txt", text, settings);
    let page = &report.page;
    let covered = |at: usize| {
        page.documents
            .iter()
            .map(|d| d.span)
            .chain(page.boilerplate.iter().copied())
            .any(|s| s.start <= at && at < s.end.max(s.start + 1))
    };
    let mut at = 0;
    for line in report.source.text.split_inclusive('\n') {
        let body = line.trim_end();
        let lead = body.len() - body.trim_start().len();
        if !body.trim().is_empty() {
            assert!(
                covered(at + lead),
                "line at byte {at} is in no document and no boilerplate: {body:?}"
            );
        }
        at += line.len();
    }
}
