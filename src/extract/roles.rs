//! Section roles, document genre and kind (DESIGN §3.4–3.5).

use super::dates::DateExpr;
use super::{Facts, Genre};
use crate::config::ConfigError;
use crate::source::{SourceFile, Span};
use crate::syntax::{Document, MarkerKind, SectionId, SoftKind};
use aho_corasick::AhoCorasick;
use serde::Deserialize;
use std::collections::BTreeMap;

/// A section role. The set is fixed so that rules can name roles; the words are data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    Guiding,
    Goals,
    Tasks,
    Steps,
    Safeguards,
    Organization,
    Funding,
    Scope,
    Background,
    General,
    Response,
    Purpose,
    TimePlace,
    Participants,
    Arrangements,
    /// 附则, 监督管理: provisions about the plan itself, never its tasks.
    Supplementary,
    /// 评选条件, 申报要求, 奖项设置: conditions and categories, never tasks.
    Criteria,
    /// Not a heading role: dates inside the task sections (work plans).
    Timeline,
}

impl Role {
    pub const ALL: [Role; 18] = [
        Role::Guiding,
        Role::Goals,
        Role::Tasks,
        Role::Steps,
        Role::Safeguards,
        Role::Organization,
        Role::Funding,
        Role::Scope,
        Role::Background,
        Role::General,
        Role::Response,
        Role::Purpose,
        Role::TimePlace,
        Role::Participants,
        Role::Arrangements,
        Role::Supplementary,
        Role::Criteria,
        Role::Timeline,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Role::Guiding => "guiding",
            Role::Goals => "goals",
            Role::Tasks => "tasks",
            Role::Steps => "steps",
            Role::Safeguards => "safeguards",
            Role::Organization => "organization",
            Role::Funding => "funding",
            Role::Scope => "scope",
            Role::Background => "background",
            Role::General => "general",
            Role::Response => "response",
            Role::Purpose => "purpose",
            Role::TimePlace => "time-place",
            Role::Participants => "participants",
            Role::Arrangements => "arrangements",
            Role::Supplementary => "supplementary",
            Role::Criteria => "criteria",
            Role::Timeline => "timeline",
        }
    }

    pub fn from_name(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.name() == name)
    }

    const fn bit(self) -> u32 {
        1 << (self as u32)
    }
}

/// A small set of roles.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RoleSet(u32);

