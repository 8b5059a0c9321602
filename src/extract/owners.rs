//! Owners of tasks (DESIGN §3.6): labelled (责任单位：…), lead/co-operate (市教育局牵头，…配合),
//! bare lists at item end ((德育处 团委), (王海岳 谢景文)), 由…负责 clauses, sentence subjects
//! (民政部门要…), and org-chart slots (组长:zz). Tasks are the items below a tasks section.

use super::Facts;
use crate::config::vocab::Role;
use crate::config::ConfigError;
use crate::source::{SourceFile, Span};
use crate::syntax::{Block, Document, SectionId};
use regex::Regex;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct OwnersFile {
    lead_labels: Vec<String>,
    co_labels: Vec<String>,
    slot_labels: Vec<String>,
    unit_suffixes: Vec<String>,
    actor_verbs: Vec<String>,
    by_verbs: Vec<String>,
    mention_suffixes: Vec<String>,
    vague: Vec<String>,
    surnames: String,
}

#[derive(Debug)]
pub struct OwnerVocab {
    label: Regex,
    co_labels: Vec<String>,
    lead_co: Regex,
    by: Regex,
    actor: Regex,
    mention: Regex,
    unit_suffixes: Vec<String>,
    vague: Vec<String>,
    surnames: String,
}

fn alternation(words: &[String]) -> String {
    let mut sorted: Vec<&String> = words.iter().collect();
    sorted.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    sorted
        .iter()
        .map(|w| regex::escape(&crate::fold::fold(w)))
        .collect::<Vec<_>>()
        .join("|")
}

/// Like `alternation`, but a label may have spaces between its characters (組 長:z).
fn spaced(words: &[String]) -> String {
    let mut sorted: Vec<&String> = words.iter().collect();
    sorted.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    let one = |w: &String| {
        crate::fold::fold(w)
            .chars()
            .map(|c| regex::escape(&c.to_string()))
            .collect::<Vec<_>>()
            .join("[ \u{3000}]*")
    };
    sorted.iter().map(|w| one(w)).collect::<Vec<_>>().join("|")
}

impl OwnerVocab {
    pub fn compile(table: toml::Table) -> Result<OwnerVocab, ConfigError> {
        let f: OwnersFile = table.try_into().map_err(|e: toml::de::Error| {
            ConfigError::vocab(format!("owners vocabulary: {}", e.message()))
        })?;
        let labels: Vec<String> = f
            .lead_labels
            .iter()
            .chain(&f.co_labels)
            .chain(&f.slot_labels)
            .cloned()
            .collect();
        let re = |p: String| {
            Regex::new(&p).map_err(|e| ConfigError::vocab(format!("owners vocabulary: {e}")))
        };
        let stop = "，,。；;:：（()）\\n";
        Ok(OwnerVocab {
            label: re(format!(
                r"(?P<key>{})[ \u{{3000}}]*[:：][ \u{{3000}}]*(?P<value>[^{stop}]*)",
                spaced(&labels)
            ))?,
            co_labels: f.co_labels,
            lead_co: re(format!(r"(?P<units>[^{stop}]{{2,30}}?)(?P<verb>牵头|配合)"))?,
            by: re(format!(
                r"由(?P<units>[^{stop}]{{2,24}}?)(?:{})",
                alternation(&f.by_verbs)
            ))?,
            // Units may hold brackets: 各乡镇(街道)残联干部必须…
            actor: re(format!(
                r"(?:^|[。；;，,：:])[ \u{{3000}}]*(?P<units>[^，,。；;:：\n]{{1,20}}?(?:{}))(?:{})",
                alternation(&f.unit_suffixes),
                alternation(&f.actor_verbs)
            ))?,
            mention: re(format!(
                r"(?P<units>[^，,。；;:：、（()）“”《》\s]{{0,10}}(?:{}))",
                alternation(&f.mention_suffixes)
            ))?,
            unit_suffixes: f.unit_suffixes,
            vague: f.vague,
            surnames: f.surnames,
        })
    }

    fn is_vague(&self, units: &str) -> bool {
        let units = units.trim_start_matches(['由', '在', '对', '向', '和', '与', '及', '请']);
        let u = units.trim_start_matches('各');
        self.vague
            .iter()
            .any(|v| units == v || u == v.trim_start_matches('各'))
            || u.starts_with("相关")
            || u.starts_with("有关")
    }

