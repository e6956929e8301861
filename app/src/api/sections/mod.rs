//! Sections: reading, history, comparison, provenance.

mod compare_revisions;
mod get_section;
mod section_history;
mod section_provenance;

pub use compare_revisions::*;
pub use get_section::*;
pub use section_history::*;
pub use section_provenance::*;
