//! `planlint check`: files are checked in parallel and their output is written in sorted path
//! order as it is ready, so memory holds a chunk of files, not the whole run.

use super::resolve::Resolver;
use super::{prepare_nearest, use_color, CheckArgs, FailOn, InputArgs};
use crate::config::Config;
use crate::engine::baseline::Baseline;
use crate::engine::discover::{self, Input};
use crate::engine::{check_owned_keeping, check_source_keeping, FileReport, Keep};
use crate::report::{FileFailure, Format, Fragment, Writer};
use crate::rules::diagnostic::Severity;
use crate::source::read::FileError;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::{BufWriter, IsTerminal, Read, Write};

/// Files checked between two writes: enough to keep every core busy, few enough that a run
/// over 10,000 plans holds little output at a time.
const CHUNK: usize = 256;

/// Runs with fewer files finish before a bar would help.
const PROGRESS_MIN_FILES: usize = 500;

/// The files to check, sorted by the path they are reported under, with standard input's bytes
/// and the paths that could not be used.
pub(super) struct Inputs {
    pub files: Vec<(String, Input)>,
    pub stdin: Vec<u8>,
    pub failures: Vec<FileFailure>,
}

impl Inputs {
    pub fn gather(args: &InputArgs, config: &Config) -> Inputs {
        let mut exclude = config.exclude.clone();
        exclude.extend(args.exclude.iter().cloned());
        let (found, missing) = match discover::discover(&args.paths, &config.include, &exclude) {
            Ok(found) => found,
            Err(message) => (
                Vec::new(),
                vec![discover::Missing {
                    path: "<config>".into(),
                    message,
                }],
            ),
        };
        let mut failures: Vec<FileFailure> = missing
            .into_iter()
            .map(|m| FileFailure {
                path: m.path,
                message: m.message,
            })
            .collect();
        let mut stdin = Vec::new();
        if found.contains(&Input::Stdin) {
            if let Err(e) = std::io::stdin().read_to_end(&mut stdin) {
                failures.push(FileFailure {
                    path: args.stdin_filename.clone(),
                    message: format!("cannot read standard input: {e}"),
                });
            }
        }
        let mut files: Vec<(String, Input)> = found
            .into_iter()
            .map(|input| match &input {
                Input::Stdin => (args.stdin_filename.clone(), input),
                Input::File(path) => (discover::display(path), input),
            })
            .collect();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        Inputs {
            files,
            stdin,
            failures,
        }
    }

    fn check(
        &self,
        index: usize,
        resolver: &Resolver,
        keep: Keep,
    ) -> Result<FileReport, FileError> {
        let (name, input) = &self.files[index];
        let path = match input {
            Input::Stdin => std::path::Path::new(name),
            Input::File(path) => path.as_path(),
        };
        let settings = resolver
            .for_file(path)
            .map_err(|message| FileError::Config {
                path: name.clone(),
                message,
            })?;
        match input {
            Input::Stdin => check_source_keeping(name, &self.stdin, &settings, keep),
            Input::File(path) => match std::fs::read(path) {
                Ok(bytes) => check_owned_keeping(name, bytes, &settings, keep),
                Err(source) => Err(FileError::Io {
                    path: name.clone(),
                    source,
                }),
            },
        }
    }
}

fn failure(e: &FileError) -> FileFailure {
    FileFailure {
        path: e.path().to_owned(),
        message: e.to_string(),
    }
}

/// A progress bar on stderr for long runs in a terminal; hidden otherwise (pipes, CI, tests).
fn progress_bar(files: usize) -> indicatif::ProgressBar {
    if files < PROGRESS_MIN_FILES || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(files as u64);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed} (eta {eta})")
    {
        bar.set_style(style);
    }
    bar
}

/// Read, decode and check every input in parallel, keeping every report (for views, diffs and
/// baselines); reports are in sorted path order.
pub(super) fn check_inputs(
    args: &InputArgs,
    config: &Config,
    resolver: &Resolver,
) -> (Vec<FileReport>, Vec<FileFailure>) {
    let inputs = Inputs::gather(args, config);
    let progress = progress_bar(inputs.files.len());
    let results: Vec<Result<FileReport, FileError>> = (0..inputs.files.len())
        .into_par_iter()
        .map(|i| {
            let result = inputs.check(i, resolver, Keep::Everything);
            progress.inc(1);
            result
        })
        .collect();
    progress.finish_and_clear();
    let mut failures = inputs.failures;
    let mut reports = Vec::new();
    for r in results {
        match r {
            Ok(report) => reports.push(report),
            Err(e) => failures.push(failure(&e)),
        }
    }
    (reports, failures)
}

