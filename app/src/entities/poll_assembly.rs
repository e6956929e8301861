use sea_orm::entity::prelude::*;

/// An assembly whose members may vote in a vote open to given assemblies.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "poll_assemblies")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub poll_id: crate::domain::ids::PollId,
    pub assembly_id: crate::domain::ids::AssemblyId,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
