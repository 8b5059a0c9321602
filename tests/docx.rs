//! .docx input: a plan built as a Word file (auto-numbered headings, a task table) is checked
//! exactly like the same plan typed as text, and Word files planlint cannot read are clear errors.
#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers in test files may panic

mod common;

use assert_cmd::Command;
use planlint::engine::Settings;
use planlint::testing::{docx, docx_paragraph as para};

/// 一、 / （一） / 1. as Word numbers them.
const NUMBERING: &str = r#"
<w:abstractNum w:abstractNumId="0">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#;

/// Heading 1 and Heading 2 carry levels 0 and 1 of the list, as in a Word outline template.
const STYLES: &str = r#"
<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/><w:basedOn w:val="1"/><w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>"#;

/// The plan as Word holds it: (style, list level, text); tables as rows of cells.
enum Block {
    Para(Option<&'static str>, Option<u32>, &'static str),
    Table(&'static [&'static [&'static str]]),
}

const PLAN: &[Block] = &[
    Block::Para(None, None, "xx区关于开展安全生产大检查的实施方案"),
    Block::Para(Some("1"), None, "工作目标"),
    Block::Para(None, None, "到20xx年底，全区安全生产形势持续稳定。"),
    Block::Para(Some("1"), None, "主要任务"),
    Block::Para(Some("2"), None, "开展隐患排查"),
    Block::Para(None, None, "由区应急管理局负责，2024年5月底前完成。"),
    Block::Para(Some("1"), None, "工作步骤"),
    Block::Para(Some("2"), None, "动员部署阶段（2024年3月1日至2月30日）"),
    Block::Para(None, Some(2), "召开动员大会，部署检查工作。"),
    Block::Para(None, Some(2), "制定检查清单。"),
    Block::Para(Some("2"), None, "检查整改阶段（2024年4月—6月）"),
    Block::Table(&[
        &["序号", "任务", "责任单位", "完成时限"],
        &["1", "开展企业自查", "区应急管理局", "2024年5月底前"],
        &["2", "组织专项检查", "XX", "2024年6月底前"],
    ]),
    Block::Para(Some("1"), None, "保障措施"),
    Block::Para(
        None,
        None,
        "各部门要加强组织领导，确保按时完成《检查方案》规定的任务，投入资金1。5亿元。",
    ),
];

fn as_docx() -> Vec<u8> {
    let body: String = PLAN
        .iter()
        .map(|block| match block {
            Block::Para(style, level, text) => para(text, level.map(|l| (1, l)), *style),
            Block::Table(rows) => {
                let rows: String = rows
                    .iter()
                    .map(|cells| {
                        let cells: String = cells
                            .iter()
                            .map(|c| format!("<w:tc>{}</w:tc>", para(c, None, None)))
                            .collect();
                        format!("<w:tr>{cells}</w:tr>")
                    })
                    .collect();
                format!("<w:tbl>{rows}</w:tbl>")
            }
        })
        .collect();
    docx(&body, Some(NUMBERING), Some(STYLES)).unwrap()
}

/// The same plan typed as text, numbers and all.
const AS_TEXT: &str = "xx区关于开展安全生产大检查的实施方案
一、工作目标
到20xx年底，全区安全生产形势持续稳定。
二、主要任务
（一）开展隐患排查
由区应急管理局负责，2024年5月底前完成。
三、工作步骤
（一）动员部署阶段（2024年3月1日至2月30日）
1. 召开动员大会，部署检查工作。
2. 制定检查清单。
（二）检查整改阶段（2024年4月—6月）
序号\t任务\t责任单位\t完成时限
1\t开展企业自查\t区应急管理局\t2024年5月底前
2\t组织专项检查\tXX\t2024年6月底前
四、保障措施
各部门要加强组织领导，确保按时完成《检查方案》规定的任务，投入资金1。5亿元。
";

type Finding = (String, usize, usize, String);

fn findings(path: &str, bytes: &[u8]) -> Vec<Finding> {
    let settings = Settings::builtin().unwrap();
    let report = planlint::check_source(path, bytes, &settings).unwrap();
    report
        .diagnostics
        .iter()
        .map(|d| {
            let p = report.source.position(d.span.start);
            (d.rule.code.to_owned(), p.line, p.column, d.message.clone())
        })
        .collect()
}

#[test]
fn docx_is_checked_like_the_same_plan_as_text() {
    let from_word = findings("方案.docx", &as_docx());
    let from_text = findings("方案.txt", AS_TEXT.as_bytes());
    assert_eq!(from_word, from_text);
    let codes: Vec<&str> = from_word.iter().map(|f| f.0.as_str()).collect();
    // The placeholders, the impossible date and the backwards phase are found.
    for code in ["PL301", "PL201", "PL202", "PL203", "PL502"] {
        assert!(codes.contains(&code), "{code} missing from {from_word:?}");
    }
}

#[test]
fn extracted_text_shows_word_numbering() {
    let settings = Settings::builtin().unwrap();
    let report = planlint::check_source("方案.docx", &as_docx(), &settings).unwrap();
    assert_eq!(report.source.text, AS_TEXT);
}

fn planlint_in(dir: &std::path::Path) -> Command {
    let mut cmd = Command::cargo_bin("planlint").unwrap();
    cmd.current_dir(dir);
    cmd
}

#[test]
fn cli_reports_word_paragraphs_and_refuses_other_word_formats() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("方案.docx"), as_docx()).unwrap();
    let mut legacy = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    legacy.resize(512, 0);
    std::fs::write(dir.path().join("旧方案.doc"), &legacy).unwrap();
    std::fs::write(dir.path().join("损坏.docx"), b"PK\x03\x04garbage").unwrap();

