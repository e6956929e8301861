use sea_orm::entity::prelude::*;

/// A person's choice of how one kind of notice reaches them (no row: the kind's default).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notice_prefs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub user_id: crate::domain::ids::UserId,
    pub kind: crate::domain::notice::NoticeKind,
    pub delivery: crate::domain::notice::Delivery,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