/// What `check` does to each file besides checking it.
struct Plan<'a> {
    format: Format,
    color: bool,
    /// With `--output`, people still read the findings in the job log: the colour of that log.
    log_color: Option<bool>,
    baseline: Option<&'a Baseline>,
    fix: bool,
}

/// From this size on, a file's report is written straight to the output when its turn comes,
/// not rendered in memory first: the rendered report of a large file is about as large as the
/// file, and holding both would double the run's peak memory.
const STREAMED_BYTES: usize = 4 << 20;

/// What `check` keeps of one file: its rendered output, not its text and tree (a large file
/// keeps its report, to be written out directly).
#[derive(Default)]
struct Checked {
    output: Option<Fragment>,
    log: Option<Fragment>,
    streamed: Option<Box<FileReport>>,
    failures: Vec<FileFailure>,
    baselined: usize,
    fixed: usize,
}

fn check_one(inputs: &Inputs, index: usize, resolver: &Resolver, plan: &Plan) -> Checked {
    let mut checked = Checked::default();
    // A baseline names findings by their section path, so it needs the documents' trees.
    let keep = match plan.baseline {
        Some(_) => Keep::Everything,
        None => Keep::Findings,
    };
    let mut report = match inputs.check(index, resolver, keep) {
        Ok(r) => r,
        Err(e) => {
            checked.failures.push(failure(&e));
            return checked;
        }
    };
    if plan.fix {
        match fix_file(&report) {
            Ok(0) => {}
            // Check again: the report shows what is left after the fixes.
            Ok(n) => {
                checked.fixed = n;
                match inputs.check(index, resolver, keep) {
                    Ok(after) => report = after,
                    Err(e) => checked.failures.push(failure(&e)),
                }
            }
            Err(message) => checked.failures.push(FileFailure {
                path: report.source.path.clone(),
                message,
            }),
        }
    }
    if let Some(baseline) = plan.baseline {
        checked.baselined = baseline.filter_file(&mut report);
    }
    report.release_tree();
    if report.source.text.len() >= STREAMED_BYTES {
        checked.streamed = Some(Box::new(report));
        return checked;
    }
    checked.output = Some(Fragment::of(plan.format, &report, plan.color));
    checked.log = plan
        .log_color
        .map(|color| Fragment::of(Format::Human, &report, color));
    checked
}

fn load_baseline(path: &std::path::Path) -> Result<Baseline, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: cannot read baseline: {e}", path.display()))?;
    let baseline =
        Baseline::parse(&text).map_err(|e| format!("{}: broken baseline: {e}", path.display()))?;
    warn_if_elsewhere(path, &baseline);
    Ok(baseline)
}

/// A baseline names files by the paths they were reported under. Used from another working
/// directory it would silently hide nothing: say so when most of its files are not there.
fn warn_if_elsewhere(path: &std::path::Path, baseline: &Baseline) {
    let mut files: Vec<&str> = baseline.findings.iter().map(|e| e.file.as_str()).collect();
    files.dedup();
    let missing = files
        .iter()
        .filter(|f| **f != "<stdin>" && !std::path::Path::new(f).exists())
        .count();
    if missing * 2 > files.len() {
        eprintln!(
            "warning: {missing} of the {} files in the baseline {} do not exist here; its paths are \
             relative to the directory it was written in, so run planlint from there",
            files.len(),
            path.display()
        );
    }
}

/// Where the report goes: the `--output` file or standard output.
fn report_sink(args: &CheckArgs) -> std::io::Result<Sink> {
    if args.statistics && args.output.is_none() {
        // The per-rule table is the whole output, as in ruff.
        return Ok(Box::new(std::io::sink()));
    }
    Ok(match &args.output {
        Some(path) => {
            let file = std::fs::File::create(path).map_err(|e| {
                std::io::Error::new(e.kind(), format!("cannot write {}: {e}", path.display()))
            })?;
            Box::new(BufWriter::new(file))
        }
        None => Box::new(BufWriter::new(std::io::stdout())),
    })
}

