use sea_orm::entity::prelude::*;

/// One published version of an amendment. `kind`: publish, edit, rebase or resolve; a
/// rebase records the base it moved from (`previous_base`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "amendment_versions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub amendment_id: crate::domain::ids::AmendmentId,
    pub version: i32,
    pub kind: crate::domain::amendment::VersionKind,
    pub base_number: i32,
    pub previous_base: Option<i32>,
    pub title: String,
    pub text: String,
    pub justification: String,
    pub created_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
