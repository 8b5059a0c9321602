//! `--format github`: GitHub Actions workflow commands, one annotation per diagnostic.

use crate::engine::FileReport;
use crate::rules::diagnostic::Severity;
use crate::source::PositionCursor;
use std::io::{self, Write};

/// Escape a message (data) per GitHub's rules: % CR LF.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a property value: as data, plus : and ,.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// One annotation per diagnostic of one file.
pub fn file(r: &FileReport, out: &mut dyn Write) -> io::Result<()> {
    // Counted on from the previous finding: a long line is not recounted per finding.
    let mut at = PositionCursor::new(&r.source);
    for d in &r.diagnostics {
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        let (start, end) = (at.position(d.span.start), at.position(d.span.end));
        writeln!(
            out,
            "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(&r.source.path),
            start.line,
            start.column,
            end.line,
            end.column,
            escape_property(&format!("{} {}", d.rule.code, d.rule.name)),
            escape_data(&d.message)
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(escape_data("50% done\r\nnext"), "50%25 done%0D%0Anext");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
        assert_eq!(escape_property("计划/方案,一.txt"), "计划/方案%2C一.txt");
    }
}
