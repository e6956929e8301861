use crate::domain::amendment::AmendmentStatus;
use crate::domain::ids::AmendmentId;
use crate::domain::safe_html::SafeHtml;
use crate::domain::text::{MergeChunk, Segment};
use crate::views::sections::SectionRef;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
mod load;
#[cfg(feature = "ssr")]
pub use load::*;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionRow {
    pub version: i32,
    pub kind: crate::domain::amendment::VersionKind,
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
pub struct AmendmentDetail {
    pub id: AmendmentId,
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
    /// Supports of its current wording.
    pub supports: i64,
    /// Supports of an earlier wording, not re-confirmed since the author changed it.
    pub earlier_supports: i64,
    /// A decision recommended and not yet made.
    pub recommendation: Option<RecommendationView>,
    pub rights: AmendmentRights,
    /// For a supporter of an older version: how the proposal changed since (edits and
    /// resolutions by its author; rebases alone do not count).
    pub changed_since_support: Option<Vec<Segment>>,
    pub versions: Vec<VersionRow>,
    /// While conflicted: the head revision and the merge, conflicts included.
    pub conflict: Option<(i32, Vec<MergeChunk>)>,
    /// How many other open amendments compete for the same passage.
    pub competing: u64,
    /// The votes this amendment is an option of: (id, title).
    pub votes: Vec<crate::views::Link<crate::domain::ids::PollId>>,
    /// The assembly that adopted it in a meeting: (address, name).
    pub assembly: Option<(String, String)>,
    /// Counts taken in assembly meetings, shown beside (never added to) the supports.
    pub room_votes: Vec<crate::views::assemblies::RoomVoteView>,
    /// What was decided, when, by whom and why (public).
    pub decision: Option<DecisionView>,
}

/// A decision on an amendment as its page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionView {
    pub kind: crate::domain::amendment::DecisionKind,
    pub at: i64,
    /// Who decided: their name and role (a vote's result names the vote instead).
    pub by: Option<(String, crate::domain::role::Role)>,
    pub reason: String,
    pub poll: Option<crate::views::Link<crate::domain::ids::PollId>>,
    pub covered_by: Option<crate::views::Link<AmendmentId>>,
    /// Accepted with changes: the facilitator's final wording compared with the author's.
    pub final_changes: Option<Vec<crate::domain::text::Segment>>,
}

/// A decision a facilitator recommends, shown while the amendment is open.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecommendationView {
    pub kind: crate::domain::amendment::DecisionKind,
    pub reason: String,
    pub at: i64,
    pub by: Option<(String, crate::domain::role::Role)>,
}

/// An amendment as other pages link to it, with its status.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AmendmentLink {
    pub id: AmendmentId,
    pub title: String,
    pub status: AmendmentStatus,
}
