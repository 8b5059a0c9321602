//! Safe fixes: spliced into the file's original bytes, each replacement encoded in the file's
//! own encoding, never by re-encoding the whole text; written atomically.

use crate::rules::diagnostic::{Diagnostic, Fix};
use crate::source::decode::Encoding;
use crate::source::SourceFile;
use std::io::Write;
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum FixError {
    #[error("{path}: not fixed: the file had bytes that do not decode as {encoding}")]
    DecodeErrors { path: String, encoding: Encoding },
    #[error("{path}: not fixed: its {encoding} bytes cannot be mapped exactly to the text")]
    NoExactMapping { path: String, encoding: Encoding },
    #[error("{path}: not fixed: `{text}` cannot be written in {encoding}")]
    Unencodable {
        path: String,
        text: String,
        encoding: Encoding,
    },
    #[error("{path}: cannot write the fixed file: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
}

/// The safe fixes of `diagnostics`, in text order, without overlaps (the first one wins).
pub fn fixes(diagnostics: &[Diagnostic]) -> Vec<&Fix> {
    let mut all: Vec<&Fix> = diagnostics.iter().filter_map(|d| d.fix.as_ref()).collect();
    all.sort_by_key(|f| (f.span.start, f.span.end));
    let mut kept: Vec<&Fix> = Vec::new();
    for f in all {
        if kept.last().is_none_or(|k| k.span.end <= f.span.start) {
            kept.push(f);
        }
    }
    kept
}

/// The decoded text with the fixes applied (for `--diff`).
pub fn fixed_text(text: &str, fixes: &[&Fix]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for f in fixes {
        out.push_str(text.get(at..f.span.start).unwrap_or(""));
        out.push_str(&f.replacement);
        at = f.span.end;
    }
    out.push_str(text.get(at..).unwrap_or(""));
    out
}

/// `text` in `encoding`, or None if a character has no representation there.
fn encode(text: &str, encoding: Encoding) -> Option<Vec<u8>> {
    match encoding {
        Encoding::Utf8 => Some(text.as_bytes().to_vec()),
        // encoding_rs encodes to UTF-8 for UTF-16 targets, so UTF-16 is written by hand.
        Encoding::Utf16Le => Some(text.encode_utf16().flat_map(u16::to_le_bytes).collect()),
        Encoding::Utf16Be => Some(text.encode_utf16().flat_map(u16::to_be_bytes).collect()),
        Encoding::Gb18030 | Encoding::Big5 => {
            let codec = if encoding == Encoding::Big5 {
                encoding_rs::BIG5
            } else {
                encoding_rs::GB18030
            };
            let (bytes, _, unmappable) = codec.encode(text);
            (!unmappable).then(|| bytes.into_owned())
        }
    }
}

/// The original bytes with the fixes spliced in.
pub fn apply(source: &SourceFile, original: &[u8], fixes: &[&Fix]) -> Result<Vec<u8>, FixError> {
    let path = source.path.clone();
    let encoding = source.encoding;
    if source.had_decode_errors {
        return Err(FixError::DecodeErrors { path, encoding });
    }
    let body = original.get(source.bom_len..).unwrap_or(&[]);
    // Offsets map exactly only when the text encodes back to the very same bytes.
    if encoding != Encoding::Utf8 && encode(&source.text, encoding).as_deref() != Some(body) {
        return Err(FixError::NoExactMapping { path, encoding });
    }
    let mut out = original.get(..source.bom_len).unwrap_or(&[]).to_vec();
    let (mut text_at, mut byte_at) = (0usize, 0usize);
    for f in fixes {
        let before = source.text.get(text_at..f.span.start).unwrap_or("");
        let removed = source.text.get(f.span.start..f.span.end).unwrap_or("");
        let before_len = encoded_len(before, encoding);
        let removed_len = encoded_len(removed, encoding);
        out.extend_from_slice(body.get(byte_at..byte_at + before_len).unwrap_or(&[]));
        let replacement =
            encode(&f.replacement, encoding).ok_or_else(|| FixError::Unencodable {
                path: path.clone(),
                text: f.replacement.clone(),
                encoding,
            })?;
        out.extend_from_slice(&replacement);
        byte_at += before_len + removed_len;
        text_at = f.span.end;
    }
    out.extend_from_slice(body.get(byte_at..).unwrap_or(&[]));
    Ok(out)
}

fn encoded_len(text: &str, encoding: Encoding) -> usize {
    match encoding {
        Encoding::Utf8 => text.len(),
        Encoding::Utf16Le | Encoding::Utf16Be => text.encode_utf16().count() * 2,
        _ => encode(text, encoding).map_or(0, |b| b.len()),
    }
}

/// Temporary files of an interrupted write start with this; stale ones are removed.
const TEMP_PREFIX: &str = ".planlint-write-";
/// A temporary file older than this belongs to no running write.
const STALE_TEMP: std::time::Duration = std::time::Duration::from_secs(3600);

