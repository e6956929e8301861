use sea_orm::entity::prelude::*;

/// One person's report of a comment, with their reason.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "comment_reports")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub comment_id: crate::domain::ids::CommentId,
    pub user_id: crate::domain::ids::UserId,
    pub created_at: i64,
    pub reason: String,
    pub dismissed: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
