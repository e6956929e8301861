use sea_orm::entity::prelude::*;

/// A facilitator named to a committee.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "committee_members")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub committee_id: crate::domain::ids::CommitteeId,
    pub user_id: crate::domain::ids::UserId,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
