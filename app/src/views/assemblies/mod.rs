//! What the assembly and meeting pages receive.

use crate::domain::assembly::{AssemblyKind, OutcomeKind};
use crate::domain::ids::{AmendmentId, AssemblyId, MeetingId, SectionId, UserId};
use crate::domain::safe_html::SafeHtml;
use crate::domain::text::Segment;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
mod load;
#[cfg(feature = "ssr")]
pub use load::*;

/// An assembly in the list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssemblyCard {
    pub id: AssemblyId,
    pub slug: String,
    pub name: String,
    pub kind: AssemblyKind,
    pub members: u64,
    pub facilitators: Vec<String>,
    /// The next meeting.
    pub next_meeting: Option<MeetingLink>,
    pub amendments: u64,
    /// The viewer is a member.
    pub joined: bool,
}

/// A meeting in a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingCard {
    pub id: MeetingId,
    pub title: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub place: String,
    pub online: bool,
    pub registered: u64,
    pub capacity: Option<i32>,
    /// The facilitator recorded what happened.
    pub recorded: bool,
}

/// An amendment the assembly adopted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssemblyAmendment {
    pub id: AmendmentId,
    pub title: String,
    pub status: crate::domain::amendment::AmendmentStatus,
    pub section_id: SectionId,
    pub section_title: String,
    pub created_at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssemblyDetail {
    pub id: AssemblyId,
    pub slug: String,
    pub name: String,
    pub kind: AssemblyKind,
    /// The Markdown source (for the edit form).
    pub description: String,
    pub description_html: SafeHtml,
    pub facilitators: Vec<crate::views::Link<crate::domain::ids::UserId>>,
    pub members: u64,
    /// The viewer is logged in.
    pub viewer: bool,
    pub joined: bool,
    /// The viewer may schedule meetings and record outcomes here (its facilitators and
    /// coordinators).
    pub can_facilitate: bool,
    /// The viewer may name facilitators (coordinators).
    pub can_manage: bool,
    /// Meetings to come, soonest first, a page at a time.
    pub upcoming: Vec<MeetingCard>,
    pub upcoming_pages: crate::views::PageInfo,
    /// Meetings held, latest first, a page at a time.
    pub past: Vec<MeetingCard>,
    pub past_pages: crate::views::PageInfo,
    /// Amendments it adopted, newest first, a page at a time.
    pub amendments: Vec<AssemblyAmendment>,
    pub amendment_pages: crate::views::PageInfo,
}

/// Meetings on one page of an assembly's lists.
pub const MEETINGS_PER_PAGE: u64 = 10;
/// Amendments on one page of an assembly's list.
pub const ASSEMBLY_AMENDMENTS_PER_PAGE: u64 = 20;
/// Assemblies on one page of the list.
pub const ASSEMBLIES_PER_PAGE: u64 = 50;
/// People on one page of a meeting's attendance list.
pub const ATTENDEES_PER_PAGE: u64 = 100;

/// Which page of each of an assembly's lists to show (`upcoming`, `past`, `amendments`
/// in the address).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssemblyPages {
    pub upcoming: u64,
    pub past: u64,
    pub amendments: u64,
}

/// One page of the assembly list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssemblyList {
    pub assemblies: Vec<AssemblyCard>,
    pub pages: crate::views::PageInfo,
}

/// One item of a meeting's agenda.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaItemView {
    /// As the agenda form sends it (`s12`, `a34`).
    pub reference: String,
    pub section_id: SectionId,
    pub section_title: String,
    pub program_slug: String,
    /// For an amendment: the amendment, and its online supports.
    pub amendment: Option<crate::views::amendments::AmendmentLink>,
    pub online_supports: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeView {
    pub id: i32,
    pub kind: OutcomeKind,
    pub amendment: Option<crate::views::amendments::AmendmentLink>,
    pub section: Option<crate::views::Link<crate::domain::ids::SectionId>>,
    pub text: String,
    pub votes_for: i32,
    pub votes_against: i32,
    pub votes_abstain: i32,
    /// Online supports of the amendment, shown beside the room's count (never added to it).
    pub online_supports: i64,
}

/// A registered resident, as facilitators see them when recording attendance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendee {
    pub user_id: UserId,
    pub name: String,
    pub attended: bool,
}

/// A section or amendment a facilitator can put on the agenda or record a vote on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaChoice {
    pub reference: String,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingDetail {
    pub id: MeetingId,
    pub assembly_id: AssemblyId,
    pub assembly_slug: String,
    pub assembly_name: String,
    pub title: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub place: String,
    pub online_url: String,
    pub description: String,
    pub description_html: SafeHtml,
    pub capacity: Option<i32>,
    pub registered: u64,
    pub viewer: bool,
    pub me_registered: bool,
    /// The meeting has started (registration closed, outcome can be recorded).
    pub started: bool,
    /// Sees what facilitators see (attendees, the minutes' source, agenda choices).
    pub can_facilitate: bool,
    /// What the viewer may do now (domain::policy::meeting).
    pub can_register: bool,
    pub can_unregister: bool,
    pub can_edit: bool,
    pub can_record: bool,
    pub can_remove: bool,
    pub agenda: Vec<AgendaItemView>,
    /// Registered residents and whether they attended: facilitators only.
    pub attendees: Vec<Attendee>,
    /// The page of the attendance list shown (facilitators).
    pub attendee_pages: crate::views::PageInfo,
    pub attended: u64,
    pub guests: i32,
    pub recorded_at: Option<i64>,
    pub minutes: String,
    pub minutes_html: SafeHtml,
    pub outcomes: Vec<OutcomeView>,
    /// For facilitators: what can go on the agenda (sections and published amendments of
    /// published programs).
    pub choices: Vec<AgendaChoice>,
}

/// An amendment in the meeting pack: its word diff against the text it was written on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackAmendment {
    pub id: AmendmentId,
    pub title: String,
    pub author: String,
    pub supports: i64,
    pub diff: Vec<Segment>,
}

/// A section in the meeting pack: its current text and the amendments under discussion.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackSection {
    pub section_id: SectionId,
    pub title: String,
    pub revision: i32,
    /// The current text, rendered.
    pub body: SafeHtml,
    pub amendments: Vec<PackAmendment>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingPack {
    pub meeting: MeetingDetail,
    pub sections: Vec<PackSection>,
}

/// An in-room count on an amendment, shown on the amendment's page beside its online
/// supports.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoomVoteView {
    pub assembly: String,
    pub assembly_slug: String,
    pub meeting_id: MeetingId,
    pub meeting_title: String,
    pub held_at: i64,
    pub votes_for: i32,
    pub votes_against: i32,
    pub votes_abstain: i32,
}

/// What the form scheduling a meeting needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingFormData {
    pub assembly_id: AssemblyId,
    pub assembly_slug: String,
    pub assembly_name: String,
    pub choices: Vec<AgendaChoice>,
    pub now: i64,
}

/// A meeting as lists link to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingLink {
    pub id: MeetingId,
    pub title: String,
    pub starts_at: i64,
}
