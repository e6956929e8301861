use crate::domain::ids::SectionId;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
mod load;
#[cfg(feature = "ssr")]
pub use load::*;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgramSummary {
    pub id: crate::domain::ids::ProgramId,
    pub slug: String,
    pub title: String,
    pub summary: String,
    /// Whether residents can write amendments now (the phase allows it).
    pub amendments_open: bool,
    pub published: bool,
    /// The current phase, when it ends, and the whole schedule (phase, start).
    pub phase: crate::domain::phase::Phase,
    pub phase_ends: Option<i64>,
    pub schedule: Vec<(crate::domain::phase::Phase, i64)>,
    /// Votes taking ballots now, the soonest to close first (at most [`OPEN_VOTES_SHOWN`]),
    /// and how many there are in all.
    pub open_votes: Vec<OpenVote>,
    pub open_vote_count: u64,
}

/// How many open votes a program's summary names.
pub const OPEN_VOTES_SHOWN: usize = 3;

/// A vote taking ballots now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenVote {
    pub id: crate::domain::ids::PollId,
    pub title: String,
    pub closes_at: i64,
}

#[cfg(feature = "ssr")]
impl ProgramSummary {
    /// A program as lists show it, with its schedule read at `now`.
    pub fn of(
        p: crate::entities::program::Model,
        schedule: &crate::domain::phase::Schedule,
        now: i64,
    ) -> Self {
        use crate::domain::phase::{Activity, Phase};
        let published = p.published_at.is_some();
        let phase = if published {
            schedule.current(now)
        } else {
            Phase::Drafting
        };
        ProgramSummary {
            id: p.id,
            slug: p.slug,
            title: p.title,
            summary: p.summary,
            amendments_open: published && phase.allows(Activity::Amend),
            published,
            phase,
            phase_ends: published.then(|| schedule.ends(now)).flatten(),
            schedule: schedule.0.clone(),
            open_votes: Vec::new(),
            open_vote_count: 0,
        }
    }
}

/// A program with its current text, for the program page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgramDetail {
    pub summary: ProgramSummary,
    pub preamble: crate::domain::safe_html::SafeHtml,
    pub sections: Vec<SectionView>,
    /// The viewer may publish, open and close the program.
    pub can_manage: bool,
    /// The viewer may open votes (facilitators and coordinators, published programs).
    pub can_open_votes: bool,
}

/// One section at its head revision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionView {
    pub id: SectionId,
    /// 1 chapter, 2 section, 3+ measure.
    pub level: u8,
    pub title: String,
    pub revision: i32,
    pub body: crate::domain::safe_html::SafeHtml,
    /// Published or conflicted amendments to it.
    pub open_amendments: i64,
    /// Comments in its threads (the section's, its passages' and its amendments').
    pub comments: i64,
}

/// Every amendment of a program, a page at a time, narrowed to a chapter or section.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgramAmendmentList {
    pub program_slug: String,
    pub program_title: String,
    /// The sections one can narrow the list to: (id, title, level), in program order.
    pub sections: Vec<(SectionId, String, u8)>,
    /// The chapter or section chosen (its subsections included).
    pub section: Option<SectionId>,
    pub list: crate::views::sections::ListQuery,
    pub list_pages: u64,
    pub open_count: u64,
    pub closed_count: u64,
    pub logged_in: bool,
    /// Each with the title of its section.
    pub amendments: Vec<(crate::views::sections::AmendmentSummary, String)>,
}
