//! A decoded file: its text, the folded copy rules match on, and byte → line/column lookup;
//! below it, reading bytes in any supported encoding or a Word file into one.

pub mod decode;
pub mod docx;
pub mod read;

use crate::source::decode::Encoding;
use serde::Serialize;

/// A byte range into `SourceFile::text`, always on char boundaries.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    pub const fn len(self) -> usize {
        self.end - self.start
    }
    pub const fn is_empty(self) -> bool {
        self.end <= self.start
    }
    pub const fn contains(self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// A 1-based line and a 1-based column counted in Unicode scalar values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// Line starts of a text, built once per file; positions are computed on demand.
#[derive(Clone, Debug, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    /// 0-based line number holding `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(0)
    }

    /// Where `line` of `text` ends, before its line break (`\n` or `\r\n`).
    pub fn line_end(&self, text: &str, line: usize) -> usize {
        let end = self
            .starts
            .get(line + 1)
            .map_or(text.len(), |next| next - 1);
        if end > self.line_start(line) && text.as_bytes().get(end - 1) == Some(&b'\r') {
            end - 1
        } else {
            end
        }
    }

    /// Where the line holding `offset` starts.
    pub fn line_start_at(&self, offset: usize) -> usize {
        self.line_start(self.line_of(offset))
    }

    pub fn line_starts(&self) -> &[usize] {
        &self.starts
    }

    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let line = self.line_of(offset);
        let start = self.line_start(line);
        let column = text.get(start..offset).map_or(0, |s| s.chars().count()) + 1;
        Position {
            line: line + 1,
            column,
        }
    }
}

/// Positions of offsets that mostly come in order (diagnostics sorted by start, each span's end
/// after its start): columns are counted from the previous offset when it is on the same line,
/// not from the line's start, so a long scraped line is not recounted per diagnostic. An
/// offset before the previous one on the same line is counted back from it. Columns count
/// characters; an editor's cursor counts UTF-16 units or bytes (`counting`).
pub struct PositionCursor<'a> {
    index: &'a LineIndex,
    text: &'a str,
    last: Option<(usize, Position)>,
    /// The column width of a stretch of text.
    units: fn(&str) -> usize,
}

impl<'a> PositionCursor<'a> {
    pub fn new(source: &'a SourceFile) -> Self {
        PositionCursor::counting(source, |s| s.chars().count())
    }

    /// A cursor whose columns are `units` of the text before them (1-based, as `position`).
    pub fn counting(source: &'a SourceFile, units: fn(&str) -> usize) -> Self {
        PositionCursor {
            index: &source.line_index,
            text: &source.text,
            last: None,
            units,
        }
    }

    /// The same answer as `SourceFile::position` (with characters as units).
    pub fn position(&mut self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line = self.index.line_of(offset);
        let units = self.units;
        // From the previous offset on the same line, forwards or (a label before its
        // diagnostic) backwards: the cost is the distance, not the line's length.
        let counted = self.last.and_then(|(at, p)| {
            if p.line != line + 1 {
                return None;
            }
            let column = if at <= offset {
                p.column + units(self.text.get(at..offset)?)
            } else {
                p.column.saturating_sub(units(self.text.get(offset..at)?))
            };
            Some(column)
        });
        let column = counted.unwrap_or_else(|| {
            let start = self.index.line_start(line);
            self.text.get(start..offset).map_or(0, units) + 1
        });
        let p = Position {
            line: line + 1,
            column,
        };
        // Only a character boundary can start the next count.
        self.last = self.text.is_char_boundary(offset).then_some((offset, p));
        p
    }
}

/// Where the folded copy is valid, and the copy itself: None when folding changes nothing
/// there (a simplified text is held once).
#[derive(Clone, Debug, Default)]
pub(crate) struct FoldScope {
    span: Span,
    text: Option<String>,
}

