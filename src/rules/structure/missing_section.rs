//! PL001: a plan lacks a section its kind requires.

use super::super::Ctx;
use crate::declare_rule;
use crate::extract::roles::Role;
use crate::extract::Genre;
use crate::rules::diagnostic::Diagnostic;

declare_rule! {
    /// Flags a plan that lacks a section its kind requires: an implementation plan (实施方案)
    /// needs guiding principles, goals, tasks, steps and safeguards or organization; a work plan
    /// (工作计划) needs goals, tasks and a timeline; emergency and activity plans have profiles of
    /// their own (rules/roles.toml), and a technical proposal (开发方案, 设计方案) requires none.
    /// The kind comes from the title, or, when the title names
    /// none or was lost, from the opening that names the document (特制定本方案, 特訂定本計畫).
    /// One diagnostic per missing role, at the title; a plan without any heading gets one
    /// diagnostic for all of them. Documents that are not plans (总结, 汇报, news) and truncated
    /// texts are skipped.
    ///
    /// **Bad:** `某区垃圾分类实施方案` with 一、指导思想 二、工作目标 三、主要任务 and nothing else.
    ///
    /// **Good:** the same plan with 四、实施步骤 and 五、保障措施.
    pub static MISSING_SECTION = ("PL001", "missing-section", Warning,
        "a plan lacks an expected top-level section role (guiding, goals, tasks, steps/timeline, safeguards/organization)",
        missing_section);
}

fn missing_section(cx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    if cx.facts.truncated || cx.facts.excerpt {
        return;
    }
    if cx.facts.genre() != Genre::Plan {
        no_headings(cx, out);
        return;
    }
    let Some(kind) = plan_kind(cx) else {
        return;
    };
    let at = cx.doc.title.unwrap_or(crate::source::Span::new(
        cx.doc.span.start,
        cx.doc.span.start,
    ));
    for alternatives in &kind.required {
        if alternatives.iter().any(|r| cx.facts.top_roles.contains(*r)) {
            continue;
        }
        let names: Vec<&str> = alternatives.iter().map(|r| r.name()).collect();
        let examples: Vec<String> = alternatives
            .iter()
            .filter_map(|r| cx.vocab.extract.roles.examples.get(r))
            .flat_map(|e| e.iter().take(2).cloned())
            .collect();
        let kind_name = kind.name.replace('-', " ");
        let mut d = Diagnostic::new(
            &MISSING_SECTION,
            at,
            format!(
                "missing section: this {kind_name} has no {} section",
                names.join("/")
            ),
        );
        d = if examples.is_empty() {
            d.help(format!(
                "add a top-level section for {}",
                names.join(" or ")
            ))
        } else {
            d.help(format!(
                "add a top-level section such as {}",
                examples.join(", ")
            ))
        };
        if alternatives.contains(&Role::Timeline) {
            d = d.help("add a timeline section (实施步骤, 时间安排) or deadlines in the tasks");
        }
        out.push(d);
    }
}

/// The kind of plan the document is, with the sections that kind requires.
fn plan_kind<'a>(cx: &Ctx<'a>) -> Option<&'a crate::extract::roles::KindProfile> {
    cx.facts
        .kind
        .and_then(|k| cx.vocab.extract.roles.kinds.get(k))
}

/// A plan (by its title, and by an opening that names it: 特制定本方案) whose text has no
/// heading at all, numbered or not, and no label that names a section: every required section
/// is missing, or its headings were lost in copying. One finding instead of one per role. (An
/// article filed under a plan's title does not name itself a plan.)
fn no_headings(cx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let doc = cx.doc;
    let Some(kind) = plan_kind(cx) else {
        return;
    };
    if cx.facts.genre() == Genre::Report
        || !cx.facts.names_itself
        || !doc.sections.is_empty()
        || !doc.soft_headings.is_empty()
        || !cx.facts.top_roles.is_empty()
        || doc.preamble.len() < MIN_PARAGRAPHS_WITHOUT_HEADINGS
    {
        return;
    }
    let Some(title) = doc.title else { return };
    let roles: Vec<&str> = kind
        .required
        .iter()
        .map(|alternatives| alternatives.first().map_or("", |r| r.name()))
        .collect();
    out.push(
        Diagnostic::new(
            &MISSING_SECTION,
            title,
            format!(
                "missing sections: this {} has no section headings, so none of its {} sections can be found",
                kind.name.replace('-', " "),
                roles.join("/")
            ),
        )
        .help("give the text its headings (一、指导思想 …), or restore them if they were lost in copying"),
    );
}

/// A text this long (in paragraphs) is a plan's body, not a one-line notice about it.
const MIN_PARAGRAPHS_WITHOUT_HEADINGS: usize = 3;
