use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
mod load;
#[cfg(feature = "ssr")]
pub use load::*;

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
