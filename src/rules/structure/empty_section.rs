//! PL002: a heading with no body while its siblings have one.

use super::super::Ctx;
use crate::declare_rule;
use crate::rules::diagnostic::Diagnostic;
use crate::syntax::MarkerKind;

declare_rule! {
    /// Flags a heading with no text before the next heading of the same or a higher level, when
    /// its siblings do have text: the odd one out is a section someone forgot to write. A
    /// heading that is itself a sentence (ends in 。, or runs on for 25 characters across a
    /// comma without its full stop) is an item, not an empty section.
    ///
    /// **Bad:** `（二）工作目标` followed directly by `（三）主要任务`, while (一) and (三) have text.
    ///
    /// **Good:** `（二）工作目标` followed by a paragraph stating the goals.
    pub static EMPTY_SECTION = ("PL002", "empty-section", Warning,
        "a heading with no body before the next heading of the same or higher level",
        empty_section);
}

/// A heading this long that holds a comma is a sentence: an item written without its full stop
/// (七、本通知单请粘贴于联络簿，回条请于…前送回教务处), not a title waiting for its content.
/// Titles with a comma are short (加强组织领导，明确工作责任).
const SENTENCE_HEADING_CHARS: usize = 25;

fn is_sentence(heading: &str) -> bool {
    heading.contains(['，', ',']) && heading.chars().count() >= SENTENCE_HEADING_CHARS
}

fn empty_section(cx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let last = cx.doc.sections.len().checked_sub(1);
    // Sibling groups are judged once each, so a level with thousands of headings stays linear.
    let parents = std::iter::once(None).chain((0..cx.doc.sections.len()).map(Some));
    for parent in parents {
        let siblings = cx.doc.children_of(parent);
        let with_content = siblings
            .iter()
            .filter(|&&i| cx.doc.sections[i].has_content())
            .count();
        if siblings.len() < 2 || with_content * 2 <= siblings.len() {
            continue;
        }
        for &id in siblings {
            let s = &cx.doc.sections[id];
            let item = s.heading_end == Some('。')
                || matches!(s.marker.kind, MarkerKind::Appendix)
                || is_sentence(cx.text(s.heading));
            // A form field left empty (专业名称：, a bare 1．) is a blank, reported by PL301.
            let field = crate::extract::placeholders::is_empty_field(s);
            if s.has_content() || item || field || (cx.facts.truncated && Some(id) == last) {
                continue;
            }
            out.push(
                Diagnostic::new(
                    &EMPTY_SECTION,
                    s.line,
                    format!("section `{}` is empty", cx.text(s.line)),
                )
                .help("write the section's content or remove the heading"),
            );
        }
    }
}
