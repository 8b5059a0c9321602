//! PL9xx: planlint's own comments.

use super::Ctx;
use crate::declare_rule;
use crate::rules::diagnostic::Diagnostic;

declare_rule! {
    /// Flags a suppression comment that suppresses nothing (the defect it silenced is gone, or it
    /// names the wrong rule), and one that names a code or name that is no planlint rule. Stale
    /// suppressions hide future findings, so they should be removed. Reported by the engine after
    /// the other rules ran; it cannot be suppressed itself.
    ///
    /// **Bad:** `<!-- planlint-disable-next-line PL301 模板保留 -->` above a line with no placeholder.
    ///
    /// **Good:** the comment removed, or placed above the line it is meant for.
    pub static UNUSED_SUPPRESSION = ("PL901", "unused-suppression", Warning,
        "a suppression comment that suppresses nothing, or names an unknown rule", unused_suppression);
}

/// The work happens in `suppress::apply`, which needs every other rule's diagnostics first.
fn unused_suppression(_cx: &Ctx<'_>, _out: &mut Vec<Diagnostic>) {}