impl FoldScope {
    /// The folded copy of `span` of `text`.
    pub(crate) fn of(text: &str, span: Span) -> FoldScope {
        FoldScope {
            span,
            text: text
                .get(span.start..span.end)
                .and_then(crate::text::fold::fold_changed),
        }
    }

    /// Whether `span` lies where the folded copy is valid.
    pub(crate) fn covers(&self, span: Span) -> bool {
        self.span.start <= span.start && span.end <= self.span.end
    }
}

/// One input file after decoding.
#[derive(Clone, Debug)]
pub struct SourceFile {
    pub path: String,
    pub text: String,
    pub encoding: Encoding,
    /// True when decoding replaced malformed bytes with U+FFFD (such files are never fixed).
    pub had_decode_errors: bool,
    /// Length of the byte-order mark the file started with (fixes are spliced after it).
    pub bom_len: usize,
    /// The folded copy the rules read: of the whole text, or of the document being checked.
    pub(crate) fold: FoldScope,
    pub line_index: LineIndex,
    /// For a .docx: where each Word paragraph starts in `text` (fixes are never applied).
    pub paragraph_starts: Option<Vec<usize>>,
}

impl SourceFile {
    pub fn new(
        path: impl Into<String>,
        text: String,
        encoding: Encoding,
        had_decode_errors: bool,
    ) -> Self {
        let mut source = SourceFile::unfolded(path, text, encoding, had_decode_errors);
        source.fold_whole();
        source
    }

    /// Fold the whole text for the rules (editors, `outline`, callers of the library).
    pub fn fold_whole(&mut self) {
        let whole = Span::new(0, self.text.len());
        if !self.fold.covers(whole) {
            self.fold = FoldScope::of(&self.text, whole);
        }
    }

    /// A source file without its folded copy: the engine folds one document at a time, so a
    /// large file in traditional script is not held twice.
    pub fn unfolded(
        path: impl Into<String>,
        text: String,
        encoding: Encoding,
        had_decode_errors: bool,
    ) -> Self {
        let line_index = LineIndex::new(&text);
        SourceFile {
            path: path.into(),
            text,
            encoding,
            had_decode_errors,
            bom_len: 0,
            fold: FoldScope::default(),
            line_index,
            paragraph_starts: None,
        }
    }

    /// A UTF-8 text as a source file (tests, editors).
    pub fn from_text(path: impl Into<String>, text: &str) -> Self {
        SourceFile::new(path, text.to_owned(), Encoding::Utf8, false)
    }

    /// The text of `span`, or "" when the span is out of range or off a char boundary.
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }

    /// The folded (simplified) text of `span`, which lies in the folded scope (the whole text,
    /// or the document being checked).
    pub fn folded(&self, span: Span) -> &str {
        let scope = &self.fold;
        debug_assert!(
            scope.covers(span),
            "{span:?} read outside the folded scope {:?}",
            scope.span
        );
        match &scope.text {
            Some(text) if scope.covers(span) => text
                .get(span.start - scope.span.start..span.end - scope.span.start)
                .unwrap_or(""),
            _ => self.slice(span),
        }
    }

    /// Free the folded copy once no rule will read it again; `folded` then answers with the
    /// text as written.
    pub fn release_folded(&mut self) {
        self.fold = FoldScope::default();
    }

    /// The 1-based Word paragraph holding `offset`, for text extracted from a .docx.
    pub fn paragraph(&self, offset: usize) -> Option<usize> {
        let starts = self.paragraph_starts.as_ref()?;
        match starts.binary_search(&offset) {
            Ok(i) => Some(i + 1),
            Err(0) => None,
            Err(i) => Some(i),
        }
    }

    /// Whether the text was extracted from a Word file rather than read as text.
    pub fn is_docx(&self) -> bool {
        self.paragraph_starts.is_some()
    }

    pub fn position(&self, offset: usize) -> Position {
        self.line_index.position(&self.text, offset)
    }
}
