//! Owners of tasks (DESIGN §3.6): labelled (责任单位：…), lead/co-operate (市教育局牵头，…配合),
//! bare lists at item end ((德育处 团委), (王海岳 谢景文)), 由…负责 clauses, sentence subjects
//! (民政部门要…), and org-chart slots (组长:zz). Tasks are the items below a tasks section.

use super::Facts;
use crate::config::ConfigError;
use crate::extract::matcher;
use crate::extract::roles::Role;
use crate::source::{SourceFile, Span};
use crate::syntax::{Block, Document, SectionId};
use crate::text::chars::is_han;
use crate::text::find::alternation;
use crate::text::find::FULLWIDTH_COLON;
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
    lead_verbs: Vec<String>,
    co_verbs: Vec<String>,
    mention_suffixes: Vec<String>,
    #[serde(default)]
    object_cues: Vec<String>,
    #[serde(default)]
    elided_subject_openers: Vec<String>,
    vague: Vec<String>,
    surnames: String,
    #[serde(default)]
    not_names: Vec<String>,
    #[serde(default)]
    personal_plan_cues: Vec<String>,
    deadline_labels: Vec<String>,
}

#[derive(Debug)]
pub struct OwnerVocab {
    /// Every owner label (lead, co-operating, slot), folded, longest first.
    labels: Vec<String>,
    co_labels: Vec<String>,
    /// A unit list before a lead or co-operating verb (市卫生局牵头, 各镇配合).
    lead_co: Regex,
    /// Those verbs, for a quick "none here"; and the lead ones, folded.
    lead_co_verbs: Vec<memchr::memmem::Finder<'static>>,
    lead_verbs: Vec<String>,
    /// Verbs closing a 由… clause, and verbs that make a clause's opening unit its actor.
    by_verbs: aho_corasick::AhoCorasick,
    actor_verbs: aho_corasick::AhoCorasick,
    mention: Regex,
    /// The mention suffixes alone: most tasks without an owner mention no unit at all, and this
    /// automaton says so faster than the mention regex.
    mention_suffixes: aho_corasick::AhoCorasick,
    /// Words that make the unit after them an object (引导医疗机构, 对…人员): folded.
    object_cues: Vec<String>,
    /// An item opening with one of these (要…, 应…) keeps the subject of the item before it.
    elided_subject_openers: Vec<String>,
    unit_suffixes: Vec<String>,
    vague: Vec<String>,
    surnames: String,
    /// Words that start with a surname but name no one (周四, 周末), folded.
    not_names: Vec<String>,
    /// Title words of a plan one person writes for their own work (个人, 班主任工作计划), folded.
    personal_plan_cues: Vec<String>,
    /// Keys that introduce a task's deadline (完成时限：2025年底), folded.
    deadline_labels: Vec<String>,
}

/// The owner label ending right before `colon` (spaces between its characters allowed), with
/// the offset where it starts.
fn label_before(text: &str, colon: usize, labels: &[String]) -> Option<(usize, String)> {
    let before = text[..colon].trim_end_matches([' ', '\u{3000}']);
    let mut compact: Vec<(usize, char)> = Vec::new();
    for (i, c) in before.char_indices().rev() {
        if c == ' ' || c == '\u{3000}' {
            continue;
        }
        compact.push((i, c));
        if compact.len() == 6 {
            break;
        }
    }
    compact.reverse();
    let word: String = compact.iter().map(|x| x.1).collect();
    let label = labels.iter().find(|l| word.ends_with(l.as_str()))?;
    let n = label.chars().count();
    Some((compact[compact.len() - n].0, label.clone()))
}

/// Clause boundaries: an owner never spans them.
const CLAUSE_ENDS: [char; 8] = ['。', '；', ';', '，', ',', '：', ':', '\n'];