pub(super) fn check(args: CheckArgs) -> anyhow::Result<i32> {
    let (config, resolver) = match prepare_nearest(&args.input, args.rules.selection()) {
        Ok(v) => v,
        Err(e) => return Ok(super::config_failure(&e)),
    };
    let baseline = match args.baseline.as_deref().map(load_baseline).transpose() {
        Ok(b) => b,
        Err(message) => {
            eprintln!("error: {message}");
            return Ok(2);
        }
    };
    if args.diff {
        let (reports, failures) = check_inputs(&args.input, &config, &resolver);
        return Ok(print_diffs(&reports, &failures));
    }
    let plan = Plan {
        format: args.format,
        color: use_color(
            args.color,
            args.output.is_none() && std::io::stdout().is_terminal(),
        ),
        // The file is for tools; the log of a CI job still shows the findings to people.
        log_color: (args.output.is_some() && args.format != Format::Human)
            .then(|| use_color(args.color, std::io::stderr().is_terminal())),
        baseline: baseline.as_ref(),
        fix: args.fix,
    };
    let inputs = Inputs::gather(&args.input, &config);
    let mut run = Run::start(&args, &plan, inputs.failures.clone())?;
    run.check_all(&inputs, &resolver, &plan)?;
    let summary = run.output.finish(&run.failures)?;
    if let Some(writer) = run.log {
        writer.finish(&run.failures)?;
    }
    let (fixed, fixed_files) = (run.fixed, run.fixed_files);
    if fixed > 0 {
        eprintln!(
            "Fixed {fixed} problem{} in {fixed_files} file{}.",
            if fixed == 1 { "" } else { "s" },
            if fixed_files == 1 { "" } else { "s" }
        );
    }
    if baseline.is_some() {
        eprintln!("planlint: {} baselined finding(s) not shown", run.baselined);
    }
    print_failures(&run.failures);
    if args.statistics {
        print!("{}", statistics(&run.rules));
    }
    let fail_on = match args.fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::Note => Severity::Note,
    };
    Ok(if !run.failures.is_empty() {
        2
    } else if summary.failing(fail_on) > 0 && !args.exit_zero {
        1
    } else {
        0
    })
}

type Sink = Box<dyn Write + Send>;

/// The writing side of `check`: the report, the log, and the counts of the whole run.
struct Run {
    output: Writer<Sink>,
    log: Option<Writer<Sink>>,
    /// Colour of the output and of the log, for reports written straight out.
    color: bool,
    log_color: Option<bool>,
    failures: Vec<FileFailure>,
    rules: BTreeMap<(&'static str, &'static str), usize>,
    baselined: usize,
    fixed: usize,
    fixed_files: usize,
}

impl Run {
    fn start(args: &CheckArgs, plan: &Plan, failures: Vec<FileFailure>) -> std::io::Result<Run> {
        let log = match plan.log_color {
            Some(_) => Some(Writer::start(
                Format::Human,
                Box::new(std::io::stderr()) as Sink,
            )?),
            None => None,
        };
        let mut output = Writer::start(args.format, report_sink(args)?)?;
        if args.quiet {
            output = output.without_summary();
        }
        Ok(Run {
            output,
            log,
            color: plan.color,
            log_color: plan.log_color,
            failures,
            rules: BTreeMap::new(),
            baselined: 0,
            fixed: 0,
            fixed_files: 0,
        })
    }

    /// Check every input, a chunk at a time in parallel, writing each chunk's output while the
    /// next is checked.
    fn check_all(
        &mut self,
        inputs: &Inputs,
        resolver: &Resolver,
        plan: &Plan,
    ) -> std::io::Result<()> {
        let progress = progress_bar(inputs.files.len());
        let indices: Vec<usize> = (0..inputs.files.len()).collect();
        let mut pending: Vec<Checked> = Vec::new();
        for chunk in indices.chunks(CHUNK) {
            let (written, checked) = rayon::join(
                || self.take(std::mem::take(&mut pending)),
                || {
                    chunk
                        .par_iter()
                        .map(|&i| {
                            let c = check_one(inputs, i, resolver, plan);
                            progress.inc(1);
                            c
                        })
                        .collect::<Vec<Checked>>()
                },
            );
            written?;
            pending = checked;
        }
        self.take(pending)?;
        progress.finish_and_clear();
        Ok(())
    }

