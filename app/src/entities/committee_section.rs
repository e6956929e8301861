use sea_orm::entity::prelude::*;

/// A section a committee decides on (one committee per section).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "committee_sections")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub committee_id: crate::domain::ids::CommitteeId,
    pub section_id: crate::domain::ids::SectionId,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
