//! What the section, history, comparison, provenance and amendment pages receive.

use crate::domain::amendment::AmendmentStatus;
use crate::domain::safe_html::SafeHtml;
use crate::domain::text::{MergeChunk, Segment};
use serde::{Deserialize, Serialize};

/// Where a section sits, for headings and links.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionRef {
    pub id: i32,
    pub title: String,
    pub level: u8,
    pub head: i32,
    pub program_slug: String,
    pub program_title: String,
    /// Whether the program takes amendments now.
    pub program_open: bool,
    /// The program's current phase.
    pub phase: crate::domain::phase::Phase,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AmendmentSummary {
    pub id: i32,
    pub title: String,
    pub author: String,
    pub status: AmendmentStatus,
    pub supports: i64,
    pub base_number: i32,
    /// Written by the viewer.
    pub mine: bool,
}

/// Amendments written on the same text that change the same passage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConflictGroupView {
    pub passage: String,
    pub members: Vec<(i32, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionPage {
    pub section: SectionRef,
    pub body: SafeHtml,
    /// The Markdown source of the current text (what an amendment edits).
    pub source: String,
    pub amendments: Vec<AmendmentSummary>,
    pub groups: Vec<ConflictGroupView>,
    pub logged_in: bool,
    /// The viewer may put competing amendments to a vote.
    pub can_open_votes: bool,
    /// Votes on this section's amendments: (id, title, phase).
    pub votes: Vec<(i32, String, crate::domain::poll::Phase)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevisionRow {
    pub number: i32,
    pub created_at: i64,
    pub author: Option<String>,
    /// The amendment whose acceptance made it: (id, title).
    pub amendment: Option<(i32, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryPage {
    pub section: SectionRef,
    /// Newest first.
    pub revisions: Vec<RevisionRow>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComparePage {
    pub section: SectionRef,
    pub from: i32,
    pub to: i32,
    pub from_text: String,
    pub to_text: String,
    pub segments: Vec<Segment>,
}

/// A passage of the current text and where it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlameRow {
    pub text: String,
    pub revision: i32,
    pub author: Option<String>,
    pub amendment: Option<(i32, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlamePage {
    pub section: SectionRef,
    pub passages: Vec<BlameRow>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionRow {
    pub version: i32,
    /// publish, edit, rebase or resolve.
    pub kind: String,
    pub base_number: i32,
    pub previous_base: Option<i32>,
    pub created_at: i64,
}

/// What the viewer may do with an amendment (the server checks again on every call).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AmendmentRights {
    pub logged_in: bool,
    pub is_author: bool,
    pub can_edit: bool,
    pub can_publish: bool,
    pub can_withdraw: bool,
    pub can_support: bool,
    pub can_accept: bool,
    pub can_reject: bool,
    pub can_resolve: bool,
    /// The version the viewer supports, if they do.
    pub supported_version: Option<i32>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AmendmentPage {
    pub id: i32,
    pub section: SectionRef,
    pub title: String,
    pub author: String,
    pub status: AmendmentStatus,
    pub base_number: i32,
    pub version: i32,
    pub base_text: String,
    pub text: String,
    pub segments: Vec<Segment>,
    pub justification: SafeHtml,
    pub justification_source: String,
    pub supports: i64,
    pub rights: AmendmentRights,
    /// For a supporter of an older version: how the proposal changed since (edits and
    /// resolutions by its author; rebases alone do not count).
    pub changed_since_support: Option<Vec<Segment>>,
    pub versions: Vec<VersionRow>,
    /// While conflicted: the head revision and the merge, conflicts included.
    pub conflict: Option<(i32, Vec<MergeChunk>)>,
    /// Other open amendments competing for the same passage: (id, title).
    pub competing: Vec<(i32, String)>,
    /// The votes this amendment is an option of: (id, title).
    pub votes: Vec<(i32, String)>,
    /// The assembly that adopted it in a meeting: (address, name).
    pub assembly: Option<(String, String)>,
    /// Counts taken in assembly meetings, shown beside (never added to) the supports.
    pub room_votes: Vec<crate::api::assemblies::RoomVoteView>,
}

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
    pub id: i32,
    pub parent_id: Option<i32>,
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
pub struct ThreadPage {
    /// Top-level comments of this page, each followed by its replies, in display order.
    pub comments: Vec<CommentView>,
    /// Every comment of the thread, replies included.
    pub count: u64,
    /// When one conversation is shown on its own: its top-level comment.
    pub conversation: Option<i32>,
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
    pub id: i32,
    pub author: String,
    pub body: SafeHtml,
    pub hidden: bool,
    pub reasons: Vec<String>,
    /// Where the comment is: a link to its thread.
    pub location: String,
    pub created_at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationView {
    pub id: i32,
    /// reply, comment, accepted, rejected, rebased, conflicted.
    pub kind: String,
    pub link: String,
    pub detail: String,
    pub actor: Option<String>,
    pub created_at: i64,
    pub unread: bool,
}

/// One event of the audit page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub at: i64,
    /// Display name; `None` for the system (or a deleted account).
    pub actor: Option<String>,
    pub kind: String,
    pub subject: String,
    pub link: Option<String>,
    /// JSON.
    pub detail: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    /// Every assembly (address, name), for the filter.
    pub assemblies: Vec<(String, String)>,
    pub rows: Vec<AuditRow>,
    /// Every kind of action in the log, for the filter.
    pub kinds: Vec<String>,
    pub page: u64,
    pub pages: u64,
    pub total: u64,
}
