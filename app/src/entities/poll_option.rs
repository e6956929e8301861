use sea_orm::entity::prelude::*;

/// One option of a vote. `position` (1-based) is how ballots name it; `name` its name in
/// the published ballot files; `label` what voters read; `amendment_id` is empty for
/// "keep the current text" and for measures.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "poll_options")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub poll_id: crate::domain::ids::PollId,
    pub position: i32,
    pub name: String,
    pub label: String,
    pub amendment_id: Option<crate::domain::ids::AmendmentId>,
    pub withdrawn: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
