use crate::domain::ids::{AmendmentId, SectionId};
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
mod load;
#[cfg(feature = "ssr")]
pub use load::*;

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
}
