use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: crate::domain::ids::UserId,
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: crate::domain::role::Role,
    pub locale: String,
    pub email_verified_at: Option<i64>,
    pub created_at: i64,
    /// Wants the daily e-mail digest of their notifications.
    pub digest_opt_in: bool,
    pub digest_sent_at: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
