use sea_orm::entity::prelude::*;

/// A meeting of an assembly. `minutes` is Markdown, written by a facilitator after it;
/// `guests` counts people who attended without registering; `recorded_at` is set once the
/// facilitator recorded attendance.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "meetings")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: crate::domain::ids::MeetingId,
    pub assembly_id: crate::domain::ids::AssemblyId,
    pub title: String,
    pub starts_at: i64,
    pub ends_at: i64,
    /// Where it is held (empty when online only).
    pub place: String,
    /// The online link (empty when in person only).
    pub online_url: String,
    pub description: String,
    pub capacity: Option<i32>,
    pub minutes: String,
    pub guests: i32,
    pub recorded_at: Option<i64>,
    pub created_at: i64,
    pub created_by: crate::domain::ids::UserId,
    /// When the day-before reminder went to those registered.
    pub reminded_at: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
