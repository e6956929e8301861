//! sea-orm 2.x entities, one per table (see `migrations/` for the schema history).

pub mod amendment;
pub mod amendment_version;
pub mod email_token;
pub mod event;
pub mod login_throttle;
pub mod program;
pub mod revision;
pub mod section;
pub mod session;
pub mod support;
pub mod user;
