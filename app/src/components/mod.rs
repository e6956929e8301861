//! Pieces shared by several pages.

pub mod amendment;
pub mod ballot;
pub mod charts;
pub mod diff;
pub mod follow;
pub mod forms;
pub mod layout;
pub mod phase;
pub mod session;
pub mod status;
pub mod thread;