impl OwnerVocab {
    pub fn compile(table: toml::Table) -> Result<OwnerVocab, ConfigError> {
        let f: OwnersFile = crate::config::vocab::typed(table, "owners")?;
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
            labels: {
                let mut l = crate::text::fold::fold_all(&labels);
                l.sort_by_key(|w| std::cmp::Reverse(w.len()));
                l
            },
            co_labels: f.co_labels,
            lead_co: re(format!(
                r"(?P<units>[^{stop}]{{2,30}}?)(?P<verb>{})",
                alternation(&[f.lead_verbs.clone(), f.co_verbs.clone()].concat())
            ))?,
            lead_co_verbs: crate::text::find::folded_finders(
                f.lead_verbs.iter().chain(&f.co_verbs),
            ),
            lead_verbs: crate::text::fold::fold_all(&f.lead_verbs),
            mention: re(format!(
                r"(?P<units>[^，,。；;:：、（()）“”《》\s]{{0,10}}(?:{}))",
                alternation(&f.mention_suffixes)
            ))?,
            mention_suffixes: matcher(&f.mention_suffixes, "owner mention suffixes")?,
            object_cues: crate::text::fold::fold_all(&f.object_cues),
            elided_subject_openers: crate::text::fold::fold_all(&f.elided_subject_openers),
            by_verbs: matcher(&f.by_verbs, "owner by-verbs")?,
            actor_verbs: matcher(&f.actor_verbs, "owner actor-verbs")?,
            unit_suffixes: f.unit_suffixes,
            vague: f.vague,
            surnames: f.surnames,
            not_names: crate::text::fold::fold_all(&f.not_names),
            personal_plan_cues: crate::text::fold::fold_all(&f.personal_plan_cues),
            deadline_labels: crate::text::fold::fold_all(&f.deadline_labels),
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

    /// The byte length of the shortest opening of `clause` (at most 12 characters) that is a
    /// unit or role name (中心, 审核委员会, 各学院（部）), with the units joined to it by 或, 和,
    /// 及 or 、 (副书记或主管副院长), if any.
    fn leading_unit(&self, clause: &str) -> Option<usize> {
        let first = self.one_leading_unit(clause)?;
        let rest = &clause[first..];
        let joined = rest
            .strip_prefix(['或', '和', '及', '、'])
            .and_then(|after| {
                self.leading_unit(after)
                    .map(|n| rest.len() - after.len() + n)
            });
        Some(first + joined.unwrap_or(0))
    }

    /// Whether `text` ends like a unit name, its bracketed alternative aside (各学院（部）).
    fn ends_like_unit(&self, text: &str) -> bool {
        let text = without_brackets(text);
        self.unit_suffixes
            .iter()
            .any(|s| text.ends_with(s.as_str()))
    }

    fn one_leading_unit(&self, clause: &str) -> Option<usize> {
        let is_unit = |head: &str| self.ends_like_unit(head);
        clause
            .char_indices()
            .take(12)
            .map(|(i, c)| i + c.len_utf8())
            .find(|&end| {
                let head = &clause[..end];
                let next = clause[end..].chars().next();
                // Not inside a bracket (学院（部） is one name), and not cut short of a longer
                // unit word one or two characters on (委 of 委员, 主任 of 主任秘书).
                let longer = clause[end..]
                    .char_indices()
                    .take(2)
                    .any(|(i, n)| is_unit(&clause[..end + i + n.len_utf8()]));
                !matches!(next, Some('（' | '(')) && !longer && is_unit(head)
            })
    }

    /// A mention that is the object of a verb or preposition before it (发挥党员干部,
    /// 对查实的违规人员, 严禁医疗卫生人员): somebody acted upon, not the actor.
    fn is_object(&self, mention: &str) -> bool {
        let t = mention.trim_start_matches(['充', '分', '积', '极', '切', '实', '认', '真']);
        self.object_cues.iter().any(|c| t.starts_with(c.as_str()))
    }

    /// A unit name: ends with a unit suffix, short, and not a phrase joined by 及/和/的.
    fn is_unit(&self, token: &str) -> bool {
        self.unit_suffixes
            .iter()
            .any(|s| token.ends_with(s.as_str()))
            && token.chars().count() <= 12
            && !token.contains(['及', '和', '与', '的', '或', '等'])
    }

    /// A title (folded) of a plan one person writes for their own work: its writer owns every
    /// task.
    pub fn is_personal_plan(&self, title: &str) -> bool {
        self.personal_plan_cues
            .iter()
            .any(|c| title.contains(c.as_str()))
    }

    fn is_person(&self, token: &str) -> bool {
        let n = token.chars().count();
        (2..=4).contains(&n)
            && token
                .chars()
                .next()
                .is_some_and(|c| self.surnames.contains(c))
            && token.chars().all(is_han)
            && !self.not_names.iter().any(|w| token.starts_with(w.as_str()))
    }
}

/// A unit name with its bracketed alternative removed: 各学院（部） → 各学院.
fn without_brackets(units: &str) -> &str {
    match units.strip_suffix(['）', ')']) {
        Some(inner) => inner
            .rfind(['（', '('])
            .map_or(units, |open| &units[..open]),
        None => units,
    }
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
fn scan(
    text: &str,
    base: usize,
    section: Option<SectionId>,
    v: &OwnerVocab,
    sentences: bool,
    out: &mut Vec<Owner>,
) {
    let at = |s: usize, e: usize| Span::new(base + s, base + e);
    let mut taken: Vec<(usize, usize)> = Vec::new();
    // Labels are found from their colon: the characters before it (inner spaces allowed, 組 長:z)
    // must end with an owner label. No regex: colons are rare and labels short.
    // memchr/memmem rather than a char-set search, which decodes every character.
    let mut colons: Vec<(usize, &str)> = memchr::memchr_iter(b':', text.as_bytes())
        .map(|i| (i, ":"))
        .collect();
    colons.extend(
        FULLWIDTH_COLON
            .find_iter(text.as_bytes())
            .map(|i| (i, "：")),
    );
    colons.sort_unstable();
    for (colon, c) in colons {
        let Some((key_start, key)) = label_before(text, colon, &v.labels) else {
            continue;
        };
        let after = &text[colon + c.len()..];
        let raw = &after[..after
            .find([
                '，', ',', '。', '；', ';', ':', '：', '（', '(', ')', '）', '\n',
            ])
            .unwrap_or(after.len())];
        let value_start = colon + c.len() + (raw.len() - raw.trim_start().len());
        let value = raw.trim();
        let lead = !v.co_labels.contains(&key);
        let residue = residue_tokens(value, base + value_start);
        let kind = if !residue.is_empty() || value.is_empty() {
            OwnerKind::Placeholder
        } else if v.is_vague(value) {
            OwnerKind::Vague
        } else {
            OwnerKind::Named
        };
        let end = colon + c.len() + raw.len();
        let span = if value.is_empty() {
            at(key_start, end)
        } else {
            at(value_start, value_start + value.len())
        };
        out.push(Owner {
            span,
            section,
            lead,
            kind,
            residue,
        });
        taken.push((key_start, end));
    }
    let free =
        |s: usize, e: usize, taken: &[(usize, usize)]| !taken.iter().any(|&(a, b)| s < b && a < e);
    if !sentences {
        return;
    }
    let bytes = text.as_bytes();
    let lead_co = if v.lead_co_verbs.iter().any(|f| f.find(bytes).is_some()) {
        Some(v.lead_co.captures_iter(text))
    } else {
        None
    };
    for caps in lead_co.into_iter().flatten() {
        let (Some(m), Some(verb)) = (caps.get(0), caps.name("verb")) else {
            continue;
        };
        let verb_at = verb.start();
        let units = &text[m.start()..verb_at];
        let u = units.trim_start_matches(['，', ',', '(', '（', ' ', '由']);
        if !free(m.start(), verb_at, &taken)
            || !(v.is_unit(u) || u.split(['、', ' ']).all(|t| v.is_unit(t) || v.is_person(t)))
        {
            continue;
        }
        let lead = v.lead_verbs.iter().any(|l| l == verb.as_str());
        let kind = if v.is_vague(u) {
            OwnerKind::Vague
        } else {
            OwnerKind::Named
        };
        out.push(Owner {
            span: at(verb_at - u.len(), verb_at),
            section,
            lead,
            kind,
            residue: Vec::new(),
        });
        taken.push((m.start(), verb_at));
    }
    // 由…负责: the units between 由 and the first closing verb of the clause.
    for i in crate::text::find::positions(&crate::text::find::BY, text) {
        let rest = &text[i + '由'.len_utf8()..];
        let clause = &rest[..rest.find(CLAUSE_ENDS).unwrap_or(rest.len())];
        // 由于, 由此 are conjunctions, not 由 + actor.
        if clause.starts_with(['于', '此', '衷', '来']) {
            continue;
        }
        let end = match v.by_verbs.find(clause) {
            Some(verb) => verb.start(),
            // 由中心通知…, 由委员建议…: no listed verb, but the clause opens with a unit.
            None => match v.leading_unit(clause) {
                Some(len) => len,
                None => continue,
            },
        };
        let start = i + '由'.len_utf8();
        push_sentence_owner(text, start, start + end, section, v, &mut taken, base, out);
    }
    // 民政部门要…: a clause that opens with a unit followed by an actor verb. Only the first
    // verb of each clause counts, so the search resumes after the clause it was found in
    // (要, 将, 应 are common: most of a clause's matches would be thrown away).
    let mut from = 0;
    while let Some(verb) = v
        .actor_verbs
        .find(aho_corasick::Input::new(text).range(from..))
    {
        let clause_start = text[from..verb.start()]
            .rfind(CLAUSE_ENDS)
            .map_or(from, |p| {
                let at = from + p;
                at + text[at..].chars().next().map_or(1, char::len_utf8)
            });
        from = text[verb.end()..]
            .find(CLAUSE_ENDS)
            .map_or(text.len(), |p| verb.end() + p);
        let units = text[clause_start..verb.start()].trim_start_matches([' ', '\u{3000}']);
        let start = verb.start() - units.len();
        if (1..=20).contains(&units.chars().count())
            && v.ends_like_unit(units)
            && !v.is_object(units)
        {
            push_sentence_owner(text, start, verb.start(), section, v, &mut taken, base, out);
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn push_sentence_owner(
    text: &str,
    start: usize,
    end: usize,
    section: Option<SectionId>,
    v: &OwnerVocab,
    taken: &mut Vec<(usize, usize)>,
    base: usize,
    out: &mut Vec<Owner>,
) {
    if end <= start || taken.iter().any(|&(a, b)| start < b && a < end) {
        return;
    }
    let u = &text[start..end];
    let kind = if v.is_vague(u) || v.is_vague(u.trim_start_matches(['各', '县', '市', '省'])) {
        OwnerKind::Vague
    } else {
        OwnerKind::Named
    };
    out.push(Owner {
        span: Span::new(base + start, base + end),
        section,
        lead: true,
        kind,
        residue: Vec::new(),
    });
    taken.push((start, end));
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
/// The union of `spans` as sorted, disjoint spans (a part and its children overlap).
fn disjoint(spans: impl Iterator<Item = Span>) -> Vec<Span> {
    let mut spans: Vec<Span> = spans.collect();
    spans.sort_unstable();
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for s in spans {
        match out.last_mut() {
            Some(last) if s.start <= last.end => last.end = last.end.max(s.end),
            _ => out.push(s),
        }
    }
    out
}

pub fn extract(
    source: &SourceFile,
    doc: &Document,
    v: &OwnerVocab,
    roles: &[crate::extract::roles::RoleSet],
) -> Vec<Owner> {
    let mut out = Vec::new();
    // Sentence owners (民政部门要…) matter only inside task sections, and in organisation
    // sections (who carries out the whole plan); slots count everywhere.
    let tasks = disjoint(
        super::roles::top_level(doc)
            .into_iter()
            .filter(|&id| roles[id].contains(Role::Tasks) || roles[id].contains(Role::Organization))
            .map(|id| doc.sections[id].span),
    );
    // A binary search, not a scan: a plan can have thousands of task sections.
    let in_tasks = |section: Option<SectionId>| {
        section.is_some_and(|id| {
            let at = doc.sections[id].line.start;
            let after = tasks.partition_point(|t| t.start <= at);
            after > 0 && at < tasks[after - 1].end
        })
    };
    let piece = |span: Span, section: Option<SectionId>, out: &mut Vec<Owner>| {
        let text = source.folded(span);
        let before = out.len();
        scan(text, span.start, section, v, in_tasks(section), out);
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

/// The first unit mentioned anywhere in a task's text: the weakest evidence that someone acts.
/// The search stops there: the rest of a long task need not be scanned.
fn first_mention(source: &SourceFile, span: Span, v: &OwnerVocab) -> Option<Span> {
    let text = source.folded(span);
    if !v.mention_suffixes.is_match(text) {
        return None;
    }
    v.mention
        .find_iter(text)
        .find(|m| {
            let t = m.as_str();
            // A subject opens its clause: a match that starts inside a longer run of text is
            // the tail of a phrase (…等办法加大对本单位).
            let mut before = text[..m.start()].chars().rev();
            let opens_clause = match before.next() {
                None => true,
                // `3 个…单位`: a space after a number is inside the phrase.
                Some(c) if c.is_whitespace() => !before.next().is_some_and(|p| p.is_ascii_digit()),
                Some(c) => "，,。；;:：、（()）“”《》".contains(c),
            };
            // A clause (…犯罪的要移送司法机关) is not a name: names hold no 的 and no modal.
            let is_name = !t.contains(['的', '要', '将', '应', '须']);
            opens_clause && is_name && !v.is_vague(t) && t.chars().count() >= 2 && !v.is_object(t)
        })
        .map(|m| Span::new(span.start + m.start(), span.start + m.end()))
}

/// The owners (sorted by start) that start inside `span`.
fn within(owners: &[Owner], span: Span) -> &[Owner] {
    let from = owners.partition_point(|o| o.span.start < span.start);
    let to = owners.partition_point(|o| o.span.start < span.end);
    &owners[from..to.max(from)]
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
            let mut t = task(source, doc, facts, vocab, root, id);
            // 3.要常态分析…: an item that opens with a modal has the subject of the item before
            // it (Chinese drops a subject that stays the same).
            let previous = out.last().filter(|p: &&Task| {
                p.root == root && doc.sections[p.section].parent == doc.sections[id].parent
            });
            if let Some(p) =
                previous.filter(|p| t.owner.is_none() && p.owner == Some(OwnerKind::Named))
            {
                let opening = source.folded(doc.sections[id].heading);
                if vocab
                    .elided_subject_openers
                    .iter()
                    .any(|m| opening.starts_with(m.as_str()))
                {
                    t.owner = p.owner;
                    t.lead = p.lead.clone();
                    t.inherited = true;
                }
            }
            out.push(t);
        }
    }
    out
}

fn task(
    source: &SourceFile,
    doc: &Document,
    facts: &Facts,
    vocab: &OwnerVocab,
    root: SectionId,
    id: SectionId,
) -> Task {
    // A section's span covers its descendants: its own owners are the owners inside it.
    let span = doc.sections[id].span;
    let own: Vec<&Owner> = within(&facts.owners, span)
        .iter()
        .filter(|o| o.span.end <= span.end)
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
    // Owners sorted by position: each ancestor's heading line and label lines are looked up by
    // binary search, so a plan with thousands of items stays linear.
    let mut inherited: Vec<&Owner> = Vec::new();
    for &a in &ancestors {
        let sec = &doc.sections[a];
        // …and a paragraph that announces the list below it (局应急办：, 州（市）级负责的主要
        // 工作包含以下内容：).
        let announces = |span: Span| source.folded(span).trim_end().ends_with([':', '：']);
        let lines = std::iter::once(sec.line).chain(sec.blocks.iter().filter_map(|b| match b {
            Block::Label { line, .. } => Some(*line),
            Block::Paragraph { span } if announces(*span) => Some(*span),
            _ => None,
        }));
        for line in lines {
            inherited.extend(
                within(&facts.owners, line)
                    .iter()
                    .filter(|o| o.span.end <= line.end && o.section == Some(a)),
            );
        }
    }
    let (mut owner, from_parent, used) = match (state(&own), state(&inherited)) {
        (Some(OwnerKind::Named), _) | (Some(_), None) => (state(&own), false, own),
        (_, Some(k)) => (Some(k), true, inherited),
        (None, None) => (None, false, Vec::new()),
    };
    let mut lead: Vec<Span> = Vec::new();
    for o in used.iter().filter(|o| o.lead && o.kind == OwnerKind::Named) {
        // The same unit found twice (its header line and a sentence) is one lead.
        if !lead
            .iter()
            .any(|l| source.folded(*l) == source.folded(o.span))
        {
            lead.push(o.span);
        }
    }
    if owner.is_none_or(|k| k == OwnerKind::Vague) {
        if let Some(first) = first_mention(source, doc.sections[id].span, vocab) {
            owner = Some(OwnerKind::Named);
            lead = vec![first];
        }
    }
    // The deadline: a date right after a deadline label (完成时限：2025年底), else one with 前
    // (…底前, …之前), else the task's first date with a month.
    let first = facts.dates.partition_point(|d| d.span.start < span.start);
    let inside: Vec<(usize, &super::dates::DateExpr)> = facts.dates[first..]
        .iter()
        .enumerate()
        .take_while(|(_, d)| d.span.start < span.end)
        .filter(|(_, d)| d.span.end <= span.end)
        .map(|(i, d)| (first + i, d))
        .collect();
    let labelled = |d: &super::dates::DateExpr| {
        let before = source.folded(Span::new(span.start, d.span.start));
        let before = before.trim_end_matches([':', '：', ' ', '\u{3000}']);
        vocab
            .deadline_labels
            .iter()
            .any(|l| before.ends_with(l.as_str()))
    };
    let deadline = inside
        .iter()
        .find(|(_, d)| labelled(d))
        .or_else(|| {
            inside
                .iter()
                .find(|(_, d)| d.anchor == super::dates::Anchor::Before)
        })
        .or_else(|| {
            inside
                .iter()
                .find(|(_, d)| d.month != super::dates::Part::Absent)
        })
        .map(|(i, _)| *i);
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
    use crate::extract::Vocab;

    fn owners(text: &str) -> Vec<(String, OwnerKind, bool)> {
        let vocab = Vocab::builtin().unwrap();
        let source = SourceFile::from_text("t.txt", text);
        let page = crate::syntax::parse(&source);
        page.documents
            .iter()
            .flat_map(|d| crate::extract::Facts::build(&source, d, &vocab).owners)
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
        let co = owners("方案\n一、主要任务\n（一）建设。(市教育局牵头,市财政局配合)\n");
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
