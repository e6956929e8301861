use sea_orm::entity::prelude::*;

/// One amendment a proposed merge combines, the version it was drafted from, and its
/// author's answer (none yet: `answer` is null).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "merge_sources")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub merged_id: crate::domain::ids::AmendmentId,
    pub source_id: crate::domain::ids::AmendmentId,
    pub source_version: i32,
    pub author_id: crate::domain::ids::UserId,
    pub answer: Option<crate::domain::synthesis::MergeAnswer>,
    pub answered_at: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
