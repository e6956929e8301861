//! Coordinator tools.

mod list_users;
mod set_role;

pub use list_users::*;
pub use set_role::*;
