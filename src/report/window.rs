//! Windows onto long lines for the human output. Scraped plans put a whole paragraph on one
//! line (1,800 columns on the corpus); reprinting it under every diagnostic makes the output
//! unreadable and, for a paragraph with thousands of findings, quadratic in size. Each
//! diagnostic is rendered against an excerpt instead: the lines it labels, each cut to windows
//! of a few dozen columns around its labels (measured in display width, CJK = 2), with `…`
//! where text was cut. Line and column numbers stay those of the original file; JSON and
//! SARIF are unaffected.

use crate::source::{LineIndex, PositionCursor, SourceFile};
use codespan_reporting::files::{Error, Files};
use std::ops::Range;
use unicode_width::UnicodeWidthChar;

/// A line at most this wide is shown whole.
const WHOLE_LINE_COLUMNS: usize = 120;
/// Columns of context on each side of a label ...
const CONTEXT_COLUMNS: usize = 24;
/// ... or, when a line has many labels, this many.
const MIN_CONTEXT_COLUMNS: usize = 6;
/// The windows of one line fill at most this many columns.
const LINE_COLUMNS: usize = 136;
/// A span over fewer lines than this, all short, is shown on all of them.
const MAX_SPAN_LINES: usize = 8;
/// The width of `…`.
const CUT_COLUMNS: usize = 2;
/// A label is shown for at most this many columns.
const MAX_LABEL_COLUMNS: usize = 60;
const CUT: &str = "…";
/// Text between two windows is cut only when it is wider than this.
const MIN_CUT_COLUMNS: usize = 16;

/// A stretch of an original line shown in the excerpt.
struct Segment {
    /// Bytes of the file.
    shown: Range<usize>,
    /// Where its text begins in the excerpt.
    at: usize,
    /// Characters of the original line before it.
    chars_before: usize,
}

/// One line of the excerpt: where it came from and what of it is shown.
struct ExcerptLine {
    /// 0-based line number in the file.
    line: usize,
    /// Byte offset of the original line's start in the file.
    line_start: usize,
    /// Byte range of the line in the excerpt, without its line break.
    range: Range<usize>,
    /// In order; never empty.
    segments: Vec<Segment>,
}

/// The excerpt one diagnostic is rendered against.
pub struct Excerpt<'a> {
    name: &'a str,
    original: &'a str,
    index: &'a LineIndex,
    text: String,
    lines: Vec<ExcerptLine>,
}

