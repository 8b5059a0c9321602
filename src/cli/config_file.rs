//! `planlint init` and `planlint config`: write a commented config, show the effective one.

use crate::config::{Config, ConfigError, Level};
use crate::engine::{rule_levels, Settings};
use crate::rules;
use std::fmt::Write as _;

const HEADER: &str = r#"# planlint.toml: configuration for planlint (docs/config.md).
# Found from the working directory upward; every key is optional.

[files]
# Files that directory walks pick up (globs).
include = ["**/*.txt", "**/*.md", "**/*.docx"]
# Files and folders never checked.
exclude = []

# Rule levels by code or name: "off" | "note" | "warning" | "error".
# Every rule is listed with its default; uncomment a line to change it.
[rules]
"#;

const FOOTER: &str = r#"
# Looser or stricter levels for some files; the last matching override wins.
# [[overrides]]
# files = ["区县/**"]
# rules = { placeholder = "note" }

# Vocabularies extend the built-in tables of rules/*.toml, e.g. a section heading of your own:
# [roles.terms]
# extend-guiding = ["总体目标和要求"]
"#;

/// The commented config `planlint init` writes; it parses to the built-in defaults.
pub fn init_template() -> String {
    let mut out = String::from(HEADER);
    for rule in rules::ALL {
        let _ = writeln!(
            out,
            "# {} = \"{}\"{}# {}: {}",
            rule.code,
            rule.severity.name(),
            " ".repeat(10usize.saturating_sub(rule.severity.name().len())),
            rule.name,
            rule.summary
        );
    }
    out.push_str(FOOTER);
    out
}

fn level_name(level: Level) -> &'static str {
    match level {
        Level::Off => "off",
        Level::On(severity) => severity.name(),
    }
}

/// The effective configuration with where each value came from; checked as a run would check
/// it (unknown rules, vocabularies that do not compile).
pub fn describe(config: &Config) -> Result<String, ConfigError> {
    Settings::new(config, &[], &[])?;
    let levels = rule_levels(&config.levels, "rules").map_err(|e| config.locate(e))?;
    let origin = config
        .path
        .as_ref()
        .map_or("built-in default".to_owned(), |p| p.display().to_string());
    let mut out = String::new();
    let _ = writeln!(out, "config file: {origin}");
    let _ = writeln!(out, "\n[files]");
    let _ = writeln!(out, "include = {:?}", config.include);
    let _ = writeln!(out, "exclude = {:?}", config.exclude);
    let _ = writeln!(out, "\n[rules]");
    for rule in rules::ALL {
        let (level, from) = match levels.get(rule.code) {
            Some(level) => (level_name(*level), origin.as_str()),
            None => (rule.severity.name(), "default"),
        };
        let _ = writeln!(
            out,
            "{:<6} {:<22} {:<8} ({from})",
            rule.code, rule.name, level
        );
    }
    for (i, o) in config.overrides.iter().enumerate() {
        let _ = writeln!(out, "\n[[overrides]] #{} files = {:?}", i + 1, o.files);
        let by_code = rule_levels(&o.levels, "overrides.rules").map_err(|e| config.locate(e))?;
        for (code, level) in &by_code {
            let _ = writeln!(out, "{code:<6} {}", level_name(*level));
        }
    }
    if !config.vocab.is_empty() {
        let tables: Vec<&str> = config.vocab.keys().map(String::as_str).collect();
        let _ = writeln!(
            out,
            "\nvocabulary overlays from {origin}: {}",
            tables.join(", ")
        );
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_init_template_is_a_valid_config_equal_to_the_defaults() {
        let config = Config::parse(&init_template()).expect("template parses");
        assert!(config.levels.is_empty());
        assert_eq!(config.include, Config::default().include);
        for rule in rules::ALL {
            assert!(init_template().contains(&format!("# {} = ", rule.code)));
        }
    }

    #[test]
    fn describe_names_the_origin_of_each_level() {
        let config = Config::parse("[rules]\nplaceholder = \"off\"\n").expect("parses");
        let text = describe(&config).expect("valid");
        assert!(text.contains("PL301  placeholder"), "{text}");
        assert!(text
            .lines()
            .any(|l| l.starts_with("PL301") && l.contains("off")));
        assert!(text
            .lines()
            .any(|l| l.starts_with("PL001") && l.contains("(default)")));
    }
}
