//! Command-line interface (clap derive). anyhow is used only here and in main.rs.

mod check;
pub mod config_file;
mod resolve;

use crate::config::{Config, ConfigError};
use crate::engine::baseline::Baseline;
use crate::engine::discover;
use crate::engine::FileReport;
use crate::engine::{Selection, Settings};
use crate::report::{self, Format};
use crate::rules;
use crate::source::decode::Encoding;
use check::{check_inputs, print_failures};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "planlint",
    version,
    about = "Lint Chinese plan documents (实施方案, 工作计划, 应急预案, 活动方案)"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check plans and report diagnostics.
    Check(CheckArgs),
    /// List every rule with its code, name, default severity and summary.
    Rules {
        #[arg(long, value_enum, default_value_t = ListFormat::Human)]
        format: ListFormat,
    },
    /// Show a rule's documentation, with a bad and a good example.
    Explain {
        /// A code (PL001) or name (missing-section).
        rule: String,
    },
    /// Write a baseline of the current findings, which `check --baseline` then hides.
    Baseline(BaselineArgs),
    /// Write a commented planlint.toml listing every rule with its default level.
    Init {
        /// Where to write it.
        #[arg(default_value = "planlint.toml")]
        path: PathBuf,
        /// Replace an existing file.
        #[arg(long)]
        force: bool,
    },
    /// Print the effective configuration and where each value came from.
    Config {
        /// Config file (default: the nearest planlint.toml upward from the working directory).
        #[arg(long)]
        config: Option<PathBuf>,
    },
    /// Run the language server (LSP over standard input and output) for editors.
    Server {
        /// Talk over standard input and output (the only transport; accepted because editor
        /// clients such as VS Code's pass it).
        #[arg(long)]
        stdio: bool,
    },
    /// Print the section tree planlint understood, with roles and genre.
    Outline(OutlineArgs),
    /// Print each plan's tasks with lead unit, co-operating units and deadline.
    Tasks(TasksArgs),
    /// Print a shell completion script (e.g. `planlint completions bash > /etc/bash_completion.d/planlint`).
    Completions {
        /// bash, zsh, fish, powershell or elvish.
        shell: clap_complete::Shell,
    },
    /// Print the raw parse of a file (for grammar work).
    #[command(hide = true)]
    Dump { path: PathBuf },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Human,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Note,
}

#[derive(clap::Args, Debug, Default)]
pub struct InputArgs {
    /// Files, directories or glob patterns; `-` reads standard input.
    #[arg(default_value = ".")]
    pub paths: Vec<String>,
    /// Config file (default: the nearest planlint.toml upward from the working directory).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Force an encoding instead of detecting it.
    #[arg(long, default_value = "auto")]
    pub encoding: String,
    /// Exclude files matching this glob (repeatable; adds to [files] exclude).
    #[arg(long)]
    pub exclude: Vec<String>,
    /// Path to report for standard input.
    #[arg(long, default_value = "<stdin>")]
    pub stdin_filename: String,
}

/// `--select`, `--extend-select`, `--ignore`.
#[derive(clap::Args, Debug, Default)]
pub struct RuleArgs {
    /// Only these rules (codes, names or code prefixes, comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// These rules as well as the configured ones (even where the config turns them off).
    #[arg(long, value_delimiter = ',')]
    pub extend_select: Vec<String>,
    /// Not these rules.
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
}

impl RuleArgs {
    pub fn selection(&self) -> Selection {
        Selection {
            select: self.select.clone(),
            extend: self.extend_select.clone(),
            ignore: self.ignore.clone(),
        }
    }
}

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Lowest severity that makes the exit code 1.
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    pub fail_on: FailOn,
    #[command(flatten)]
    pub rules: RuleArgs,
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Write the report to this file instead of standard output.
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Exit 0 even when there are diagnostics.
    #[arg(long)]
    pub exit_zero: bool,
    /// Print only the number of diagnostics per rule, instead of the diagnostics.
    #[arg(long)]
    pub statistics: bool,
    /// Print the diagnostics without the closing summary line.
    #[arg(long, short)]
    pub quiet: bool,
    /// Apply the safe fixes to the files (atomically, in each file's own encoding).
    #[arg(long, conflicts_with = "diff")]
    pub fix: bool,
    /// Print the safe fixes as a unified diff; write nothing.
    #[arg(long)]
    pub diff: bool,
    /// Hide the findings recorded in this baseline file (see `planlint baseline`).
    #[arg(long)]
    pub baseline: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
pub struct BaselineArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub rules: RuleArgs,
    /// Where to write the baseline.
    #[arg(long, default_value = "planlint-baseline.json")]
    pub output: PathBuf,
}

