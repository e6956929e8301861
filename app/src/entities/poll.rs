use sea_orm::entity::prelude::*;

/// A vote: its options are in `poll_options`, its ballots in `ballots` and `ballot_log`.
/// `kind` is "amendments" (a conflict group plus "keep the current text") or "measures";
/// `method` a tally method name; `tie` a poll tie rule name; times are Unix seconds, the
/// vote takes ballots from `opens_at` until just before `closes_at`. `head_hash` and
/// `entries` are the ballot log's head, updated with every entry.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "polls")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: crate::domain::ids::PollId,
    pub program_id: crate::domain::ids::ProgramId,
    pub section_id: Option<crate::domain::ids::SectionId>,
    pub kind: crate::domain::poll::PollKind,
    pub title: String,
    pub description: String,
    pub method: crate::domain::tally::Method,
    pub seats: i32,
    pub tie: crate::domain::poll::TieRule,
    pub eligibility: crate::domain::poll::Eligibility,
    pub opens_at: i64,
    pub closes_at: i64,
    pub created_by: crate::domain::ids::UserId,
    pub created_at: i64,
    pub head_hash: String,
    pub entries: i32,
    pub applied_at: Option<i64>,
    pub applied_by: Option<crate::domain::ids::UserId>,
    /// Drawn when the vote is opened; shown only after the close (see `domain::poll::lot_seed`).
    pub lot_secret: String,
    /// SHA-256 of `lot_secret`, public from the start.
    pub lot_commitment: String,
    /// Below this many ballots a closed vote publishes no results, files or voter list.
    pub min_voters: i32,
    /// When its opening was announced, and the closing reminder sent (each once).
    pub open_told_at: Option<i64>,
    pub closing_told_at: Option<i64>,
    /// The ballot's shape (`domain::poll::shape`) as JSON; empty: one question counted by
    /// `method`.
    pub blocks: String,
    /// The roll whose verified people may vote (eligibility `roll`).
    pub roll_id: Option<crate::domain::ids::RollId>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
