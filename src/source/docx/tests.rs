use super::numbering::format_value;
use super::*;
use crate::testing::{docx, docx_paragraph as para};

/// 一、 / （一） / 1. on levels 0–2 of abstract 0, used by instance 1.
const CHINESE_OUTLINE: &str = r#"
<w:abstractNum w:abstractNumId="0">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
  <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="decimalEnclosedCircle"/><w:lvlText w:val="%4"/><w:suff w:val="nothing"/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
"#;

fn text_of(body: &str, numbering: Option<&str>, styles: Option<&str>) -> DocxText {
    extract(&docx(body, numbering, styles).unwrap()).unwrap()
}

#[test]
fn number_formats() {
    let cases = [
        (1, "chineseCounting", "一"),
        (10, "chineseCounting", "十"),
        (11, "chineseCounting", "十一"),
        (20, "chineseCountingThousand", "二十"),
        (23, "taiwaneseCounting", "二十三"),
        (3, "chineseLegalSimplified", "叁"),
        (12, "ideographDigital", "一二"),
        (2, "ideographTraditional", "乙"),
        (3, "decimalEnclosedCircle", "③"),
        (21, "decimalEnclosedCircle", "21"),
        (2, "decimalEnclosedParen", "⑵"),
        (12, "decimalFullWidth", "１２"),
        (7, "decimalZero", "07"),
        (28, "upperLetter", "BB"),
        (4, "lowerRoman", "iv"),
        (5, "decimal", "5"),
        (5, "none", ""),
    ];
    for (n, format, want) in cases {
        assert_eq!(format_value(n, format), want, "{n} as {format}");
    }
}

#[test]
fn rebuilds_automatic_numbering_per_level() {
    let body = [
        para("指导思想", Some((1, 0)), None),
        para("主要任务", Some((1, 0)), None),
        para("加强组织领导", Some((1, 1)), None),
        para("明确分工", Some((1, 2)), None),
        para("细化措施", Some((1, 2)), None),
        para("落实责任", Some((1, 3)), None),
        para("强化督查", Some((1, 1)), None),
        para("保障措施", Some((1, 0)), None),
        para("完善制度", Some((1, 1)), None),
    ]
    .concat();
    let doc = text_of(&body, Some(CHINESE_OUTLINE), None);
    assert_eq!(
        doc.text,
        "一、指导思想\n二、主要任务\n（一）加强组织领导\n1. 明确分工\n2. 细化措施\n①落实责任\n\
         （二）强化督查\n三、保障措施\n（一）完善制度\n"
    );
    assert_eq!(doc.paragraph_starts.len(), 9);
}

#[test]
fn heading_styles_carry_numbering_through_based_on() {
    let styles = r#"
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/>
  <w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:basedOn w:val="Heading1"/>
  <w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Loop"><w:basedOn w:val="Loop"/></w:style>
"#;
    let body = [
        para("总体要求", None, Some("Heading1")),
        para("目标", None, Some("Heading2")),
        para("正文段落", None, None),
        para("循环样式", None, Some("Loop")),
        para("工作步骤", None, Some("Heading1")),
        // numId 0: this heading is not numbered although its style is.
        para("附件", Some((0, 0)), Some("Heading1")),
    ]
    .concat();
    let doc = text_of(&body, Some(CHINESE_OUTLINE), Some(styles));
    assert_eq!(
        doc.text,
        "一、总体要求\n（一）目标\n正文段落\n循环样式\n二、工作步骤\n附件\n"
    );
}

#[test]
fn start_override_restarts_a_list() {
    let body = [
        para("甲", Some((1, 0)), None),
        para("乙", Some((1, 0)), None),
        para("丙", Some((2, 0)), None),
        para("丁", Some((2, 0)), None),
    ]
    .concat();
    let doc = text_of(&body, Some(CHINESE_OUTLINE), None);
    assert_eq!(doc.text, "一、甲\n二、乙\n一、丙\n二、丁\n");
}

#[test]
fn tables_become_one_line_per_row() {
    let cell = |t: &str| format!("<w:tc>{}</w:tc>", para(t, None, None));
    let row = |cells: &[&str]| {
        format!(
            "<w:tr>{}</w:tr>",
            cells.iter().map(|c| cell(c)).collect::<String>()
        )
    };
    let body = format!(
        "{}<w:tbl><w:tblPr/>{}{}</w:tbl>{}",
        para("重点任务分工", None, None),
        row(&["序号", "任务", "责任单位"]),
        row(&["1", "建设平台", "区大数据局"]),
        para("以上任务按期完成。", None, None),
    );
    let doc = text_of(&body, None, None);
    assert_eq!(
        doc.text,
        "重点任务分工\n序号\t任务\t责任单位\n1\t建设平台\t区大数据局\n以上任务按期完成。\n"
    );
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(doc.text.match_indices('\n').map(|(i, _)| i + 1))
        .take(4)
        .collect();
    assert_eq!(doc.paragraph_starts, line_starts);
}

