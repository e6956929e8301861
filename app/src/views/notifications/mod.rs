use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
mod load;
#[cfg(feature = "ssr")]
pub use load::*;

/// Notifications on one page of the list.
pub const NOTIFICATIONS_PER_PAGE: u64 = 25;

/// One page of a person's notifications.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationList {
    pub items: Vec<NotificationView>,
    pub pages: crate::views::PageInfo,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationView {
    pub id: i32,
    pub kind: crate::domain::notice::NoticeKind,
    pub link: String,
    pub detail: String,
    pub actor: Option<String>,
    pub created_at: i64,
    pub unread: bool,
}