impl<'a> Excerpt<'a> {
    /// The excerpt showing `spans` (the primary span first) of `source`. Spans are shown on
    /// their first line. `cursor` counts columns: diagnostics come in order, so a long line
    /// is not recounted for each.
    pub fn new(
        source: &'a SourceFile,
        spans: &[Range<usize>],
        cursor: &mut PositionCursor<'_>,
    ) -> Excerpt<'a> {
        let original = source.text.as_str();
        let index = &source.line_index;
        let mut wanted: Vec<(usize, Range<usize>)> = Vec::new();
        for span in spans {
            let line = index.line_of(span.start);
            let last = index.line_of(span.end.max(span.start + 1) - 1);
            let short = |l: usize| {
                let (start, end) = (index.line_start(l), index.line_end(original, l));
                advance(original, start, end, WHOLE_LINE_COLUMNS) == end
            };
            if last > line && last - line < MAX_SPAN_LINES && (line..=last).all(short) {
                // A few short lines (a word set one character per line) are shown whole.
                for l in line..=last {
                    let start = index.line_start(l).max(span.start);
                    wanted.push((l, start..index.line_end(original, l).min(span.end)));
                }
                continue;
            }
            let end = span.end.min(index.line_end(original, line));
            wanted.push((line, span.start..end.max(span.start)));
        }
        wanted.sort_by_key(|(line, span)| (*line, span.start));
        let mut excerpt = Excerpt {
            name: &source.path,
            original,
            index,
            text: String::new(),
            lines: Vec::new(),
        };
        let mut at = 0;
        let mut previous: Option<usize> = None;
        while at < wanted.len() {
            let line = wanted[at].0;
            let same = wanted[at..].iter().take_while(|(l, _)| *l == line).count();
            match previous.map(|p| line - p) {
                // One line between two shown lines is shown too, as codespan would.
                Some(2) => {
                    let start = index.line_start(line - 1);
                    excerpt.push(line - 1, std::slice::from_ref(&(start..start)), cursor);
                }
                // A longer gap: two empty lines make codespan draw a break (·).
                Some(gap) if gap > 2 => excerpt.text.push_str("\n\n"),
                _ => {}
            }
            let labels: Vec<Range<usize>> = wanted[at..at + same]
                .iter()
                .map(|(_, s)| s.clone())
                .collect();
            excerpt.push(line, &labels, cursor);
            previous = Some(line);
            at += same;
        }
        excerpt
    }

    /// Add `line`, showing the windows around `labels` (sorted by start).
    fn push(&mut self, line: usize, labels: &[Range<usize>], cursor: &mut PositionCursor<'_>) {
        let line_start = self.index.line_start(line);
        let end = self.index.line_end(self.original, line);
        let windows = if advance(self.original, line_start, end, WHOLE_LINE_COLUMNS) == end {
            std::iter::once(line_start..end).collect()
        } else {
            self.fitting_windows(line_start, end, labels)
        };
        if !self.text.is_empty() {
            self.text.push('\n');
        }
        let begin = self.text.len();
        let mut segments = Vec::with_capacity(windows.len());
        for window in windows {
            if window.start > line_start {
                self.text.push_str(CUT);
            }
            segments.push(Segment {
                at: self.text.len(),
                chars_before: cursor.position(window.start).column - 1,
                shown: window.clone(),
            });
            self.text.push_str(&self.original[window]);
        }
        if segments.last().is_some_and(|s| s.shown.end < end) {
            self.text.push_str(CUT);
        }
        self.lines.push(ExcerptLine {
            line,
            line_start,
            range: begin..self.text.len(),
            segments,
        });
    }

    /// Windows around the labels that fit in `LINE_COLUMNS`: with less context when there
    /// are many labels, and without the last ones when even that is too wide (their carets
    /// then stand at the last window's end).
    fn fitting_windows(
        &self,
        line_start: usize,
        end: usize,
        labels: &[Range<usize>],
    ) -> Vec<Range<usize>> {
        let width = |windows: &[Range<usize>]| -> usize {
            windows
                .iter()
                .map(|r| display_width(&self.original[r.clone()]) + CUT_COLUMNS)
                .sum()
        };
        let mut windows = self.windows(line_start, end, labels, CONTEXT_COLUMNS);
        if width(&windows) > LINE_COLUMNS {
            windows = self.windows(line_start, end, labels, MIN_CONTEXT_COLUMNS);
        }
        while windows.len() > 1 && width(&windows) > LINE_COLUMNS {
            windows.pop();
        }
        windows
    }

    /// Windows of `context` columns around each label, merged where they touch.
    fn windows(
        &self,
        line_start: usize,
        end: usize,
        labels: &[Range<usize>],
        context: usize,
    ) -> Vec<Range<usize>> {
        let mut windows: Vec<Range<usize>> = Vec::new();
        for label in labels {
            let shown_end = advance(self.original, label.start, label.end, MAX_LABEL_COLUMNS);
            let start = retreat(self.original, line_start, label.start, context);
            let stop = if shown_end < label.end {
                shown_end
            } else {
                advance(self.original, shown_end, end, context)
            };
            match windows.last_mut() {
                // Windows a few columns apart are joined: a cut there would save nothing.
                Some(last)
                    if start <= last.end
                        || advance(self.original, last.end, start, MIN_CUT_COLUMNS) == start =>
                {
                    last.end = last.end.max(stop);
                }
                _ => windows.push(start..stop),
            }
        }
        windows
    }

    /// Where an offset of the file is in the excerpt: in the segment that shows it, or at the
    /// end of the last segment before it.
    fn map(&self, offset: usize) -> usize {
        let at = self
            .lines
            .iter()
            .rposition(|l| l.line_start <= offset)
            .unwrap_or(0);
        let Some(line) = self.lines.get(at) else {
            return 0;
        };
        let segment = line
            .segments
            .iter()
            .rev()
            .find(|s| s.shown.start <= offset)
            .or(line.segments.first());
        segment.map_or(line.range.start, |s| {
            s.at + offset.clamp(s.shown.start, s.shown.end) - s.shown.start
        })
    }

    /// A span of the file as a range of the excerpt.
    pub fn range(&self, span: Range<usize>) -> Range<usize> {
        let start = self.map(span.start);
        // A span over several lines that are all shown ends on its last line.
        let last_line = self.index.line_of(span.end.max(span.start + 1) - 1);
        if last_line != self.index.line_of(span.start)
            && self.lines.iter().any(|l| l.line == last_line)
        {
            return start..self.map(span.end).max(start);
        }
        // Otherwise it ends where its window does, if it runs past it.
        let window = self
            .lines
            .iter()
            .flat_map(|l| &l.segments)
            .find(|s| s.at <= start && start <= s.at + s.shown.len());
        let end = match window {
            Some(s) if span.end > s.shown.end => s.at + s.shown.len(),
            _ => self.map(span.end),
        };
        start..end.max(start)
    }

    /// The excerpt line holding excerpt byte `byte`; the gap lines of a break belong to the
    /// line before them.
    fn line_at(&self, byte: usize) -> Result<&ExcerptLine, Error> {
        self.lines
            .iter()
            .rev()
            .find(|l| l.range.start <= byte)
            .or(self.lines.first())
            .ok_or(Error::LineTooLarge {
                given: byte,
                max: 0,
            })
    }

    /// The byte where the excerpt's `line_index`-th line starts.
    fn text_line_start(&self, line_index: usize) -> usize {
        if line_index == 0 {
            return 0;
        }
        memchr::memchr_iter(b'\n', self.text.as_bytes())
            .nth(line_index - 1)
            .map_or(self.text.len(), |i| i + 1)
    }
}

