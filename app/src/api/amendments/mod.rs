//! Amendments: write, edit, publish, withdraw, support, accept, reject, resolve.

mod accept_amendment;
mod accept_changed;
mod create_amendment;
mod edit_amendment;
mod get_amendment;
mod merge;
mod publish_amendment;
mod recommend;
mod reject_amendment;
mod resolve_conflict;
mod support_amendment;
mod unsupport_amendment;
mod withdraw_amendment;

pub use accept_amendment::*;
pub use accept_changed::*;
pub use create_amendment::*;
pub use edit_amendment::*;
pub use get_amendment::*;
pub use merge::*;
pub use publish_amendment::*;
pub use recommend::*;
pub use reject_amendment::*;
pub use resolve_conflict::*;
pub use support_amendment::*;
pub use unsupport_amendment::*;
pub use withdraw_amendment::*;
