use sea_orm::entity::prelude::*;

/// When one phase of a program starts (`phase` is a `domain::phase::Phase` name).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "program_phases")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub program_id: crate::domain::ids::ProgramId,
    pub phase: crate::domain::phase::Phase,
    pub starts_at: i64,
    /// When its start was announced.
    pub told_at: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
