//! One page per file.

pub mod activate;
pub mod admin_users;
pub mod forgot;
pub mod home;
pub mod login;
pub mod not_found;
pub mod profile;
pub mod program;
pub mod reset;
pub mod signup;
