//! Project conventions that code review would otherwise have to remember.
#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers in test files may panic

use planlint::rules::{self, ALL, PLANNED};
use std::path::Path;

/// The decided catalog (DESIGN §6.1): code, name, severity.
const CATALOG: &[(&str, &str, &str)] = &[
    ("PL001", "missing-section", "warning"),
    ("PL002", "empty-section", "warning"),
    ("PL003", "numbering-sequence", "warning"),
    ("PL004", "heading-style", "note"),
    ("PL101", "task-without-owner", "warning"),
    ("PL102", "placeholder-owner", "error"),
    ("PL201", "undefined-date", "error"),
    ("PL202", "invalid-date", "error"),
    ("PL203", "date-order", "warning"),
    ("PL204", "ambiguous-year", "note"),
    ("PL301", "placeholder", "error"),
    ("PL302", "empty-blank", "error"),
    ("PL303", "unresolved-marker", "warning"),
    ("PL401", "sum-mismatch", "error"),
    ("PL402", "count-mismatch", "error"),
    ("PL403", "percent-total", "error"),
    ("PL404", "rate-mismatch", "warning"),
    ("PL501", "unbalanced-bracket", "warning"),
    ("PL502", "stray-punctuation", "warning"),
    ("PL503", "duplicated-char", "note"),
    ("PL504", "mojibake", "warning"),
    ("PL901", "unused-suppression", "warning"),
];

#[test]
fn registry_matches_catalog_in_code_order() {
    let codes: Vec<&str> = ALL.iter().map(|r| r.code).collect();
    let mut sorted = codes.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(
        codes, sorted,
        "ALL must be in code order without duplicates"
    );
    for r in ALL {
        let row = CATALOG
            .iter()
            .find(|(c, _, _)| *c == r.code)
            .unwrap_or_else(|| panic!("{} not in catalog", r.code));
        assert_eq!((row.1, row.2), (r.name, r.severity.name()), "{}", r.code);
        assert!(
            !PLANNED.iter().any(|p| p.0 == r.code),
            "{} is built and still listed as planned",
            r.code
        );
    }
    for (code, name, sev) in CATALOG {
        let built = ALL.iter().any(|r| r.code == *code);
        let planned = PLANNED.iter().find(|p| p.0 == *code);
        assert!(
            built || planned.is_some_and(|p| (p.1, p.2) == (*name, *sev)),
            "{code} is neither built nor planned as in the catalog"
        );
    }
}

#[test]
fn every_rule_has_docs_with_bad_and_good_examples() {
    for r in ALL {
        assert!(
            r.docs.contains("**Bad:**") && r.docs.contains("**Good:**"),
            "{} docs lack examples",
            r.code
        );
        assert!(rules::find(r.name).is_some() && rules::find(r.code).is_some());
    }
}

#[test]
fn every_rule_has_fixtures_in_both_scripts_and_polarities() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for r in ALL {
        for case in ["fires-hans", "fires-hant", "clean-hans", "clean-hant"] {
            let path = root.join(r.name).join(format!("{case}.txt"));
            assert!(path.is_file(), "missing fixture {}", path.display());
        }
    }
}

#[test]
fn docs_rules_md_is_in_step_with_the_registry() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    let generated = rules::docs_markdown();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        current == generated,
        "docs/rules.md is stale: run `UPDATE_DOCS=1 cargo test --test conventions`"
    );
}

#[test]
fn vocabulary_files_parse_and_are_simplified() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    for entry in std::fs::read_dir(&root).unwrap().flatten() {
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let table: toml::Table = text
            .parse()
            .unwrap_or_else(|e| panic!("{}: {e}", entry.path().display()));
        if entry.file_name() == "chars.toml" || entry.file_name() == "layout.toml" {
            continue; // the fold table itself; the parser's words in both scripts
        }
        let mut words = Vec::new();
        collect_strings(&toml::Value::Table(table), &mut words);
        for w in words {
            assert_eq!(
                planlint::text::fold::fold(&w),
                w,
                "{}: `{w}` is not simplified",
                entry.path().display()
            );
        }
    }
}

fn collect_strings(v: &toml::Value, out: &mut Vec<String>) {
    match v {
        toml::Value::String(s) => out.push(s.clone()),
        toml::Value::Array(a) => a.iter().for_each(|x| collect_strings(x, out)),
        toml::Value::Table(t) => t.values().for_each(|x| collect_strings(x, out)),
        _ => {}
    }
}

