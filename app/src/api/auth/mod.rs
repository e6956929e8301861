//! Accounts and sessions.

mod activate;
mod change_password;
mod claim;
mod login;
mod logout;
mod me;
mod request_reset;
mod reset_password;
mod signup;
mod update_profile;

pub use activate::*;
pub use change_password::*;
pub use claim::*;
pub use login::*;
pub use logout::*;
pub use me::*;
pub use request_reset::*;
pub use reset_password::*;
pub use signup::*;
pub use update_profile::*;
