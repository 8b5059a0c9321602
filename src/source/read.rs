//! Bytes to a `SourceFile`: text in any supported encoding, or the text of a .docx.

use crate::source::decode::{self, DecodeError};
use crate::source::docx;
use crate::source::SourceFile;

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
    /// The planlint.toml that governs the file cannot be used.
    #[error("{path}: {message}; not checked")]
    Config { path: String, message: String },
}

impl FileError {
    /// The path of the file that could not be checked.
    pub fn path(&self) -> &str {
        match self {
            FileError::Io { path, .. }
            | FileError::Binary { path }
            | FileError::Word { path, .. }
            | FileError::Config { path, .. } => path,
        }
    }
}

/// `read_source` for bytes the caller gives up (valid UTF-8 is not copied).
pub fn read_source_owned(
    path: &str,
    bytes: Vec<u8>,
    forced: Option<decode::Encoding>,
) -> Result<SourceFile, FileError> {
    let mut source = read_unfolded_owned(path, bytes, forced)?;
    source.fold_whole();
    Ok(source)
}

/// Decode bytes into a `SourceFile`: text in any supported encoding, or the text of a .docx,
/// with its folded copy ready for the rules.
pub fn read_source(
    path: &str,
    bytes: &[u8],
    forced: Option<decode::Encoding>,
) -> Result<SourceFile, FileError> {
    let mut source = read_unfolded(path, bytes, forced)?;
    source.fold_whole();
    Ok(source)
}

/// `read_unfolded` for bytes the caller gives up.
pub(crate) fn read_unfolded_owned(
    path: &str,
    bytes: Vec<u8>,
    forced: Option<decode::Encoding>,
) -> Result<SourceFile, FileError> {
    if !matches!(docx::sniff(path, &bytes), docx::Container::Text) {
        return read_unfolded(path, &bytes, forced);
    }
    text_source(path, decode::decode_owned(bytes, forced))
}

/// `read_source` without the folded copy: the engine folds one document at a time.
pub(crate) fn read_unfolded(
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
            let mut source = SourceFile::unfolded(path, doc.text, decode::Encoding::Utf8, false);
            source.paragraph_starts = Some(doc.paragraph_starts);
            return Ok(source);
        }
    }
    text_source(path, decode::decode(bytes, forced))
}

/// The source file of a decoded text, or why it is not text.
fn text_source(
    path: &str,
    decoded: Result<decode::Decoded, DecodeError>,
) -> Result<SourceFile, FileError> {
    let decoded = decoded.map_err(|e| match e {
        DecodeError::Binary => FileError::Binary {
            path: path.to_owned(),
        },
    })?;
    let mut source = SourceFile::unfolded(path, decoded.text, decoded.encoding, decoded.had_errors);
    source.bom_len = decoded.bom_len;
    Ok(source)
}
