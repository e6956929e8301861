//! Coordinator tools.

mod audit_log;
mod list_users;
mod set_role;
mod time_zone;

pub use audit_log::*;
pub use list_users::*;
pub use set_role::*;
pub use time_zone::*;
