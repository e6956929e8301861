use sea_orm::entity::prelude::*;

/// How many paper ballots a meeting's room entered in a vote.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "poll_rooms")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub poll_id: crate::domain::ids::PollId,
    pub meeting_id: crate::domain::ids::MeetingId,
    pub ballots: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
