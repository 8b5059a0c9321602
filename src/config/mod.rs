//! planlint.toml: discovery, strict parsing (unknown keys are errors at their span), layering
//! over the built-in vocabulary files. Config knows TOML, not rules or extractors: the engine
//! resolves rule names and compiles vocabularies, and hands its errors back to `locate`.

pub mod vocab;

use crate::source::Span;
use serde::Deserialize;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "planlint.toml";

#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct ConfigError {
    pub message: String,
    /// Dotted key path the error is about, used to find its span.
    pub key: Option<String>,
    pub file: Option<PathBuf>,
    pub span: Option<Span>,
}

impl ConfigError {
    pub fn vocab(message: String) -> Self {
        ConfigError {
            message,
            key: None,
            file: None,
            span: None,
        }
    }
    pub fn key(key: &str, message: String) -> Self {
        ConfigError {
            message,
            key: Some(key.to_owned()),
            file: None,
            span: None,
        }
    }
}

/// How much a finding matters; a rule has a default, the configuration may change it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl Severity {
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "note" => Some(Severity::Note),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A rule's configured level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Off,
    On(Severity),
}

impl Level {
    pub fn parse(s: &str) -> Option<Level> {
        Some(match s {
            "off" => Level::Off,
            other => Level::On(Severity::parse(other)?),
        })
    }
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    files: Option<RawFiles>,
    rules: Option<toml::Table>,
    roles: Option<toml::Table>,
    dates: Option<toml::Table>,
    placeholders: Option<toml::Table>,
    typography: Option<toml::Table>,
    chars: Option<toml::Table>,
    owners: Option<toml::Table>,
    numbers: Option<toml::Table>,
    overrides: Option<Vec<RawOverride>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOverride {
    files: Vec<String>,
    rules: toml::Table,
}

/// `[[overrides]]`: rule levels for the files matching some globs.
#[derive(Debug, Clone)]
pub struct Override {
    pub files: Vec<String>,
    pub levels: BTreeMap<String, Level>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawFiles {
    include: Option<Vec<String>>,
    extend_include: Option<Vec<String>>,
    exclude: Option<Vec<String>>,
    extend_exclude: Option<Vec<String>>,
}

/// The effective configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub path: Option<PathBuf>,
    /// Globs of files that directory walks pick up.
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    /// Rule code or name, as written → configured level.
    pub levels: BTreeMap<String, Level>,
    /// Vocabulary overlays by rules/*.toml table name.
    pub vocab: BTreeMap<String, toml::Table>,
    /// Per-glob rule levels, applied in order over `levels`.
    pub overrides: Vec<Override>,
    /// The config file's text, to point later errors (an unknown rule, a bad word list) at
    /// their key.
    pub text: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            path: None,
            include: vec!["**/*.txt".into(), "**/*.md".into(), "**/*.docx".into()],
            exclude: Vec::new(),
            levels: BTreeMap::new(),
            vocab: BTreeMap::new(),
            overrides: Vec::new(),
            text: None,
        }
    }
}

impl Config {
    /// The nearest planlint.toml at or above `dir`.
    pub fn discover(dir: &Path) -> Option<PathBuf> {
        dir.ancestors()
            .map(|d| d.join(FILE_NAME))
            .find(|p| p.is_file())
    }

