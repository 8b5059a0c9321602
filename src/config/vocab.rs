//! Built-in vocabularies (rules/*.toml, embedded with include_str!), merged with the
//! `[roles]`-style tables of planlint.toml and compiled once per run.

use crate::config::ConfigError;
use aho_corasick::{AhoCorasick, MatchKind};
use serde::Deserialize;
use std::collections::BTreeMap;

pub const ROLES_TOML: &str = include_str!("../../rules/roles.toml");
pub const CHARS_TOML: &str = include_str!("../../rules/chars.toml");
pub const DATES_TOML: &str = include_str!("../../rules/dates.toml");
pub const PLACEHOLDERS_TOML: &str = include_str!("../../rules/placeholders.toml");
pub const TYPOGRAPHY_TOML: &str = include_str!("../../rules/typography.toml");
pub const OWNERS_TOML: &str = include_str!("../../rules/owners.toml");
pub const NUMBERS_TOML: &str = include_str!("../../rules/numbers.toml");

/// The vocabulary files a config may extend: (table name in planlint.toml, built-in text).
pub const FILES: &[(&str, &str)] = &[
    ("roles", ROLES_TOML),
    ("dates", DATES_TOML),
    ("placeholders", PLACEHOLDERS_TOML),
];

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
    /// Not a heading role: dates inside the task sections (work plans).
    Timeline,
}

