//! Notifications and follows.

mod digest;
mod follow_target;
mod list_notifications;
mod mark_read;

pub use digest::*;
pub use follow_target::*;
pub use list_notifications::*;
pub use mark_read::*;
