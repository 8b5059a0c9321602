//! `path:line:col: CODE message`, one line per diagnostic.

use crate::engine::FileReport;
use std::fmt::Write;

/// One line per diagnostic of one file.
pub fn file(r: &FileReport) -> String {
    let mut out = String::new();
    for d in &r.diagnostics {
        let p = r.source.position(d.span.start);
        let _ = writeln!(
            out,
            "{}:{}:{}: {} {}",
            r.source.path, p.line, p.column, d.rule.code, d.message
        );
    }
    out
}