impl Role {
    pub const ALL: [Role; 17] = [
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
    task_verbs: Vec<String>,
    task_min_children: usize,
    plan_roles: Vec<String>,
    plan_words: Vec<String>,
    report_cues: Vec<String>,
    report_heading_markers: Vec<String>,
    truncation_notices: Vec<String>,
    timeline_words: Vec<String>,
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
    task_verbs: AhoCorasick,
    pub task_min_children: usize,
    pub plan_roles: RoleSet,
    plan_words: AhoCorasick,
    report_cues: AhoCorasick,
    pub report_heading_markers: Vec<String>,
    truncation_notices: AhoCorasick,
    timeline_words: AhoCorasick,
    pub kinds: Vec<KindProfile>,
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

/// Date vocabulary (rules/dates.toml), simplified; used on folded text.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DateVocab {
    pub range_joiners: Vec<String>,
    pub before_anchors: Vec<String>,
    pub from_anchors: Vec<String>,
    pub two_digit_year_followers: Vec<String>,
    pub roc_prefixes: Vec<String>,
    pub roc_suffixes: Vec<String>,
    pub roc_offset: u32,
    pub roc_max_year: u32,
    pub stripped_month_followers: Vec<String>,
    pub month_ok_before: Vec<String>,
    pub stripped_year_before: Vec<String>,
    pub year_ok_after: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct BracketVocab {
    pub open: String,
    pub close: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct StrayVocab {
    pub between_han: Vec<String>,
    pub doubled: Vec<String>,
    pub doubled_fixable: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MojibakeVocab {
    pub question_cues: Vec<String>,
    pub never: Vec<String>,
    pub tone_vowels: String,
    pub digit_lookalikes: String,
}

/// When a line break cuts a sentence (rules/typography.toml `[line-breaks]`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LineBreakVocab {
    pub min_chars: usize,
    pub min_chars_unpunctuated: usize,
    pub fragment_max_chars: usize,
    pub fragment_min_line_chars: usize,
    pub wrapped_min_breaks: usize,
    pub wrapped_share_divisor: usize,
}

/// Text-damage vocabulary (rules/typography.toml).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TypographyVocab {
    pub brackets: BracketVocab,
    pub stray: StrayVocab,
    pub line_breaks: LineBreakVocab,
    pub mojibake: MojibakeVocab,
    /// The lists above as character sets, built once in `Vocab::compile`.
    #[serde(skip)]
    pub sets: MarkSets,
}

/// Single-character entries of rules/typography.toml, as the rules look them up.
#[derive(Debug, Default)]
pub struct MarkSets {
    pub opens: Vec<char>,
    pub closes: Vec<char>,
    pub between_han: Vec<char>,
    pub doubled: Vec<char>,
    pub doubled_fixable: Vec<char>,
    pub never: Vec<char>,
    /// `digit-lookalikes` as bytes (they are ASCII letters), for byte searches.
    pub lookalike_bytes: Vec<u8>,
}

fn first_chars(words: &[String]) -> Vec<char> {
    words.iter().filter_map(|s| s.chars().next()).collect()
}

impl TypographyVocab {
    fn build_sets(&mut self) {
        self.sets = MarkSets {
            opens: self.brackets.open.chars().collect(),
            closes: self.brackets.close.chars().collect(),
            between_han: first_chars(&self.stray.between_han),
            doubled: first_chars(&self.stray.doubled),
            doubled_fixable: first_chars(&self.stray.doubled_fixable),
            never: first_chars(&self.mojibake.never),
            lookalike_bytes: self
                .mojibake
                .digit_lookalikes
                .bytes()
                .filter(u8::is_ascii)
                .collect(),
        };
    }
}

/// Doubled-character vocabulary (rules/chars.toml `[doubling]`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DoublingVocab {
    pub suspects: String,
    pub allowed: Vec<String>,
}

#[derive(Deserialize)]
struct CharsFile {
    doubling: DoublingVocab,
    conversion: ConversionFile,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConversionFile {
    errors: BTreeMap<String, String>,
}

/// Words that script converters mangle (rules/chars.toml `[conversion]`), matched on folded
/// text; `corrections[i]` is the right form of pattern i.
#[derive(Debug)]
pub struct ConversionVocab {
    /// The wrong forms, folded.
    pub wrong: super::lexicon::Lexicon,
    pub corrections: Vec<String>,
}

/// Every compiled vocabulary.
#[derive(Debug)]
pub struct Vocab {
    pub roles: RoleVocab,
    pub dates: DateVocab,
    pub placeholders: crate::extract::placeholders::PlaceholderVocab,
    pub typography: TypographyVocab,
    pub doubling: DoublingVocab,
    /// Each doubling suspect written twice (的的, 在在): where PL503 looks.
    pub doubled_suspects: AhoCorasick,
    pub conversion: ConversionVocab,
    pub owners: crate::extract::owners::OwnerVocab,
    pub numbers: crate::extract::numbers::NumberVocab,
}

/// An automaton of the folded `words`, leftmost-longest.
pub(crate) fn matcher(words: &[String], what: &str) -> Result<AhoCorasick, ConfigError> {
    let folded = crate::fold::fold_all(words);
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&folded)
        .map_err(|e| ConfigError::vocab(format!("cannot compile {what}: {e}")))
}

fn role(name: &str) -> Result<Role, ConfigError> {
    Role::from_name(name)
        .ok_or_else(|| ConfigError::vocab(format!("unknown role `{name}` in roles vocabulary")))
}

impl Vocab {
    /// Compile the built-in vocabularies merged with the given overlays (table name → table).
    pub fn compile(overlays: &BTreeMap<String, toml::Table>) -> Result<Vocab, ConfigError> {
        let roles_table = merged("roles", ROLES_TOML, overlays)?;
        let file: RolesFile = roles_table.try_into().map_err(|e: toml::de::Error| {
            ConfigError::vocab(format!("roles vocabulary: {}", e.message()))
        })?;
        let dates: DateVocab =
            merged("dates", DATES_TOML, overlays)?
                .try_into()
                .map_err(|e: toml::de::Error| {
                    ConfigError::vocab(format!("dates vocabulary: {}", e.message()))
                })?;
        let placeholders = crate::extract::placeholders::PlaceholderVocab::compile(merged(
            "placeholders",
            PLACEHOLDERS_TOML,
            overlays,
        )?)?;
        let mut typography: TypographyVocab = merged("typography", TYPOGRAPHY_TOML, overlays)?
            .try_into()
            .map_err(|e: toml::de::Error| {
                ConfigError::vocab(format!("typography vocabulary: {}", e.message()))
            })?;
        if typography.brackets.open.chars().count() != typography.brackets.close.chars().count() {
            return Err(ConfigError::vocab(
                "typography vocabulary: `open` and `close` brackets must pair up".into(),
            ));
        }
        typography.build_sets();
        let chars: CharsFile =
            merged("chars", CHARS_TOML, overlays)?
                .try_into()
                .map_err(|e: toml::de::Error| {
                    ConfigError::vocab(format!("chars vocabulary: {}", e.message()))
                })?;
        let (wrong, corrections): (Vec<String>, Vec<String>) =
            chars.conversion.errors.into_iter().unzip();
        let doubled: Vec<String> = chars
            .doubling
            .suspects
            .chars()
            .map(|c| [c, c].iter().collect())
            .collect();
        Ok(Vocab {
            doubled_suspects: matcher(&doubled, "doubling suspects")?,
            roles: compile_roles(file)?,
            dates,
            placeholders,
            typography,
            doubling: chars.doubling,
            conversion: ConversionVocab {
                wrong: super::lexicon::Lexicon::new(crate::fold::fold_all(&wrong)),
                corrections,
            },
            owners: crate::extract::owners::OwnerVocab::compile(merged(
                "owners",
                OWNERS_TOML,
                overlays,
            )?)?,
            numbers: crate::extract::numbers::NumberVocab::compile(merged(
                "numbers",
                NUMBERS_TOML,
                overlays,
            )?)?,
        })
    }

