//! `planlint outline`: the section tree planlint understood, with roles and genre.

use super::json::{range, RangeJson};
use crate::engine::FileReport;
use crate::extract::roles::RoleSet;
use crate::extract::{Facts, Genre};
use crate::rules::Vocab;
use crate::source::SourceFile;
use crate::syntax::{Document, SectionId};
use serde::Serialize;
use std::fmt::Write;

#[derive(Serialize)]
struct OutlineJson<'a> {
    version: u32,
    files: Vec<FileOutline<'a>>,
}

#[derive(Serialize)]
struct FileOutline<'a> {
    path: &'a str,
    encoding: &'static str,
    documents: Vec<DocOutline<'a>>,
    /// Text outside every document (a site's header, a trailer of related links): named so
    /// that no line is left unchecked without a word.
    boilerplate: Vec<RangeJson>,
}

#[derive(Serialize)]
struct TitleJson<'a> {
    text: &'a str,
    range: RangeJson,
}

#[derive(Serialize)]
struct DocOutline<'a> {
    title: Option<TitleJson<'a>>,
    genre: Genre,
    kind: Option<&'a str>,
    truncated: bool,
    sections: Vec<SectionJson<'a>>,
}

#[derive(Serialize)]
struct SectionJson<'a> {
    marker: &'a str,
    kind: &'static str,
    value: u32,
    level: u8,
    heading: &'a str,
    roles: Vec<&'static str>,
    range: RangeJson,
    children: Vec<SectionJson<'a>>,
}

fn role_names(set: RoleSet) -> Vec<&'static str> {
    set.iter().map(|r| r.name()).collect()
}

/// One outline entry per top-level item: numbered roots, plus top-level soft headings
/// (label headings with a role, unnumbered headings) in document order.
fn doc_outline<'a>(
    source: &'a SourceFile,
    doc: &'a Document,
    facts: &'a Facts,
    vocab: &'a Vocab,
) -> DocOutline<'a> {
    let mut entries: Vec<(usize, SectionJson<'a>)> = doc
        .roots
        .iter()
        .map(|&id| (doc.sections[id].line.start, section(source, doc, facts, id)))
        .collect();
    for (i, h) in doc.soft_headings.iter().enumerate() {
        let roles = facts.soft_roles[i];
        let shown = h.parent.is_none()
            && (h.kind == crate::syntax::SoftKind::Unnumbered || !roles.is_empty());
        if shown {
            entries.push((
                h.line.start,
                SectionJson {
                    marker: "",
                    kind: if h.kind == crate::syntax::SoftKind::Label {
                        "label"
                    } else {
                        "unnumbered"
                    },
                    value: 0,
                    level: 0,
                    heading: source.slice(h.heading),
                    roles: role_names(roles),
                    range: range(source, h.line),
                    children: Vec::new(),
                },
            ));
        }
    }
    entries.sort_by_key(|(start, _)| *start);
    DocOutline {
        title: doc.title.map(|t| TitleJson {
            text: source.slice(t),
            range: range(source, t),
        }),
        genre: facts.genre(),
        kind: facts
            .kind
            .and_then(|k| vocab.extract.roles.kinds.get(k))
            .map(|k| k.name.as_str()),
        truncated: facts.truncated,
        sections: entries.into_iter().map(|(_, s)| s).collect(),
    }
}

fn section<'a>(
    source: &'a SourceFile,
    doc: &'a Document,
    facts: &Facts,
    id: SectionId,
) -> SectionJson<'a> {
    let s = &doc.sections[id];
    SectionJson {
        marker: source.slice(s.marker.span),
        kind: s.marker.kind.name(),
        value: s.marker.value,
        level: s.level,
        heading: source.slice(s.heading),
        roles: role_names(facts.roles[id]),
        range: range(source, s.line),
        children: s
            .children
            .iter()
            .map(|&c| section(source, doc, facts, c))
            .collect(),
    }
}

pub fn render_json(reports: &[FileReport], vocab: &Vocab) -> String {
    let files = reports
        .iter()
        .map(|r| FileOutline {
            path: &r.source.path,
            encoding: r.source.encoding.name(),
            documents: r
                .page
                .documents
                .iter()
                .zip(&r.facts)
                .map(|(d, facts)| doc_outline(&r.source, d, facts, vocab))
                .collect(),
            boilerplate: r
                .page
                .boilerplate
                .iter()
                .map(|&span| range(&r.source, span))
                .collect(),
        })
        .collect();
    let mut out =
        serde_json::to_string_pretty(&OutlineJson { version: 1, files }).unwrap_or_default();
    out.push('\n');
    out
}

pub fn render_human(reports: &[FileReport], vocab: &Vocab) -> String {
    let mut out = String::new();
    for r in reports {
        let _ = writeln!(out, "{} ({})", r.source.path, r.source.encoding);
        let mut boilerplate = r.page.boilerplate.iter().peekable();
        let mut print_boilerplate_before = |at: usize, out: &mut String| {
            while let Some(span) = boilerplate.next_if(|b| b.start < at) {
                let lines = r.source.line_index.line_of(span.start) + 1
                    ..=r.source
                        .line_index
                        .line_of(span.end.max(span.start + 1) - 1)
                        + 1;
                let _ = writeln!(
                    out,
                    "  boilerplate: lines {}–{} (not checked)",
                    lines.start(),
                    lines.end()
                );
            }
        };
        for (n, (doc, facts)) in r.page.documents.iter().zip(&r.facts).enumerate() {
            print_boilerplate_before(doc.span.start, &mut out);
            let o = doc_outline(&r.source, doc, facts, vocab);
            let title = o.title.as_ref().map_or("(no title)", |t| t.text);
            let genre = serde_json::to_value(o.genre)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            let kind = o.kind.map(|k| format!(", {k}")).unwrap_or_default();
            let truncated = if o.truncated { ", truncated" } else { "" };
            let _ = writeln!(
                out,
                "  document {}: {title}  [{genre}{kind}{truncated}]",
                n + 1
            );
            for s in &o.sections {
                print_section(s, 2, &mut out);
            }
        }
        print_boilerplate_before(usize::MAX, &mut out);
    }
    out
}

fn print_section(s: &SectionJson<'_>, depth: usize, out: &mut String) {
    let roles = if s.roles.is_empty() {
        String::new()
    } else {
        format!("  [{}]", s.roles.join(", "))
    };
    let marker = if s.marker.is_empty() {
        format!("({})", s.kind)
    } else {
        s.marker.to_owned()
    };
    let _ = writeln!(
        out,
        "{}{} {}  (line {}){roles}",
        "  ".repeat(depth),
        marker,
        s.heading,
        s.range.start.line
    );
    for c in &s.children {
        print_section(c, depth + 1, out);
    }
}
