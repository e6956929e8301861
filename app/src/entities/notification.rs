use sea_orm::entity::prelude::*;

/// Something that happened that one person should hear about. `kind` names it (reply,
/// comment, accepted, rejected, rebased, conflicted); `link` is where to look; `detail` the
/// title or excerpt shown.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notifications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub user_id: crate::domain::ids::UserId,
    pub kind: crate::domain::notice::NoticeKind,
    pub link: String,
    pub detail: String,
    pub actor_id: Option<crate::domain::ids::UserId>,
    pub created_at: i64,
    pub read_at: Option<i64>,
    /// The program and section it is about (the digest groups by them).
    pub program_id: Option<crate::domain::ids::ProgramId>,
    pub section_id: Option<crate::domain::ids::SectionId>,
    /// How it reaches the person: in the app only, in the digest, or by e-mail at once.
    pub delivery: crate::domain::notice::Delivery,
    /// When it was mailed (`delivery` e-mail), claimed by one app server.
    pub mailed_at: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
