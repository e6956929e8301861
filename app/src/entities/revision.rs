use sea_orm::entity::prelude::*;

/// The text of a section at one version. Never updated: a change is a new revision.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "revisions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub section_id: crate::domain::ids::SectionId,
    pub number: i32,
    pub text: String,
    pub author_id: Option<crate::domain::ids::UserId>,
    /// The amendment whose acceptance made this revision, if any.
    pub amendment_id: Option<crate::domain::ids::AmendmentId>,
    pub created_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::section::Entity",
        from = "Column::SectionId",
        to = "super::section::Column::Id"
    )]
    Section,
}

impl Related<super::section::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Section.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