#[test]
fn runs_tabs_breaks_and_references() {
    let body = r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr>
<w:r><w:t>研究&amp;决定</w:t></w:r><w:r><w:tab/><w:t>&#x4E00;项</w:t></w:r>
<w:r><w:br/><w:t xml:space="preserve">第二行 </w:t></w:r><w:r><w:br w:type="page"/></w:r>
<w:r><w:instrText>PAGE \* MERGEFORMAT</w:instrText></w:r>
<w:moveFrom><w:r><w:t>移走的</w:t></w:r></w:moveFrom>
<w:r><w:delText>删除的</w:delText></w:r></w:p><w:p/>"#;
    let doc = text_of(body, None, None);
    assert_eq!(doc.text, "研究&决定\t一项\n第二行 \n\n");
    // The manual break keeps both lines in paragraph 1; the empty `<w:p/>` is paragraph 2.
    let second = doc.text.len() - 1;
    assert_eq!(doc.paragraph_starts, vec![0, second]);
}

#[test]
fn tracked_numbering_changes_are_ignored() {
    let body = r#"<w:p><w:pPr><w:pPrChange><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr></w:pPrChange></w:pPr><w:r><w:t>不编号</w:t></w:r></w:p>"#;
    assert_eq!(text_of(body, Some(CHINESE_OUTLINE), None).text, "不编号\n");
}

#[test]
fn custom_chinese_format_wins_over_its_fallback() {
    let numbering = r#"
<w:abstractNum w:abstractNumId="7"><w:lvl w:ilvl="0">
  <mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">
    <mc:Choice Requires="w14"><w:numFmt w:val="custom" w:format="一, 二, 三, ..."/></mc:Choice>
    <mc:Fallback><w:numFmt w:val="decimal"/></mc:Fallback>
  </mc:AlternateContent><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum>
<w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num>"#;
    let body = [
        para("目标", Some((3, 0)), None),
        para("任务", Some((3, 0)), None),
    ]
    .concat();
    assert_eq!(
        text_of(&body, Some(numbering), None).text,
        "一、目标\n二、任务\n"
    );
}

#[test]
fn sniffs_word_formats() {
    let cfb = |extra: &str| {
        let mut b = CFB_MAGIC.to_vec();
        b.extend(std::iter::repeat_n(0u8, 64));
        b.extend(extra.encode_utf16().flat_map(u16::to_le_bytes));
        b
    };
    assert_eq!(
        sniff("a.doc", &cfb("")),
        Container::Unsupported(DocxError::LegacyDoc)
    );
    assert_eq!(
        sniff("a.bin", &cfb("WordDocument")),
        Container::Unsupported(DocxError::LegacyDoc)
    );
    assert_eq!(
        sniff("a.WPS", &cfb("")),
        Container::Unsupported(DocxError::Wps)
    );
    assert_eq!(
        sniff("a.docx", &cfb("EncryptedPackage")),
        Container::Unsupported(DocxError::Encrypted)
    );
    assert_eq!(sniff("a.bin", &cfb("")), Container::Text);
    assert!(matches!(
        sniff("a.docx", "方案".as_bytes()),
        Container::Unsupported(DocxError::Zip(_))
    ));
    assert_eq!(sniff("a.txt", "方案".as_bytes()), Container::Text);
    assert_eq!(
        sniff("a.txt", &docx("", None, None).unwrap()),
        Container::Docx
    );
}

#[test]
fn broken_archives_are_errors_not_panics() {
    let good = docx(&para("方案", None, None), None, None).unwrap();
    for cut in [10, good.len() / 2, good.len() - 10] {
        assert!(extract(&good[..cut]).is_err(), "truncated at {cut}");
    }
    // A zip that is not a Word document.
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("readme.txt", zip::write::SimpleFileOptions::default())
        .unwrap();
    let other = zip.finish().unwrap().into_inner();
    assert_eq!(extract(&other), Err(DocxError::NotWord));
    // Malformed XML.
    let bad = docx("<w:p><w:r><w:t>未闭合</w:r></w:p>", None, None).unwrap();
    assert!(matches!(extract(&bad), Err(DocxError::Xml { .. })));
}

