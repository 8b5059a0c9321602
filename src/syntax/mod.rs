//! Text → `Page`. Parsing never fails: unknown lines are paragraphs.

pub mod dump;
pub mod lower;
pub mod parser;
pub mod tree;

use crate::source::SourceFile;
pub use lower::{PageLayout, LAYOUT};
use std::num::NonZeroUsize;
use std::sync::Once;
pub use tree::*;

/// Calls per line before pest gives up (the line then becomes a paragraph); the worst real
/// line needs about 1.2k.
const CALL_LIMIT: usize = 100_000;

static LIMIT: Once = Once::new();

/// Parse a decoded file into its documents. The parser reads the text as written: the grammar
/// and rules/layout.toml know both scripts and the look-alike numerals of PDF conversions
/// (⼀、), so no folded copy of the whole file is needed to find the documents and headings.
pub fn parse(source: &SourceFile) -> Page {
    parse_text(&source.text)
}

/// Where the documents of a decoded file lie, to build one at a time (`parse` builds them all).
pub fn layout(text: &str) -> PageLayout<'_> {
    limit_calls();
    PageLayout::new(text, lower::Mode::Hybrid)
}

/// Parse a text with the hybrid line classifier.
pub fn parse_text(text: &str) -> Page {
    limit_calls();
    lower::lower_page(text, lower::Mode::Hybrid)
}

fn limit_calls() {
    LIMIT.call_once(|| pest::set_call_limit(NonZeroUsize::new(CALL_LIMIT)));
}
