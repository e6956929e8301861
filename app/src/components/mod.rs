//! Pieces shared by several pages: layout, forms, trails, labels, badges, the ballot, the
//! thread, charts and diffs.

pub mod agenda;
pub mod amendment;
pub mod ballot;
pub mod charts;
pub mod confirm;
pub mod diff;
pub mod follow;
pub mod forms;
pub mod ids;
pub mod labels;
pub mod layout;
pub mod pager;
pub mod phase;
pub mod session;
pub mod status;
pub mod thread;
pub mod trail;
