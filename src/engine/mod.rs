//! Runs the enabled rules over each document: facts, severity stamping, dedupe, order; then
//! suppression comments. Its `FileReport` keeps each document's `Facts` for the views.

pub mod baseline;
pub mod discover;
pub mod fix;
pub mod suppress;

use crate::config::{Config, ConfigError, Level};
use crate::extract::Facts;
use crate::rules::diagnostic::{Diagnostic, Severity};
use crate::rules::Vocab;
use crate::rules::{self, Ctx};
use crate::source::decode::Encoding;
use crate::source::read::{read_unfolded, read_unfolded_owned, FileError};
use crate::source::{decode, FoldScope, SourceFile};
use crate::syntax::{self, Document, Page};
use std::collections::BTreeMap;

/// One checked file.
#[derive(Debug)]
pub struct FileReport {
    pub source: SourceFile,
    pub page: Page,
    /// The facts of each of `page.documents`, by index: what `outline` and `tasks` show.
    pub facts: Vec<Facts>,
    pub diagnostics: Vec<Diagnostic>,
    /// Diagnostics silenced by suppression comments, with their reasons.
    pub suppressed: Vec<suppress::Suppressed>,
}

impl FileReport {
    /// Free the document tree, the facts and the folded copy of the text once nothing will read
    /// them: the renderers read the text and the findings only, and a plan's tree (and, for
    /// traditional script, its folded copy) takes about as much memory as its text.
    pub fn release_tree(&mut self) {
        self.page = Page::default();
        self.facts = Vec::new();
        self.source.release_folded();
    }
}

/// Decode and check one file's bytes: the entry point for the CLI, tests, benchmark and editors.
///
/// ```
/// let settings = planlint::engine::Settings::builtin().unwrap();
/// let plan = "某区实施方案\n一、指导思想\n坚持人民至上。\n三、保障措施\n加强领导。\n";
/// let report = planlint::check_source("plan.txt", plan.as_bytes(), &settings).unwrap();
/// assert!(report.diagnostics.iter().any(|d| d.rule.code == "PL003"));
/// ```
pub fn check_source(
    path: &str,
    bytes: &[u8],
    settings: &Settings,
) -> Result<FileReport, FileError> {
    check_source_keeping(path, bytes, settings, Keep::Everything)
}

/// `check_source`, keeping only what the caller will read.
pub fn check_source_keeping(
    path: &str,
    bytes: &[u8],
    settings: &Settings,
    keep: Keep,
) -> Result<FileReport, FileError> {
    let source = read_unfolded(path, bytes, settings.encoding)?;
    Ok(check_decoded(source, settings, keep))
}

/// `check_source` for bytes the caller gives up: a valid UTF-8 file is held once, not twice.
pub fn check_owned(
    path: &str,
    bytes: Vec<u8>,
    settings: &Settings,
) -> Result<FileReport, FileError> {
    check_owned_keeping(path, bytes, settings, Keep::Everything)
}

/// What a `FileReport` holds besides the text and the findings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keep {
    /// Every document's tree and facts: what `outline`, `tasks` and baselines read.
    Everything,
    /// Nothing more: the page keeps its directives and boilerplate but no documents, and each
    /// document is freed once its rules have run.
    Findings,
}

/// `check_owned`, keeping only what the caller will read.
pub fn check_owned_keeping(
    path: &str,
    bytes: Vec<u8>,
    settings: &Settings,
    keep: Keep,
) -> Result<FileReport, FileError> {
    let source = read_unfolded_owned(path, bytes, settings.encoding)?;
    Ok(check_decoded(source, settings, keep))
}

/// Check text that is already decoded (an editor's buffer). Lone CRs end lines, as in LSP.
pub fn check_text(path: &str, text: &str, settings: &Settings) -> FileReport {
    let text = decode::normalize_lone_cr(text.to_owned());
    check_decoded(
        SourceFile::new(path, text, decode::Encoding::Utf8, false),
        settings,
        Keep::Everything,
    )
}

