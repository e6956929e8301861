use sea_orm::entity::prelude::*;

/// A resident in an assembly; `facilitator` when a coordinator named them facilitator of it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "assembly_members")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub assembly_id: crate::domain::ids::AssemblyId,
    pub user_id: crate::domain::ids::UserId,
    pub facilitator: bool,
    pub joined_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
