use sea_orm::entity::prelude::*;

/// A resident registered for a meeting; `attended` as recorded by the facilitator.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "meeting_registrations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub meeting_id: crate::domain::ids::MeetingId,
    pub user_id: crate::domain::ids::UserId,
    pub registered_at: i64,
    pub attended: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
