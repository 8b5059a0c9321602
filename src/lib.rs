//! planlint: a linter for Chinese plan documents (实施方案, 工作计划, 应急预案, 活动方案).
//!
//! Pipeline (DESIGN §2): decode → parse (pest, line by line) → lower into an owned tree →
//! extract facts → rules → report.
extern crate alloc;

pub mod baseline;
pub mod cli;
pub mod config;
pub mod decode;
pub mod diagnostic;
pub mod discover;
pub mod docx;
pub mod engine;
pub mod extract;
pub mod find;
pub mod fix;
pub mod fold;
pub mod numeral;
pub mod report;
pub mod rules;
pub mod server;
pub mod source;
pub mod suppress;
pub mod syntax;
#[doc(hidden)]
pub mod testing;

use decode::DecodeError;
use diagnostic::Diagnostic;
use engine::Settings;
use source::SourceFile;
use syntax::Page;

/// One checked file.
#[derive(Debug)]
pub struct FileReport {
    pub source: SourceFile,
    pub page: Page,
    pub diagnostics: Vec<Diagnostic>,
    /// Diagnostics silenced by suppression comments, with their reasons.
    pub suppressed: Vec<suppress::Suppressed>,
}

/// Why a file could not be checked.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: binary file (NUL bytes that are not UTF-16 text); not checked")]
    Binary { path: String },
    #[error("{path}: {source}")]
    Word {
        path: String,
        source: docx::DocxError,
    },
}

impl FileError {
    /// The path of the file that could not be checked.
    pub fn path(&self) -> &str {
        match self {
            FileError::Io { path, .. }
            | FileError::Binary { path }
            | FileError::Word { path, .. } => path,
        }
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
    let source = read_source(path, bytes, settings.encoding)?;
    Ok(check_decoded(source, settings))
}

/// Check text that is already decoded (an editor's buffer). Lone CRs end lines, as in LSP.
pub fn check_text(path: &str, text: &str, settings: &Settings) -> FileReport {
    let text = decode::normalize_lone_cr(text.to_owned());
    check_decoded(
        SourceFile::new(path, text, decode::Encoding::Utf8, false),
        settings,
    )
}

fn check_decoded(source: SourceFile, settings: &Settings) -> FileReport {
    let page = syntax::parse(&source);
    let all = engine::lint(&source, &page, settings);
    let (diagnostics, suppressed) =
        suppress::apply(&source, &page, all, settings.levels_for(&source.path));
    FileReport {
        source,
        page,
        diagnostics,
        suppressed,
    }
}

/// Decode bytes into a `SourceFile`: text in any supported encoding, or the text of a .docx.
pub fn read_source(
    path: &str,
    bytes: &[u8],
    forced: Option<decode::Encoding>,
) -> Result<SourceFile, FileError> {
    let word_error = |source| FileError::Word {
        path: path.to_owned(),
        source,
    };
    match docx::sniff(path, bytes) {
        docx::Container::Text => {}
        docx::Container::Unsupported(e) => return Err(word_error(e)),
        docx::Container::Docx => {
            let doc = docx::extract(bytes).map_err(word_error)?;
            let mut source = SourceFile::new(path, doc.text, decode::Encoding::Utf8, false);
            source.paragraph_starts = Some(doc.paragraph_starts);
            return Ok(source);
        }
    }
    let decoded = decode::decode(bytes, forced).map_err(|e| match e {
        DecodeError::Binary => FileError::Binary {
            path: path.to_owned(),
        },
    })?;
    let mut source = SourceFile::new(path, decoded.text, decoded.encoding, decoded.had_errors);
    source.bom_len = decoded.bom_len;
    Ok(source)
}
