//! One snapshot per fixture: tests/fixtures/<rule-name>/<case>.txt checked with only that rule
//! enabled (or every rule, under `_all/`); an optional <case>.toml overlays config.
#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers in test files may panic

use planlint::config::Config;
use planlint::engine::Settings;
use planlint::testing::{render_plain, settings_for_rule};
use std::path::Path;

/// PL901 judges the other rules' diagnostics, so its fixtures run every rule, like `_all/`.
fn runs_every_rule(dir: &str) -> bool {
    dir == "_all" || dir == planlint::rules::suppress::UNUSED_SUPPRESSION.name
}

fn settings_for(path: &Path) -> Settings {
    let rule = path
        .parent()
        .and_then(|p| p.file_name())
        .and_then(|n| n.to_str())
        .unwrap_or("");
    let overlay = path.with_extension("toml");
    if overlay.is_file() {
        let config =
            Config::load(&overlay).unwrap_or_else(|e| panic!("{}: {e}", overlay.display()));
        let select = if runs_every_rule(rule) {
            vec![]
        } else {
            vec![rule.to_owned()]
        };
        return Settings::new(&config, &select, &[]).unwrap_or_else(|e| panic!("{e}"));
    }
    if runs_every_rule(rule) {
        Settings::builtin().unwrap_or_else(|e| panic!("{e}"))
    } else {
        settings_for_rule(rule)
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