    /// Read and validate a config file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            message: format!("cannot read {}: {e}", path.display()),
            key: None,
            file: Some(path.to_owned()),
            span: None,
        })?;
        Config::parse(&text)
            .map(|mut c| {
                c.path = Some(path.to_owned());
                c
            })
            .map_err(|mut e| {
                e.file = Some(path.to_owned());
                if e.span.is_none() {
                    e.span = e.key.as_deref().and_then(|k| locate_key(&text, k));
                }
                e
            })
    }

    /// An error found after parsing (by the engine), pointed at this config's file and key.
    pub fn locate(&self, mut e: ConfigError) -> ConfigError {
        if e.file.is_none() {
            e.file.clone_from(&self.path);
        }
        if e.span.is_none() {
            if let (Some(key), Some(text)) = (e.key.as_deref(), self.text.as_deref()) {
                e.span = locate_key(text, key);
            }
        }
        e
    }

    /// The built-in vocabulary table `name` (rules/NAME.toml) with this config's overlay merged
    /// in: `key` replaces, `extend-key` appends.
    pub fn table(&self, name: &str) -> Result<toml::Table, ConfigError> {
        vocab::merged(name, &self.vocab)
    }

    /// Parse config text (no file); errors carry spans into `text`.
    pub fn parse(text: &str) -> Result<Config, ConfigError> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| ConfigError {
            message: e.message().to_owned(),
            key: None,
            file: None,
            span: e.span().map(|r| Span::new(r.start, r.end)),
        })?;
        let mut config = Config::default();
        if let Some(files) = raw.files {
            if let Some(v) = files.include {
                config.include = v;
            }
            config
                .include
                .extend(files.extend_include.unwrap_or_default());
            config.exclude = files.exclude.unwrap_or_default();
            config
                .exclude
                .extend(files.extend_exclude.unwrap_or_default());
        }
        config.levels = parse_levels(raw.rules.unwrap_or_default(), "rules")?;
        for (i, o) in raw.overrides.unwrap_or_default().into_iter().enumerate() {
            for glob in &o.files {
                globset::Glob::new(glob).map_err(|e| {
                    ConfigError::key(
                        "overrides.files",
                        format!("bad glob in [[overrides]] {}: {e}", i + 1),
                    )
                })?;
            }
            let levels = parse_levels(o.rules, "overrides.rules")?;
            config.overrides.push(Override {
                files: o.files,
                levels,
            });
        }
        for (name, table) in [
            ("roles", raw.roles),
            ("dates", raw.dates),
            ("placeholders", raw.placeholders),
            ("typography", raw.typography),
            ("chars", raw.chars),
            ("owners", raw.owners),
            ("numbers", raw.numbers),
        ] {
            if let Some(t) = table {
                config.vocab.insert(name.to_owned(), t);
            }
        }
        config.text = Some(text.to_owned());
        Ok(config)
    }
}

/// `{name-or-code = "level"}` from a `[rules]` table (`here` names it in errors); the engine
/// checks that the names are rules.
fn parse_levels(table: toml::Table, here: &str) -> Result<BTreeMap<String, Level>, ConfigError> {
    let mut levels = BTreeMap::new();
    for (key, value) in table {
        let at = format!("{here}.{key}");
        let level = value.as_str().and_then(Level::parse).ok_or_else(|| {
            ConfigError::key(
                &at,
                format!("`{key}` must be \"off\", \"note\", \"warning\" or \"error\""),
            )
        })?;
        levels.insert(key, level);
    }
    Ok(levels)
}

/// The span of the key at dotted `path` (`rules.PL999`, `roles.terms.extend-x`) in `text`.
pub fn locate_key(text: &str, path: &str) -> Option<Span> {
    let (table, key) = path.rsplit_once('.').unwrap_or(("", path));
    let mut current = String::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim();
        if let Some(header) = t.strip_prefix('[').and_then(|h| h.split(']').next()) {
            current = header.trim_matches(['[', ' ']).to_owned();
        } else if current == table || table.ends_with(&current) {
            let k = t.split('=').next().unwrap_or("").trim().trim_matches('"');
            let dotted = if current == table {
                k.to_owned()
            } else {
                format!("{}.{k}", &table[..table.len() - current.len()])
            };
            if t.contains('=') && (k == key || dotted.ends_with(key)) {
                let start = offset + line.find(k).unwrap_or(0);
                return Some(Span::new(start, start + k.len()));
            }
        }
        offset += line.len();
    }
    text.find(key).map(|s| Span::new(s, s + key.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_by_key_as_written() {
        let c = Config::parse("[rules]\nmissing-section = \"error\"\nPL002 = \"off\"\n").unwrap();
        assert_eq!(
            c.levels.get("missing-section"),
            Some(&Level::On(Severity::Error))
        );
        assert_eq!(c.levels.get("PL002"), Some(&Level::Off));
        assert!(Config::parse("[rules]\nPL002 = \"loud\"\n").is_err());
    }

    #[test]
    fn unknown_keys_point_at_their_line() {
        let text = "[rules]\nPL001 = \"warning\"\nno-such-rule = \"off\"\n";
        let config = Config::parse(text).unwrap();
        let err = config.locate(ConfigError::key("rules.no-such-rule", "unknown".into()));
        let span = err.span.unwrap();
        assert_eq!(&text[span.start..span.end], "no-such-rule");
        let err = Config::parse("[filez]\ninclude = []\n").unwrap_err();
        assert!(err.span.is_some());
        let text = "[roles.terms]\nextend-nothing = [\"x\"]\n";
        let config = Config::parse(text).unwrap();
        let err = config.locate(config.table("roles").unwrap_err());
        let span = err.span.unwrap();
        assert_eq!(&text[span.start..span.end], "extend-nothing");
    }
}
