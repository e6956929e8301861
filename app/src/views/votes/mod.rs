//! What the vote pages receive.

use crate::domain::ids::{AmendmentId, PollId};
use crate::domain::poll::shape::{Ballot, BlockShape};
use crate::domain::poll::{Eligibility, Phase, PollKind, TieRule};
use crate::domain::safe_html::SafeHtml;
use crate::domain::tally::Method;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
mod load;
#[cfg(feature = "ssr")]
pub use load::*;

/// One option as voters see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OptionView {
    /// 1-based: how ballots name it.
    pub position: usize,
    pub label: String,
    /// Its name in the published ballot files.
    pub name: String,
    pub amendment_id: Option<AmendmentId>,
    /// "Keep the current text" (shown in the reader's language).
    pub keep_current: bool,
    pub withdrawn: bool,
}

/// Votes on one page of the vote list.
pub const VOTES_PER_PAGE: usize = 25;

/// One page of the vote list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VoteList {
    pub votes: Vec<PollSummary>,
    /// 1-based.
    pub page: u64,
    pub pages: u64,
}

/// A vote in lists.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PollSummary {
    pub id: PollId,
    pub title: String,
    pub kind: PollKind,
    pub phase: Phase,
    pub opens_at: i64,
    pub closes_at: i64,
    pub program_slug: String,
    pub program_title: String,
    /// The section whose amendments compete, for votes on amendments.
    pub section: Option<crate::views::Link<crate::domain::ids::SectionId>>,
    /// Ballots cast: exact once closed; while open rounded down to a multiple of
    /// `domain::poll::LIVE_COUNT_STEP` (`ballots_coarse`), so nobody watching learns when
    /// each ballot came in or which were re-casts.
    pub ballots: u64,
    pub ballots_coarse: bool,
    /// Below this many ballots the closed vote publishes no results, files or voters.
    pub min_voters: usize,
}

/// Why the viewer cannot vote now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum VoteBlock {
    LoginRequired,
    NotEligible,
    /// Recorded present at a meeting whose paper ballots are in: their ballot is the room's.
    VotedInRoom,
    NotOpenYet,
    Closed,
    /// The vote is open but the program is not in a phase that takes ballots.
    NotNow {
        phase: crate::domain::phase::Phase,
    },
}

/// The viewer's current ballot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyBallot {
    pub ballot: Ballot,
    /// Its text as the ballot log keeps it.
    pub text: String,
    /// The receipt code, while the voter's browser still holds it (an hour after casting):
    /// the database keeps only its hash.
    pub receipt: Option<String>,
    pub cast_at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PollDetail {
    pub summary: PollSummary,
    pub description: SafeHtml,
    pub method: Method,
    pub seats: usize,
    pub tie: TieRule,
    pub eligibility: Eligibility,
    pub options: Vec<OptionView>,
    /// The ballot's questions (one for most votes), each over a run of `options`.
    pub blocks: Vec<BlockShape>,
    /// For a vote open to given assemblies: their names.
    pub assemblies: Vec<String>,
    /// For a vote open to a roll: the roll, where people verify themselves on it.
    pub roll: Option<crate::views::Link<crate::domain::ids::RollId>>,
    /// The order the viewer's ballot lists the options in (indexes into `options`, the
    /// published order): shuffled per voter while the vote takes ballots.
    pub ballot_order: Vec<usize>,
    /// The ballot log's head (every ballot is under this hash) and its number of entries,
    /// published at the close: while open they would show each cast as it happens.
    pub head_hash: Option<String>,
    pub entries: Option<i32>,
    /// SHA-256 of the lot secret, public from the opening.
    pub lot_commitment: String,
    /// The lot secret itself, once the vote is closed.
    pub lot_secret: Option<String>,
    pub block: Option<VoteBlock>,
    pub my_ballot: Option<MyBallot>,
    /// The viewer may close the vote and apply its result.
    /// The viewer may close the vote now (the vote policy allows it).
    pub can_close: bool,
    pub applied_at: Option<i64>,
}

/// One round of a count, with option indexes (0-based) as in the tally.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundView {
    pub counts: Vec<Option<String>>,
    pub exhausted: Option<String>,
    pub elected: Vec<usize>,
    pub excluded: Vec<usize>,
    pub note: String,
}

/// A tie the vote's tie rule decided (see `domain::tally::BrokenTie`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TieView {
    pub among: Vec<usize>,
    pub chosen: usize,
    /// "election", "exclusion" or "ranking".
    pub purpose: String,
    pub round: Option<usize>,
    /// No tie rule was needed: every way of breaking it gives the same result.
    pub moot: bool,
}

