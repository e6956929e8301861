use crate::domain::ids::UserId;
use crate::domain::role::Role;
use serde::{Deserialize, Serialize};

/// The logged-in person, as the pages need them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionUser {
    pub id: UserId,
    pub display_name: String,
    pub email: String,
    pub role: Role,
    /// Unread notifications.
    pub unread: u64,
}

/// One account as coordinators see it in the admin page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRow {
    pub id: UserId,
    pub display_name: String,
    pub email: String,
    pub role: Role,
    pub activated: bool,
}

/// A page of the accounts, as searched.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserList {
    pub rows: Vec<UserRow>,
    pub info: crate::views::PageInfo,
}

#[cfg(feature = "ssr")]
impl From<&crate::entities::user::Model> for SessionUser {
    fn from(u: &crate::entities::user::Model) -> Self {
        SessionUser {
            id: u.id,
            display_name: u.display_name.clone(),
            email: u.email.clone(),
            role: crate::services::accounts::role_of(u),
            unread: 0,
        }
    }
}
