//! Which settings check each file. With `--config`, that file's settings check every input.
//! Otherwise each file is checked with the nearest planlint.toml at or above its own directory
//! (as ruff does): `planlint check plans/x.txt` and `cd plans && planlint check x.txt` agree,
//! and a repository may hold a config per folder of plans. Configs are loaded once each.

use crate::config::{Config, ConfigError};
use crate::engine::{Selection, Settings};
use crate::source::decode::Encoding;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

pub(super) struct Resolver {
    /// `--config` (or a view that renders with one vocabulary): the settings of every file.
    fixed: Option<Arc<Settings>>,
    selection: Selection,
    encoding: Option<Encoding>,
    /// The built-in defaults with the selection, for files with no config above them: built
    /// only if such a file comes.
    builtin: OnceLock<Result<Arc<Settings>, String>>,
    /// Directory → the nearest config file at or above it (None: none).
    nearest: Mutex<HashMap<PathBuf, Option<PathBuf>>>,
    /// Config file → its settings, or why it cannot be used.
    loaded: Mutex<HashMap<PathBuf, Result<Arc<Settings>, String>>>,
}

impl Resolver {
    /// Every file checked with `settings`.
    pub fn fixed(settings: Arc<Settings>) -> Resolver {
        Resolver {
            encoding: settings.encoding,
            fixed: Some(settings),
            selection: Selection::default(),
            builtin: OnceLock::new(),
            nearest: Mutex::default(),
            loaded: Mutex::default(),
        }
    }

    /// Each file checked with its nearest config; `base` is the one found from the working
    /// directory, and `settings` its settings, already built: they serve the files it governs
    /// (or, without a config, every file with none above it).
    pub fn nearest(base: &Config, settings: Settings, selection: Selection) -> Resolver {
        let resolver = Resolver {
            fixed: None,
            selection,
            encoding: settings.encoding,
            builtin: OnceLock::new(),
            nearest: Mutex::default(),
            loaded: Mutex::default(),
        };
        let settings = Ok(Arc::new(settings));
        match &base.path {
            Some(path) => {
                let key = std::path::absolute(path).unwrap_or_else(|_| path.clone());
                lock(&resolver.loaded).insert(key, settings);
            }
            None => {
                let _ = resolver.builtin.set(settings);
            }
        }
        resolver
    }

    /// The settings for the file at `path` (relative to the working directory or absolute).
    pub fn for_file(&self, path: &Path) -> Result<Arc<Settings>, String> {
        if let Some(fixed) = &self.fixed {
            return Ok(fixed.clone());
        }
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
        let dir = absolute.parent().unwrap_or(Path::new("/")).to_owned();
        let Some(config) = self.config_above(&dir) else {
            return self
                .builtin
                .get_or_init(|| self.build(&Config::default(), Path::new("<built-in>")))
                .clone();
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
        let config = Config::load(path).map_err(|e| describe(path, e))?;
        self.build(&config, path)
    }

    fn build(&self, config: &Config, path: &Path) -> Result<Arc<Settings>, String> {
        let mut settings = self
            .selection
            .settings(config)
            .map_err(|e| describe(path, e))?;
        settings.encoding = self.encoding;
        Ok(Arc::new(settings))
    }
}

/// A config error in one line, with the line of its key when known (the file is read again:
/// only on this error path).
fn describe(path: &Path, e: ConfigError) -> String {
    let line = e.span.and_then(|span| {
        let text = std::fs::read_to_string(path).ok()?;
        Some(text.get(..span.start)?.matches('\n').count() + 1)
    });
    match line {
        Some(line) => format!("invalid config {}:{line}: {}", path.display(), e.message),
        None => format!("invalid config {}: {}", path.display(), e.message),
    }
}

/// A poisoned lock only means another file's check panicked; the map is still sound.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}
