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

/// Replace `path` with `bytes` atomically: a temporary file in the same directory, the
/// original's permissions, then a rename. On any error the original is untouched.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), std::io::Error> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut temp = tempfile::NamedTempFile::new_in(dir)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    if let Ok(meta) = std::fs::metadata(path) {
        temp.as_file().set_permissions(meta.permissions())?;
    } else {
        // A new file (a config, a baseline): the usual mode, not the temp file's private 0600.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            temp.as_file()
                .set_permissions(std::fs::Permissions::from_mode(0o644))?;
        }
    }
    // A test hook: simulate a failure after the temporary file is written.
    if std::env::var_os("PLANLINT_TEST_FAIL_WRITE").is_some() {
        return Err(std::io::Error::other(
            "simulated write failure (PLANLINT_TEST_FAIL_WRITE)",
        ));
    }
    temp.persist(path).map(|_| ()).map_err(|e| e.error)
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