    /// A unit name: ends with a unit suffix, short, and not a phrase joined by 及/和/的.
    fn is_unit(&self, token: &str) -> bool {
        self.unit_suffixes
            .iter()
            .any(|s| token.ends_with(s.as_str()))
            && token.chars().count() <= 12
            && !token.contains(['及', '和', '与', '的', '或', '等'])
    }

    fn is_person(&self, token: &str) -> bool {
        let n = token.chars().count();
        (2..=4).contains(&n)
            && token
                .chars()
                .next()
                .is_some_and(|c| self.surnames.contains(c))
            && token.chars().all(is_han)
    }
}

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF)
}

/// Template residue in an owner slot: z, zz, XX, ××, 某某.
fn is_placeholder_token(t: &str) -> bool {
    matches!(t, "z" | "zz" | "某某")
        || (!t.is_empty() && t.chars().all(|c| matches!(c, 'x' | 'X' | '×')))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OwnerKind {
    Named,
    Vague,
    /// The slot holds template residue (PL102).
    Placeholder,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Owner {
    /// The owner text (units or persons).
    pub span: Span,
    /// The section whose own text (heading line and blocks) holds it; None = preamble.
    pub section: Option<SectionId>,
    pub lead: bool,
    pub kind: OwnerKind,
    /// The placeholder tokens of a slot, for PL102.
    pub residue: Vec<Span>,
}

/// Owners in one piece of text (folded), at file offset `base`.
fn scan(text: &str, base: usize, section: Option<SectionId>, v: &OwnerVocab, out: &mut Vec<Owner>) {
    let at = |s: usize, e: usize| Span::new(base + s, base + e);
    let mut taken: Vec<(usize, usize)> = Vec::new();
    for c in v.label.captures_iter(text) {
        let (Some(key), Some(value)) = (c.name("key"), c.name("value")) else {
            continue;
        };
        let key: String = key
            .as_str()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let lead = !v.co_labels.contains(&key);
        let slot = value.as_str().trim();
        let residue = residue_tokens(value.as_str(), base + value.start());
        let kind = if !residue.is_empty() || slot.is_empty() {
            OwnerKind::Placeholder
        } else if v.is_vague(slot) {
            OwnerKind::Vague
        } else {
            OwnerKind::Named
        };
        let whole = c.get(0).map_or(value.start(), |m| m.start());
        let span = if slot.is_empty() {
            at(whole, value.end())
        } else {
            at(
                value.start(),
                value.start() + value.as_str().trim_end().len(),
            )
        };
        out.push(Owner {
            span,
            section,
            lead,
            kind,
            residue,
        });
        taken.push((c.get(0).map_or(value.start(), |m| m.start()), value.end()));
    }
    let free =
        |s: usize, e: usize, taken: &[(usize, usize)]| !taken.iter().any(|&(a, b)| s < b && a < e);
    for c in v.lead_co.captures_iter(text) {
        let Some(units) = c.name("units") else {
            continue;
        };
        let u = units
            .as_str()
            .trim_start_matches(['，', ',', '(', '（', ' ']);
        if !free(units.start(), units.end(), &taken)
            || !(v.is_unit(u) || u.split(['、', ' ']).all(|t| v.is_unit(t) || v.is_person(t)))
        {
            continue;
        }
        let lead = c.name("verb").is_some_and(|m| m.as_str() == "牵头");
        let kind = if v.is_vague(u) {
            OwnerKind::Vague
        } else {
            OwnerKind::Named
        };
        out.push(Owner {
            span: at(units.end() - u.len(), units.end()),
            section,
            lead,
            kind,
            residue: Vec::new(),
        });
        taken.push((units.start(), units.end()));
    }
    for re in [&v.by, &v.actor] {
        for c in re.captures_iter(text) {
            let Some(units) = c.name("units") else {
                continue;
            };
            if !free(units.start(), units.end(), &taken) {
                continue;
            }
            let u = units.as_str();
            let kind =
                if v.is_vague(u) || v.is_vague(u.trim_start_matches(['各', '县', '市', '省'])) {
                    OwnerKind::Vague
                } else {
                    OwnerKind::Named
                };
            out.push(Owner {
                span: at(units.start(), units.end()),
                section,
                lead: true,
                kind,
                residue: Vec::new(),
            });
            taken.push((units.start(), units.end()));
        }
    }
}

/// Placeholder tokens (z, zz, XX, 某某) in a slot's value.
fn residue_tokens(value: &str, base: usize) -> Vec<Span> {
    let mut out = Vec::new();
    let mut offset = 0;
    for token in value.split([' ', '\u{3000}', '、', ',', '，']) {
        if is_placeholder_token(token) {
            out.push(Span::new(base + offset, base + offset + token.len()));
        }
        offset += token.len()
            + value[offset + token.len()..]
                .chars()
                .next()
                .map_or(0, char::len_utf8);
    }
    out
}

/// A bracketed list of units, persons or residue closing a line: (德育处 团委), (zz 信息中心);
/// or the template's bare `zz zz` closing it (…树立先进典型。zz zz).
fn trailing_list(
    text: &str,
    base: usize,
    section: Option<SectionId>,
    v: &OwnerVocab,
    out: &mut Vec<Owner>,
) {
    let trimmed = text.trim_end_matches(|c: char| c.is_whitespace() || "。；;，,".contains(c));
    let bare = trimmed.trim_end_matches(['z', ' ', '\u{3000}']);
    if bare.len() < trimmed.len() && bare.ends_with(['。', '；', ';', ')', '）']) {
        let slot = trimmed[bare.len()..].trim_start();
        let start = base + trimmed.len() - slot.len();
        let residue = residue_tokens(slot, start);
        if !residue.is_empty() && residue.len() == slot.split_whitespace().count() {
            out.push(Owner {
                span: Span::new(start, start + slot.len()),
                section,
                lead: true,
                kind: OwnerKind::Placeholder,
                residue,
            });
            return;
        }
    }
    let Some(inner_end) = trimmed.strip_suffix([')', '）']).map(str::len) else {
        return;
    };
    let Some(open) = trimmed[..inner_end].rfind(['(', '（']) else {
        return;
    };
    let open_len = trimmed[open..].chars().next().map_or(1, char::len_utf8);
    let inner = &trimmed[open + open_len..inner_end];
    let tokens: Vec<&str> = inner
        .split([' ', '\u{3000}', '、', ',', '，'])
        .filter(|t| !t.is_empty())
        .collect();
    if tokens.is_empty()
        || !tokens
            .iter()
            .all(|t| v.is_unit(t) || v.is_person(t) || is_placeholder_token(t))
    {
        return;
    }
    let residue = residue_tokens(inner, base + open + open_len);
    let kind = if !residue.is_empty() {
        OwnerKind::Placeholder
    } else if v.is_vague(inner.trim()) {
        OwnerKind::Vague
    } else {
        OwnerKind::Named
    };
    let start = base + open + open_len + (inner.len() - inner.trim_start().len());
    out.push(Owner {
        span: Span::new(start, start + inner.trim().len()),
        section,
        lead: true,
        kind,
        residue,
    });
}

/// Every owner of a document, with the section whose own text holds it.
pub fn extract(source: &SourceFile, doc: &Document, v: &OwnerVocab) -> Vec<Owner> {
    let mut out = Vec::new();
    let piece = |span: Span, section: Option<SectionId>, out: &mut Vec<Owner>| {
        let text = source.folded(span);
        let before = out.len();
        scan(text, span.start, section, v, out);
        if out.len() == before {
            trailing_list(text, span.start, section, v, out);
        }
    };
    for b in &doc.preamble {
        piece(b.span(), None, &mut out);
    }
    for (id, s) in doc.walk() {
        let heading = Span::new(s.marker.span.end, s.line.end);
        piece(heading, Some(id), &mut out);
        // (十)做好档案保存整理工作:谢景文 — a name list after the heading's colon.
        if let (Some(':' | '：'), Some(body)) = (s.heading_end, s.inline_body) {
            let names = source.folded(body);
            if !names.is_empty()
                && names
                    .split([' ', '、', '，', ','])
                    .filter(|t| !t.is_empty())
                    .all(|t| v.is_person(t) || v.is_unit(t) || is_placeholder_token(t))
            {
                out.push(Owner {
                    span: body,
                    section: Some(id),
                    lead: true,
                    kind: OwnerKind::Named,
                    residue: Vec::new(),
                });
            }
        }
        for b in &s.blocks {
            let span = match *b {
                Block::Bullet { text, .. } => text,
                ref other => other.span(),
            };
            piece(span, Some(id), &mut out);
        }
    }
    out.sort_by_key(|o| o.span.start);
    out.dedup_by(|a, b| a.span == b.span);
    out
}

/// Units mentioned anywhere in a task's text: the weakest evidence that someone acts.
fn mentions(source: &SourceFile, span: Span, v: &OwnerVocab) -> Vec<Span> {
    let text = source.folded(span);
    v.mention
        .captures_iter(text)
        .filter_map(|c| c.name("units"))
        .filter(|m| !v.is_vague(m.as_str()) && m.as_str().chars().count() >= 2)
        .map(|m| Span::new(span.start + m.start(), span.start + m.end()))
        .collect()
}

/// The best owner state among owners: named beats placeholder beats vague.
fn state(owners: &[&Owner]) -> Option<OwnerKind> {
    [OwnerKind::Named, OwnerKind::Placeholder, OwnerKind::Vague]
        .into_iter()
        .find(|k| owners.iter().any(|o| o.kind == *k))
}

/// A task item below a tasks section.
#[derive(Clone, Debug)]
pub struct Task {
    pub section: SectionId,
    /// The top-level tasks section it belongs to.
    pub root: SectionId,
    /// Own, inherited from an ancestor, or None.
    pub owner: Option<OwnerKind>,
    pub inherited: bool,
    pub lead: Vec<Span>,
    pub co: Vec<Span>,
    /// Index into `facts.dates` of the deadline, if any.
    pub deadline: Option<usize>,
}

/// Task items: below each tasks section, its grandchildren where they exist, else its children,
/// else the section itself. Deeper items (criteria, sub-steps) belong to the item above them.
pub fn tasks(source: &SourceFile, doc: &Document, facts: &Facts, vocab: &OwnerVocab) -> Vec<Task> {
    let mut out = Vec::new();
    for root in super::roles::top_level(doc)
        .into_iter()
        .filter(|&id| facts.roles[id].contains(Role::Tasks))
    {
        let mut items = Vec::new();
        for &child in &doc.sections[root].children {
            let grand = &doc.sections[child].children;
            if grand.is_empty() {
                items.push(child);
            } else {
                items.extend(grand.iter().copied());
            }
        }
        if items.is_empty() {
            items.push(root);
        }
        for id in items {
            out.push(task(source, doc, facts, vocab, root, id));
        }
    }
    out
}

fn subtree(doc: &Document, id: SectionId) -> Vec<SectionId> {
    let mut ids = vec![id];
    let mut i = 0;
    while i < ids.len() {
        ids.extend(doc.sections[ids[i]].children.iter().copied());
        i += 1;
    }
    ids
}

fn task(
    source: &SourceFile,
    doc: &Document,
    facts: &Facts,
    vocab: &OwnerVocab,
    root: SectionId,
    id: SectionId,
) -> Task {
    let own_ids = subtree(doc, id);
    let own: Vec<&Owner> = facts
        .owners
        .iter()
        .filter(|o| o.section.is_some_and(|s| own_ids.contains(&s)))
        .collect();
    let mut ancestors = Vec::new();
    let mut at = doc.sections[id].parent;
    while let Some(p) = at {
        ancestors.push(p);
        if p == root {
            break;
        }
        at = doc.sections[p].parent;
    }
    // Only an owner on a parent's heading line (or a label line such as 牵头处室：…) covers the
    // items below it; a sentence in the parent's introduction does not.
    let on_heading = |o: &Owner| {
        o.section.is_some_and(|s| {
            let sec = &doc.sections[s];
            (sec.line.start <= o.span.start && o.span.end <= sec.line.end)
                || sec.blocks.iter().any(|b| matches!(b, Block::Label { line, .. } if line.start <= o.span.start && o.span.end <= line.end))
        })
    };
    let inherited: Vec<&Owner> = facts
        .owners
        .iter()
        .filter(|o| o.section.is_some_and(|s| ancestors.contains(&s)) && on_heading(o))
        .collect();
    let (mut owner, from_parent, used) = match (state(&own), state(&inherited)) {
        (Some(OwnerKind::Named), _) | (Some(_), None) => (state(&own), false, own),
        (_, Some(k)) => (Some(k), true, inherited),
        (None, None) => (None, false, Vec::new()),
    };
    let mut lead: Vec<Span> = used
        .iter()
        .filter(|o| o.lead && o.kind == OwnerKind::Named)
        .map(|o| o.span)
        .collect();
    if owner.is_none_or(|k| k == OwnerKind::Vague) {
        let named = mentions(source, doc.sections[id].span, vocab);
        if let Some(first) = named.first() {
            owner = Some(OwnerKind::Named);
            lead = vec![*first];
        }
    }
    let span = doc.sections[id].span;
    // The deadline: a date with 前 (…底前, …之前) in the task, else its first date with a month.
    let inside = |d: &&super::dates::DateExpr| span.start <= d.span.start && d.span.end <= span.end;
    let deadline = facts
        .dates
        .iter()
        .position(|d| inside(&d) && d.anchor == super::dates::Anchor::Before)
        .or_else(|| {
            facts
                .dates
                .iter()
                .position(|d| inside(&d) && d.month != super::dates::Part::Absent)
        });
    Task {
        section: id,
        root,
        owner,
        inherited: from_parent,
        lead,
        co: used
            .iter()
            .filter(|o| !o.lead && o.kind == OwnerKind::Named)
            .map(|o| o.span)
            .collect(),
        deadline,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::vocab::Vocab;

    fn owners(text: &str) -> Vec<(String, OwnerKind, bool)> {
        let vocab = Vocab::builtin().unwrap();
        let source = SourceFile::new(
            "t.txt",
            text.to_owned(),
            crate::decode::Encoding::Utf8,
            false,
        );
        let page = crate::syntax::parse(&source);
        page.documents
            .iter()
            .flat_map(|d| extract(&source, d, &vocab.owners))
            .map(|o| (source.slice(o.span).to_owned(), o.kind, o.lead))
            .collect()
    }

    #[test]
    fn owner_forms_in_both_scripts() {
        use OwnerKind::*;
        let cases: &[(&str, &str, OwnerKind)] = &[
            (
                "（一）完善设施。（责任单位：县农业农村局）",
                "县农业农村局",
                Named,
            ),
            (
                "1、优化审批事项。\n牽頭處室:審批處,配合處室:各相關業務處室",
                "審批處",
                Named,
            ),
            (
                "（二）覆盖率达到90%以上。(市文明办、市教育局牵头,市民政局、市团委配合)",
                "市文明办、市教育局",
                Named,
            ),
            (
                "(三)开展丰富多彩的励志教育活动。(德育处 团委)",
                "德育处 团委",
                Named,
            ),
            (
                "1、改革考核办法。(王海岳 谢景文 王暖)",
                "王海岳 谢景文 王暖",
                Named,
            ),
            ("(九)做好数据采集工作。(牟丽霞)", "牟丽霞", Named),
            ("(1)骨干教师管理。由教務處具體負責", "教務處", Named),
            (
                "2.符合条件的残疾人,民政部门要优先纳入医疗救助范围",
                "民政部门",
                Named,
            ),
            (
                "（五）开展总结评价。市衛生計生局牽頭,每季度调度",
                "市衛生計生局",
                Named,
            ),
            ("(十)做好档案保存整理工作:谢景文", "谢景文", Named),
            (
                "（二）创设校园文化环境。(zz zz zz zz 语文组 )",
                "zz zz zz zz 语文组",
                Placeholder,
            ),
            ("组长:zz", "zz", Placeholder),
            ("組 長:z", "z", Placeholder),
            ("3.安装有线电视的费用由相关单位负责", "相关单位", Vague),
        ];
        for (text, want, kind) in cases {
            let found = owners(&format!("方案\n一、主要任务\n{text}\n"));
            assert!(
                found.iter().any(|(s, k, _)| s == want && k == kind),
                "{text}: {found:?}"
            );
        }
        let co = owners("方案\n一、任务\n（一）建设。(市教育局牵头,市财政局配合)\n");
        assert!(
            co.iter().any(|(s, _, lead)| s == "市财政局" && !lead),
            "{co:?}"
        );
    }

    #[test]
    fn not_owners() {
        for text in [
            "1、多层次组建讲师团。包括家长讲师团、教师讲师团(学校领导及部分优秀教师和全体班主任)。",
            "（一）开设校本课程(试行)。",
            "2、每个班级每星期开设一节励志教育课。",
        ] {
            let found = owners(&format!("方案\n一、主要任务\n{text}\n"));
            assert!(found.is_empty(), "{text}: {found:?}");
        }
    }
}
