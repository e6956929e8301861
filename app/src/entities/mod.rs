//! sea-orm 2.x entities, one per table (see `migrations/` for the schema history).

pub mod amendment;
pub mod amendment_version;
pub mod ballot;
pub mod ballot_log;
pub mod comment;
pub mod comment_report;
pub mod comment_version;
pub mod comment_vote;
pub mod email_token;
pub mod event;
pub mod follow;
pub mod login_throttle;
pub mod notification;
pub mod poll;
pub mod poll_option;
pub mod program;
pub mod program_phase;
pub mod revision;
pub mod section;
pub mod session;
pub mod support;
pub mod user;
