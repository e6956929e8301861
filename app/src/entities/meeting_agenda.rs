use sea_orm::entity::prelude::*;

/// One item of a meeting's agenda: a section or an amendment to discuss.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "meeting_agenda")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub meeting_id: crate::domain::ids::MeetingId,
    pub position: i32,
    pub section_id: Option<crate::domain::ids::SectionId>,
    pub amendment_id: Option<crate::domain::ids::AmendmentId>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
