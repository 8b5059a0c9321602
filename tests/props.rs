//! Properties: any input parses without panicking, and every span is valid.
#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers in test files may panic

mod common;

use planlint::engine::Settings;
use planlint::source::{LineIndex, Span};
use proptest::prelude::*;
use std::sync::LazyLock;

static SETTINGS: LazyLock<Settings> =
    LazyLock::new(|| Settings::builtin().unwrap_or_else(|e| panic!("{e}")));

/// Strings built from the pieces plans are made of: markers, brackets, digits, Han, newlines.
fn plan_like() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "一、",
        "（一）",
        "(一)",
        "1.",
        "1、",
        "（1）",
        "①",
        "㈠",
        "第一阶段",
        "第二、",
        "1.1 ",
        "## ",
        "# ",
        "附件1",
        "篇1",
        "第2篇:",
        "相关文章",
        "指导思想",
        "工作目标",
        "主要任务",
        "保障措施",
        "：",
        ":",
        "。",
        "，",
        "（",
        "）",
        "《",
        "》",
        "\n",
        "\r\n",
        "\r",
        " ",
        "\u{3000}",
        "2024年",
        "3月",
        "x",
        "<!-- planlint-disable PL001 -->",
        "<!-- planlint-disable-next-line ",
        "<!-- planlint-enable -->",
        " -->",
        "planlint: disable-file=",
        "planlint: enable ",
        "placeholder,",
        "PL9",
        "planlint:",
        "\u{FFFD}",
        "𠀀",
        "é",
        "10",
        "?",
        "● ",
        "- [ ] ",
        "项",
        "共",
        "分别",
        "其中",
        "％",
        "万元",
        "、",
    ]);
    // Runs of Han numerals, long enough to overflow any integer (九九九…亿).
    let numerals = prop::collection::vec(
        prop::sample::select(vec![
            '一', '二', '九', '十', '百', '千', '万', '亿', '〇', '两', '拾',
        ]),
        1..30,
    )
    .prop_map(|v| v.into_iter().collect::<String>());
    let piece = prop_oneof![4 => pieces.prop_map(str::to_owned), 1 => numerals];
    prop::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

fn check_spans(text: &str, spans: impl IntoIterator<Item = Span>) {
    for s in spans {
        assert!(
            s.start <= s.end && s.end <= text.len(),
            "span {s:?} out of range"
        );
        assert!(
            text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
            "span {s:?} off a char boundary"
        );
    }
}

