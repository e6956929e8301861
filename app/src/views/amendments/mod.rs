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
#[cfg(feature = "ssr")]
mod merge;
#[cfg(feature = "ssr")]
pub use merge::*;

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
    /// A merged amendment: its sources, their authors' answers, its supporters to confirm.
    pub merge: Option<MergeView>,
    /// Proposed merges this amendment is a source of, not yet published.
    pub merge_proposals: Vec<crate::views::Link<AmendmentId>>,
    /// Open amendments proposing nearly the same change (shown to its author while a
    /// draft, and to deciders), most alike first.
    pub similar: Vec<SimilarView>,
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

/// An open amendment as the merge page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeCandidate {
    pub id: AmendmentId,
    pub title: String,
    pub author: String,
    pub supports: i64,
}

/// The merge page: the open amendments of a section, grouped where they compete or nearly
/// duplicate each other, and, once some are chosen, the drafted merged text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MergeDraft {
    pub section: SectionRef,
    /// Open published amendments on the current text (oldest first, at most
    /// [`MERGE_CANDIDATES`]) and how many there are in all.
    pub candidates: Vec<MergeCandidate>,
    pub total: u64,
    /// Near-duplicate clusters and conflict groups among them (ids).
    pub clusters: Vec<Vec<AmendmentId>>,
    pub groups: Vec<Vec<AmendmentId>>,
    /// The chosen amendments, in the order chosen.
    pub sources: Vec<MergeCandidate>,
    /// Why the choice cannot be merged, if it cannot.
    pub problem: Option<crate::error::AppError>,
    /// The draft: the merged text and where the sources overlap (indices into `sources`).
    pub combined: Option<crate::domain::text::Combined>,
    pub head: i32,
    /// The deadline the form suggests, as a form value in the platform's zone.
    pub deadline: String,
}

/// The most candidates the merge page lists.
pub const MERGE_CANDIDATES: u64 = 300;

/// One source of a merge, as the merged amendment's page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeSourceView {
    pub id: AmendmentId,
    pub title: String,
    pub author: String,
    pub status: AmendmentStatus,
    pub answer: Option<crate::domain::synthesis::MergeAnswer>,
    /// For the viewer who wrote it, while they may answer: the word diff from their
    /// amendment (as drafted from) to the merged text.
    pub to_merged: Option<Vec<Segment>>,
}

/// A merge of amendments, on the merged amendment's page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeView {
    pub deadline: i64,
    /// Still waiting for answers (not yet published).
    pub pending: bool,
    pub sources: Vec<MergeSourceView>,
    /// Supporters of the sources merged into it who have not (yet) supported it.
    pub unconfirmed: i64,
    /// For a supporter of a merged source who has not supported the merged text: that
    /// source, and the word diff from the version they supported to the merged text.
    pub supported: Option<(crate::views::Link<AmendmentId>, Vec<Segment>)>,
}

/// An open amendment that proposes nearly the same change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimilarView {
    pub id: AmendmentId,
    pub title: String,
    pub supports: i64,
    /// The similarity, in percent.
    pub percent: u8,
}
