use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "programs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: crate::domain::ids::ProgramId,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub created_at: i64,
    /// Text before the first heading of the imported file.
    pub preamble: String,
    /// Set once the program is published; before that a re-import replaces it.
    pub published_at: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