/// Write `bytes` to `path` so that a reader sees the old or the new file, never half of one:
/// a temporary file in the same directory, synced, then renamed over it. The file's mode and
/// owner are kept; a symbolic link is followed (its target is fixed, the link stays); a file
/// with several hard links is rewritten in place so the links keep sharing it; a read-only
/// file is refused rather than replaced.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), std::io::Error> {
    // The file a symbolic link points to, so the link is not replaced by a copy.
    let path = &std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
    let existing = std::fs::metadata(path).ok();
    if existing
        .as_ref()
        .is_some_and(|m| m.permissions().readonly())
    {
        return Err(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            "the file is read-only; not changed",
        ));
    }
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    remove_stale_temporaries(dir);
    let mut temp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .tempfile_in(dir)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    match &existing {
        Some(meta) => {
            temp.as_file().set_permissions(meta.permissions())?;
            keep_owner(temp.path(), meta);
        }
        None => {
            // A new file (a config, a baseline): the usual mode, not the temp file's 0600.
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                temp.as_file()
                    .set_permissions(std::fs::Permissions::from_mode(0o644))?;
            }
        }
    }
    // A test hook: simulate a failure after the temporary file is written.
    if std::env::var_os("PLANLINT_TEST_FAIL_WRITE").is_some() {
        return Err(std::io::Error::other(
            "simulated write failure (PLANLINT_TEST_FAIL_WRITE)",
        ));
    }
    if existing.as_ref().is_some_and(has_other_links) {
        // Renaming would split the hard links: copy the finished text into the file itself.
        std::fs::copy(temp.path(), path)?;
        return Ok(());
    }
    temp.persist(path).map(|_| ()).map_err(|e| e.error)
}

#[cfg(unix)]
fn has_other_links(meta: &std::fs::Metadata) -> bool {
    std::os::unix::fs::MetadataExt::nlink(meta) > 1
}

#[cfg(not(unix))]
fn has_other_links(_: &std::fs::Metadata) -> bool {
    false
}

/// Give the new file the old one's owner and group (possible for root, or when they are
/// the writer's own; otherwise the new file stays the writer's).
#[cfg(unix)]
fn keep_owner(temp: &Path, meta: &std::fs::Metadata) {
    use std::os::unix::fs::MetadataExt;
    let _ = std::os::unix::fs::chown(temp, Some(meta.uid()), Some(meta.gid()));
}

#[cfg(not(unix))]
fn keep_owner(_: &Path, _: &std::fs::Metadata) {}

/// Remove temporary files that an interrupted write (a kill) left in `dir`.
fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let stale = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > STALE_TEMP);
        if stale && entry.file_name().to_string_lossy().starts_with(TEMP_PREFIX) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// A unified diff of the fixes to one file.
pub fn unified_diff(path: &str, before: &str, after: &str) -> String {
    similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(1)
        .header(
            &format!("a/{}", path.trim_start_matches('/')),
            &format!("b/{}", path.trim_start_matches('/')),
        )
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Settings;

    fn fix_bytes(bytes: &[u8]) -> Result<Vec<u8>, FixError> {
        let settings = Settings::builtin().unwrap();
        let report = crate::engine::check_source("t.txt", bytes, &settings).unwrap();
        apply(&report.source, bytes, &fixes(&report.diagnostics))
    }

    #[test]
    fn fixes_in_every_encoding() {
        let text = "养老方案\n超过1。5亿人，北京的.涨幅为8。5%。。\n";
        let want = "养老方案\n超过1.5亿人，北京的涨幅为8.5%。\n";
        for enc in [
            Encoding::Utf8,
            Encoding::Utf16Le,
            Encoding::Utf16Be,
            Encoding::Gb18030,
        ] {
            let mut bytes = encode(text, enc).unwrap();
            if enc == Encoding::Utf16Le {
                bytes.splice(0..0, [0xFF, 0xFE]);
            }
            let fixed = fix_bytes(&bytes).unwrap();
            let decoded = crate::source::decode::decode(&fixed, Some(enc)).unwrap();
            assert_eq!(decoded.text, want, "{enc}");
        }
        let trad = "養老方案\n超過1。5億人，北京的.漲幅。\n";
        let fixed = fix_bytes(&encode(trad, Encoding::Big5).unwrap()).unwrap();
        assert_eq!(
            crate::source::decode::decode(&fixed, Some(Encoding::Big5))
                .unwrap()
                .text,
            "養老方案\n超過1.5億人，北京的漲幅。\n"
        );
    }

    #[test]
    fn pinyin_glosses_are_removed_and_decode_errors_block_fixes() {
        let fixed = fix_bytes("中醫(yī)院建設\n公務(wù)員\n".as_bytes()).unwrap();
        assert_eq!(String::from_utf8(fixed).unwrap(), "中醫院建設\n公務員\n");
        let mut broken = "超过1。5亿人\n".as_bytes().to_vec();
        broken.push(0xFF);
        assert!(matches!(
            fix_bytes(&broken),
            Err(FixError::DecodeErrors { .. })
        ));
    }
}
