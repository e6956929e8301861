use sea_orm::entity::prelude::*;

/// A chapter, section or measure of a program, in document order (`position`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sections")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: crate::domain::ids::SectionId,
    pub program_id: crate::domain::ids::ProgramId,
    pub parent_id: Option<crate::domain::ids::SectionId>,
    pub position: i32,
    /// Heading level: 1 chapter, 2 section, 3+ measure.
    pub level: i16,
    pub title: String,
    /// The number of the newest revision: the current text.
    pub head_number: i32,
    pub created_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
