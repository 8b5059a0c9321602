//! The real corpus beside the repository (../shared/corpus), when present: the outline recovers
//! every top-level section of the gold annotations, and whole pages never panic or flood (fewer
//! diagnostics than lines, even on the page full of pinyin glosses).
#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers in test files may panic

mod common;
use common::{assert_covered, findings};

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

/// Every corpus page and document, decoded.
fn corpus_texts() -> Vec<(String, String)> {
    let mut texts = Vec::new();
    for (corpus, folder) in [
        ("corpus", "docs"),
        ("corpus", "pages"),
        ("corpus-repos", "docs"),
    ] {
        let dir = corpus_at(corpus).join(folder);
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .collect();
        paths.sort();
        for path in paths {
            let bytes = std::fs::read(&path).unwrap();
            let name = path.display().to_string();
            let source = planlint::source::read::read_source(&name, &bytes, None).unwrap();
            texts.push((name, source.text.clone()));
        }
    }
    texts
}

/// Checking A followed by B finds what A and B find alone: concatenating pages or plans (a
/// compiled volume, 汇编) never hides text from the check.
#[test]
#[cfg_attr(not(shared_corpus), ignore = "../shared/corpus not found")]
fn concatenation_hides_nothing() {
    use rayon::prelude::*;
    let settings = Settings::builtin().unwrap();
    let texts = corpus_texts();
    let alone: Vec<_> = texts
        .iter()
        .map(|(_, t)| findings(t, 0, &settings))
        .collect();
    // A text after itself is the one case where boundaries cannot be found and the first
    // copy reads as the second's table of contents; pages after themselves are kept (their
    // separators mark the boundaries).
    let failures: Vec<String> = (0..texts.len())
        .into_par_iter()
        .flat_map_iter(|a| (0..texts.len()).map(move |b| (a, b)))
        .filter(|&(a, b)| a != b || texts[a].0.contains("pages"))
        .filter_map(|(a, b)| {
            let mut joined = texts[a].1.clone();
            if !joined.ends_with('\n') {
                joined.push('\n');
            }
            let offset = joined.len();
            joined.push_str(&texts[b].1);
            let both = findings(&joined, 0, &settings);
            assert_covered(&joined, &settings);
            let expected = alone[a].iter().copied().chain(
                alone[b]
                    .iter()
                    .map(|&(c, s, e)| (c, s + offset, e + offset)),
            );
            let lost: Vec<_> = expected.filter(|f| !both.contains(f)).collect();
            (!lost.is_empty()).then(|| {
                format!(
                    "{} + {}: lost {:?}",
                    texts[a].0,
                    texts[b].0,
                    &lost[..lost.len().min(5)]
                )
            })
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} pairs lose findings:\n{}",
        failures.len(),
        texts.len() * texts.len(),
        failures[..failures.len().min(40)].join("\n")
    );
}

/// Human output stays readable on scraped pages whose paragraphs are one line each: every
/// output line fits in 160 display columns (long lines are windowed around the labels).
#[test]
#[cfg_attr(not(shared_corpus), ignore = "../shared/corpus not found")]
fn human_output_fits_in_160_columns() {
    use unicode_width::UnicodeWidthStr;
    let settings = Settings::builtin().unwrap();
    let mut widest = (0, String::new());
    for (name, text) in corpus_texts() {
        let report = planlint::engine::check_text(&name, &text, &settings);
        let out = planlint::report::render(planlint::report::Format::Human, &[report], &[], false);
        for line in out.lines() {
            if line.width() > widest.0 {
                widest = (line.width(), line.to_owned());
            }
        }
    }
    assert!(widest.0 <= 160, "{} columns: {}", widest.0, widest.1);
}

/// Fixtures and bundled examples are written for the project, not copied from the corpus: no
/// run of 20 characters of one line, half of them Han (prose, not markup such as LaTeX residue),
/// outside 《》 titles (citations of public laws), is also in a corpus document or page. A rule
/// fitted to a copied line would pass its own fixture.
#[test]
#[cfg_attr(not(shared_corpus), ignore = "../shared/corpus not found")]
fn fixtures_are_not_copied_from_the_corpus() {
    const RUN: usize = 20;
    let runs = |text: &str| -> Vec<String> {
        let mut out = Vec::new();
        for line in text.lines() {
            // Titles in 《》 are citations (《中华人民共和国突发事件应对法》): cut them out.
            let mut kept = String::new();
            let mut depth = 0usize;
            for c in line.chars() {
                match c {
                    '《' => depth += 1,
                    '》' => depth = depth.saturating_sub(1),
                    _ if depth == 0 => kept.push(c),
                    _ => {}
                }
            }
            let chars: Vec<char> = kept.chars().collect();
            let han = |c: &&char| ('\u{4E00}'..='\u{9FFF}').contains(*c);
            out.extend(
                chars
                    .windows(RUN)
                    .filter(|w| w.iter().filter(han).count() * 2 >= RUN)
                    .map(|w| w.iter().collect::<String>()),
            );
        }
        out
    };
    let corpus: std::collections::HashSet<String> = corpus_texts()
        .iter()
        .flat_map(|(_, text)| runs(text))
        .collect();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut copied = Vec::new();
    for dir in std::fs::read_dir(root.join("tests/fixtures"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .chain([root.join("examples")])
    {
        for path in std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.path()) {
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            if let Some(run) = runs(&text).into_iter().find(|r| corpus.contains(r)) {
                copied.push(format!("{}: `{run}`", path.display()));
            }
        }
    }
    assert!(
        copied.is_empty(),
        "text copied from the corpus:\n{}",
        copied.join("\n")
    );
}
