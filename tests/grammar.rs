//! Grammar snapshots over tests/grammar/*, and the hybrid classifier checked against plain pest.
#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers in test files may panic

use planlint::syntax::dump::dump;
use planlint::syntax::lower::{classify_lines, Mode};
use std::path::Path;

#[test]
fn grammar_snapshots() {
    insta::glob!("grammar/*.{txt,md}", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        let page = planlint::syntax::parse_text(&text);
        insta::assert_snapshot!(dump(&text, &page));
    });
}

/// Every text the hybrid must agree on: the grammar inputs, and the corpus when it is beside us.
fn texts() -> Vec<(String, String)> {
    let mut dirs = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/grammar")];
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    dirs.push(shared.join("docs"));
    dirs.push(shared.join("pages"));
    let mut out = Vec::new();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            if let Ok(text) = std::fs::read_to_string(e.path()) {
                out.push((e.path().display().to_string(), text));
            }
        }
    }
    out
}

#[test]
fn hybrid_equals_plain_per_line_parse() {
    let texts = texts();
    assert!(texts.len() >= 10, "too few inputs: {}", texts.len());
    for (path, text) in texts {
        let hybrid = classify_lines(&text, Mode::Hybrid);
        let plain = classify_lines(&text, Mode::PestOnly);
        for (h, p) in hybrid.iter().zip(&plain) {
            assert_eq!(h, p, "{path}: line at byte {} differs", h.span.start);
        }
        assert_eq!(hybrid.len(), plain.len(), "{path}");
    }
}

#[test]
fn every_line_kind_is_reachable() {
    let text = "标题\n\n<!-- planlint-disable PL001 -->\n实施方案 篇1\n## 工作目标\n一、指导思想\n1.70歲\n时间:4月\n● 项目\n普通段落。\n【实施方案】相关文章:\n";
    let kinds = planlint::syntax::dump::dump_lines(text, Mode::Hybrid);
    for kind in [
        "Blank",
        "Directive",
        "Separator",
        "MarkdownPlain",
        "heading han-comma",
        "Ambiguous",
        "Label",
        "Bullet",
        "Paragraph",
        "Trailer",
    ] {
        assert!(
            kinds.contains(kind) || kinds.contains(&kind.to_lowercase()),
            "{kind} missing in\n{kinds}"
        );
    }
}
