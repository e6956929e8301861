//! Comments: threads, posting, editing, deleting, votes, reports, moderation.

mod delete_comment;
mod edit_comment;
mod get_thread;
mod locate_comment;
mod moderate_comment;
mod moderation_queue;
mod post_comment;
mod report_comment;
mod vote_comment;

pub use delete_comment::*;
pub use edit_comment::*;
pub use get_thread::*;
pub use locate_comment::*;
pub use moderate_comment::*;
pub use moderation_queue::*;
pub use post_comment::*;
pub use report_comment::*;
pub use vote_comment::*;
