use sea_orm::entity::prelude::*;

/// A comment's earlier text, kept when its author edits it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "comment_versions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub comment_id: crate::domain::ids::CommentId,
    pub body: String,
    pub created_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