fn display_width(s: &str) -> usize {
    s.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// From `from`, forwards at most `columns` display columns, not past `limit`.
fn advance(text: &str, from: usize, limit: usize, columns: usize) -> usize {
    let mut used = 0;
    for (i, c) in text[from..limit].char_indices() {
        used += c.width().unwrap_or(0);
        if used > columns {
            return from + i;
        }
    }
    limit
}

/// From `from`, backwards at most `columns` display columns, not before `limit`.
fn retreat(text: &str, limit: usize, from: usize, columns: usize) -> usize {
    let mut used = 0;
    for (i, c) in text[limit..from].char_indices().rev() {
        used += c.width().unwrap_or(0);
        if used > columns {
            return limit + i + c.len_utf8();
        }
    }
    limit
}

/// The excerpt as codespan sees it: its own lines, numbered and columned as in the file.
impl<'a> Files<'a> for Excerpt<'a> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, Error> {
        Ok(self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, Error> {
        Ok(&self.text)
    }

    fn line_index(&'a self, (): (), byte_index: usize) -> Result<usize, Error> {
        Ok(self.text[..byte_index.min(self.text.len())]
            .bytes()
            .filter(|&b| b == b'\n')
            .count())
    }

    fn line_number(&'a self, (): (), line_index: usize) -> Result<usize, Error> {
        Ok(self.line_at(self.text_line_start(line_index))?.line + 1)
    }

    fn column_number(
        &'a self,
        (): (),
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, Error> {
        let line = self.line_at(self.text_line_start(line_index))?;
        let segment = line
            .segments
            .iter()
            .rev()
            .find(|s| s.at <= byte_index)
            .or(line.segments.first());
        Ok(segment.map_or(1, |s| {
            let upto = byte_index.clamp(s.at, s.at + s.shown.len());
            s.chars_before + self.text[s.at..upto].chars().count() + 1
        }))
    }

    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, Error> {
        let start = self.text_line_start(line_index);
        let end = memchr::memchr(b'\n', &self.text.as_bytes()[start..])
            .map_or(self.text.len(), |i| start + i);
        Ok(start..end)
    }
}
