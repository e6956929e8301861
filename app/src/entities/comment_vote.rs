use sea_orm::entity::prelude::*;

/// One person's vote on a comment: +1 or -1.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "comment_votes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub comment_id: crate::domain::ids::CommentId,
    pub user_id: crate::domain::ids::UserId,
    pub created_at: i64,
    pub value: i16,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