impl RoleSet {
    pub fn insert(&mut self, role: Role) {
        self.0 |= role.bit();
    }
    pub fn contains(self, role: Role) -> bool {
        self.0 & role.bit() != 0
    }
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
    pub fn union(self, other: RoleSet) -> RoleSet {
        RoleSet(self.0 | other.0)
    }
    pub fn iter(self) -> impl Iterator<Item = Role> {
        Role::ALL.into_iter().filter(move |r| self.contains(*r))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RolesFile {
    terms: BTreeMap<String, Vec<String>>,
    long_heading_chars: usize,
    #[serde(default)]
    provision_openers: Vec<String>,
    task_verbs: Vec<String>,
    task_min_children: usize,
    plan_roles: Vec<String>,
    plan_words: Vec<String>,
    report_cues: Vec<String>,
    report_heading_markers: Vec<String>,
    truncation_notices: Vec<String>,
    timeline_words: Vec<String>,
    self_references: Vec<String>,
    kinds: BTreeMap<String, KindFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct KindFile {
    title_words: Vec<String>,
    required_roles: Vec<Vec<String>>,
}

/// A document kind and the roles it must have.
#[derive(Debug)]
pub struct KindProfile {
    pub name: String,
    pub title_words: Vec<String>,
    /// Each entry: one of these roles must be present.
    pub required: Vec<Vec<Role>>,
}

/// Compiled role vocabulary.
#[derive(Debug)]
pub struct RoleVocab {
    terms: AhoCorasick,
    /// The roles of each term (a term may be listed under two).
    term_roles: Vec<RoleSet>,
    pub examples: BTreeMap<Role, Vec<String>>,
    pub long_heading_chars: usize,
    /// A heading that opens with one of these (本方案如有未尽事宜…) is a provision about the
    /// plan itself, whatever words it holds; folded.
    provision_openers: Vec<String>,
    task_verbs: AhoCorasick,
    pub task_min_children: usize,
    pub plan_roles: RoleSet,
    plan_words: AhoCorasick,
    report_cues: AhoCorasick,
    pub report_heading_markers: Vec<String>,
    truncation_notices: AhoCorasick,
    timeline_words: AhoCorasick,
    pub kinds: Vec<KindProfile>,
    /// Each kind's title words after a self-reference (本方案, 如下工作计划), folded, with the
    /// kind's index and the title word's length in characters.
    self_references: Vec<(String, usize, usize)>,
}

impl RoleVocab {
    /// Roles named by terms inside `folded` (simplified text).
    pub fn roles_in(&self, folded: &str) -> RoleSet {
        let mut set = RoleSet::default();
        for m in self.terms.find_iter(folded) {
            set = set.union(self.term_roles[m.pattern().as_usize()]);
        }
        set
    }
    pub fn opens_with_task_verb(&self, folded: &str) -> bool {
        self.task_verbs.find(folded).is_some_and(|m| m.start() == 0)
    }
    pub fn has_plan_word(&self, folded: &str) -> bool {
        self.plan_words.is_match(folded)
    }
    pub fn has_report_cue(&self, folded: &str) -> bool {
        self.report_cues.is_match(folded)
    }
    pub fn has_timeline_word(&self, folded: &str) -> bool {
        self.timeline_words.is_match(folded)
    }
    pub fn has_truncation_notice(&self, folded: &str) -> bool {
        self.truncation_notices.is_match(folded)
    }
    /// The kind an opening paragraph names itself as (特制定本方案 → implementation plan): the
    /// longest title word after a self-reference.
    pub fn kind_named_in(&self, folded_opening: &str) -> Option<&KindProfile> {
        self.self_references
            .iter()
            .filter(|(phrase, _, _)| folded_opening.contains(phrase.as_str()))
            .max_by_key(|(_, _, chars)| *chars)
            .and_then(|&(_, kind, _)| self.kinds.get(kind))
    }

    /// The kind whose longest title word occurs in `folded_title`.
    pub fn kind_of(&self, folded_title: &str) -> Option<&KindProfile> {
        self.kinds
            .iter()
            .filter_map(|k| {
                k.title_words
                    .iter()
                    .filter(|w| folded_title.contains(w.as_str()))
                    .map(|w| (w.chars().count(), k))
                    .max_by_key(|(n, _)| *n)
            })
            .max_by_key(|(n, _)| *n)
            .map(|(_, k)| k)
    }
}

impl RoleVocab {
    /// Compile the roles table (rules/roles.toml with its overlay).
    pub fn compile(table: toml::Table) -> Result<RoleVocab, ConfigError> {
        let file: RolesFile = crate::config::vocab::typed(table, "roles")?;
        compile_roles(file)
    }
}

fn role(name: &str) -> Result<Role, ConfigError> {
    Role::from_name(name)
        .ok_or_else(|| ConfigError::vocab(format!("unknown role `{name}` in roles vocabulary")))
}

fn compile_roles(file: RolesFile) -> Result<RoleVocab, ConfigError> {
    let mut words = Vec::new();
    let mut term_roles: Vec<RoleSet> = Vec::new();
    let mut examples: BTreeMap<Role, Vec<String>> = BTreeMap::new();
    for (name, terms) in &file.terms {
        let r = role(name)?;
        for t in terms {
            // A term listed under two roles (活动时间: steps and time-place) gives both: the
            // automaton reports one pattern per match, so each term is one pattern.
            match words.iter().position(|w: &String| w == t) {
                Some(i) => term_roles[i].insert(r),
                None => {
                    let mut set = RoleSet::default();
                    set.insert(r);
                    words.push(t.clone());
                    term_roles.push(set);
                }
            }
        }
        examples.insert(r, terms.iter().take(3).cloned().collect());
    }
    let mut plan_roles = RoleSet::default();
    for name in &file.plan_roles {
        plan_roles.insert(role(name)?);
    }
    let kinds = file
        .kinds
        .into_iter()
        .map(|(name, k)| {
            let required = k
                .required_roles
                .iter()
                .map(|alts| alts.iter().map(|r| role(r)).collect())
                .collect::<Result<_, _>>()?;
            Ok(KindProfile {
                name,
                title_words: crate::text::fold::fold_all(&k.title_words),
                required,
            })
        })
        .collect::<Result<Vec<_>, ConfigError>>()?;
    let mut self_references = Vec::new();
    for (i, k) in kinds.iter().enumerate() {
        for w in &k.title_words {
            for p in &file.self_references {
                let phrase = crate::text::fold::fold(&format!("{p}{w}"));
                self_references.push((phrase, i, w.chars().count()));
            }
        }
    }
    Ok(RoleVocab {
        self_references,
        terms: super::matcher(&words, "role terms")?,
        term_roles,
        examples,
        long_heading_chars: file.long_heading_chars,
        provision_openers: crate::text::fold::fold_all(&file.provision_openers),
        task_verbs: super::matcher(&file.task_verbs, "task verbs")?,
        task_min_children: file.task_min_children,
        plan_roles,
        plan_words: super::matcher(&file.plan_words, "plan words")?,
        report_cues: super::matcher(&file.report_cues, "report cues")?,
        report_heading_markers: file.report_heading_markers.clone(),
        truncation_notices: super::matcher(&file.truncation_notices, "truncation notices")?,
        timeline_words: super::matcher(&file.timeline_words, "timeline words")?,
        kinds,
    })
}

pub fn build(source: &SourceFile, doc: &Document, vocab: &RoleVocab, dates: &[DateExpr]) -> Facts {
    let mut facts = Facts {
        roles: doc
            .sections
            .iter()
            .map(|s| heading_roles(source, s.heading, vocab))
            .collect(),
        ..Facts::default()
    };
    let title = doc.title.map(|t| source.folded(t)).unwrap_or("");
    let named = vocab.kind_named_in(&opening(source, doc));
    facts.names_itself = named.is_some();
    let kind = vocab.kind_of(title).or(named);
    // Task sections named by topic are guessed only where a kind has tasks at all.
    let has_tasks = kind.is_none_or(|k| k.required.iter().flatten().any(|r| *r == Role::Tasks));
    for id in top_level(doc) {
        let s = &doc.sections[id];
        if facts.roles[id].is_empty() {
            let opens_task = vocab.opens_with_task_verb(source.folded(s.heading));
            if opens_task || (has_tasks && s.children.len() >= vocab.task_min_children) {
                facts.roles[id].insert(Role::Tasks);
            }
        }
        facts.top_roles = facts.top_roles.union(facts.roles[id]);
    }
    facts.soft_roles = doc
        .soft_headings
        .iter()
        .map(|h| match h.kind {
            SoftKind::Label => label_roles(source, h.heading, vocab),
            SoftKind::Unnumbered => heading_roles(source, h.heading, vocab),
        })
        .collect();
    for (h, roles) in doc.soft_headings.iter().zip(&facts.soft_roles) {
        if h.parent.is_none() {
            facts.top_roles = facts.top_roles.union(*roles);
        }
    }
    // A contents list names the sections the plan has, even when the text is cut short
    // before them.
    if let Some(toc) = doc.toc {
        for line in source.folded(toc).lines() {
            facts.top_roles = facts.top_roles.union(vocab.roles_in(line));
        }
    }
    if has_timeline_in_tasks(source, doc, &facts, vocab, dates) {
        facts.top_roles.insert(Role::Timeline);
    }
    facts.kind = kind.and_then(|k| vocab.kinds.iter().position(|p| std::ptr::eq(p, k)));
    facts.genre = Some(genre(source, doc, &facts, vocab, title));
    facts.truncated_evident = doc.truncated || vocab.has_truncation_notice(source.folded(doc.span));
    facts.truncated = facts.truncated_evident || doc.ends_on_lone_item;
    facts.excerpt = starts_part_way(doc);
    facts
}

/// The start of the text before the first heading, folded: where a plan says why it was
/// written (特制定本方案). Bounded, so a text without headings is not copied whole.
fn opening(source: &SourceFile, doc: &Document) -> String {
    let mut out = String::new();
    for b in doc.preamble.iter().take(OPENING_PARAGRAPHS) {
        let text = source.folded(b.span());
        let mut end = text.len().min(OPENING_BYTES);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        out.push_str(&text[..end]);
        out.push('\n');
    }
    out
}

/// How much of the preamble `opening` reads: a plan names itself in its first paragraphs.
const OPENING_PARAGRAPHS: usize = 3;
const OPENING_BYTES: usize = 3_000;

/// Whether the first top-level heading is numbered past one (第五章 组织实施, 三、…): the text is
/// an excerpt of a longer plan.
fn starts_part_way(doc: &Document) -> bool {
    doc.roots
        .first()
        .map(|&r| doc.sections[r].marker)
        .is_some_and(|m| {
            m.value > 1
                && matches!(
                    m.kind,
                    MarkerKind::Part
                        | MarkerKind::Legal
                        | MarkerKind::HanComma
                        | MarkerKind::Decimal(1)
                )
        })
}

/// Sections that count as the top level: roots, and the children of 第一部分-style parts.
pub fn top_level(doc: &Document) -> Vec<SectionId> {
    let mut ids = Vec::new();
    for &root in &doc.roots {
        let s = &doc.sections[root];
        if s.in_appendix {
            continue;
        }
        ids.push(root);
        if s.marker.kind == MarkerKind::Part || s.marker.kind == MarkerKind::Markdown(1) {
            ids.extend(s.children.iter().copied());
        }
    }
    ids
}

/// Roles named by a heading; a long heading is judged by its first clause only.
pub fn heading_roles(source: &SourceFile, heading: Span, vocab: &RoleVocab) -> RoleSet {
    let folded = source.folded(heading);
    if vocab
        .provision_openers
        .iter()
        .any(|o| folded.starts_with(o.as_str()))
    {
        let mut provision = RoleSet::default();
        provision.insert(Role::Supplementary);
        return provision;
    }
    let judged = if folded.chars().count() > vocab.long_heading_chars {
        folded
            .split([',', '，', '、', ';', '；', ' '])
            .next()
            .unwrap_or(folded)
    } else {
        folded
    };
    vocab.roles_in(judged)
}

/// A label line (`指导思想：…`) carries a role only when its whole key is role vocabulary.
fn label_roles(source: &SourceFile, key: Span, vocab: &RoleVocab) -> RoleSet {
    let folded: String = source
        .folded(key)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let roles = vocab.roles_in(&folded);
    if roles.is_empty() || folded.chars().count() > 8 {
        return RoleSet::default();
    }
    roles
}

fn has_timeline_in_tasks(
    source: &SourceFile,
    doc: &Document,
    facts: &Facts,
    vocab: &RoleVocab,
    dates: &[DateExpr],
) -> bool {
    top_level(doc)
        .into_iter()
        .filter(|&id| facts.roles[id].contains(Role::Tasks))
        .any(|id| {
            let span = doc.sections[id].span;
            dates
                .iter()
                .any(|d| span.start <= d.span.start && d.span.end <= span.end)
                || vocab.has_timeline_word(source.folded(span))
        })
}

fn genre(
    source: &SourceFile,
    doc: &Document,
    facts: &Facts,
    vocab: &RoleVocab,
    title: &str,
) -> Genre {
    let top = top_level(doc);
    let report = vocab.has_report_cue(title)
        || top
            .iter()
            .any(|&id| vocab.has_report_cue(source.folded(doc.sections[id].heading)));
    let past = top
        .iter()
        .filter(|&&id| {
            vocab
                .report_heading_markers
                .iter()
                .any(|m| source.folded(doc.sections[id].heading).contains(m.as_str()))
        })
        .count();
    if report || (top.len() >= 2 && past * 2 >= top.len()) {
        return Genre::Report;
    }
    let plan_roles = facts
        .top_roles
        .iter()
        .filter(|r| vocab.plan_roles.contains(*r))
        .count();
    if plan_roles >= 2 || (plan_roles == 1 && vocab.has_plan_word(title)) {
        Genre::Plan
    } else {
        Genre::Unknown
    }
}

#[cfg(test)]
mod vocab_tests {
    use super::*;
    use crate::config::Config;
    use crate::text::fold::fold;

    fn builtin() -> RoleVocab {
        RoleVocab::compile(Config::default().table("roles").unwrap()).unwrap()
    }

    #[test]
    fn builtin_vocab_compiles_and_matches_both_scripts() {
        let r = builtin();
        assert!(r.roles_in(&fold("指導思想")).contains(Role::Guiding));
        let two = r.roles_in(&fold("規劃設計指導思想及規劃目標"));
        assert!(two.contains(Role::Guiding) && two.contains(Role::Goals));
        assert_eq!(
            r.kind_of("xx区消防安全应急预案").map(|k| k.name.as_str()),
            Some("emergency-plan")
        );
        assert_eq!(
            r.kind_of("校园艺术节活动方案").map(|k| k.name.as_str()),
            Some("activity-plan")
        );
        assert_eq!(
            r.kind_of("实施方案 篇1").map(|k| k.name.as_str()),
            Some("implementation-plan")
        );
        assert!(r.kind_of("2023年工作总结").is_none());
    }

    #[test]
    fn overlay_extends_and_rejects_unknown_keys() {
        let config = Config::parse("[roles.terms]\nextend-guiding = [\"总纲\"]\n").unwrap();
        let v = RoleVocab::compile(config.table("roles").unwrap()).unwrap();
        assert!(v.roles_in("总纲").contains(Role::Guiding));
        let bad = Config::parse("[roles]\nextend-nothing = [\"x\"]\n").unwrap();
        assert!(bad.table("roles").is_err());
    }
}
