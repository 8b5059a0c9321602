//! The pest parser of grammar/plan.pest. Only `lower.rs` looks at its pairs.

#[derive(pest_derive::Parser)]
#[grammar = "grammar/plan.pest"]
pub struct PlanParser;

#[cfg(test)]
mod tests {
    use super::*;
    use pest::Parser;

    /// The name of the line-kind rule a line parses to.
    fn kind(line: &str) -> String {
        let Ok(mut pairs) = PlanParser::parse(Rule::line, line) else {
            return "error".into();
        };
        let Some(line) = pairs.next() else {
            return "none".into();
        };
        let Some(kind) = line.into_inner().next() else {
            return "none".into();
        };
        match kind.as_rule() {
            Rule::heading => {
                let marker = kind
                    .into_inner()
                    .next()
                    .map(|m| format!("{:?}", m.as_rule()));
                format!("heading:{}", marker.unwrap_or_default())
            }
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn markers_in_both_widths() {
        let cases = [
            ("一、指导思想", "heading:han_comma"),
            ("十一、其他", "heading:han_comma"),
            ("七.收費方案", "heading:han_comma"),
            ("七．收费方案", "heading:han_comma"),
            ("(一)开设课程。", "heading:han_paren"),
            ("（一）加强领导。各单位要……", "heading:han_paren"),
            ("(一)、组织", "heading:han_paren"),
            ("㈡ 工作目標", "heading:han_paren"),
            ("第一部分 总则", "heading:part"),
            ("第三章 附则", "heading:part"),
            ("第一阶段:课题准备阶段", "heading:phase"),
            ("第二步驟：實施", "heading:phase"),
            ("第四,大力實施中醫院基礎建設項目。", "heading:ordinal"),
            ("第二、自身也存在一些缺點", "heading:ordinal"),
            ("1、多层次组建", "heading:arabic"),
            ("1.调研与录入。", "heading:arabic"),
            ("1．调研", "heading:arabic"),
            ("１．调研", "heading:arabic"),
            ("2) 建立台账", "heading:arabic"),
            ("⒈ 建立台账", "heading:arabic"),
            ("2.1 網站推廣", "heading:decimal"),
            ("1.2.1 数据", "heading:decimal"),
            ("1 总则", "heading:bare_num"),
            ("(1)由學校行政", "heading:arabic_paren"),
            ("（12）建立", "heading:arabic_paren"),
            ("⑴ 建立", "heading:arabic_paren"),
            ("①違反國家法律", "heading:circled"),
            ("附件1：进度表", "heading:appendix"),
            ("附件", "heading:appendix"),
        ];
        for (line, want) in cases {
            assert_eq!(kind(line), want, "{line}");
        }
    }

    #[test]
    fn other_line_kinds() {
        let cases = [
            ("", "blank_or_paragraph"),
            ("实施方案 篇1", "separator"),
            ("第1篇:中醫院幫扶工作計劃范文", "separator"),
            ("【篇二】", "separator"),
            ("衛生工作實施方案篇一", "separator"),
            ("实施方案4篇【通用】", "paragraph"),
            ("中醫院幫扶工作計劃精選(九篇)", "paragraph"),
            ("【实施方案】相关文章:", "trailer"),
            ("<!-- planlint-disable PL301 模板 -->", "directive"),
            ("# planlint: disable-next-line=PL301 原因", "directive"),
            ("## 工作目标", "md_heading"),
            ("1.70歲以上老人", "ambiguous"),
            ("時間:4月份", "label"),
            ("組 長:z", "label"),
            ("● 建立台账", "bullet"),
            ("? 根據《國務院", "bullet"),
            ("- [ ] 完成", "bullet"),
            ("一是要善于将需求转化为政策", "paragraph"),
            ("三、四年級開展閱讀", "paragraph"),
            ("20xx年,学校搬迁新址", "paragraph"),
            ("2023-12-07 12:06:44", "paragraph"),
            ("2.5%。", "ambiguous"),
            ("第一個星期,地面打掃", "paragraph"),
        ];
        for (line, want) in cases {
            let got = kind(line);
            let ok = if want == "blank_or_paragraph" {
                got == "paragraph"
            } else {
                got == want
            };
            assert!(ok, "{line}: got {got}, want {want}");
        }
    }
}
