use sea_orm::entity::prelude::*;

/// Who decides on some sections of a program: its named facilitators (`committee_members`)
/// and, when `assembly_id` is set, that assembly's facilitators; coordinators always.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "committees")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: crate::domain::ids::CommitteeId,
    pub program_id: crate::domain::ids::ProgramId,
    pub name: String,
    pub assembly_id: Option<crate::domain::ids::AssemblyId>,
    pub created_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
