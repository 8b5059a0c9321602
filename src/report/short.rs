//! `path:line:col: CODE message`, one line per diagnostic.

use crate::engine::FileReport;
use crate::source::PositionCursor;
use std::io::{self, Write};

/// One line per diagnostic of one file.
pub fn file(r: &FileReport, out: &mut dyn Write) -> io::Result<()> {
    // Counted on from the previous finding: a long line is not recounted per finding.
    let mut at = PositionCursor::new(&r.source);
    for d in &r.diagnostics {
        let p = at.position(d.span.start);
        writeln!(
            out,
            "{}:{}:{}: {} {}",
            r.source.path, p.line, p.column, d.rule.code, d.message
        )?;
    }
    Ok(())
}
