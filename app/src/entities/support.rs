use sea_orm::entity::prelude::*;

/// One person's support of an amendment, at the version they saw.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "supports")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub amendment_id: crate::domain::ids::AmendmentId,
    pub user_id: crate::domain::ids::UserId,
    pub version: i32,
    pub created_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
