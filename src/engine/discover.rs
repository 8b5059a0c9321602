//! PATHS → a sorted, deduplicated list of inputs. Explicit files are always kept; directories
//! are walked with the `ignore` crate (honours .gitignore, skips .git) and filtered by the
//! include/exclude globs; glob patterns on the command line are expanded with `glob`, after
//! their braces (`{a,b}`), so that they read like the config's globset patterns.

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
        } else if raw.contains(['*', '?', '[', '{']) {
            let before = found.len();
            match expand_braces(raw) {
                Ok(patterns) => {
                    for pattern in patterns {
                        match glob::glob(&pattern) {
                            Ok(entries) => {
                                for entry in entries.flatten() {
                                    let rel = relative(&entry, Path::new("."));
                                    if entry.is_file() && !exclude.is_match(rel) {
                                        found.insert(Input::File(entry));
                                    }
                                }
                            }
                            Err(e) => missing.push(Missing {
                                path: raw.clone(),
                                message: format!("bad pattern: {e}"),
                            }),
                        }
                    }
                }
                Err(message) => missing.push(Missing {
                    path: raw.clone(),
                    message,
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

/// The most patterns one command-line glob may expand to (`{a,b}{c,d}` is four).
const MAX_BRACE_EXPANSIONS: usize = 1024;

/// `plans/{a,b}/*.txt` → `plans/a/*.txt`, `plans/b/*.txt`: the alternatives that `[files]`
/// globs (globset) accept, for command-line patterns too, so both read one syntax. Braces nest
/// (`{a,b{1,2}}`); `\{` is a literal brace.
fn expand_braces(pattern: &str) -> Result<Vec<String>, String> {
    let mut done = Vec::new();
    let mut todo = vec![pattern.to_owned()];
    while let Some(p) = todo.pop() {
        let Some((open, commas, close)) = first_braces(&p) else {
            done.push(p);
            continue;
        };
        let mut from = open + 1;
        for end in commas.into_iter().chain(std::iter::once(close)) {
            todo.push(format!(
                "{}{}{}",
                &p[..open],
                &p[from..end],
                &p[close + 1..]
            ));
            from = end + 1;
        }
        if done.len() + todo.len() > MAX_BRACE_EXPANSIONS {
            return Err(format!(
                "bad pattern: its braces expand to more than {MAX_BRACE_EXPANSIONS} patterns"
            ));
        }
    }
    done.sort();
    done.dedup();
    Ok(done)
}

/// The first `{`, the commas at its own depth, and its matching `}` (byte offsets).
fn first_braces(p: &str) -> Option<(usize, Vec<usize>, usize)> {
    let bytes = p.as_bytes();
    let mut open = None;
    let mut depth = 0usize;
    let mut commas = Vec::new();
    for (i, &b) in bytes.iter().enumerate() {
        if i > 0 && bytes[i - 1] == b'\\' {
            continue;
        }
        match b {
            b'{' => {
                open.get_or_insert(i);
                depth += 1;
            }
            b',' if depth == 1 => commas.push(i),
            b'}' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    return Some((open?, commas, i));
                }
            }
            _ => {}
        }
    }
    None
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

    #[test]
    fn braces_expand_like_globset() {
        let got = expand_braces("plans/{a,b{1,2}}/*.{txt,md}").unwrap();
        assert_eq!(
            got,
            [
                "plans/a/*.md",
                "plans/a/*.txt",
                "plans/b1/*.md",
                "plans/b1/*.txt",
                "plans/b2/*.md",
                "plans/b2/*.txt"
            ]
        );
        assert_eq!(expand_braces("a\\{b,c}.txt").unwrap(), ["a\\{b,c}.txt"]);
        assert!(expand_braces(&"{a,b,c,d}".repeat(6)).is_err());
        // The same pattern in [files] globs (globset) matches the same files.
        let set = glob_set(&["plans/{a,b}.txt".into()]).unwrap();
        assert!(set.is_match("plans/a.txt") && set.is_match("plans/b.txt"));
    }
}
