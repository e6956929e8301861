use sea_orm::entity::prelude::*;

/// A person follows a section or an amendment (`target_kind`: section, amendment).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "follows")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub user_id: crate::domain::ids::UserId,
    pub target_kind: crate::domain::notice::FollowKind,
    pub target_id: i32,
    pub created_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
