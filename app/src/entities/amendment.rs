use sea_orm::entity::prelude::*;

/// A proposed full text of one section. `text` is written on revision `base_number`;
/// `status` is stored as the `AmendmentStatus` name.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "amendments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: crate::domain::ids::AmendmentId,
    pub program_id: crate::domain::ids::ProgramId,
    pub section_id: crate::domain::ids::SectionId,
    pub author_id: crate::domain::ids::UserId,
    pub title: String,
    pub text: String,
    pub justification: String,
    pub status: crate::domain::amendment::AmendmentStatus,
    pub base_number: i32,
    /// The newest published version (0 while a draft).
    pub version: i32,
    /// While conflicted: the head revision the conflict was found against.
    pub conflict_head: Option<i32>,
    pub created_at: i64,
    pub updated_at: i64,
    pub published_at: Option<i64>,
    pub decided_at: Option<i64>,
    pub decided_by: Option<crate::domain::ids::UserId>,
    /// Set when an assembly adopted it in a meeting: shown as authored by the assembly
    /// (`author_id` is the facilitator who entered it).
    pub assembly_id: Option<crate::domain::ids::AssemblyId>,
    /// What was decided (with `decided_at`/`decided_by`), and why, in public.
    pub decision_kind: Option<crate::domain::amendment::DecisionKind>,
    pub decision_reason: Option<String>,
    /// The vote whose result decided it.
    pub decision_poll: Option<crate::domain::ids::PollId>,
    /// Covered: the amendment that already asks the same (none: the current text does).
    pub covered_by: Option<crate::domain::ids::AmendmentId>,
    /// The version of its author's last change of wording (publish, edit, resolve): a
    /// support at an older version backs a text that changed since.
    pub changed_version: i32,
    /// A decision a facilitator recommends, with its reason, before deciding (optional).
    pub recommended_kind: Option<crate::domain::amendment::DecisionKind>,
    pub recommended_reason: Option<String>,
    pub recommended_by: Option<crate::domain::ids::UserId>,
    pub recommended_at: Option<i64>,
    /// A proposed merge (its sources in `merge_sources`): published when every source
    /// author has answered, or at this time.
    pub merge_deadline: Option<i64>,
    /// When the proposed merge was published (or given up): it happens once.
    pub merge_closed_at: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
