//! One page per file.

pub mod activate;
pub mod admin_users;
pub mod amendment;
pub mod amendment_editor;
pub mod amendment_resolve;
pub mod forgot;
pub mod home;
pub mod login;
pub mod moderation;
pub mod not_found;
pub mod notifications;
pub mod profile;
pub mod program;
pub mod program_new;
pub mod reset;
pub mod section;
pub mod section_compare;
pub mod section_history;
pub mod section_provenance;
pub mod signup;
pub mod unsubscribe;