#[derive(clap::Args, Debug)]
pub struct TasksArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[arg(long, value_enum, default_value_t = crate::report::tasks::TasksFormat::Table)]
    pub format: crate::report::tasks::TasksFormat,
}

#[derive(clap::Args, Debug)]
pub struct OutlineArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,
}

/// Run a command; the value is the process exit code.
pub fn run(cli: Cli) -> anyhow::Result<i32> {
    match cli.command {
        Command::Check(args) => check::check(args),
        Command::Rules { format } => {
            print!("{}", rules_listing(format));
            Ok(0)
        }
        Command::Explain { rule } => match rules::find(&rule) {
            Some(r) => {
                println!("{}", r.explanation());
                Ok(0)
            }
            None => {
                eprintln!("planlint: unknown rule `{rule}` (see `planlint rules`)");
                Ok(2)
            }
        },
        Command::Baseline(args) => write_baseline(args),
        Command::Init { path, force } => init(&path, force),
        Command::Config { config } => {
            let input = InputArgs {
                config,
                ..InputArgs::default()
            };
            match load_config(&input).and_then(|c| config_file::describe(&c)) {
                Ok(text) => {
                    print!("{text}");
                    Ok(0)
                }
                Err(e) => Ok(config_failure(&e)),
            }
        }
        Command::Server { .. } => {
            crate::server::run()?;
            Ok(0)
        }
        Command::Outline(args) => outline(args),
        Command::Tasks(args) => tasks(args),
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut command, "planlint", &mut std::io::stdout());
            Ok(0)
        }
        Command::Dump { path } => {
            let bytes = std::fs::read(&path)?;
            let source = crate::source::read::read_source(&discover::display(&path), &bytes, None)?;
            let page = crate::syntax::parse(&source);
            print!("{}", crate::syntax::dump::dump(&source.text, &page));
            Ok(0)
        }
    }
}

fn rules_listing(format: ListFormat) -> String {
    match format {
        ListFormat::Json => {
            let list: Vec<serde_json::Value> = rules::ALL
                .iter()
                .map(|r| serde_json::json!({"code": r.code, "name": r.name, "severity": r.severity.name(), "summary": r.summary}))
                .collect();
            format!(
                "{}\n",
                serde_json::to_string_pretty(&list).unwrap_or_default()
            )
        }
        ListFormat::Human => rules::ALL
            .iter()
            .map(|r| {
                format!(
                    "{}  {:<20} {:<8} {}\n",
                    r.code,
                    r.name,
                    r.severity.name(),
                    r.summary
                )
            })
            .collect(),
    }
}

/// Print a config error with its span, codespan-style, and return exit code 2.
fn config_failure(err: &ConfigError) -> i32 {
    let file = err.file.as_ref().map(|p| p.display().to_string());
    match (&file, err.span) {
        (Some(path), Some(span)) => {
            // codespan-reporting, as for plans: carets measured in display width (CJK keys).
            use codespan_reporting::diagnostic::{Diagnostic, Label};
            use codespan_reporting::term::{self, termcolor};
            let text = std::fs::read_to_string(path).unwrap_or_default();
            let file = codespan_reporting::files::SimpleFile::new(path.as_str(), text.as_str());
            let end = span.end.min(text.len()).max(span.start.min(text.len()));
            let start = span.start.min(end);
            let diagnostic = Diagnostic::error()
                .with_message(format!("invalid config: {}", err.message))
                .with_labels(vec![Label::primary((), start..end)]);
            let color = use_color(
                ColorChoice::Auto,
                std::io::IsTerminal::is_terminal(&std::io::stderr()),
            );
            let mut buffer = if color {
                termcolor::Buffer::ansi()
            } else {
                termcolor::Buffer::no_color()
            };
            let config = term::Config::default();
            match term::emit_to_write_style(&mut buffer, &config, &file, &diagnostic) {
                Ok(()) => eprint!("{}", String::from_utf8_lossy(buffer.as_slice())),
                Err(_) => eprintln!("error: invalid config {path}: {}", err.message),
            }
        }
        (Some(path), None) => eprintln!("error: invalid config {path}: {}", err.message),
        _ => eprintln!("error: {}", err.message),
    }
    2
}

fn load_config(args: &InputArgs) -> Result<Config, ConfigError> {
    let path = match &args.config {
        Some(p) => Some(p.clone()),
        None => std::env::current_dir()
            .ok()
            .and_then(|d| Config::discover(&d)),
    };
    match path {
        Some(p) => Config::load(&p),
        None => Ok(Config::default()),
    }
}

fn forced_encoding(name: &str) -> Result<Option<Encoding>, ConfigError> {
    if name == "auto" {
        return Ok(None);
    }
    name.parse().map(Some).map_err(ConfigError::vocab)
}

