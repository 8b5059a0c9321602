//! The owned document tree (DESIGN §3.11). It holds syntax only: spans, markers, nesting.

use crate::source::Span;
use serde::Serialize;

pub type SectionId = usize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MarkerKind {
    /// 附件1 — restarts numbering.
    Appendix,
    /// 第一部分 / 第一章
    Part,
    /// 壹、 — legal numerals, the level above 一、 in Taiwan-style documents.
    Legal,
    /// 一、
    HanComma,
    /// (一) （一） ㈠
    HanParen,
    /// 第一阶段 / 第二步
    Phase,
    /// 第一、 / 第二, — bare ordinals, used as list items at any depth.
    Ordinal,
    /// 1、 1. 1) ⒈
    Arabic,
    /// 1.1 (k = 2), 1.1.1 (k = 3); a bare `1 总则` is k = 1.
    Decimal(u8),
    /// (1) ⑴
    ArabicParen,
    /// ①
    Circled,
    /// A Markdown heading with no Chinese marker; the number of `#`.
    Markdown(u8),
}

impl MarkerKind {
    /// Nesting rank: a heading closes every open section of equal or greater rank.
    pub fn rank(self) -> u8 {
        match self {
            MarkerKind::Appendix | MarkerKind::Part | MarkerKind::Legal => 0,
            MarkerKind::HanComma => 1,
            MarkerKind::HanParen | MarkerKind::Phase => 2,
            MarkerKind::Arabic => 3,
            MarkerKind::Decimal(k) => 2 + k,
            MarkerKind::ArabicParen => 4,
            MarkerKind::Circled => 5,
            MarkerKind::Ordinal => 6,
            MarkerKind::Markdown(level) => level,
        }
    }

    /// The name used in outline JSON and messages.
    pub fn name(self) -> &'static str {
        match self {
            MarkerKind::Appendix => "appendix",
            MarkerKind::Part => "part",
            MarkerKind::Legal => "legal",
            MarkerKind::HanComma => "han-comma",
            MarkerKind::HanParen => "han-paren",
            MarkerKind::Phase => "phase",
            MarkerKind::Ordinal => "ordinal",
            MarkerKind::Arabic => "arabic",
            MarkerKind::Decimal(_) => "decimal",
            MarkerKind::ArabicParen => "arabic-paren",
            MarkerKind::Circled => "circled",
            MarkerKind::Markdown(_) => "markdown",
        }
    }

    /// An example marker of this kind, for messages (`(一)`).
    pub fn example(self) -> &'static str {
        match self {
            MarkerKind::Appendix => "附件1",
            MarkerKind::Part => "第一部分",
            MarkerKind::Legal => "壹、",
            MarkerKind::HanComma => "一、",
            MarkerKind::HanParen => "(一)",
            MarkerKind::Phase => "第一阶段",
            MarkerKind::Ordinal => "第一、",
            MarkerKind::Arabic => "1.",
            MarkerKind::Decimal(_) => "1.1",
            MarkerKind::ArabicParen => "(1)",
            MarkerKind::Circled => "①",
            MarkerKind::Markdown(_) => "#",
        }
    }
}

/// How a marker is written, its number taken out. One byte, not a `&str`: a line table and a
/// section arena hold one per heading, hundreds of thousands in a compiled volume.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MarkerStyle(u8);

const MARKER_STYLES: [&str; 24] = [
    "other",
    "、",
    ".",
    "．",
    ")",
    "）",
    "()",
    "（）",
    "()、",
    "（）、",
    "mixed brackets",
    "第部分",
    "第章",
    "附件",
    "第阶段",
    "第步骤",
    "第、",
    "第，",
    "㈠、",
    "㈠",
    "⑴",
    "⒈",
    "①",
    "#",
];

impl MarkerStyle {
    /// The style written `name` (`（）、`); "other" when it is none of the known styles.
    pub fn named(name: &str) -> MarkerStyle {
        let index = MARKER_STYLES.iter().position(|s| *s == name).unwrap_or(0);
        MarkerStyle(index as u8)
    }

    pub fn as_str(self) -> &'static str {
        MARKER_STYLES
            .get(usize::from(self.0))
            .copied()
            .unwrap_or("other")
    }
}

/// A heading marker: kind, numeric value, style (bracket width and separator), span.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Marker {
    pub kind: MarkerKind,
    /// 0 when the marker has no number (附件, a Markdown heading).
    pub value: u32,
    /// The marker with its number taken out: `、` `.` `（）` `()、` `㈠` …
    pub style: MarkerStyle,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    Paragraph {
        span: Span,
    },
    Bullet {
        glyph: Span,
        text: Span,
    },
    /// `key:value` on its own line (时间:4月份, 组长:zz).
    Label {
        key: Span,
        value: Span,
        line: Span,
    },
}

