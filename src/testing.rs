//! Helpers for integration tests and the benchmark (not part of the stable API).

use crate::engine::Settings;
use crate::engine::{check_source, FileReport};

/// Settings with only `rule` (code or name) enabled, or every rule for one that judges the
/// others (`rules::JUDGES_OTHERS`); `config` overlays a fixture's planlint.toml.
pub fn settings_for_rule(rule: &str, config: &crate::config::Config) -> Settings {
    let judges_others = crate::rules::find(rule).is_some_and(|r| {
        crate::rules::JUDGES_OTHERS
            .iter()
            .any(|j| std::ptr::eq(*j, r))
    });
    let select = if judges_others {
        Vec::new()
    } else {
        vec![rule.to_owned()]
    };
    Settings::new(config, &select, &[]).unwrap_or_else(|e| panic!("bad rule {rule}: {e}"))
}

/// Check `text` as the file `path` and render the colourless human output.
pub fn render_plain(path: &str, text: &str, settings: &Settings) -> String {
    match check_source(path, text.as_bytes(), settings) {
        Ok(report) => {
            let n = report.diagnostics.len();
            let reports: Vec<FileReport> = vec![report];
            format!(
                "{}{n} diagnostics\n",
                crate::report::render(crate::report::Format::Human, &reports, &[], false)
            )
        }
        Err(e) => format!("error: {e}\n"),
    }
}

/// A minimal .docx: `body` is the inner XML of `w:body`; numbering.xml and styles.xml are
/// included when given (tests build Word files instead of committing binaries).
pub fn docx(
    body: &str,
    numbering: Option<&str>,
    styles: Option<&str>,
) -> zip::result::ZipResult<Vec<u8>> {
    use std::io::Write;
    const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;
    let mut parts = vec![
        (
            "[Content_Types].xml",
            String::from(
                r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#,
            ),
        ),
        (
            "word/document.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NS}><w:body>{body}</w:body></w:document>"#
            ),
        ),
    ];
    if let Some(n) = numbering {
        parts.push((
            "word/numbering.xml",
            format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:numbering {NS}>{n}</w:numbering>"#),
        ));
    }
    if let Some(s) = styles {
        parts.push((
            "word/styles.xml",
            format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:styles {NS}>{s}</w:styles>"#),
        ));
    }
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in parts {
        zip.start_file(name, options)?;
        zip.write_all(content.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}

/// `<w:p>` with one run of `text`, numbered with `num` = (numId, ilvl) and styled with `style`.
pub fn docx_paragraph(text: &str, num: Option<(u32, u32)>, style: Option<&str>) -> String {
    let mut properties = String::new();
    if let Some(s) = style {
        properties.push_str(&format!(r#"<w:pStyle w:val="{s}"/>"#));
    }
    if let Some((id, level)) = num {
        properties.push_str(&format!(
            r#"<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{id}"/></w:numPr>"#
        ));
    }
    let text = text
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    format!(
        r#"<w:p><w:pPr>{properties}</w:pPr><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#
    )
}
