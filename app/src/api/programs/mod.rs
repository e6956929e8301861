//! Programs.

mod get_program;
mod list_programs;

pub use get_program::*;
pub use list_programs::*;
