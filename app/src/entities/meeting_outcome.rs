use sea_orm::entity::prelude::*;

/// What a meeting decided (`kind` is a `domain::assembly::OutcomeKind` name): an amendment
/// adopted in the room (`amendment_id` is the amendment it became), an in-room count on an
/// existing amendment (the three counts), or a priority (`text`, in `position` order).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "meeting_outcomes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub meeting_id: crate::domain::ids::MeetingId,
    pub kind: crate::domain::assembly::OutcomeKind,
    pub position: i32,
    pub amendment_id: Option<crate::domain::ids::AmendmentId>,
    pub text: String,
    pub votes_for: i32,
    pub votes_against: i32,
    pub votes_abstain: i32,
    pub created_at: i64,
    pub created_by: crate::domain::ids::UserId,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
