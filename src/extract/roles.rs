//! Section roles, document genre and kind (DESIGN §3.4–3.5).

use super::dates::DateExpr;
use super::{Facts, Genre};
use crate::config::vocab::{Role, RoleSet, RoleVocab};
use crate::source::{SourceFile, Span};
use crate::syntax::{Document, MarkerKind, SectionId, SoftKind};

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
    let kind = vocab.kind_of(title);
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
    if has_timeline_in_tasks(source, doc, &facts, vocab, dates) {
        facts.top_roles.insert(Role::Timeline);
    }
    facts.kind = kind.and_then(|k| vocab.kinds.iter().position(|p| std::ptr::eq(p, k)));
    facts.genre = Some(genre(source, doc, &facts, vocab, title));
    facts.truncated_evident = doc.truncated || vocab.has_truncation_notice(source.folded(doc.span));
    facts.truncated = facts.truncated_evident || doc.ends_on_lone_item;
    facts
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
