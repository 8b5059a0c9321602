//! Runs the enabled rules over each document: facts, severity stamping, dedupe, order.

use crate::config::vocab::Vocab;
use crate::config::{Config, ConfigError, Level};
use crate::decode::Encoding;
use crate::diagnostic::{Diagnostic, Severity};
use crate::extract::Facts;
use crate::rules::{self, Ctx};
use crate::source::SourceFile;
use crate::syntax::Page;
use std::collections::BTreeMap;

/// Everything a check needs besides the input: compiled vocab and each rule's level.
#[derive(Debug)]
pub struct Settings {
    pub vocab: Vocab,
    /// By index into `rules::ALL`; `None` = off.
    pub levels: Vec<Option<Severity>>,
    /// `--encoding`; None = detect.
    pub encoding: Option<Encoding>,
    /// `[[overrides]]`: files matching the globs use these levels instead.
    pub overrides: Vec<(globset::GlobSet, Vec<Option<Severity>>)>,
}

impl Settings {
    /// Config levels, then `--select` (only these) and `--ignore` (not these) on top.
    pub fn new(
        config: &Config,
        select: &[String],
        ignore: &[String],
    ) -> Result<Settings, ConfigError> {
        let selected = expand(select)?;
        let ignored = expand(ignore)?;
        let resolve = |configured: &BTreeMap<&'static str, Level>| {
            resolve_levels(configured, select, &selected, &ignored)
        };
        let mut overrides = Vec::new();
        let mut merged = config.levels.clone();
        for o in &config.overrides {
            let mut globs = globset::GlobSetBuilder::new();
            for g in &o.files {
                let glob = globset::Glob::new(g).map_err(|e| {
                    ConfigError::key("overrides.files", format!("bad glob `{g}`: {e}"))
                })?;
                globs.add(glob);
            }
            let globs = globs
                .build()
                .map_err(|e| ConfigError::key("overrides.files", format!("bad globs: {e}")))?;
            merged.clone_from(&config.levels);
            merged.extend(o.levels.iter().map(|(k, v)| (*k, *v)));
            overrides.push((globs, resolve(&merged)));
        }
        Ok(Settings {
            vocab: Vocab::compile(&config.vocab)?,
            levels: resolve(&config.levels),
            encoding: None,
            overrides,
        })
    }

    /// The levels for the file at `path`: the last matching override's, else the config's.
    pub fn levels_for(&self, path: &str) -> &[Option<Severity>] {
        let path = path.strip_prefix("./").unwrap_or(path);
        self.overrides
            .iter()
            .rev()
            .find(|(globs, _)| globs.is_match(path))
            .map_or(&self.levels[..], |(_, levels)| &levels[..])
    }

    /// Built-in defaults: every rule at its default severity.
    pub fn builtin() -> Result<Settings, ConfigError> {
        Settings::new(&Config::default(), &[], &[])
    }
}

/// Config levels, then `--select` (only these) and `--ignore` (not these) on top.
fn resolve_levels(
    configured_levels: &BTreeMap<&'static str, Level>,
    select: &[String],
    selected: &[&'static rules::Rule],
    ignored: &[&'static rules::Rule],
) -> Vec<Option<Severity>> {
    rules::ALL
        .iter()
        .map(|rule| {
            let configured = match configured_levels.get(rule.code) {
                Some(Level::Off) => None,
                Some(Level::On(sev)) => Some(*sev),
                None => Some(rule.severity),
            };
            if ignored.iter().any(|r| std::ptr::eq(*r, *rule)) {
                return None;
            }
            if !select.is_empty() {
                let on = selected.iter().any(|r| std::ptr::eq(*r, *rule));
                return on.then(|| configured.unwrap_or(rule.severity));
            }
            configured
        })
        .collect()
}

fn expand(selectors: &[String]) -> Result<Vec<&'static rules::Rule>, ConfigError> {
    let mut out = Vec::new();
    for s in selectors
        .iter()
        .flat_map(|s| s.split(','))
        .filter(|s| !s.trim().is_empty())
    {
        let found = rules::matching(s);
        if found.is_empty() {
            return Err(ConfigError::vocab(format!(
                "unknown rule or code `{s}` (see `planlint rules`)"
            )));
        }
        out.extend(found);
    }
    Ok(out)
}

/// Lint every document of a parsed page.
pub fn lint(source: &SourceFile, page: &Page, settings: &Settings) -> Vec<Diagnostic> {
    let mut all = Vec::new();
    for doc in &page.documents {
        let facts = Facts::build(source, doc, &settings.vocab);
        let cx = Ctx {
            source,
            doc,
            facts: &facts,
            vocab: &settings.vocab,
        };
        for (rule, level) in rules::ALL.iter().zip(settings.levels_for(&source.path)) {
            let Some(severity) = level else { continue };
            let start = all.len();
            (rule.check)(&cx, &mut all);
            for d in &mut all[start..] {
                d.severity = *severity;
            }
        }
    }
    all.sort_by(|a, b| {
        (a.span.start, a.rule.code, a.span.end).cmp(&(b.span.start, b.rule.code, b.span.end))
    });
    all.dedup_by(|a, b| a.rule.code == b.rule.code && a.span == b.span && a.message == b.message);
    all
}