fn check_everything(bytes: &[u8]) {
    let Ok(report) = planlint::check_source("p.txt", bytes, &SETTINGS) else {
        return;
    };
    // `check` builds and frees one document at a time: the same findings as the whole tree.
    let lean = planlint::engine::check_source_keeping(
        "p.txt",
        bytes,
        &SETTINGS,
        planlint::engine::Keep::Findings,
    )
    .unwrap();
    assert_eq!(
        format!("{:?}", lean.diagnostics),
        format!("{:?}", report.diagnostics)
    );
    assert_eq!(lean.suppressed.len(), report.suppressed.len());
    assert!(lean.page.documents.is_empty() && lean.facts.is_empty());
    let text = &report.source.text;
    assert_eq!(planlint::text::fold::fold(text).len(), text.len());
    for d in &report.diagnostics {
        check_spans(
            text,
            std::iter::once(d.span).chain(d.labels.iter().map(|l| l.span)),
        );
    }
    for doc in &report.page.documents {
        check_spans(text, doc.texts().map(|(_, s)| s));
        check_spans(
            text,
            doc.sections
                .iter()
                .flat_map(|s| [s.heading, s.line, s.span, s.marker.span]),
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        check_everything(&bytes);
    }

    #[test]
    fn plan_like_text_never_panics(text in plan_like()) {
        check_everything(text.as_bytes());
    }

    /// Every line is checked or named as boilerplate, and text after another never hides
    /// what either finds alone (a compiled volume of plans).
    #[test]
    fn concatenation_hides_nothing(a in plan_like(), b in plan_like()) {
        // Suppression comments reach to the end of the file, and an appendix (附件) holds
        // what follows it, by design: defuse them.
        let defuse = |t: &str| t.replace("planlint", "plan").replace("附件", "附").replace('\r', "\n");
        // Plans as a compiled volume holds them: a title, numbered sections, a body.
        let mut joined = format!("城东街道工作方案\n一、工作目标\n{}\n二、保障措施\n加强领导。\n", defuse(&a));
        let offset = joined.len();
        let b = format!("春季运动会实施方案\n一、活动目的\n{}", defuse(&b));
        joined.push_str(&b);
        common::assert_covered(&joined, &SETTINGS);
        let both = common::findings(&joined, 0, &SETTINGS);
        // A's last line is read with the line after it (a label whose value is on the next
        // line), so only the lines before it must keep their findings.
        let last_line = joined[..offset].trim_end().rfind('\n').map_or(0, |i| i + 1);
        let alone = common::findings(&joined[..offset], 0, &SETTINGS)
            .into_iter()
            .filter(|f| f.2 <= last_line)
            .chain(common::findings(&b, offset, &SETTINGS));
        // A few lines after a trailer of links are a site's footer: named as boilerplate,
        // which `assert_covered` allows.
        let page = planlint::engine::check_text("x.txt", &joined, &SETTINGS).page;
        let named = |f: &(&str, usize, usize)| {
            page.boilerplate.iter().any(|s| s.start <= f.1 && f.2 <= s.end)
        };
        for f in alone {
            prop_assert!(both.contains(&f) || named(&f), "{f:?} lost in {joined:?}");
        }
    }

    #[test]
    fn line_index_agrees_with_naive_count(text in plan_like(), pick in 0usize..1000) {
        let index = LineIndex::new(&text);
        let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        let offset = boundaries[pick % boundaries.len()];
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        let p = index.position(&text, offset);
        prop_assert_eq!((p.line, p.column), (line, column));
    }

    /// The cursor the JSON report uses counts on from the previous offset: any order of
    /// offsets (inside characters too) gives the positions a fresh lookup gives.
    #[test]
    fn position_cursor_agrees_with_lookup(
        text in plan_like(),
        picks in prop::collection::vec(0usize..1000, 1..12),
    ) {
        let source = planlint::source::SourceFile::from_text("p.txt", &text);
        let mut cursor = planlint::source::PositionCursor::new(&source);
        for pick in picks {
            let offset = pick % (text.len() + 1);
            prop_assert_eq!(cursor.position(offset), source.position(offset));
        }
    }
}

/// A small Word document whose paragraphs are plan-like text (XML-escaped), numbered at random.
fn docx_of(lines: &[(String, Option<u32>)]) -> Vec<u8> {
    let numbering = r#"<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl><w:lvl w:ilvl="1"><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#;
    let body: String = lines
        .iter()
        .map(|(text, level)| {
            planlint::testing::docx_paragraph(text, level.map(|l| (1, l % 3)), None)
        })
        .collect();
    planlint::testing::docx(&body, Some(numbering), None).expect("a zip in memory")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    /// Word files: any plan-like content checks cleanly, and any damage to the archive is an
    /// error, never a panic.
    #[test]
    fn docx_never_panics(
        lines in prop::collection::vec((plan_like(), prop::option::of(0u32..4)), 0..6),
        cut in any::<prop::sample::Index>(),
        flip in any::<prop::sample::Index>(),
        byte in any::<u8>(),
    ) {
        let lines: Vec<(String, Option<u32>)> = lines
            .into_iter()
            .map(|(t, l)| (t.chars().filter(|c| !c.is_control()).collect(), l))
            .collect();
        let whole = docx_of(&lines);
        let report = planlint::check_source("p.docx", &whole, &SETTINGS);
        prop_assert!(report.is_ok(), "{:?}", report.err());
        let mut damaged = whole.clone();
        let i = flip.index(damaged.len());
        damaged[i] ^= byte | 1;
        let _ = planlint::check_source("p.docx", &damaged, &SETTINGS);
        let _ = planlint::check_source("p.docx", &whole[..cut.index(whole.len())], &SETTINGS);
    }
}

/// Pieces of a planlint.toml: tables, keys, values of every type, broken syntax.
fn config_like() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "[rules]\n",
        "[files]\n",
        "[vocab]\n",
        "[[overrides]]\n",
        "[vocab.owners]\n",
        "placeholder = \"off\"\n",
        "PL001 = \"note\"\n",
        "missing-section = \"error\"\n",
        "include = [\"*.txt\"]\n",
        "exclude = [\"[\"]\n",
        "files = [\"a/**\"]\n",
        "rules = { placeholder = \"off\" }\n",
        "units = [\"局\", 1]\n",
        "extend = true\n",
        "= \n",
        "\"\n",
        "[\n",
        "]\n",
        "{",
        "}",
        "x = 1\n",
        "部门 = \"局\"\n",
        "\u{FEFF}",
        "encoding = \"gbk\"\n",
        "select = [\"PL1\"]\n",
        "ignore = []\n",
    ]);
    prop::collection::vec(pieces, 0..16).prop_map(|v| v.concat())
}

/// LSP frames: good and bad headers, lengths that lie, bodies that are not JSON-RPC.
fn lsp_like() -> impl Strategy<Value = Vec<u8>> {
    let pieces = prop::sample::select(vec![
        "Content-Length: 2\r\n\r\n{}",
        "Content-Length: 52\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"initialized\",\"params\":{}}",
        "Content-Length: 99999999999999\r\n\r\n",
        "Content-Length: -1\r\n\r\n",
        "Content-Length: 5\r\n\r\n",
        "Content-Type: x\r\n",
        "\r\n",
        "{not json",
        "Content-Length: 9\r\n\r\n{not json",
        "Content-Length: 41\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"exit\"}",
    ]);
    prop::collection::vec(pieces, 0..8).prop_map(|v| v.concat().into_bytes())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Plan-like text in every legacy encoding planlint reads decodes and checks.
    #[test]
    fn encoded_plans_never_panic(text in plan_like(), which in 0usize..5) {
        let bytes: Vec<u8> = match which {
            0 => encoding_rs::GBK.encode(&text).0.into_owned(),
            1 => encoding_rs::BIG5.encode(&text).0.into_owned(),
            2 => text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect(),
            3 => text.encode_utf16().flat_map(|u| u.to_be_bytes()).collect(),
            _ => [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat(),
        };
        check_everything(&bytes);
    }

    /// Any configuration text loads or gives an error; never a panic.
    #[test]
    fn config_text_never_panics(text in config_like()) {
        if let Ok(config) = planlint::config::Config::parse(&text) {
            let _ = Settings::new(&config, &[], &[]);
        }
    }

    /// The language server's reader answers or skips any framing and always ends.
    #[test]
    fn lsp_frames_never_panic(bytes in lsp_like()) {
        let (sender, receiver) = crossbeam_channel::unbounded();
        let mut errors = Vec::new();
        planlint::server::transport::read_messages(&mut &bytes[..], &sender, &mut errors);
        drop(sender);
        let _ = receiver.into_iter().count();
    }
}
