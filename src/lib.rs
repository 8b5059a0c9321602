//! planlint: a linter for Chinese plan documents.
extern crate alloc;

pub mod decode;
pub mod fold;
pub mod numeral;
pub mod source;
pub mod syntax;
pub mod config {
    pub mod vocab {
        pub const CHARS_TOML: &str = include_str!("../rules/chars.toml");
    }
}
