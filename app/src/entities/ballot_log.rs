use sea_orm::entity::prelude::*;

/// One entry of a vote's append-only ballot log: no voter, no time; `replaces` is the
/// receipt hash of the ballot this one replaced (a revote). `hash` chains it to the entry
/// before (`prev_hash`), see `domain::poll::entry_hash`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ballot_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub poll_id: crate::domain::ids::PollId,
    pub seq: i32,
    pub receipt_hash: String,
    pub ranking: String,
    pub replaces: Option<String>,
    pub prev_hash: String,
    pub hash: String,
    /// Paper ballots entered from this meeting's room (`None`: a ballot cast online).
    pub meeting_id: Option<crate::domain::ids::MeetingId>,
    /// How many identical ballots the entry stands for (1 online).
    pub weight: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
