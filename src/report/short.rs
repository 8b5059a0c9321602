//! `path:line:col: CODE message`, one line per diagnostic.

use crate::FileReport;
use std::fmt::Write;

pub fn render(reports: &[FileReport]) -> String {
    let mut out = String::new();
    for r in reports {
        for d in &r.diagnostics {
            let p = r.source.position(d.span.start);
            let _ = writeln!(
                out,
                "{}:{}:{}: {} {}",
                r.source.path, p.line, p.column, d.rule.code, d.message
            );
        }
    }
    out
}