fn check_decoded(mut source: SourceFile, settings: &Settings, keep: Keep) -> FileReport {
    let (page, all, facts) = match keep {
        Keep::Everything => {
            source.fold_whole();
            let page = syntax::parse(&source);
            let (all, facts) = lint(&source, &page, settings);
            (page, all, facts)
        }
        Keep::Findings => {
            let (all, page) = lint_each(&mut source, settings);
            (page, all, Vec::new())
        }
    };
    let (diagnostics, suppressed) =
        suppress::apply(&source, &page, all, settings.levels_for(&source.path));
    FileReport {
        source,
        page,
        facts,
        diagnostics,
        suppressed,
    }
}

/// The rules asked for on top of a config: `--select` (only these), `--extend-select` (these
/// as well) and `--ignore` (not these); from the command line or an editor's settings.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Selection {
    pub select: Vec<String>,
    #[serde(rename = "extendSelect")]
    pub extend: Vec<String>,
    pub ignore: Vec<String>,
}

impl Selection {
    /// A config's settings with this selection on top.
    pub fn settings(&self, config: &Config) -> Result<Settings, ConfigError> {
        let mut settings = Settings::new(config, &self.select, &self.ignore)?;
        settings.extend_select(&self.extend, &self.ignore)?;
        Ok(settings)
    }
}

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
    /// The directory of the config file: override globs match paths relative to it, so the
    /// working directory does not change which files they name.
    pub root: Option<std::path::PathBuf>,
}

impl Settings {
    /// Config levels, then `--select` (only these) and `--ignore` (not these) on top. Errors
    /// (an unknown rule, a vocabulary that does not compile) point into the config file.
    pub fn new(
        config: &Config,
        select: &[String],
        ignore: &[String],
    ) -> Result<Settings, ConfigError> {
        Settings::resolve(config, select, ignore).map_err(|e| config.locate(e))
    }

    fn resolve(
        config: &Config,
        select: &[String],
        ignore: &[String],
    ) -> Result<Settings, ConfigError> {
        let selected = expand(select)?;
        let ignored = expand(ignore)?;
        let resolve = |configured: &BTreeMap<&'static str, Level>| {
            resolve_levels(configured, select, &selected, &ignored)
        };
        let levels = rule_levels(&config.levels, "rules")?;
        let mut overrides = Vec::new();
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
            let mut merged = levels.clone();
            merged.extend(rule_levels(&o.levels, "overrides.rules")?);
            overrides.push((globs, resolve(&merged)));
        }
        Ok(Settings {
            vocab: Vocab::compile(config)?,
            levels: resolve(&levels),
            encoding: None,
            overrides,
            root: config
                .path
                .as_deref()
                .and_then(std::path::Path::parent)
                .map(|dir| std::path::absolute(dir).unwrap_or_else(|_| dir.to_owned())),
        })
    }

    /// The levels for the file at `path` (as reported: relative to the working directory, or
    /// absolute): the last override whose globs match it from the config's directory, else
    /// the config's.
    pub fn levels_for(&self, path: &str) -> &[Option<Severity>] {
        if self.overrides.is_empty() {
            return &self.levels;
        }
        let path = path.strip_prefix("./").unwrap_or(path);
        let from_root = self.root.as_deref().and_then(|root| {
            let absolute = std::path::absolute(path).ok()?;
            Some(absolute.strip_prefix(root).ok()?.to_owned())
        });
        let path = from_root.as_deref().unwrap_or(std::path::Path::new(path));
        self.overrides
            .iter()
            .rev()
            .find(|(globs, _)| globs.is_match(path))
            .map_or(&self.levels[..], |(_, levels)| &levels[..])
    }

    /// `--extend-select`: these rules on as well (at their default severity where the config
    /// turned them off), in every override too; `--ignore` still wins.
    pub fn extend_select(
        &mut self,
        extend: &[String],
        ignore: &[String],
    ) -> Result<(), ConfigError> {
        let (extended, ignored) = (expand(extend)?, expand(ignore)?);
        for (i, rule) in rules::ALL.iter().enumerate() {
            let named =
                |list: &[&'static rules::Rule]| list.iter().any(|r| std::ptr::eq(*r, *rule));
            if !named(&extended) || named(&ignored) {
                continue;
            }
            for levels in
                std::iter::once(&mut self.levels).chain(self.overrides.iter_mut().map(|o| &mut o.1))
            {
                levels[i].get_or_insert(rule.severity);
            }
        }
        Ok(())
    }

    /// Built-in defaults: every rule at its default severity.
    pub fn builtin() -> Result<Settings, ConfigError> {
        Settings::new(&Config::default(), &[], &[])
    }
}

