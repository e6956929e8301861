use sea_orm::entity::prelude::*;

/// One line of a roll: the keyed hash of its identifier, and of identifier plus second
/// factor; the account that verified itself on it, and when.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "roll_entries")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub roll_id: crate::domain::ids::RollId,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id_hash: String,
    pub factor_hash: String,
    pub user_id: Option<crate::domain::ids::UserId>,
    pub verified_at: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