#[test]
fn messages_are_lower_case_without_final_period() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let settings = planlint::engine::Settings::builtin().unwrap();
    for dir in std::fs::read_dir(&root).unwrap().flatten() {
        for file in std::fs::read_dir(dir.path()).unwrap().flatten() {
            let bytes = std::fs::read(file.path()).unwrap();
            let report = planlint::check_source("x.txt", &bytes, &settings).unwrap();
            for d in report.diagnostics {
                let first = d.message.chars().next().unwrap_or('a');
                assert!(
                    !first.is_uppercase() && !d.message.ends_with('.'),
                    "bad message: {}",
                    d.message
                );
            }
        }
    }
}

#[test]
fn fold_keeps_byte_offsets() {
    let text = "實施方案：組織領導、經費保障，1。5億元";
    assert_eq!(planlint::text::fold::fold(text).len(), text.len());
}

/// The layers of src/, lowest first (docs/architecture.md). A module may import from its own
/// layer and the ones before it, never from a later one; `testing` is test support.
const LAYERS: &[&str] = &[
    "text", "source", "config", "syntax", "extract", "rules", "engine", "report", "server", "cli",
];

#[test]
fn layers_import_only_downwards() {
    let mut violations = Vec::new();
    for (rank, layer) in LAYERS.iter().enumerate() {
        for file in rust_files(&Path::new("src").join(layer)) {
            if file.file_name().is_some_and(|n| n == "tests.rs") {
                continue;
            }
            let text = std::fs::read_to_string(&file).unwrap();
            // Unit tests at the end of a file may use anything.
            let code = text.split("#[cfg(test)]").next().unwrap_or("");
            for (n, line) in code.lines().enumerate() {
                for target in line.split("crate::").skip(1) {
                    let name: String = target
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    let Some(to) = LAYERS.iter().position(|l| *l == name) else {
                        continue;
                    };
                    if to > rank {
                        violations.push(format!("{}:{}: {line}", file.display(), n + 1));
                    }
                }
            }
        }
    }
    assert!(
        violations.is_empty(),
        "upward imports:\n{}",
        violations.join("\n")
    );
}

#[test]
fn config_knows_neither_rules_nor_extractors() {
    for file in rust_files(Path::new("src/config")) {
        let text = std::fs::read_to_string(&file).unwrap();
        for forbidden in ["crate::rules", "crate::extract", "crate::engine"] {
            assert!(
                !text.contains(forbidden),
                "{} uses {forbidden}",
                file.display()
            );
        }
    }
}

#[test]
fn facts_are_built_only_by_the_engine() {
    for file in rust_files(Path::new("src")) {
        let text = std::fs::read_to_string(&file).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        let in_engine = file.starts_with("src/engine") || file.ends_with("src/extract/mod.rs");
        assert!(
            in_engine || !code.contains("Facts::build("),
            "{} builds Facts itself",
            file.display()
        );
    }
}

fn rust_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out.sort();
    out
}

#[test]
fn layout_words_come_in_both_scripts_and_match_the_grammar() {
    let layout = &*planlint::syntax::LAYOUT;
    assert!(
        !layout.trailer_cues.is_empty(),
        "rules/layout.toml did not load"
    );
    let text = std::fs::read_to_string("rules/layout.toml").unwrap();
    let table: toml::Table = text.parse().unwrap();
    let mut words = Vec::new();
    collect_strings(&toml::Value::Table(table), &mut words);
    for w in &words {
        let simplified = planlint::text::fold::fold(w);
        assert!(
            words.contains(&simplified),
            "layout.toml lists `{w}` but not its simplified form `{simplified}`"
        );
    }
    let grammar = std::fs::read_to_string("grammar/plan.pest").unwrap();
    let cue = grammar
        .lines()
        .find(|l| l.starts_with("trailer_cue"))
        .expect("the grammar has a trailer_cue");
    for w in &layout.trailer_cues {
        assert!(
            cue.contains(&format!("\"{w}\"")),
            "grammar trailer_cue lacks `{w}`"
        );
    }
}

#[test]
fn grammar_reads_every_lookalike_of_its_han_digits() {
    let grammar = std::fs::read_to_string("grammar/plan.pest").unwrap();
    let listed = grammar
        .lines()
        .find(|l| l.starts_with("lookalike_digit"))
        .expect("the grammar has a lookalike_digit");
    let blocks = (0x2E80..=0x2FDF).chain(0xF900..=0xFAFF);
    for c in blocks.filter_map(char::from_u32) {
        let Some(ordinary) = planlint::text::lookalike::ordinary(c) else {
            continue;
        };
        if "一二三四五六七八九十零〇两兩百".contains(ordinary) {
            let escape = format!("\"\\u{{{:X}}}\"", c as u32);
            assert!(
                listed.contains(&escape),
                "grammar lookalike_digit lacks {escape} ({c} for {ordinary})"
            );
        }
    }
}