#[test]
fn huge_list_starts_and_counters_stay_small_and_do_not_wrap() {
    let numbering = r#"
<w:abstractNum w:abstractNumId="0">
  <w:lvl w:ilvl="0"><w:start w:val="4294967295"/><w:numFmt w:val="upperLetter"/><w:lvlText w:val="%1."/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="4294967294"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%2)"/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#;
    let body = [
        para("甲", Some((1, 0)), None),
        para("乙", Some((1, 0)), None),
        para("丙", Some((1, 1)), None),
        para("丁", Some((1, 1)), None),
        para("戊", Some((1, 1)), None),
    ]
    .concat();
    let doc = text_of(&body, Some(numbering), None);
    // Letters and Roman numerals past their range are digits; the counter stops at its maximum.
    assert_eq!(
        doc.text,
        "4294967295. 甲\n4294967295. 乙\n4294967294)丙\n4294967295)丁\n4294967295)戊\n"
    );
    assert_eq!(format_value(104, "upperLetter"), "ZZZZ");
    assert_eq!(format_value(105, "upperLetter"), "105");
    assert_eq!(format_value(3999, "upperRoman"), "MMMCMXCIX");
    assert_eq!(format_value(4000, "upperRoman"), "4000");
}

#[test]
fn deep_nesting_is_read_into_the_level_that_holds_it() {
    // Tables in tables and text boxes in text boxes, 5,000 deep: the text is all there, each
    // level not copied into every level above it.
    let depth = 5_000;
    let tables = format!(
        "{}{}{}",
        "<w:tbl><w:tr><w:tc>".repeat(depth),
        para("最里层", None, None),
        "</w:tc></w:tr></w:tbl>".repeat(depth),
    );
    let boxes = format!(
        "{}<w:r><w:t>文本框</w:t></w:r>{}",
        "<w:p><w:r><w:t>层</w:t></w:r>".repeat(depth),
        "</w:p>".repeat(depth),
    );
    let body = format!("{tables}{}{boxes}", para("正文", None, None));
    let doc = text_of(&body, None, None);
    let lines: Vec<&str> = doc.text.lines().collect();
    assert_eq!(lines.len(), 3, "{:?}", &doc.text[..200.min(doc.text.len())]);
    assert_eq!(lines[0].trim(), "最里层");
    assert_eq!(lines[1], "正文");
    assert_eq!(lines[2].matches('层').count(), depth);
    assert!(lines[2].ends_with("文本框"));
    assert_eq!(doc.paragraph_starts.len(), 3);
}

#[test]
fn parts_larger_than_their_limit_are_refused_before_they_are_inflated() {
    // 40 MB of numbering XML deflates to about 40 KB: a small bomb.
    let filler = format!("<!--{}-->", " ".repeat(40 << 20));
    let bomb = docx(&para("方案", None, None), Some(&filler), None).unwrap();
    assert!(bomb.len() < 1 << 20);
    assert_eq!(
        extract(&bomb),
        Err(DocxError::TooLarge {
            part: "word/numbering.xml",
            limit: SIDE_PART_LIMIT
        })
    );
    assert_eq!(
        extract(&bomb).unwrap_err().to_string(),
        "word/numbering.xml is larger than 32 MB uncompressed; not read"
    );
}

#[test]
fn the_inflate_budget_is_shared_and_given_back() {
    use std::sync::mpsc;
    use std::time::Duration;
    let first = Reservation::take(INFLATE_BUDGET / 2);
    let second = Reservation::take(INFLATE_BUDGET / 2);
    // A third share does not fit while both are held: its thread waits ...
    let (sent, taken) = mpsc::channel();
    let waiter = std::thread::spawn(move || {
        let third = Reservation::take(INFLATE_BUDGET / 2);
        sent.send(()).unwrap();
        drop(third);
    });
    assert!(
        taken.recv_timeout(Duration::from_millis(200)).is_err(),
        "a reservation past the budget did not wait"
    );
    // ... and goes on once one is given back.
    drop(first);
    assert!(
        taken.recv_timeout(Duration::from_secs(30)).is_ok(),
        "a reservation still waits after the budget was given back"
    );
    waiter.join().unwrap();
    drop(second);
    // A reservation larger than the whole budget is capped, so it never waits forever.
    let (sent, taken) = mpsc::channel();
    std::thread::spawn(move || {
        drop(Reservation::take(INFLATE_BUDGET * 4));
        sent.send(()).unwrap();
    });
    assert!(taken.recv_timeout(Duration::from_secs(30)).is_ok());
}
