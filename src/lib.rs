//! planlint: a linter for Chinese plan documents (实施方案, 工作计划, 应急预案, 活动方案).
//!
//! Pipeline (DESIGN §2): decode → parse (pest, line by line) → lower into an owned tree →
//! extract facts → rules → report.
extern crate alloc;

// Layers, lowest first; each imports only from those above it in this list (docs/architecture.md).
pub mod cli;
pub mod config;
pub mod engine;
pub mod extract;
pub mod report;
pub mod rules;
pub mod server;
pub mod source;
pub mod syntax;
#[doc(hidden)]
pub mod testing;
pub mod text;

pub use engine::{check_source, check_text, FileReport};
pub use source::read::{read_source, FileError};