fn prepare(args: &InputArgs, selection: &Selection) -> Result<(Config, Settings), ConfigError> {
    let select = &selection.select;
    if !select.is_empty() && select.iter().all(|s| s.trim().is_empty()) {
        // An empty CI variable (--select "$RULES") would silently turn every rule off.
        return Err(ConfigError::vocab(
            "--select names no rule: give codes, names or prefixes (PL1, placeholder), or leave it out"
                .into(),
        ));
    }
    let config = load_config(args)?;
    let mut settings = selection.settings(&config)?;
    settings.encoding = forced_encoding(&args.encoding)?;
    Ok((config, settings))
}

/// `prepare`, then the settings of each file: those of `--config` for all, else each file's
/// nearest planlint.toml.
fn prepare_nearest(
    args: &InputArgs,
    selection: Selection,
) -> Result<(Config, resolve::Resolver), ConfigError> {
    let (config, settings) = prepare(args, &selection)?;
    let resolver = if args.config.is_some() {
        resolve::Resolver::fixed(std::sync::Arc::new(settings))
    } else {
        resolve::Resolver::nearest(&config, settings, selection)
    };
    Ok((config, resolver))
}

/// Colour for a stream: `to_terminal` says whether that stream is a terminal.
fn use_color(choice: ColorChoice, to_terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => to_terminal && std::env::var_os("NO_COLOR").is_none(),
    }
}

fn init(path: &std::path::Path, force: bool) -> anyhow::Result<i32> {
    // `init plans` means plans/planlint.toml: a directory, existing or to be made, gets the
    // file inside it; only a path ending in .toml names the file itself.
    let is_toml = path.extension().is_some_and(|e| e == "toml");
    let path = if path.is_dir() || !is_toml {
        path.join(crate::config::FILE_NAME)
    } else {
        path.to_owned()
    };
    if path.exists() && !force {
        eprintln!(
            "error: {} already exists; `planlint init --force {}` replaces it",
            path.display(),
            path.display()
        );
        return Ok(2);
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if let Err(e) = std::fs::create_dir_all(dir) {
            eprintln!("error: cannot create the directory {}: {e}", dir.display());
            return Ok(2);
        }
    }
    let text = config_file::init_template();
    if let Err(e) = crate::engine::fix::write_atomically(&path, text.as_bytes()) {
        eprintln!("error: cannot write {}: {e}", path.display());
        return Ok(2);
    }
    eprintln!("planlint: wrote {}", path.display());
    Ok(0)
}

fn write_baseline(args: BaselineArgs) -> anyhow::Result<i32> {
    let (config, resolver) = match prepare_nearest(&args.input, args.rules.selection()) {
        Ok(v) => v,
        Err(e) => return Ok(config_failure(&e)),
    };
    let (reports, failures) = check_inputs(&args.input, &config, &resolver);
    print_failures(&failures);
    let baseline = Baseline::of(&reports);
    let total: usize = baseline.findings.iter().map(|e| e.count).sum();
    crate::engine::fix::write_atomically(&args.output, baseline.to_json().as_bytes())?;
    eprintln!(
        "planlint: wrote {total} finding(s) in {} file(s) to {}",
        reports.len(),
        args.output.display()
    );
    Ok(if failures.is_empty() { 0 } else { 2 })
}

/// Check the inputs, then print what `render` makes of the reports (outline, tasks).
fn print_view(
    input: &InputArgs,
    render: impl Fn(&[FileReport], &crate::rules::Vocab) -> String,
) -> anyhow::Result<i32> {
    let (config, settings) = match prepare(input, &Selection::default()) {
        Ok(v) => v,
        Err(e) => return Ok(config_failure(&e)),
    };
    // One vocabulary renders every file's outline: the views read the working directory's
    // config (or --config) for all of them.
    let settings = std::sync::Arc::new(settings);
    let (reports, failures) =
        check_inputs(input, &config, &resolve::Resolver::fixed(settings.clone()));
    for f in &failures {
        eprintln!("error: {}", f.message);
    }
    std::io::stdout().write_all(render(&reports, &settings.vocab).as_bytes())?;
    Ok(if failures.is_empty() { 0 } else { 2 })
}

fn outline(args: OutlineArgs) -> anyhow::Result<i32> {
    print_view(&args.input, |reports, vocab| match args.format {
        ListFormat::Human => report::outline::render_human(reports, vocab),
        ListFormat::Json => report::outline::render_json(reports, vocab),
    })
}

fn tasks(args: TasksArgs) -> anyhow::Result<i32> {
    print_view(&args.input, |reports, _| {
        report::tasks::render(&report::tasks::rows(reports), args.format)
    })
}
