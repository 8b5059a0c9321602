//! Which settings check each file. With `--config`, that file's settings check every input.
//! Otherwise each file is checked with the nearest planlint.toml at or above its own directory
//! (as ruff does): `planlint check plans/x.txt` and `cd plans && planlint check x.txt` agree,
//! and a repository may hold a config per folder of plans. Configs are loaded once each.

use super::Selection;
use crate::config::{Config, ConfigError};
use crate::engine::Settings;
use crate::source::decode::Encoding;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

pub(super) struct Resolver {
    /// `--config` (or a view that renders with one vocabulary): the settings of every file.
    fixed: Option<Arc<Settings>>,
    selection: Selection,
    encoding: Option<Encoding>,
    /// The settings of the built-in defaults, for files with no config above them.
    builtin: Arc<Settings>,
    /// Directory → the nearest config file at or above it (None: none).
    nearest: Mutex<HashMap<PathBuf, Option<PathBuf>>>,
    /// Config file → its settings, or why it cannot be used.
    loaded: Mutex<HashMap<PathBuf, Result<Arc<Settings>, String>>>,
}

impl Resolver {
    /// Every file checked with `settings`.
    pub fn fixed(settings: Settings) -> Resolver {
        let settings = Arc::new(settings);
        Resolver {
            fixed: Some(settings.clone()),
            selection: Selection::default(),
            encoding: settings.encoding,
            builtin: settings,
            nearest: Mutex::default(),
            loaded: Mutex::default(),
        }
    }

    /// Each file checked with its nearest config; `base` is the one found from the working
    /// directory (already loaded, and reused for the files it governs).
    pub fn nearest(
        base: &Config,
        settings: Settings,
        selection: Selection,
    ) -> Result<Resolver, ConfigError> {
        let encoding = settings.encoding;
        let mut builtin = selection.settings(&Config::default())?;
        builtin.encoding = encoding;
        let resolver = Resolver {
            fixed: None,
            selection,
            encoding,
            builtin: Arc::new(builtin),
            nearest: Mutex::default(),
            loaded: Mutex::default(),
        };
        let settings = Arc::new(settings);
        match &base.path {
            Some(path) => {
                let key = std::path::absolute(path).unwrap_or_else(|_| path.clone());
                lock(&resolver.loaded).insert(key, Ok(settings));
            }
            None => {
                // No config above the working directory: the defaults with --select/--ignore.
                return Ok(Resolver {
                    builtin: settings,
                    ..resolver
                });
            }
        }
        Ok(resolver)
    }

    /// The settings of the working directory's config (or `--config`, or the defaults).
    pub fn base(&self) -> &Settings {
        self.fixed.as_deref().unwrap_or(&self.builtin)
    }

    /// The settings for the file at `path` (relative to the working directory or absolute).
    pub fn for_file(&self, path: &Path) -> Result<Arc<Settings>, String> {
        if let Some(fixed) = &self.fixed {
            return Ok(fixed.clone());
        }
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
        let dir = absolute.parent().unwrap_or(Path::new("/")).to_owned();
        let Some(config) = self.config_above(&dir) else {
            return Ok(self.builtin.clone());
        };
        let mut loaded = lock(&self.loaded);
        loaded
            .entry(config.clone())
            .or_insert_with(|| self.load(&config))
            .clone()
    }

    fn config_above(&self, dir: &Path) -> Option<PathBuf> {
        let mut nearest = lock(&self.nearest);
        if let Some(found) = nearest.get(dir) {
            return found.clone();
        }
        let found = Config::discover(dir);
        nearest.insert(dir.to_owned(), found.clone());
        found
    }

    fn load(&self, path: &Path) -> Result<Arc<Settings>, String> {
        let describe = |e: ConfigError| {
            let line = e.span.and_then(|span| {
                let text = std::fs::read_to_string(path).ok()?;
                Some(text.get(..span.start)?.matches('\n').count() + 1)
            });
            match line {
                Some(line) => format!("invalid config {}:{line}: {}", path.display(), e.message),
                None => format!("invalid config {}: {}", path.display(), e.message),
            }
        };
        let config = Config::load(path).map_err(describe)?;
        let mut settings = self.selection.settings(&config).map_err(describe)?;
        settings.encoding = self.encoding;
        Ok(Arc::new(settings))
    }
}

/// A poisoned lock only means another file's check panicked; the map is still sound.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}
