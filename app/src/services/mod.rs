//! The operations of the platform, on an explicit sea-orm connection or transaction: each
//! one write transaction that checks, changes, records the event and commits. Page data is
//! built in `crate::views`; the shared reads both need are in `lookup`.
//! Authorization decisions are made here, once; server functions only translate between
//! HTTP and these calls.

pub mod accounts;
pub mod amendments;
pub mod assemblies;
pub mod cast_queue;
pub mod clock;
pub mod comments;
pub mod committees;
pub mod config;
pub mod cpu;
pub mod db;
pub mod derived;
pub mod digest;
pub mod events;
pub mod forms;
pub mod live;
pub mod lookup;
pub mod mail;
pub mod markdown;
pub mod meetings;
pub mod memo;
pub mod notifications;
pub mod passwords;
pub mod phases;
pub mod polls;
pub mod program_files;
pub mod programs;
pub mod rate_limit;
pub mod reminders;
pub mod rolls;
pub mod rooms;
pub mod search;
pub mod sessions;
pub mod settings;
pub mod throttle;
pub mod tokens;
