use crate::domain::amendment::AmendmentStatus;
use crate::domain::ids::{AmendmentId, SectionId};
use crate::domain::safe_html::SafeHtml;
use crate::domain::text::Segment;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
mod load;
#[cfg(feature = "ssr")]
pub use load::*;

/// Where a section sits, for headings and links.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionRef {
    pub id: SectionId,
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
    pub id: AmendmentId,
    pub title: String,
    pub author: String,
    pub status: AmendmentStatus,
    pub supports: i64,
    pub base_number: i32,
    /// Written by the viewer.
    pub mine: bool,
    pub author_id: crate::domain::ids::UserId,
    /// The assembly that adopted it, when one did.
    pub assembly: Option<crate::views::Link<crate::domain::ids::AssemblyId>>,
    pub section_id: SectionId,
}

/// Amendments written on the same text that change the same passage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConflictGroupView {
    pub passage: String,
    /// The first `GROUP_MEMBERS_SHOWN` members, by id.
    pub members: Vec<crate::views::Link<AmendmentId>>,
    /// Every member (for "put them to a vote").
    pub member_ids: Vec<AmendmentId>,
}

/// Members of a competing group named on the section page (the count covers them all).
pub const GROUP_MEMBERS_SHOWN: usize = 8;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionDetail {
    pub section: SectionRef,
    pub body: SafeHtml,
    /// The Markdown source of the current text (what an amendment edits).
    pub source: String,
    /// One page of the amendments `list` asks for.
    pub amendments: Vec<AmendmentSummary>,
    pub list: ListQuery,
    pub list_pages: u64,
    /// How many amendments the viewer can see that are open, and closed.
    pub open_count: u64,
    pub closed_count: u64,
    pub groups: Vec<ConflictGroupView>,
    pub logged_in: bool,
    /// The viewer may write an amendment to it now (domain::policy::section).
    pub can_amend: bool,
    /// The viewer may put competing amendments to a vote.
    pub can_open_votes: bool,
    /// The viewer may propose merges of its amendments (its committee, coordinators).
    pub can_merge: bool,
    /// Votes on this section's amendments.
    pub votes: Vec<crate::views::votes::VoteLink>,
}

/// Which page of a section's amendments to show, and how (`domain::listing`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListQuery {
    pub show: crate::domain::listing::Show,
    pub order: crate::domain::listing::Order,
    pub who: crate::domain::listing::Who,
    /// 1-based.
    pub page: u64,
}

impl ListQuery {
    /// From the address's `show`, `order`, `who` and page (anything unknown: the default).
    pub fn from_params(
        show: Option<&str>,
        order: Option<&str>,
        who: Option<&str>,
        page: Option<u64>,
    ) -> ListQuery {
        use crate::domain::listing::{Order, Show, Who};
        ListQuery {
            show: show.map(Show::parse).unwrap_or_default(),
            order: order.map(Order::parse).unwrap_or_default(),
            who: who.map(Who::parse).unwrap_or_default(),
            page: page.unwrap_or(1),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevisionRow {
    pub number: i32,
    pub created_at: i64,
    pub author: Option<String>,
    /// The amendment whose acceptance made it: (id, title).
    pub amendment: Option<crate::views::Link<AmendmentId>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevisionHistory {
    pub section: SectionRef,
    /// Newest first.
    pub revisions: Vec<RevisionRow>,
    /// The decisions on its amendments, newest first (at most [`HISTORY_DECISIONS`]).
    pub decisions: Vec<DecisionRow>,
}

/// Decisions a section's history lists.
pub const HISTORY_DECISIONS: u64 = 200;

/// A decision on one of a section's amendments, in its history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionRow {
    pub amendment: crate::views::Link<AmendmentId>,
    pub kind: crate::domain::amendment::DecisionKind,
    pub at: i64,
    /// Who decided (none when a vote's result did).
    pub by: Option<String>,
    pub poll: Option<crate::domain::ids::PollId>,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevisionComparison {
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
    pub amendment: Option<crate::views::Link<AmendmentId>>,
    /// When that amendment merged others: the authors of its sources, credited too.
    pub credited: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProvenanceDetail {
    pub section: SectionRef,
    pub passages: Vec<BlameRow>,
}
