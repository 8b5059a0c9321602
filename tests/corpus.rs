//! The real corpus beside the repository (../shared/corpus), when present: the outline recovers
//! every top-level section of the gold annotations, and whole pages never panic or flood (fewer
//! diagnostics than lines, even on the page full of pinyin glosses).
#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers in test files may panic

use planlint::engine::Settings;
use std::path::{Path, PathBuf};

/// A corpus beside the repository. The tests are marked ignored at build time when it is
/// missing (build.rs sets `shared_corpus`), so a run without it says so.
fn corpus_at(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(name);
    assert!(dir.join("gold").is_dir(), "{} is missing", dir.display());
    dir
}

fn corpus() -> PathBuf {
    corpus_at("corpus")
}

#[test]
#[cfg_attr(not(shared_corpus), ignore = "../shared/corpus not found")]
fn outline_recovers_every_gold_section() {
    let dir = corpus();
    let settings = Settings::builtin().unwrap();
    let (mut total, mut found) = (0, 0);
    let mut missed = Vec::new();
    for entry in std::fs::read_dir(dir.join("gold")).unwrap().flatten() {
        let gold: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(entry.path()).unwrap()).unwrap();
        let id = gold["id"].as_str().unwrap();
        let bytes = std::fs::read(dir.join("docs").join(format!("{id}.txt"))).unwrap();
        let report = planlint::check_source(id, &bytes, &settings).unwrap();
        let outline: serde_json::Value = serde_json::from_str(
            &planlint::report::outline::render_json(&[report], &settings.vocab),
        )
        .unwrap();
        let sections: Vec<(u64, String)> = outline["files"][0]["documents"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|d| d["sections"].as_array().unwrap().iter())
            .map(|s| {
                (
                    s["range"]["start"]["line"].as_u64().unwrap(),
                    s["marker"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        for s in gold["sections"].as_array().unwrap() {
            total += 1;
            let key = (
                s["line"].as_u64().unwrap(),
                s["marker"].as_str().unwrap().to_owned(),
            );
            if sections.contains(&key) {
                found += 1;
            } else {
                missed.push(format!("{id}: {key:?}"));
            }
        }
    }
    assert!(total > 0);
    assert_eq!(found, total, "missed gold sections: {missed:#?}");
}

#[test]
#[cfg_attr(not(shared_corpus), ignore = "../shared/corpus not found")]
fn whole_pages_do_not_flood() {
    let dir = corpus();
    let settings = Settings::builtin().unwrap();
    for entry in std::fs::read_dir(dir.join("pages")).unwrap().flatten() {
        let bytes = std::fs::read(entry.path()).unwrap();
        let report = planlint::check_source("page.txt", &bytes, &settings).unwrap();
        let lines = report.source.text.lines().count();
        assert!(
            report.diagnostics.len() < lines,
            "{}: {} diagnostics on {lines} lines",
            entry.path().display(),
            report.diagnostics.len()
        );
        assert!(
            report.page.documents.len() >= 2,
            "{}: bundle not split",
            entry.path().display()
        );
    }
}

#[test]
#[cfg_attr(not(shared_corpus), ignore = "../shared/corpus-repos not found")]
fn repository_plans_check_without_panic_or_flood() {
    let dir = corpus_at("corpus-repos");
    let settings = Settings::builtin().unwrap();
    let mut checked = 0;
    for entry in std::fs::read_dir(dir.join("docs")).unwrap().flatten() {
        let bytes = std::fs::read(entry.path()).unwrap();
        let report = planlint::check_source("doc.txt", &bytes, &settings).unwrap();
        let lines = report.source.text.lines().count();
        // A PDF conversion may damage every line (gov-09: a look-alike on each), but never
        // more than twice over.
        assert!(
            report.diagnostics.len() <= 2 * lines.max(10),
            "{}: {} diagnostics on {lines} lines",
            entry.path().display(),
            report.diagnostics.len()
        );
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} repository plans");
}
