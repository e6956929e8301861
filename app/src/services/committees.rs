//! Committees: coordinators give a chapter (or any set of sections) of a program to a
//! committee — named facilitators, or an assembly whose facilitators then decide. Deciding
//! on its amendments (accept, reject, recommend, merge), moderating comments on them and
//! opening and closing votes on them belong to the committee and to coordinators; other
//! facilitators see but do not decide (`domain::policy::decides`). A section with no
//! committee is decided by any facilitator, as before.

use super::{accounts::role_of, clock::now, db, events};
use crate::domain::event::Event;
use crate::domain::ids::{AssemblyId, CommitteeId, ProgramId, SectionId, UserId};
use crate::domain::role::Role;
use crate::domain::synthesis::Scope;
use crate::entities::{
    assembly, assembly_member, committee, committee_member, committee_section, section, user,
};
use crate::error::AppError;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use std::collections::{BTreeSet, HashMap};

/// The longest committee name.
pub const NAME_MAX: usize = 120;
/// The most named members of one committee.
pub const MEMBERS_MAX: usize = 50;

/// The committee deciding on `section_id`, if any.
pub async fn committee_of(
    db: &impl ConnectionTrait,
    section_id: SectionId,
) -> Result<Option<committee::Model>, AppError> {
    let Some(link) = committee_section::Entity::find()
        .filter(committee_section::Column::SectionId.eq(section_id))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    Ok(committee::Entity::find_by_id(link.committee_id)
        .one(db)
        .await?)
}

/// Whether `who` is in committee `c`: named, or a facilitator of its assembly.
pub async fn is_member(
    db: &impl ConnectionTrait,
    c: &committee::Model,
    who: UserId,
) -> Result<bool, AppError> {
    let named = committee_member::Entity::find()
        .filter(committee_member::Column::CommitteeId.eq(c.id))
        .filter(committee_member::Column::UserId.eq(who))
        .count(db)
        .await?
        > 0;
    if named {
        return Ok(true);
    }
    let Some(assembly_id) = c.assembly_id else {
        return Ok(false);
    };
    Ok(assembly_member::Entity::find()
        .filter(assembly_member::Column::AssemblyId.eq(assembly_id))
        .filter(assembly_member::Column::UserId.eq(who))
        .filter(assembly_member::Column::Facilitator.eq(true))
        .count(db)
        .await?
        > 0)
}

/// Where `who` stands with the committee of `section_id` (for the permission policy).
pub async fn scope_of(
    db: &impl ConnectionTrait,
    section_id: SectionId,
    who: Option<&user::Model>,
) -> Result<Scope, AppError> {
    let Some(c) = committee_of(db, section_id).await? else {
        return Ok(Scope::Open);
    };
    let member = match who {
        Some(u) => is_member(db, &c, u.id).await?,
        None => false,
    };
    Ok(Scope::of(Some(member)))
}

/// What a coordinator sets for a committee.
pub struct CommitteeForm<'a> {
    pub name: &'a str,
    /// Sections given to it; a chapter brings every section under it.
    pub sections: &'a [SectionId],
    /// Named members (facilitators or coordinators).
    pub members: &'a [UserId],
    /// An assembly whose facilitators are members too.
    pub assembly: Option<AssemblyId>,
}

/// `ids` and every section under them, among `all` (one program's sections).
pub fn with_descendants(all: &[section::Model], ids: &[SectionId]) -> BTreeSet<SectionId> {
    let mut children: HashMap<SectionId, Vec<SectionId>> = HashMap::new();
    for s in all {
        if let Some(parent) = s.parent_id {
            children.entry(parent).or_default().push(s.id);
        }
    }
    let known: BTreeSet<SectionId> = all.iter().map(|s| s.id).collect();
    let mut out = BTreeSet::new();
    let mut stack: Vec<SectionId> = ids.iter().copied().filter(|i| known.contains(i)).collect();
    while let Some(id) = stack.pop() {
        if out.insert(id) {
            stack.extend(children.get(&id).into_iter().flatten().copied());
        }
    }
    out
}

