//! A stable text dump of a page: the grammar snapshots show exactly what lowering built.

use super::lower::{classify_lines, LineKind, Mode};
use super::tree::*;
use crate::source::Span;
use std::fmt::Write;

fn quote(text: &str, span: Span) -> String {
    format!("{:?}", text.get(span.start..span.end).unwrap_or(""))
}

/// One line per line kind, then the tree of each document.
pub fn dump(text: &str, page: &Page) -> String {
    let mut out = String::new();
    for b in &page.boilerplate {
        let _ = writeln!(out, "boilerplate {}..{}", b.start, b.end);
    }
    for d in &page.directives {
        let _ = writeln!(out, "directive {} {}", d.verb, quote(text, d.args));
    }
    for (n, doc) in page.documents.iter().enumerate() {
        let title = doc.title.map_or("none".to_owned(), |t| quote(text, t));
        let _ = writeln!(
            out,
            "document {} title={} truncated={}",
            n + 1,
            title,
            doc.truncated || doc.ends_on_lone_item
        );
        if let Some(toc) = doc.toc {
            let _ = writeln!(out, "  toc {}..{}", toc.start, toc.end);
        }
        for b in &doc.preamble {
            let _ = writeln!(out, "  {}", block(text, b));
        }
        for &root in &doc.roots {
            section(text, doc, root, 1, &mut out);
        }
        for soft in &doc.soft_headings {
            if soft.kind == SoftKind::Unnumbered {
                let _ = writeln!(out, "  unnumbered heading {}", quote(text, soft.heading));
            }
        }
    }
    out
}

fn block(text: &str, b: &Block) -> String {
    match b {
        Block::Paragraph { span } => format!("paragraph {}", quote(text, *span)),
        Block::Bullet { glyph, text: t } => {
            format!("bullet {} {}", quote(text, *glyph), quote(text, *t))
        }
        Block::Label { key, value, .. } => {
            format!("label {} = {}", quote(text, *key), quote(text, *value))
        }
    }
}

fn section(text: &str, doc: &Document, id: SectionId, depth: usize, out: &mut String) {
    let Some(s) = doc.section(id) else { return };
    let pad = "  ".repeat(depth);
    let _ = write!(
        out,
        "{pad}section {} {} value={} style={:?} heading={}",
        quote(text, s.marker.span),
        s.marker.kind.name(),
        s.marker.value,
        s.marker.style.as_str(),
        quote(text, s.heading)
    );
    if let Some(end) = s.heading_end {
        let _ = write!(out, " end={end:?}");
    }
    if let Some(body) = s.inline_body {
        let _ = write!(out, " body={}", quote(text, body));
    }
    if s.in_appendix {
        out.push_str(" appendix");
    }
    out.push('\n');
    for b in &s.blocks {
        let _ = writeln!(out, "{pad}  {}", block(text, b));
    }
    for &c in &s.children {
        section(text, doc, c, depth + 1, out);
    }
}

/// The line kinds of a text, one per line (for the hybrid-vs-pest test and debugging).
pub fn dump_lines(text: &str, mode: Mode) -> String {
    let mut out = String::new();
    for line in classify_lines(text, mode) {
        let kind = match &line.kind {
            LineKind::Heading { marker, .. } => format!("heading {}", marker.kind.name()),
            other => format!("{other:?}")
                .split([' ', '{'])
                .next()
                .unwrap_or("")
                .to_owned(),
        };
        let _ = writeln!(out, "{}..{} {kind}", line.span.start, line.span.end);
    }
    out
}
