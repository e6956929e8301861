use sea_orm::entity::prelude::*;

/// A comment in a section's or an amendment's thread, possibly on a passage (anchor).
/// `body` is the Markdown source; `body_html` its sanitized rendering, made once on write.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "comments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: crate::domain::ids::CommentId,
    pub program_id: crate::domain::ids::ProgramId,
    pub section_id: crate::domain::ids::SectionId,
    pub amendment_id: Option<crate::domain::ids::AmendmentId>,
    pub parent_id: Option<crate::domain::ids::CommentId>,
    /// The top-level comment of the thread this one belongs to (None for top-level ones).
    pub root_id: Option<crate::domain::ids::CommentId>,
    pub depth: i32,
    pub author_id: crate::domain::ids::UserId,
    pub stance: Option<String>,
    pub body: String,
    pub body_html: String,
    pub anchor_revision: Option<i32>,
    pub anchor_start: Option<i32>,
    pub anchor_end: Option<i32>,
    pub anchor_quote: Option<String>,
    pub anchor_prefix: Option<String>,
    pub anchor_suffix: Option<String>,
    pub ups: i32,
    pub downs: i32,
    pub reports: i32,
    pub hidden: bool,
    pub deleted: bool,
    pub edited_at: Option<i64>,
    pub created_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