    /// `--statistics`: one more finding of each of `rules`.
    fn count_rules(&mut self, rules: impl Iterator<Item = &'static crate::rules::Rule>) {
        for r in rules {
            *self.rules.entry((r.code, r.name)).or_default() += 1;
        }
    }

    fn take(&mut self, checked: Vec<Checked>) -> std::io::Result<()> {
        for c in checked {
            if let Some(report) = &c.streamed {
                self.output.push_report(report, self.color)?;
                self.count_rules(report.diagnostics.iter().map(|d| d.rule));
                if let (Some(writer), Some(color)) = (&mut self.log, self.log_color) {
                    writer.push_report(report, color)?;
                }
            }
            if let Some(f) = &c.output {
                self.output.push(f)?;
                self.count_rules(f.rules.iter().copied());
            }
            if let (Some(writer), Some(f)) = (&mut self.log, &c.log) {
                writer.push(f)?;
            }
            self.failures.extend(c.failures);
            self.baselined += c.baselined;
            self.fixed += c.fixed;
            self.fixed_files += usize::from(c.fixed > 0);
        }
        Ok(())
    }
}

/// `--statistics`: diagnostics per rule, in code order.
fn statistics(counts: &BTreeMap<(&str, &str), usize>) -> String {
    counts
        .iter()
        .map(|((code, name), n)| format!("{n:>6}  {code}  {name}\n"))
        .collect()
}

/// One `error:` line per input that could not be checked.
pub(super) fn print_failures(failures: &[FileFailure]) {
    for f in failures {
        let message = f
            .message
            .strip_prefix(&format!("{}: ", f.path))
            .unwrap_or(&f.message);
        eprintln!("error: {}: {message}", f.path);
    }
}

const DOCX_NOT_FIXED: &str =
    "not fixable: planlint does not rewrite Word files; apply the fixes in Word";

/// The original bytes of a checked file, if they still decode to the text that was checked.
fn original_bytes(report: &FileReport) -> Result<Vec<u8>, String> {
    if report.source.path == "<stdin>" {
        return Err("standard input cannot be fixed in place; use --diff".into());
    }
    if report.source.is_docx() {
        return Err(DOCX_NOT_FIXED.into());
    }
    let bytes = std::fs::read(&report.source.path).map_err(|e| format!("cannot read: {e}"))?;
    let again =
        crate::source::read::read_source(&report.source.path, &bytes, Some(report.source.encoding))
            .map_err(|e| e.to_string())?;
    if again.text != report.source.text {
        return Err("the file changed while it was being checked; not fixed".into());
    }
    Ok(bytes)
}

/// Apply one file's safe fixes atomically; returns how many were applied.
fn fix_file(report: &FileReport) -> Result<usize, String> {
    let fixes = crate::engine::fix::fixes(&report.diagnostics);
    if fixes.is_empty() {
        return Ok(0);
    }
    let bytes = original_bytes(report)?;
    let new =
        crate::engine::fix::apply(&report.source, &bytes, &fixes).map_err(|e| e.to_string())?;
    crate::engine::fix::write_atomically(std::path::Path::new(&report.source.path), &new)
        .map_err(|e| format!("cannot write the fixed file: {e}"))?;
    Ok(fixes.len())
}

/// `--diff`: the fixes as unified diffs; exit 1 when there is something to fix.
fn print_diffs(reports: &[FileReport], failures: &[FileFailure]) -> i32 {
    let mut out = String::new();
    for r in reports {
        if r.source.is_docx() {
            // Said even when there is nothing to fix, so a silent run never reads as "fixed".
            eprintln!("{}: {DOCX_NOT_FIXED}", r.source.path);
            continue;
        }
        let fixes = crate::engine::fix::fixes(&r.diagnostics);
        if fixes.is_empty() {
            continue;
        }
        if r.source.had_decode_errors {
            eprintln!(
                "{}: not fixable: the file had bytes that did not decode",
                r.source.path
            );
            continue;
        }
        let after = crate::engine::fix::fixed_text(&r.source.text, &fixes);
        out.push_str(&crate::engine::fix::unified_diff(
            &r.source.path,
            &r.source.text,
            &after,
        ));
    }
    for f in failures {
        eprintln!("error: {}", f.message);
    }
    print!("{out}");
    if !failures.is_empty() {
        2
    } else if out.is_empty() {
        0
    } else {
        1
    }
}
