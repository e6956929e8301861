use sea_orm::entity::prelude::*;

/// A voter's current ballot in a vote (one per poll and voter: UNIQUE index). `ranking` is
/// the canonical text of the weak order over option positions (`2>1=3`); `receipt_hash` the
/// SHA-256 of the code the voter was given (the log's `replaces` names it when they cast
/// again). The code itself is never stored: only the voter holds it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ballots")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub poll_id: crate::domain::ids::PollId,
    pub user_id: crate::domain::ids::UserId,
    pub ranking: String,
    pub receipt_hash: String,
    pub cast_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
