//! PL0xx: the structure of a plan — required sections, empty sections, numbering, heading style.

mod decimal;
mod empty_section;
mod heading_style;
mod missing_section;
mod numbering;

pub use empty_section::EMPTY_SECTION;
pub use heading_style::HEADING_STYLE;
pub use missing_section::MISSING_SECTION;
pub use numbering::NUMBERING_SEQUENCE;
pub(crate) use numbering::{run_on_first_items, run_on_items};
