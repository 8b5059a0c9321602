//! The JSON Schemas in docs/schemas describe what planlint really writes: every report over
//! the examples, the fixtures, a Word file, an unreadable file and (when it is beside the
//! repository) the corpus validates, and each schema rejects a report with a field renamed.
//! SARIF validates against the vendored SARIF 2.1.0 schema with relative and absolute paths.
#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers in test files may panic

mod common;

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn validator(name: &str) -> jsonschema::Validator {
    let path = root().join("docs/schemas").join(name);
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

fn errors(validator: &jsonschema::Validator, value: &Value) -> Vec<String> {
    validator
        .iter_errors(value)
        .take(5)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

/// Inputs with every shape of output: clean and defective plans in both scripts, legacy
/// encodings, a Word file, a binary file, and the corpora when present.
fn inputs(dir: &Path) -> Vec<PathBuf> {
    let docx = dir.join("plan.docx");
    let paragraphs: String = [
        "工作方案",
        "一、主要任务",
        "（一）X月X日前完成摸底，由xx负责。",
    ]
    .iter()
    .map(|p| planlint::testing::docx_paragraph(p, None, None))
    .collect();
    std::fs::write(
        &docx,
        planlint::testing::docx(&paragraphs, None, None).unwrap(),
    )
    .unwrap();
    let mut paths = vec![
        root().join("examples"),
        root().join("tests/fixtures"),
        root().join("tests/data"),
        root().join("tests/data/binary.bin"),
        docx,
    ];
    for corpus in ["../shared/corpus/docs", "../shared/corpus-repos/docs"] {
        let path = root().join(corpus);
        if path.is_dir() {
            paths.push(path);
        }
    }
    paths
}

fn run(args: &[&str], paths: &[PathBuf]) -> Value {
    let out = Command::cargo_bin("planlint")
        .unwrap()
        .current_dir(root())
        .args(args)
        .args(paths)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{args:?}: not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

#[test]
fn reports_validate_against_their_schemas() {
    let dir = tempfile::tempdir().unwrap();
    let paths = inputs(dir.path());
    let baseline = dir.path().join("baseline.json");
    let baseline_arg = baseline.to_str().unwrap().to_owned();
    Command::cargo_bin("planlint")
        .unwrap()
        .current_dir(root())
        .args(["baseline", "--output", &baseline_arg])
        .args(&paths)
        .output()
        .unwrap();
    let cases = [
        (
            "check.schema.json",
            run(&["check", "--format", "json"], &paths),
        ),
        (
            "outline.schema.json",
            run(&["outline", "--format", "json"], &paths),
        ),
        (
            "tasks.schema.json",
            run(&["tasks", "--format", "json"], &paths),
        ),
        (
            "baseline.schema.json",
            serde_json::from_str(&std::fs::read_to_string(&baseline).unwrap()).unwrap(),
        ),
    ];
    for (schema, report) in &cases {
        let v = validator(schema);
        assert_eq!(errors(&v, report), Vec::<String>::new(), "{schema}");
    }
    // The reports hold what the schemas are about: diagnostics with fixes and labels, a Word
    // paragraph, an unreadable file, sections and tasks.
    let check = &cases[0].1;
    let diagnostics: Vec<&Value> = check["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["diagnostics"].as_array().unwrap())
        .collect();
    assert!(diagnostics.iter().any(|d| !d["fix"].is_null()));
    assert!(diagnostics
        .iter()
        .any(|d| !d["labels"].as_array().unwrap().is_empty()));
    assert!(diagnostics.iter().any(|d| d.get("paragraph").is_some()));
    assert!(!check["errors"].as_array().unwrap().is_empty());
    assert!(!cases[2].1["tasks"].as_array().unwrap().is_empty());
    assert!(!cases[3].1["findings"].as_array().unwrap().is_empty());
}

#[test]
fn schemas_reject_a_renamed_field() {
    let paths = vec![root().join("examples/defects.txt")];
    for (schema, args, pointer) in [
        (
            "check.schema.json",
            ["check", "--format", "json"],
            "/files/0/diagnostics/0",
        ),
        (
            "outline.schema.json",
            ["outline", "--format", "json"],
            "/files/0/documents/0",
        ),
        (
            "tasks.schema.json",
            ["tasks", "--format", "json"],
            "/tasks/0",
        ),
    ] {
        let mut report = run(&args, &paths);
        let object = report
            .pointer_mut(pointer)
            .unwrap()
            .as_object_mut()
            .unwrap();
        let (key, value) = object
            .iter()
            .next()
            .map(|(k, v)| (k.clone(), v.clone()))
            .unwrap();
        object.remove(&key);
        object.insert(format!("{key}_renamed"), value);
        assert!(
            !errors(&validator(schema), &report).is_empty(),
            "{schema} took a renamed `{key}`"
        );
    }
}

#[test]
fn sarif_validates_with_relative_and_absolute_paths() {
    let mut relative: Vec<String> = vec!["examples".into(), "tests/fixtures/_all".into()];
    for corpus in ["../shared/corpus/docs", "../shared/corpus-repos/docs"] {
        if root().join(corpus).is_dir() {
            relative.push(corpus.into());
        }
    }
    let absolute: Vec<String> = relative
        .iter()
        .map(|p| root().join(p).canonicalize().unwrap().display().to_string())
        .collect();
    for paths in [&relative, &absolute] {
        let paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
        let sarif = run(&["check", "--format", "sarif"], &paths);
        assert_eq!(common::sarif_schema_errors(&sarif), Vec::<String>::new());
        let run = &sarif["runs"][0];
        assert_eq!(run["columnKind"], "unicodeCodePoints");
        let results = run["results"].as_array().unwrap();
        assert!(!results.is_empty());
        for result in results {
            assert!(result["partialFingerprints"].is_object(), "{result}");
            let uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap();
            // An absolute path is a file:// URI (SARIF1004), a relative one stays relative.
            assert_eq!(uri.starts_with("file:///"), paths[0].is_absolute(), "{uri}");
        }
    }
}
