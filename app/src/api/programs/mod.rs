//! Programs: list, read, publish, and their phases.

mod advance_program;
mod get_program;
mod list_programs;
mod program_amendments;
mod schedule_program;
mod set_program_state;

pub use advance_program::*;
pub use get_program::*;
pub use list_programs::*;
pub use program_amendments::*;
pub use schedule_program::*;
pub use set_program_state::*;
