use crate::domain::ids::{AmendmentId, SectionId};
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
mod load;
#[cfg(feature = "ssr")]
pub use load::*;
#[cfg(feature = "ssr")]
pub mod queue;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    pub residents: i64,
    pub amendments: i64,
    pub comments: i64,
    pub supports: i64,
    pub ballots: i64,
    pub assemblies: i64,
    pub meetings: i64,
    /// People at meetings: registered residents marked present plus guests.
    pub attendance: i64,
}

/// New things in one week (starting `start`, UTC seconds, a Thursday as weeks count from
/// the Unix epoch).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekRow {
    pub start: i64,
    pub residents: i64,
    pub amendments: i64,
    pub comments: i64,
    pub supports: i64,
    pub ballots: i64,
}

/// One assembly: its meetings, and what its members did online.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssemblyRow {
    pub slug: String,
    pub name: String,
    pub members: i64,
    pub meetings: i64,
    pub attendance: i64,
    pub adopted: i64,
    pub comments: i64,
    pub supports: i64,
    pub ballots: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaitingRow {
    pub id: AmendmentId,
    pub title: String,
    pub status: crate::domain::amendment::AmendmentStatus,
    pub section_id: SectionId,
    pub section_title: String,
    pub supports: i64,
    pub published_at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupRow {
    pub program_slug: String,
    pub section_id: SectionId,
    pub section_title: String,
    /// The competing amendments: (id, title).
    pub amendments: Vec<crate::views::Link<AmendmentId>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    /// When the figures were gathered (an app server reuses them for 30 seconds).
    pub generated_at: i64,
    pub totals: Totals,
    /// The last weeks, oldest first.
    pub weeks: Vec<WeekRow>,
    pub assemblies: Vec<AssemblyRow>,
    /// Oldest first, at most `WAITING_SHOWN`.
    pub waiting: Vec<WaitingRow>,
    pub waiting_total: u64,
    /// In program order, at most `GROUPS_SHOWN`.
    pub groups: Vec<GroupRow>,
    pub groups_total: u64,
    /// Every committee, with the amendments waiting for it.
    pub committees: Vec<crate::views::committees::CommitteeCount>,
}

/// A closed vote whose result is not applied yet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueVote {
    pub id: crate::domain::ids::PollId,
    pub title: String,
    pub closed_at: i64,
}

/// A meeting that ended and is not recorded yet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueMeeting {
    pub id: crate::domain::ids::MeetingId,
    pub title: String,
    pub assembly: String,
    pub ended_at: i64,
}

/// What waits for a facilitator (`views::dashboard::queue`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkQueue {
    /// Amendments to decide (published or in conflict), oldest first, one page.
    pub decide: Vec<WaitingRow>,
    pub decide_page: crate::views::PageInfo,
    /// Of those on this page, how many are in conflict with the current text.
    pub conflicted_on_page: u64,
    pub apply: Vec<QueueVote>,
    pub apply_total: u64,
    pub record: Vec<QueueMeeting>,
    pub record_total: u64,
    /// The committee whose amendments alone are listed, if one was chosen: (id, name).
    pub committee: Option<(crate::domain::ids::CommitteeId, String)>,
    /// Every committee, with the amendments waiting for it.
    pub committees: Vec<crate::views::committees::CommitteeCount>,
}
