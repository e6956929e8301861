use sea_orm::entity::prelude::*;

/// An open assembly: territorial (a district or neighbourhood) or thematic (an axis such
/// as housing). `kind` is a `domain::assembly::AssemblyKind` name.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "assemblies")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: crate::domain::ids::AssemblyId,
    pub slug: String,
    pub name: String,
    pub kind: crate::domain::assembly::AssemblyKind,
    /// Markdown source.
    pub description: String,
    pub created_at: i64,
    pub created_by: crate::domain::ids::UserId,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
