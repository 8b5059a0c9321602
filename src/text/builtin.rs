//! The built-in vocabulary files (rules/*.toml), embedded once. Every word planlint knows lives
//! in one of these files; config layers a user's planlint.toml tables over them.

pub const ROLES_TOML: &str = include_str!("../../rules/roles.toml");
pub const CHARS_TOML: &str = include_str!("../../rules/chars.toml");
pub const DATES_TOML: &str = include_str!("../../rules/dates.toml");
pub const PLACEHOLDERS_TOML: &str = include_str!("../../rules/placeholders.toml");
pub const TYPOGRAPHY_TOML: &str = include_str!("../../rules/typography.toml");
pub const OWNERS_TOML: &str = include_str!("../../rules/owners.toml");
pub const NUMBERS_TOML: &str = include_str!("../../rules/numbers.toml");
pub const LAYOUT_TOML: &str = include_str!("../../rules/layout.toml");
