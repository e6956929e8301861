//! Programs.

mod get_program;
mod list_programs;
mod set_program_state;

pub use get_program::*;
pub use list_programs::*;
pub use set_program_state::*;