    /// The built-in vocabularies.
    pub fn builtin() -> Result<Vocab, ConfigError> {
        Vocab::compile(&BTreeMap::new())
    }
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
                title_words: crate::fold::fold_all(&k.title_words),
                required,
            })
        })
        .collect::<Result<Vec<_>, ConfigError>>()?;
    Ok(RoleVocab {
        terms: matcher(&words, "role terms")?,
        term_roles,
        examples,
        long_heading_chars: file.long_heading_chars,
        task_verbs: matcher(&file.task_verbs, "task verbs")?,
        task_min_children: file.task_min_children,
        plan_roles,
        plan_words: matcher(&file.plan_words, "plan words")?,
        report_cues: matcher(&file.report_cues, "report cues")?,
        report_heading_markers: file.report_heading_markers.clone(),
        truncation_notices: matcher(&file.truncation_notices, "truncation notices")?,
        timeline_words: matcher(&file.timeline_words, "timeline words")?,
        kinds,
    })
}

/// The built-in table of `name`, with the overlay from planlint.toml merged in.
fn merged(
    name: &str,
    builtin: &str,
    overlays: &BTreeMap<String, toml::Table>,
) -> Result<toml::Table, ConfigError> {
    let mut base: toml::Table = builtin
        .parse()
        .map_err(|e| ConfigError::vocab(format!("rules/{name}.toml: {e}")))?;
    if let Some(overlay) = overlays.get(name) {
        merge(&mut base, overlay, name)?;
    }
    Ok(base)
}

/// `key` replaces, `extend-key` appends; an unknown key is an error naming its path.
pub fn merge(base: &mut toml::Table, overlay: &toml::Table, path: &str) -> Result<(), ConfigError> {
    for (key, value) in overlay {
        let here = format!("{path}.{key}");
        if let Some(target) = key.strip_prefix("extend-") {
            match (base.get_mut(target), value) {
                (Some(toml::Value::Array(items)), toml::Value::Array(more)) => {
                    items.extend(more.iter().cloned())
                }
                (Some(_), _) => {
                    return Err(ConfigError::key(
                        &here,
                        format!("`{key}` must be a list, like `{target}`"),
                    ))
                }
                (None, _) => {
                    return Err(ConfigError::key(
                        &here,
                        format!("unknown key `{key}`: there is no `{target}` to extend"),
                    ))
                }
            }
            continue;
        }
        match (base.get_mut(key), value) {
            (Some(toml::Value::Table(inner)), toml::Value::Table(more)) => {
                merge(inner, more, &here)?
            }
            (Some(slot), v) if std::mem::discriminant(slot) == std::mem::discriminant(v) => {
                *slot = v.clone()
            }
            (Some(_), _) => {
                return Err(ConfigError::key(
                    &here,
                    format!("`{key}` has the wrong type"),
                ))
            }
            (None, _) => return Err(ConfigError::key(&here, format!("unknown key `{key}`"))),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_vocab_compiles_and_matches_both_scripts() {
        let v = Vocab::builtin().unwrap();
        let r = &v.roles;
        assert!(r
            .roles_in(&crate::fold::fold("指導思想"))
            .contains(Role::Guiding));
        let two = r.roles_in(&crate::fold::fold("規劃設計指導思想及規劃目標"));
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
        let mut overlays = BTreeMap::new();
        let t: toml::Table = "[terms]\nextend-guiding = [\"总纲\"]".parse().unwrap();
        overlays.insert("roles".to_owned(), t);
        let v = Vocab::compile(&overlays).unwrap();
        assert!(v.roles.roles_in("总纲").contains(Role::Guiding));
        let bad: toml::Table = "extend-nothing = [\"x\"]".parse().unwrap();
        overlays.insert("roles".to_owned(), bad);
        assert!(Vocab::compile(&overlays).is_err());
    }
}