impl Block {
    /// The whole line of the block.
    pub fn span(&self) -> Span {
        match *self {
            Block::Paragraph { span } => span,
            Block::Bullet { glyph, text } => glyph.cover(text),
            Block::Label { line, .. } => line,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Section {
    pub marker: Marker,
    /// Depth in this tree (0 = top), not the rank.
    pub level: u8,
    /// The heading text, without marker and final punctuation.
    pub heading: Span,
    /// The punctuation that ended the heading (`。` `:` …), if any.
    pub heading_end: Option<char>,
    /// Text after the heading on the same line.
    pub inline_body: Option<Span>,
    /// The whole heading line.
    pub line: Span,
    /// From the heading to the end of its last descendant.
    pub span: Span,
    pub blocks: Vec<Block>,
    pub parent: Option<SectionId>,
    pub children: Vec<SectionId>,
    /// The `#` count when the heading was written in Markdown.
    pub markdown_level: Option<u8>,
    /// Inside an appendix (附件), whose numbering is its own.
    pub in_appendix: bool,
}

impl Section {
    /// True when the section has text of its own or children.
    pub fn has_content(&self) -> bool {
        self.inline_body.is_some() || !self.blocks.is_empty() || !self.children.is_empty()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SoftKind {
    /// A short line with no marker and no punctuation, in a document with no numbered sections.
    Unnumbered,
    /// A `key:value` line; it is a heading only if extract finds role vocabulary in its key.
    Label,
}

/// A heading-like line that carries a role but never nests anything (DESIGN §3.4).
#[derive(Clone, Debug)]
pub struct SoftHeading {
    pub kind: SoftKind,
    pub heading: Span,
    pub line: Span,
    /// The numbered section it stands in, if any.
    pub parent: Option<SectionId>,
}

#[derive(Clone, Debug, Default)]
pub struct Document {
    pub span: Span,
    pub title: Option<Span>,
    /// The text visibly stops early (ends on a heading or a line ending in `:`).
    pub truncated: bool,
    /// The last heading opens an enumeration (1、) that never gets a second item: the text was
    /// probably cut there. A weaker sign than `truncated`.
    pub ends_on_lone_item: bool,
    pub preamble: Vec<Block>,
    /// Arena in document order.
    pub sections: Vec<Section>,
    pub roots: Vec<SectionId>,
    pub soft_headings: Vec<SoftHeading>,
    /// A table of contents that was skipped.
    pub toc: Option<Span>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    pub verb: String,
    /// The codes/names and the reason after the verb.
    pub args: Span,
    pub line: Span,
}

#[derive(Clone, Debug, Default)]
pub struct Page {
    pub documents: Vec<Document>,
    /// Text outside every document (site headers, link lists); never linted.
    pub boilerplate: Vec<Span>,
    pub directives: Vec<Directive>,
}

impl Document {
    /// Sections in document order, with their ids.
    pub fn walk(&self) -> impl Iterator<Item = (SectionId, &Section)> {
        self.sections.iter().enumerate()
    }

    pub fn section(&self, id: SectionId) -> Option<&Section> {
        self.sections.get(id)
    }

    /// The innermost section whose span holds `offset`.
    pub fn section_at(&self, offset: usize) -> Option<SectionId> {
        // Sections are in document order and nest: the answer is the last section starting at
        // or before `offset`, or its nearest ancestor that still holds it. O(log n + depth).
        let last = self
            .sections
            .partition_point(|s| s.span.start <= offset)
            .checked_sub(1)?;
        let mut current = Some(last);
        while let Some(id) = current {
            let section = self.sections.get(id)?;
            if section.span.contains(offset) {
                return Some(id);
            }
            current = section.parent;
        }
        None
    }

    /// Children of `parent` (or the roots for `None`).
    pub fn children_of(&self, parent: Option<SectionId>) -> &[SectionId] {
        match parent {
            Some(id) => self.sections.get(id).map_or(&[][..], |s| &s.children[..]),
            None => &self.roots,
        }
    }

    /// Every text span with the section it belongs to (None = preamble): headings, inline
    /// bodies and blocks.
    pub fn texts(&self) -> impl Iterator<Item = (Option<SectionId>, Span)> + '_ {
        let preamble = self.preamble.iter().map(|b| (None, b.span()));
        let sections = self.walk().flat_map(|(id, s)| {
            std::iter::once((Some(id), s.line))
                .chain(s.blocks.iter().map(move |b| (Some(id), b.span())))
        });
        preamble.chain(sections)
    }
}
