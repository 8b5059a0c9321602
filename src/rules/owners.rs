//! PL1xx: who does what — tasks without a responsible unit, and owner slots left as template
//! residue.

use super::Ctx;
use crate::declare_rule;
use crate::extract::owners::OwnerKind;
use crate::extract::roles::Role;
use crate::extract::Genre;
use crate::rules::diagnostic::{quote, Diagnostic};

/// A task is named in a message by at most this many characters of its heading.
const QUOTED_TASK_CHARS: usize = 30;

declare_rule! {
    /// Flags a task item (below a 主要任务/具体措施/重点工作 section) that names no responsible unit
    /// or person, neither itself nor through the heading above it (（三）…（责任单位：县教育局）
    /// covers its sub-items). An owner that names nobody in particular (相关单位, 有关部门, a bare
    /// 政府) does not count. When the plan names no owner at all, it gets one diagnostic at its
    /// tasks heading instead of one per task, unless its organisation section says who carries
    /// out the whole plan (地方各级人民政府负责…组织实施). A plan one person writes for their own
    /// work (个人工作计划, 班主任工作计划) is silent: its writer owns every task.
    ///
    /// **Bad:** `（二）加强队伍建设。全年开展养老护理员培训6次。`
    ///
    /// **Good:** `（二）加强队伍建设。全年开展养老护理员培训6次。（责任单位：区人社局）`
    pub static TASK_WITHOUT_OWNER = ("PL101", "task-without-owner", Warning,
        "a task item under a tasks/measures section names no responsible unit/person (责任单位/牵头单位/由…负责/(市教育局牵头)…)",
        task_without_owner);
}

fn task_without_owner(cx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    // A truncated text may assign its owners in the part that is missing (a 责任分工 table).
    if cx.facts.genre() != Genre::Plan || cx.facts.truncated_evident || cx.facts.tasks.is_empty() {
        return;
    }
    // 个人工作计划, 班主任工作计划: the writer carries out every task of their own plan.
    let title = cx.doc.title.map_or("", |t| cx.source.folded(t));
    if cx.vocab.extract.owners.is_personal_plan(title) {
        return;
    }
    let owned = cx
        .facts
        .tasks
        .iter()
        .filter(|t| t.owner.is_some_and(|k| k != OwnerKind::Vague))
        .count();
    // A plan that names owners for fewer than half of its tasks does not assign owners item by
    // item at all: one diagnostic for the plan, not a wall of identical ones.
    if owned * 2 < cx.facts.tasks.len() {
        // Said once for the plan, and only where a section is named as the tasks (主要任务…):
        // a plan read as tasks only from its shape is too uncertain for a plan-level claim.
        if !cx.facts.tasks_named || assigns_en_bloc(cx) {
            return;
        }
        let Some(root) = cx.facts.tasks.first().map(|t| t.root) else {
            return;
        };
        let s = &cx.doc.sections[root];
        out.push(
            Diagnostic::new(
                &TASK_WITHOUT_OWNER,
                s.line,
                format!(
                    "{owned} of {} tasks under `{}` name a responsible unit",
                    cx.facts.tasks.len(),
                    cx.text(s.heading)
                ),
            )
            .help("name the lead unit of each task, e.g. （责任单位：…） or （…牵头，…配合）"),
        );
        return;
    }
    for t in &cx.facts.tasks {
        let s = &cx.doc.sections[t.section];
        let message = match t.owner {
            Some(OwnerKind::Named | OwnerKind::Placeholder) => continue,
            Some(OwnerKind::Vague) => format!(
                "the owner of task `{}` is vague: it names no specific unit",
                quote(cx.text(s.heading), QUOTED_TASK_CHARS)
            ),
            None => format!(
                "task `{}` names no responsible unit",
                quote(cx.text(s.heading), QUOTED_TASK_CHARS)
            ),
        };
        out.push(
            Diagnostic::new(&TASK_WITHOUT_OWNER, s.line, message)
                .help("add （责任单位：…） or name the unit that carries it out"),
        );
    }
}

/// Whether an organisation section names who carries out the plan as a whole (组织实施：地方各级
/// 人民政府负责…): then the items need no owner each.
fn assigns_en_bloc(cx: &Ctx<'_>) -> bool {
    let organizes = |mut id: Option<usize>| {
        while let Some(i) = id {
            if cx.facts.roles[i].contains(Role::Organization) {
                return true;
            }
            id = cx.doc.sections[i].parent;
        }
        false
    };
    cx.facts
        .owners
        .iter()
        .any(|o| o.kind == OwnerKind::Named && o.lead && organizes(o.section))
}

declare_rule! {
    /// Flags an owner slot filled with template residue: (zz zz 语文组), 组长：zz, (XX), 某某, an
    /// empty 责任单位：. Inside owner slots this rule takes over from PL301.
    ///
    /// **Bad:** `（七）确立宣传阵地。（zz 信息中心）`
    ///
    /// **Good:** `（七）确立宣传阵地。（王敏 信息中心）`
    pub static PLACEHOLDER_OWNER = ("PL102", "placeholder-owner", Error,
        "the owner slot is template residue (zz zz, XX, 某某, ×× , empty brackets)", placeholder_owner);
}

fn placeholder_owner(cx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for o in cx
        .facts
        .owners
        .iter()
        .filter(|o| o.kind == OwnerKind::Placeholder)
    {
        let (Some(first), Some(last)) = (o.residue.first(), o.residue.last()) else {
            out.push(
                Diagnostic::new(
                    &PLACEHOLDER_OWNER,
                    o.span,
                    format!("the owner slot `{}` is empty", cx.text(o.span)),
                )
                .help("name the responsible unit or person"),
            );
            continue;
        };
        let residue = crate::source::Span::new(first.start, last.end);
        let message = if o.span == residue {
            format!(
                "the owner slot holds the template's `{}` instead of names",
                cx.text(residue)
            )
        } else {
            format!(
                "owner slot `{}` still holds the template's `{}`",
                cx.text(o.span),
                cx.text(*first)
            )
        };
        let mut d = Diagnostic::new(&PLACEHOLDER_OWNER, residue, message);
        if o.span != residue {
            d = d.label(o.span, "owner slot");
        }
        out.push(d.help("replace the residue with the real names"));
    }
}
