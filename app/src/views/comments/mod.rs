use crate::domain::ids::CommentId;
use crate::domain::safe_html::SafeHtml;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
mod load;
#[cfg(feature = "ssr")]
pub use load::*;

/// Where a comment on a passage points now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnchorView {
    /// The words as quoted when the comment was written.
    pub quote: String,
    /// "intact", "changed" or "removed".
    pub state: String,
    /// What the passage reads now (intact or changed).
    pub current: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentView {
    pub id: CommentId,
    pub parent_id: Option<CommentId>,
    pub depth: i32,
    pub author: String,
    pub mine: bool,
    pub stance: Option<crate::domain::comment::Stance>,
    /// Empty when deleted, or hidden from this viewer.
    pub body: SafeHtml,
    /// The Markdown source, for its author's edit form.
    pub source: Option<String>,
    pub created_at: i64,
    pub edited: bool,
    pub ups: i32,
    pub downs: i32,
    /// The viewer's vote: -1, 0 or 1.
    pub my_vote: i16,
    pub hidden: bool,
    pub deleted: bool,
    pub reported_by_me: bool,
    pub anchor: Option<AnchorView>,
    /// On a top-level comment: how many of its replies this page leaves out (shown on the
    /// conversation's own page).
    pub more_replies: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadDetail {
    /// Top-level comments of this page, each followed by its replies, in display order.
    pub comments: Vec<CommentView>,
    /// Every comment of the thread, replies included.
    pub count: u64,
    /// When one conversation is shown on its own: its top-level comment.
    pub conversation: Option<crate::domain::ids::CommentId>,
    /// Top-level comments (or, for a conversation, replies): what the pages divide.
    pub total: u64,
    pub page: u64,
    pub pages: u64,
    pub sort: crate::domain::comment::Sort,
    pub logged_in: bool,
    pub can_post: bool,
    pub can_moderate: bool,
    /// Whether comments take a stance (amendment threads).
    pub with_stance: bool,
    pub max_depth: i32,
}

/// A comment waiting for a moderator: hidden, or reported and not yet looked at.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueItem {
    pub id: CommentId,
    pub author: String,
    pub body: SafeHtml,
    pub hidden: bool,
    pub reasons: Vec<String>,
    /// Where the comment is: a link to its thread.
    pub location: String,
    pub created_at: i64,
}
