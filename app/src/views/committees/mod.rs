//! Committees of a program as pages show them: who decides on which sections, how many
//! amendments wait for each.

use crate::domain::ids::{AssemblyId, CommitteeId, SectionId, UserId};
use crate::views::Link;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
mod load;
#[cfg(feature = "ssr")]
pub use load::*;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitteeView {
    pub id: CommitteeId,
    pub name: String,
    pub sections: Vec<Link<SectionId>>,
    pub members: Vec<String>,
    pub member_ids: Vec<UserId>,
    /// The assembly whose facilitators are members: (id, address, name).
    pub assembly: Option<(AssemblyId, String, String)>,
    /// Amendments of its sections waiting for a decision.
    pub waiting: u64,
}

/// A committee and how many amendments wait for it (queue and dashboard).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitteeCount {
    pub id: CommitteeId,
    pub name: String,
    pub program_title: String,
    pub waiting: u64,
}

/// A section as the committee form offers it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionChoice {
    pub id: SectionId,
    pub title: String,
    pub level: u8,
    /// The committee it belongs to now, if any.
    pub committee: Option<CommitteeId>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitteesPage {
    pub program_slug: String,
    pub program_title: String,
    pub committees: Vec<CommitteeView>,
    /// The viewer may set them up (coordinators); the form's choices then follow.
    pub can_edit: bool,
    pub sections: Vec<SectionChoice>,
    pub facilitators: Vec<(UserId, String)>,
    pub assemblies: Vec<(AssemblyId, String)>,
}
