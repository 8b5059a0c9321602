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
