//! Pure domain: validated values and rules, no I/O and no Leptos, compiled for the server
//! and for the browser alike.

pub mod account;
pub mod amendment;
pub mod assembly;
pub mod comment;
pub mod confirm;
pub mod event;
pub mod ics;
pub mod ids;
pub mod listing;
pub mod notice;
pub mod phase;
pub mod policy;
pub mod poll;
pub mod program_md;
pub mod redirect;
pub mod role;
pub mod roll;
pub mod safe_html;
pub mod search;
pub mod slug;
pub mod stored;
pub mod synthesis;
pub mod tally;
pub mod text;
pub mod throttle;
pub mod time;
