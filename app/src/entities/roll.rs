use sea_orm::entity::prelude::*;

/// An eligibility roll: a census or membership list a coordinator imported, kept only as
/// keyed hashes in `roll_entries` (see `domain::roll`). `key_check` names the key they were
/// hashed with; `ready_at` is empty while the import runs (or if it stopped half-way).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "rolls")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: crate::domain::ids::RollId,
    pub name: String,
    pub factor: crate::domain::roll::Factor,
    /// What a free-text second factor is called ("Membership number"); empty for dates.
    pub factor_label: String,
    pub key_check: String,
    pub entries: i64,
    /// Entries an account verified itself on (kept up to date by verify and release).
    pub verified: i64,
    pub created_by: crate::domain::ids::UserId,
    pub created_at: i64,
    pub ready_at: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