fn require_coordinator(actor: &user::Model) -> Result<(), AppError> {
    if role_of(actor) == Role::Coordinator {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Creates (`id` None) or replaces a committee of `program_id`. A section given to it is
/// taken from any other committee of the program. Coordinators only.
#[tracing::instrument(skip_all, fields(actor = %actor.id, program = %program_id))]
pub async fn set(
    conn: &DatabaseConnection,
    actor: &user::Model,
    program_id: ProgramId,
    id: Option<CommitteeId>,
    form: CommitteeForm<'_>,
) -> Result<committee::Model, AppError> {
    require_coordinator(actor)?;
    let name = form.name.trim();
    if name.is_empty()
        || name.chars().count() > NAME_MAX
        || !crate::domain::text::is_single_line(name)
    {
        return Err(AppError::InvalidTitle);
    }
    let members: BTreeSet<UserId> = form.members.iter().copied().collect();
    if members.len() > MEMBERS_MAX || (members.is_empty() && form.assembly.is_none()) {
        return Err(AppError::BadRequest);
    }
    let txn = db::write_txn(conn).await?;
    super::lookup::program_of(&txn, program_id).await?;
    let all = section::Entity::find()
        .filter(section::Column::ProgramId.eq(program_id))
        .order_by_asc(section::Column::Position)
        .all(&txn)
        .await?;
    let sections = with_descendants(&all, form.sections);
    if sections.is_empty() || sections.len() < form.sections.len() {
        // Nothing given, or a section of another program.
        return Err(AppError::BadRequest);
    }
    // Members decide: facilitators and coordinators only.
    let people = user::Entity::find()
        .filter(user::Column::Id.is_in(members.iter().copied()))
        .all(&txn)
        .await?;
    if people.len() != members.len() || people.iter().any(|u| !u.role.can_decide_amendments()) {
        return Err(AppError::BadRequest);
    }
    if let Some(a) = form.assembly {
        assembly::Entity::find_by_id(a)
            .one(&txn)
            .await?
            .ok_or(AppError::BadRequest)?;
    }
    let saved = match id {
        Some(id) => {
            let found = committee::Entity::find_by_id(id)
                .one(&txn)
                .await?
                .filter(|c| c.program_id == program_id)
                .ok_or(AppError::NotFound)?;
            let mut active: committee::ActiveModel = found.into();
            active.name = Set(name.to_string());
            active.assembly_id = Set(form.assembly);
            active.update(&txn).await?
        }
        None => {
            committee::ActiveModel {
                program_id: Set(program_id),
                name: Set(name.to_string()),
                assembly_id: Set(form.assembly),
                created_at: Set(now()),
                ..Default::default()
            }
            .insert(&txn)
            .await?
        }
    };
    committee_section::Entity::delete_many()
        .filter(
            sea_orm::Condition::any()
                .add(committee_section::Column::CommitteeId.eq(saved.id))
                .add(committee_section::Column::SectionId.is_in(sections.iter().copied())),
        )
        .exec(&txn)
        .await?;
    committee_member::Entity::delete_many()
        .filter(committee_member::Column::CommitteeId.eq(saved.id))
        .exec(&txn)
        .await?;
    for chunk in sections.iter().copied().collect::<Vec<_>>().chunks(500) {
        committee_section::Entity::insert_many(chunk.iter().map(|s| {
            committee_section::ActiveModel {
                committee_id: Set(saved.id),
                section_id: Set(*s),
                ..Default::default()
            }
        }))
        .exec(&txn)
        .await?;
    }
    if !members.is_empty() {
        committee_member::Entity::insert_many(members.iter().map(|u| {
            committee_member::ActiveModel {
                committee_id: Set(saved.id),
                user_id: Set(*u),
                ..Default::default()
            }
        }))
        .exec(&txn)
        .await?;
    }
    events::record(
        &txn,
        Some(actor.id),
        Event::CommitteeSet,
        &format!("committee:{}", saved.id),
        serde_json::json!({
            "program": program_id,
            "name": saved.name,
            "sections": sections.iter().map(|s| s.get()).collect::<Vec<_>>(),
            "members": members.iter().map(|u| u.get()).collect::<Vec<_>>(),
            "assembly": form.assembly,
        }),
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}

/// Removes a committee: its sections are decided by any facilitator again.
#[tracing::instrument(skip_all, fields(actor = %actor.id, id = %id))]
pub async fn remove(
    conn: &DatabaseConnection,
    actor: &user::Model,
    id: CommitteeId,
) -> Result<(), AppError> {
    require_coordinator(actor)?;
    let txn = db::write_txn(conn).await?;
    let found = committee::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    committee_section::Entity::delete_many()
        .filter(committee_section::Column::CommitteeId.eq(id))
        .exec(&txn)
        .await?;
    committee_member::Entity::delete_many()
        .filter(committee_member::Column::CommitteeId.eq(id))
        .exec(&txn)
        .await?;
    committee::Entity::delete_by_id(id).exec(&txn).await?;
    events::record(
        &txn,
        Some(actor.id),
        Event::CommitteeRemove,
        &format!("committee:{id}"),
        serde_json::json!({"program": found.program_id, "name": found.name}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The sections on which `who` does not decide because another committee does (empty for
/// coordinators): work lists leave them out.
pub async fn outsider_sections(
    db: &impl ConnectionTrait,
    who: &user::Model,
) -> Result<Vec<SectionId>, AppError> {
    if role_of(who) == Role::Coordinator {
        return Ok(Vec::new());
    }
    let links = committee_section::Entity::find().all(db).await?;
    if links.is_empty() {
        return Ok(Vec::new());
    }
    let mut mine: BTreeSet<CommitteeId> = committee_member::Entity::find()
        .filter(committee_member::Column::UserId.eq(who.id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.committee_id)
        .collect();
    let facilitates: Vec<AssemblyId> = assembly_member::Entity::find()
        .filter(assembly_member::Column::UserId.eq(who.id))
        .filter(assembly_member::Column::Facilitator.eq(true))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.assembly_id)
        .collect();
    if !facilitates.is_empty() {
        mine.extend(
            committee::Entity::find()
                .filter(committee::Column::AssemblyId.is_in(facilitates))
                .all(db)
                .await?
                .into_iter()
                .map(|c| c.id),
        );
    }
    Ok(links
        .into_iter()
        .filter(|l| !mine.contains(&l.committee_id))
        .map(|l| l.section_id)
        .collect())
}