/// A config's `{name-or-code = level}` table by rule code; `here` names the table in errors.
pub fn rule_levels(
    table: &BTreeMap<String, Level>,
    here: &str,
) -> Result<BTreeMap<&'static str, Level>, ConfigError> {
    let mut levels = BTreeMap::new();
    for (key, level) in table {
        let rule = rules::find(key).ok_or_else(|| {
            ConfigError::key(
                &format!("{here}.{key}"),
                format!("unknown rule `{key}` (see `planlint rules`)"),
            )
        })?;
        levels.insert(rule.code, *level);
    }
    Ok(levels)
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

/// Lint every document of a parsed page; the facts of each document come back with the
/// diagnostics.
pub fn lint(
    source: &SourceFile,
    page: &Page,
    settings: &Settings,
) -> (Vec<Diagnostic>, Vec<Facts>) {
    let mut all = Vec::new();
    let facts = page
        .documents
        .iter()
        .map(|doc| lint_document(source, doc, settings, &mut all))
        .collect();
    (in_order(all), facts)
}

/// `lint` one document at a time: each is built, checked and freed, so a compiled volume of
/// plans holds one document's tree and facts at a time. Returns the page without documents.
fn lint_each(source: &mut SourceFile, settings: &Settings) -> (Vec<Diagnostic>, Page) {
    // Each document's findings in order, kept apart: one growing list would copy itself as it
    // doubles, holding both copies at the peak of a large file. Documents follow each other,
    // so their lists in turn are the file's list in order.
    let mut per_document = Vec::new();
    let layout = syntax::layout(&source.text);
    for doc in (0..layout.len()).filter_map(|i| layout.document(i)) {
        // One document's folded copy at a time: a file in traditional script is not held twice.
        source.fold = FoldScope::of(&source.text, doc.span);
        let mut found = Vec::new();
        lint_document(source, &doc, settings, &mut found);
        found.shrink_to_fit();
        per_document.push(in_order(found));
    }
    source.fold = FoldScope::default();
    // Free the line table before the lists are joined.
    let outside = layout.into_outside();
    let mut all = Vec::with_capacity(per_document.iter().map(Vec::len).sum());
    for found in per_document {
        all.extend(found);
    }
    (all, outside)
}

/// Run the enabled rules over one document; returns the document's facts.
fn lint_document(
    source: &SourceFile,
    doc: &Document,
    settings: &Settings,
    all: &mut Vec<Diagnostic>,
) -> Facts {
    let facts = Facts::build(source, doc, &settings.vocab.extract);
    let cx = Ctx {
        source,
        doc,
        facts: &facts,
        vocab: &settings.vocab,
    };
    for (rule, level) in rules::ALL.iter().zip(settings.levels_for(&source.path)) {
        let Some(severity) = level else { continue };
        let start = all.len();
        (rule.check)(&cx, all);
        for d in &mut all[start..] {
            d.severity = *severity;
        }
    }
    facts
}

/// Diagnostics in source order, each reported once.
fn in_order(mut all: Vec<Diagnostic>) -> Vec<Diagnostic> {
    all.sort_by(|a, b| {
        (a.span.start, a.rule.code, a.span.end).cmp(&(b.span.start, b.rule.code, b.span.end))
    });
    all.dedup_by(|a, b| a.rule.code == b.rule.code && a.span == b.span && a.message == b.message);
    all
}
