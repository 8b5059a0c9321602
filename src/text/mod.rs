//! The lowest layer: plain text facts every other layer shares — folding traditional script,
//! numerals, character classes, substring finders, and the built-in vocabulary files.

pub mod builtin;
pub mod chars;
pub mod find;
pub mod fold;
pub mod lexicon;
pub mod lookalike;
pub mod numeral;
