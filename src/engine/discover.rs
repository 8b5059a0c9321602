//! PATHS → a sorted, deduplicated list of inputs. Explicit files are always kept; directories
//! are walked with the `ignore` crate (honours .gitignore, skips .git) and filtered by the
//! include/exclude globs; glob patterns on the command line are expanded with `glob`.

use globset::{Glob, GlobSet, GlobSetBuilder};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Input {
    Stdin,
    File(PathBuf),
}

/// A path that could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    pub path: String,
    pub message: String,
}

fn glob_set(patterns: &[String]) -> Result<GlobSet, String> {
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        // `drafts/` means the directory and everything in it, at any depth.
        let p = p.trim_start_matches("./");
        let expanded: Vec<String> = if let Some(dir) = p.strip_suffix('/') {
            vec![format!("{dir}/**"), format!("**/{dir}/**")]
        } else if p.contains('/') {
            vec![p.to_owned()]
        } else {
            vec![p.to_owned(), format!("**/{p}")]
        };
        for e in expanded {
            b.add(Glob::new(&e).map_err(|err| format!("bad glob `{p}`: {err}"))?);
        }
    }
    b.build().map_err(|e| e.to_string())
}

/// Display form of a path: `/` separators, no leading `./`.
pub fn display(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_owned).unwrap_or(s)
}

/// Expand `paths` into inputs. Errors for individual paths are returned beside the inputs.
pub fn discover(
    paths: &[String],
    include: &[String],
    exclude: &[String],
) -> Result<(Vec<Input>, Vec<Missing>), String> {
    let include = glob_set(include)?;
    let exclude = glob_set(exclude)?;
    let mut found = BTreeSet::new();
    let mut missing = Vec::new();
    for raw in paths {
        if raw == "-" {
            found.insert(Input::Stdin);
            continue;
        }
        let path = Path::new(raw);
        if path.is_file() {
            found.insert(Input::File(path.to_owned()));
        } else if path.is_dir() {
            walk(path, &include, &exclude, &mut found, &mut missing);
        } else if raw.contains(['*', '?', '[']) {
            let before = found.len();
            match glob::glob(raw) {
                Ok(entries) => {
                    for entry in entries.flatten() {
                        if entry.is_file() && !exclude.is_match(relative(&entry, Path::new("."))) {
                            found.insert(Input::File(entry));
                        }
                    }
                }
                Err(e) => missing.push(Missing {
                    path: raw.clone(),
                    message: format!("bad pattern: {e}"),
                }),
            }
            if found.len() == before {
                missing.push(Missing {
                    path: raw.clone(),
                    message: "pattern matches no file".into(),
                });
            }
        } else {
            missing.push(Missing {
                path: raw.clone(),
                message: why_unusable(path),
            });
        }
    }
    Ok((found.into_iter().collect(), missing))
}

/// Why a path that is neither a file nor a directory cannot be checked, in the words a user
/// can act on.
fn why_unusable(path: &Path) -> String {
    use std::io::ErrorKind;
    let link = match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == ErrorKind::NotFound => return "no such file or directory".into(),
        Err(e) => return e.to_string(),
        Ok(meta) => meta,
    };
    match std::fs::metadata(path) {
        Ok(_) => {
            "not a regular file (a pipe, device or socket); pipe text in with `-` instead".into()
        }
        Err(e) if link.file_type().is_symlink() && e.kind() == ErrorKind::NotFound => {
            "a broken symbolic link: its target does not exist".into()
        }
        Err(e) if link.file_type().is_symlink() => {
            format!("a symbolic link that cannot be followed: {e}")
        }
        Err(e) => e.to_string(),
    }
}

fn relative<'a>(path: &'a Path, root: &Path) -> &'a Path {
    path.strip_prefix(root).unwrap_or(path)
}

fn walk(
    dir: &Path,
    include: &GlobSet,
    exclude: &GlobSet,
    found: &mut BTreeSet<Input>,
    missing: &mut Vec<Missing>,
) {
    let walker = ignore::WalkBuilder::new(dir)
        .hidden(true)
        .require_git(false)
        .build();
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_some_and(|t| t.is_file()) => {
                let rel = relative(e.path(), dir);
                if include.is_match(rel) && !exclude.is_match(rel) {
                    found.insert(Input::File(e.path().to_owned()));
                }
            }
            Ok(_) => {}
            Err(err) => missing.push(Missing {
                path: display(dir),
                message: err.to_string(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exclude_directory_patterns() {
        let set = glob_set(&["drafts/".into(), "*.bak".into()]).unwrap();
        assert!(set.is_match("drafts/a.txt"));
        assert!(set.is_match("x/drafts/a.txt"));
        assert!(set.is_match("x/a.bak"));
        assert!(!set.is_match("x/a.txt"));
    }
}
