//! One snapshot per fixture: tests/fixtures/<rule-name>/<case>.txt checked with only that rule
//! enabled (or every rule, under `_all/`); an optional <case>.toml overlays config.
#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers in test files may panic

use planlint::config::Config;
use planlint::engine::Settings;
use planlint::testing::{render_plain, settings_for_rule};
use std::path::Path;

/// The fixture's rule alone (every rule under `_all/`), with <case>.toml overlaid if present.
fn settings_for(path: &Path) -> Settings {
    let dir = path
        .parent()
        .and_then(|p| p.file_name())
        .and_then(|n| n.to_str())
        .unwrap_or("");
    let overlay = path.with_extension("toml");
    let config = if overlay.is_file() {
        Config::load(&overlay).unwrap_or_else(|e| panic!("{}: {e}", overlay.display()))
    } else {
        Config::default()
    };
    if dir == "_all" {
        Settings::new(&config, &[], &[]).unwrap_or_else(|e| panic!("{e}"))
    } else {
        settings_for_rule(dir, &config)
    }
}

#[test]
fn fixtures() {
    insta::glob!("fixtures/*/*.txt", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        let name = path
            .strip_prefix(env!("CARGO_MANIFEST_DIR"))
            .unwrap_or(path)
            .display()
            .to_string();
        let settings = settings_for(path);
        assert_polarity(path, &name, &text, &settings);
        insta::assert_snapshot!(render_plain(&name, &text, &settings));
    });
}

/// A `fires-*` fixture must raise its rule at least once and a `clean-*` fixture nothing, so
/// that a snapshot of the wrong outcome cannot be accepted by mistake.
fn assert_polarity(path: &Path, name: &str, text: &str, settings: &Settings) {
    let rule = path
        .parent()
        .and_then(|p| p.file_name())
        .and_then(|n| n.to_str())
        .unwrap_or("");
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    if rule == "_all" {
        return;
    }
    let report = planlint::check_source(name, text.as_bytes(), settings).unwrap();
    let own = report
        .diagnostics
        .iter()
        .filter(|d| d.rule.name == rule)
        .count();
    if stem.starts_with("fires") {
        assert!(own > 0, "{name}: a fires fixture raised no {rule}");
    } else if stem.starts_with("clean") {
        assert!(
            report.diagnostics.is_empty(),
            "{name}: a clean fixture raised {:?}",
            report
                .diagnostics
                .iter()
                .map(|d| (d.rule.code, &d.message))
                .collect::<Vec<_>>()
        );
    }
}
