//! Facts computed once per document from the tree and the vocabulary, shared by all rules.

pub mod roles;

use crate::config::vocab::{RoleSet, Vocab};
use crate::source::SourceFile;
use crate::syntax::Document;
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Genre {
    Plan,
    Report,
    Unknown,
}

#[derive(Debug, Default)]
pub struct Facts {
    pub genre: Option<Genre>,
    /// Index into `vocab.roles.kinds` of the document's kind, chosen by title words.
    pub kind: Option<usize>,
    /// Roles by `SectionId`.
    pub roles: Vec<RoleSet>,
    /// Roles by index into `doc.soft_headings`.
    pub soft_roles: Vec<RoleSet>,
    /// Roles found at the top level (roots, parts' children, top-level soft headings).
    pub top_roles: RoleSet,
    /// The visible text stops early (structure or a truncation notice).
    pub truncated: bool,
}

impl Facts {
    pub fn build(source: &SourceFile, doc: &Document, vocab: &Vocab) -> Facts {
        roles::build(source, doc, &vocab.roles)
    }

    pub fn genre(&self) -> Genre {
        self.genre.unwrap_or(Genre::Unknown)
    }
}
