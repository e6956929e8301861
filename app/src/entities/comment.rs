use sea_orm::entity::prelude::*;

/// A comment in a section's or an amendment's thread, possibly on a passage (anchor).
/// `body` is the Markdown source; `body_html` its sanitized rendering, made once on write.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "comments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub program_id: i32,
    pub section_id: i32,
    pub amendment_id: Option<i32>,
    pub parent_id: Option<i32>,
    /// The top-level comment of the thread this one belongs to (None for top-level ones).
    pub root_id: Option<i32>,
    pub depth: i32,
    pub author_id: i32,
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