/// A count's outcome, options by 0-based index (position - 1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultView {
    pub winners: Vec<usize>,
    pub ranking: Vec<Vec<usize>>,
    pub tied: Vec<usize>,
    /// Ties the tie rule decided, in the order they arose.
    pub ties_broken: Vec<TieView>,
    /// Per option, the ballots ranking it first (alone or equal first).
    pub first_preferences: Vec<u64>,
    pub rounds: Vec<RoundView>,
    pub pairwise: Option<Vec<Vec<u64>>>,
    /// Approvals, scores, yes/no/abstain: per option (exact numbers as text).
    pub figures: Vec<Figure>,
    pub ballots: u64,
}

/// One figure per option of a count (`approvals`, `scores`, `yes`, `no`, `abstain`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figure {
    pub key: String,
    pub values: Vec<Option<String>>,
}

/// One question of a closed vote and its count.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlockResult {
    /// `None` for a vote of one question.
    pub title: Option<String>,
    pub method: Method,
    pub seats: usize,
    pub choose: Option<usize>,
    /// Its options: `options[first .. first + len]` of the vote (0-based).
    pub first: usize,
    pub len: usize,
    /// Ballots that marked something in it.
    pub voters: u64,
    /// `None`: withheld, fewer voters than the vote's minimum marked it.
    pub result: Option<ResultView>,
    /// Online and each room apart (empty when every ballot was cast online).
    pub sources: Vec<SourceView>,
}

/// The ballots cast in one place (online, a meeting's room), counted apart.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceView {
    /// As in the files: `online`, `room 12: Title`, or online with rooms too small to show.
    pub name: String,
    pub ballots: u64,
    /// Options (index within the question) this place alone would choose.
    pub winners: Vec<usize>,
}

/// A published file of the vote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileView {
    pub name: String,
    pub href: String,
    pub sha256: String,
    pub bytes: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PollResults {
    pub poll: PollDetail,
    /// Per question (one for most votes); options by index within the question.
    pub blocks: Vec<BlockResult>,
    /// The result as `redacta tally --format json` prints it from the files.
    pub json: String,
    /// Accounts that could vote.
    pub eligible: u64,
    pub files: Vec<FileView>,
    /// The command that re-runs the count from the BLT file.
    pub command: String,
    /// What applying the result would do, for those who may (votes on amendments, not
    /// yet applied).
    pub apply: Option<Apply>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Apply {
    /// The winning option (0-based).
    Winner(usize),
    /// The tie rule left a tie: nothing can be applied.
    Tied,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PollVoters {
    pub poll: PollSummary,
    pub names: Vec<String>,
}

/// What a receipt code finds in the ballot log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptView {
    pub poll: PollDetail,
    /// `None`: no ballot has this receipt.
    pub entry: Option<ReceiptEntry>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptEntry {
    /// The ballot the log holds for it: only while the vote is open (the voter can still
    /// cast again), so that after the close a receipt proves nothing about its content.
    pub ballot: Option<Ballot>,
    /// Its text as the log keeps it (same condition).
    pub text: Option<String>,
    /// Replaced by a later ballot of the same voter: only while the vote is open.
    pub replaced: Option<bool>,
}

/// What a vote-creation form starts from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewPollForm {
    pub program_slug: String,
    pub program_title: String,
    pub section: Option<crate::views::Link<crate::domain::ids::SectionId>>,
    /// Amendments that may be put to this vote.
    pub amendments: Vec<Candidate>,
    /// The assemblies a vote may be limited to (their members vote), by name.
    pub assemblies: Vec<crate::views::Link<crate::domain::ids::AssemblyId>>,
    /// The rolls a vote may be open to (imported completely), by name.
    pub rolls: Vec<crate::views::Link<crate::domain::ids::RollId>>,
    pub now: i64,
}

/// A vote as other pages link to it, with its phase.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoteLink {
    pub id: PollId,
    pub title: String,
    pub phase: Phase,
}

/// An amendment that may be put to a new vote, and whether the form has it chosen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    pub id: AmendmentId,
    pub title: String,
    pub chosen: bool,
}

/// The page where a meeting's facilitator enters the room's paper ballots.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoomForm {
    pub meeting: crate::views::Link<crate::domain::ids::MeetingId>,
    pub assembly: String,
    /// The attendance is recorded (it bounds the room's ballots).
    pub attendance_recorded: bool,
    /// Votes open now that this room may enter ballots in.
    pub votes: Vec<VoteLink>,
    /// The vote chosen: its options and questions in the published order.
    pub vote: Option<PollDetail>,
    pub bound: Option<RoomBound>,
    /// The piles already entered from this room in the chosen vote, in order.
    pub piles: Vec<RoomPile>,
}

/// How many paper ballots the room may still enter (see `services::rooms::Bound`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoomBound {
    pub present: u64,
    pub guests: u64,
    pub voted_online: u64,
    pub entered: u64,
    pub left: u64,
}

/// Identical paper ballots entered together.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoomPile {
    pub count: u32,
    pub ballot: Ballot,
}
