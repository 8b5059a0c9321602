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
        insta::assert_snapshot!(render_plain(&name, &text, &settings_for(path)));
    });
}
