//! Helpers for integration tests and the benchmark (not part of the stable API).

use crate::engine::Settings;
use crate::{check_source, FileReport};

/// Settings with only `rule` (code or name) enabled.
pub fn settings_for_rule(rule: &str) -> Settings {
    Settings::only(rule).unwrap_or_else(|e| panic!("bad rule {rule}: {e}"))
}

/// Check `text` as the file `path` and render the colourless human output.
pub fn render_plain(path: &str, text: &str, settings: &Settings) -> String {
    match check_source(path, text.as_bytes(), settings) {
        Ok(report) => {
            let n = report.diagnostics.len();
            let reports: Vec<FileReport> = vec![report];
            format!(
                "{}{n} diagnostics\n",
                crate::report::human::render(&reports, false)
            )
        }
        Err(e) => format!("error: {e}\n"),
    }
}
