//! Between planlint's byte spans and LSP's positions (0-based lines, UTF-16 code units), and
//! from planlint diagnostics to LSP diagnostics.

use crate::rules::diagnostic::{Diagnostic, Severity};
use crate::source::{PositionCursor, SourceFile, Span};
use lsp_types::{
    CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    Position, Range, Uri,
};

/// How positions count characters: UTF-16 code units (LSP's default) or UTF-8 bytes, when
/// the client offers it (no counting at all: planlint's spans are byte offsets).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Encoding {
    #[default]
    Utf16,
    Utf8,
}

impl Encoding {
    fn units(self, c: char) -> usize {
        match self {
            Encoding::Utf16 => c.len_utf16(),
            Encoding::Utf8 => c.len_utf8(),
        }
    }
}

pub fn range(source: &SourceFile, span: Span, encoding: Encoding) -> Range {
    Positions::new(source, encoding).range(span)
}

/// LSP positions of byte offsets: in UTF-16 a character outside the BMP (😀, 𠀀) counts two,
/// in UTF-8 a Han character counts three. Counted on from the previous offset, as the reports
/// count columns (`PositionCursor`), so a long line is not recounted for every finding on it.
pub struct Positions<'a> {
    text: &'a str,
    cursor: PositionCursor<'a>,
}

impl<'a> Positions<'a> {
    pub fn new(source: &'a SourceFile, encoding: Encoding) -> Self {
        let units: fn(&str) -> usize = match encoding {
            Encoding::Utf8 => str::len,
            Encoding::Utf16 => |s| s.chars().map(char::len_utf16).sum(),
        };
        Positions {
            text: &source.text,
            cursor: PositionCursor::counting(source, units),
        }
    }

    pub fn position(&mut self, offset: usize) -> Position {
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        let p = self.cursor.position(offset);
        Position::new(to_u32(p.line - 1), to_u32(p.column.saturating_sub(1)))
    }

    pub fn range(&mut self, span: Span) -> Range {
        Range::new(self.position(span.start), self.position(span.end))
    }
}

/// The byte offset of an LSP position; positions past a line's end clamp to it.
pub fn offset(text: &str, line_starts: &[usize], position: Position, encoding: Encoding) -> usize {
    let Some(&start) = line_starts.get(position.line as usize) else {
        return text.len();
    };
    let mut units = 0usize;
    let line = text.get(start..).unwrap_or("");
    for (i, c) in line.char_indices() {
        if units >= position.character as usize || c == '\n' || c == '\r' {
            return start + i;
        }
        units += encoding.units(c);
    }
    text.len()
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Note => DiagnosticSeverity::INFORMATION,
    }
}

/// A file's diagnostics as the editor shows them, positions counted in one pass.
pub fn diagnostics(
    source: &SourceFile,
    uri: &Uri,
    diagnostics: &[Diagnostic],
    encoding: Encoding,
) -> Vec<lsp_types::Diagnostic> {
    let mut at = Positions::new(source, encoding);
    diagnostics
        .iter()
        .map(|d| diagnostic(&mut at, uri, d))
        .collect()
}

/// A planlint diagnostic as the editor shows it; labels become related information.
pub fn diagnostic(at: &mut Positions<'_>, uri: &Uri, d: &Diagnostic) -> lsp_types::Diagnostic {
    let rule_uri = format!(
        "{}#{}-{}",
        crate::report::sarif::RULES_URI,
        d.rule.code.to_lowercase(),
        d.rule.name
    );
    let message = match &d.help {
        Some(help) => format!("{}\nhelp: {help}", d.message),
        None => d.message.clone(),
    };
    let related: Vec<DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .map(|l| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), at.range(l.span)),
            message: l.message.clone(),
        })
        .collect();
    lsp_types::Diagnostic {
        range: at.range(d.span),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.rule.code.to_owned())),
        code_description: rule_uri.parse().ok().map(|href| CodeDescription { href }),
        source: Some("planlint".to_owned()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

/// The file path of a `file:` URI (percent-decoded), if it is one.
pub fn file_path(uri: &Uri) -> Option<std::path::PathBuf> {
    let rest = percent_decode(uri.as_str().strip_prefix("file://")?)?;
    // file:///C:/x (also file:///c%3A/x) on Windows, file:///home/x elsewhere; a host part is
    // not supported.
    let path = match rest.strip_prefix('/') {
        Some(p) if p.get(1..2) == Some(":") => p.to_owned(),
        _ => rest,
    };
    Some(std::path::PathBuf::from(path))
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn position(source: &SourceFile, offset: usize, encoding: Encoding) -> Position {
        Positions::new(source, encoding).position(offset)
    }

    #[test]
    fn counting_on_from_the_previous_offset_gives_the_same_positions() {
        let text = "一、目标😀\n😀𠀀xx区，20xx年，某某负责，😀x\n末行";
        let source = SourceFile::from_text("a.txt", text);
        let offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        // Forwards, backwards and jumping between lines, in both encodings.
        let order = offsets
            .iter()
            .chain(offsets.iter().rev())
            .chain(offsets.iter().step_by(3).rev().step_by(2));
        for encoding in [Encoding::Utf16, Encoding::Utf8] {
            let mut at = Positions::new(&source, encoding);
            for &offset in order.clone() {
                assert_eq!(
                    at.position(offset),
                    position(&source, offset, encoding),
                    "{offset}"
                );
            }
        }
    }

    #[test]
    fn positions_count_utf16_units() {
        let text = "一、目标\n😀𠀀xx区\n";
        let source = SourceFile::from_text("a.txt", text);
        let xx = text.find("xx").unwrap();
        let utf16 = Encoding::Utf16;
        assert_eq!(position(&source, xx, utf16), Position::new(1, 4));
        assert_eq!(position(&source, 0, utf16), Position::new(0, 0));
        assert_eq!(position(&source, text.len(), utf16), Position::new(2, 0));
        let starts = source.line_index.line_starts();
        assert_eq!(offset(text, starts, Position::new(1, 4), utf16), xx);
        assert_eq!(
            offset(text, starts, Position::new(0, 99), utf16),
            "一、目标".len()
        );
        assert_eq!(offset(text, starts, Position::new(9, 0), utf16), text.len());
        // Inside a surrogate pair: the next character.
        assert_eq!(offset(text, starts, Position::new(1, 1), utf16), xx - 4);
        // UTF-8: bytes from the line start, both ways.
        let line_start = text.find('😀').unwrap();
        assert_eq!(
            position(&source, xx, Encoding::Utf8),
            Position::new(1, to_u32(xx - line_start))
        );
        assert_eq!(
            offset(
                text,
                starts,
                Position::new(1, to_u32(xx - line_start)),
                Encoding::Utf8
            ),
            xx
        );
    }

    #[test]
    fn file_uris_become_paths() {
        let uri: Uri = "file:///home/u/%E6%96%B9%E6%A1%88.txt".parse().unwrap();
        assert_eq!(
            file_path(&uri),
            Some(std::path::PathBuf::from("/home/u/方案.txt"))
        );
        let windows: Uri = "file:///c%3A/plans/a.txt".parse().unwrap();
        assert_eq!(
            file_path(&windows),
            Some(std::path::PathBuf::from("c:/plans/a.txt"))
        );
        let untitled: Uri = "untitled:Untitled-1".parse().unwrap();
        assert_eq!(file_path(&untitled), None);
    }
}