    let out = planlint_in(dir.path())
        .args([
            "check",
            "--format",
            "json",
            "方案.docx",
            "旧方案.doc",
            "损坏.docx",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "a file that cannot be read wins"
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files = report["files"].as_array().unwrap();
    assert_eq!(files.len(), 1, "the readable .docx is still checked");
    let diagnostics = files[0]["diagnostics"].as_array().unwrap();
    assert!(!diagnostics.is_empty());
    for d in diagnostics {
        // Paragraphs count body paragraphs and table rows; line n of the text is paragraph n here.
        assert_eq!(d["paragraph"], d["range"]["start"]["line"], "{d}");
    }
    let errors = report["errors"].to_string();
    assert!(errors.contains("Word 97-2003"), "{errors}");
    assert!(errors.contains("corrupt zip archive"), "{errors}");

    // Text files carry no paragraph field.
    std::fs::write(dir.path().join("方案.txt"), AS_TEXT).unwrap();
    let out = planlint_in(dir.path())
        .args(["check", "--format", "json", "方案.txt"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains("\"paragraph\""));
}

#[test]
fn human_output_shows_the_extracted_line_and_fix_leaves_word_files_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("方案.docx");
    std::fs::write(&path, as_docx()).unwrap();
    let out = planlint_in(dir.path())
        .args(["check", "--color", "never", "--fix", "方案.docx"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("（一）动员部署阶段（2024年3月1日至2月30日）"),
        "{stdout}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), as_docx(), "never rewritten");
}

#[test]
fn outline_and_tasks_read_docx() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("方案.docx"), as_docx()).unwrap();
    let outline = planlint_in(dir.path())
        .args(["outline", "方案.docx"])
        .output()
        .unwrap();
    let outline = String::from_utf8_lossy(&outline.stdout);
    for heading in ["一、 工作目标", "（一） 动员部署阶段", "四、 保障措施"] {
        assert!(
            outline.contains(heading),
            "{heading} missing from\n{outline}"
        );
    }
    let tasks = planlint_in(dir.path())
        .args(["tasks", "--format", "csv", "方案.docx"])
        .output()
        .unwrap();
    assert_eq!(tasks.status.code(), Some(0));
    let tasks = String::from_utf8_lossy(&tasks.stdout);
    assert!(tasks.contains("开展隐患排查,区应急管理局"), "{tasks}");
}

#[test]
fn directory_walks_pick_up_docx() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("plans")).unwrap();
    std::fs::write(dir.path().join("plans/方案.docx"), as_docx()).unwrap();
    let out = planlint_in(dir.path())
        .args(["check", "--format", "short", "plans/"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("plans/方案.docx:"));
}

#[test]
fn sarif_for_docx_has_lines_but_no_byte_offsets_or_fixes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("方案.docx"), as_docx()).unwrap();
    let out = planlint_in(dir.path())
        .args(["check", "--format", "sarif", "方案.docx"])
        .output()
        .unwrap();
    let sarif = String::from_utf8_lossy(&out.stdout);
    assert!(sarif.contains("\"startLine\""), "{sarif}");
    assert!(!sarif.contains("byteOffset"), "{sarif}");
    assert!(!sarif.contains("\"fixes\""), "{sarif}");
    let report: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    let errors = common::sarif_schema_errors(&report);
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn diff_says_word_files_are_not_fixed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("方案.docx"), as_docx()).unwrap();
    let out = planlint_in(dir.path())
        .args(["check", "--diff", "方案.docx"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("方案.docx: not fixable"), "{stderr}");
    assert!(out.stdout.is_empty());
}
