//! Open assemblies and their meetings. Every permission is decided here: coordinators
//! create assemblies and name facilitators; an assembly's facilitators (and coordinators)
//! schedule its meetings and record their outcomes — a facilitator of one assembly has no
//! power in another; any account joins assemblies and registers for meetings.

use super::accounts::role_of;
use super::{clock::now, db, events};
use crate::domain::assembly::{AssemblyError, AssemblyForm};
use crate::domain::event::Event;
use crate::domain::ids::AssemblyId;
use crate::domain::slug::slugify;
use crate::entities::{assembly, assembly_member, user};
use crate::error::AppError;
use crate::services::lookup::assembly_by_id;
use crate::services::lookup::facilitates;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, Set,
};

pub(crate) fn err(e: AssemblyError) -> AppError {
    AppError::Assembly(e)
}

pub fn subject(id: AssemblyId) -> String {
    format!("assembly:{id}")
}

pub async fn require_facilitator(
    db: &impl ConnectionTrait,
    user: &user::Model,
    assembly_id: AssemblyId,
) -> Result<(), AppError> {
    if facilitates(db, user, assembly_id).await? {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

async fn unique_slug(db: &impl ConnectionTrait, name: &str) -> Result<String, AppError> {
    let base = slugify(name);
    let base = if base == "program" {
        "assembly".to_string()
    } else {
        base
    };
    for n in 1..1000 {
        let candidate = if n == 1 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        if assembly::Entity::find()
            .filter(assembly::Column::Slug.eq(candidate.as_str()))
            .count(db)
            .await?
            == 0
        {
            return Ok(candidate);
        }
    }
    Err(AppError::Internal)
}

async fn name_taken(
    db: &impl ConnectionTrait,
    name: &str,
    except: Option<AssemblyId>,
) -> Result<bool, AppError> {
    let lower = name.to_lowercase();
    Ok(assembly::Entity::find()
        .all(db)
        .await?
        .iter()
        .any(|a| a.name.to_lowercase() == lower && Some(a.id) != except))
}

/// A new assembly (coordinators).
#[tracing::instrument(skip_all, fields(actor = %actor.id))]
pub async fn create(
    conn: &DatabaseConnection,
    actor: &user::Model,
    name: &str,
    kind: &str,
    description: &str,
) -> Result<assembly::Model, AppError> {
    if !role_of(actor).can_manage_programs() {
        return Err(AppError::Forbidden);
    }
    let form = AssemblyForm::parse(name, kind, description).map_err(err)?;
    let txn = db::write_txn(conn).await?;
    // The same form sent twice: the assembly its first submit created.
    if let super::forms::Claim::Done(id) =
        super::forms::claim(&txn, actor.id.get(), "assembly").await?
    {
        let first = assembly_by_id(&txn, AssemblyId(id)).await?;
        txn.commit().await?;
        return Ok(first);
    }
    if name_taken(&txn, &form.name, None).await? {
        return Err(err(AssemblyError::NameTaken));
    }
    let created = assembly::ActiveModel {
        slug: Set(unique_slug(&txn, &form.name).await?),
        name: Set(form.name),
        kind: Set(form.kind),
        description: Set(form.description),
        created_at: Set(now()),
        created_by: Set(actor.id),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    events::record(
        &txn,
        Some(actor.id),
        Event::AssemblyCreate,
        &subject(created.id),
        serde_json::json!({"name": created.name, "kind": created.kind}),
    )
    .await?;
    super::forms::record(&txn, actor.id.get(), created.id.get()).await?;
    txn.commit().await?;
    Ok(created)
}

/// Changes an assembly's name, kind and description (its facilitators, coordinators).
#[tracing::instrument(skip_all, fields(actor = %actor.id, id = %id))]
pub async fn update(
    conn: &DatabaseConnection,
    actor: &user::Model,
    id: AssemblyId,
    name: &str,
    kind: &str,
    description: &str,
) -> Result<assembly::Model, AppError> {
    let txn = db::write_txn(conn).await?;
    let found = assembly_by_id(&txn, id).await?;
    require_facilitator(&txn, actor, found.id).await?;
    let form = AssemblyForm::parse(name, kind, description).map_err(err)?;
    if name_taken(&txn, &form.name, Some(found.id)).await? {
        return Err(err(AssemblyError::NameTaken));
    }
    let mut active: assembly::ActiveModel = found.into();
    active.name = Set(form.name);
    active.kind = Set(form.kind);
    active.description = Set(form.description);
    let updated = active.update(&txn).await?;
    events::record(
        &txn,
        Some(actor.id),
        Event::AssemblyUpdate,
        &subject(updated.id),
        serde_json::json!({"name": updated.name}),
    )
    .await?;
    txn.commit().await?;
    Ok(updated)
}

/// Names (or removes) a facilitator of an assembly, by e-mail address (coordinators). A new
/// facilitator becomes a member too; a removed one stays a member.
#[tracing::instrument(skip_all, fields(actor = %actor.id, assembly_id = %assembly_id))]
pub async fn set_facilitator(
    conn: &DatabaseConnection,
    actor: &user::Model,
    assembly_id: AssemblyId,
    email: &str,
    on: bool,
) -> Result<(), AppError> {
    if !role_of(actor).can_manage_programs() {
        return Err(AppError::Forbidden);
    }
    let txn = db::write_txn(conn).await?;
    let a = assembly_by_id(&txn, assembly_id).await?;
    let person = user::Entity::find()
        .filter(user::Column::Email.eq(email.trim().to_lowercase()))
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let row = assembly_member::Entity::find()
        .filter(assembly_member::Column::AssemblyId.eq(a.id))
        .filter(assembly_member::Column::UserId.eq(person.id))
        .one(&txn)
        .await?;
    match row {
        Some(r) => {
            let mut active: assembly_member::ActiveModel = r.into();
            active.facilitator = Set(on);
            active.update(&txn).await?;
        }
        None if on => {
            assembly_member::ActiveModel {
                assembly_id: Set(a.id),
                user_id: Set(person.id),
                facilitator: Set(true),
                joined_at: Set(now()),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        None => {}
    }
    events::record(
        &txn,
        Some(actor.id),
        if on {
            Event::AssemblyFacilitatorAdd
        } else {
            Event::AssemblyFacilitatorRemove
        },
        &subject(a.id),
        serde_json::json!({"user": person.id, "name": person.display_name}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The viewer joins (or leaves) an assembly. Leaving also ends facilitating it.
#[tracing::instrument(skip_all, fields(actor = %actor.id, assembly_id = %assembly_id))]
pub async fn set_membership(
    conn: &DatabaseConnection,
    actor: &user::Model,
    assembly_id: AssemblyId,
    join: bool,
) -> Result<(), AppError> {
    let txn = db::write_txn(conn).await?;
    let a = assembly_by_id(&txn, assembly_id).await?;
    let row = assembly_member::Entity::find()
        .filter(assembly_member::Column::AssemblyId.eq(a.id))
        .filter(assembly_member::Column::UserId.eq(actor.id))
        .one(&txn)
        .await?;
    match (row, join) {
        (None, true) => {
            assembly_member::ActiveModel {
                assembly_id: Set(a.id),
                user_id: Set(actor.id),
                facilitator: Set(false),
                joined_at: Set(now()),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            events::record(
                &txn,
                Some(actor.id),
                Event::AssemblyJoin,
                &subject(a.id),
                serde_json::json!({}),
            )
            .await?;
        }
        (Some(r), false) => {
            assembly_member::Entity::delete_by_id(r.id)
                .exec(&txn)
                .await?;
            events::record(
                &txn,
                Some(actor.id),
                Event::AssemblyLeave,
                &subject(a.id),
                serde_json::json!({}),
            )
            .await?;
        }
        _ => {}
    }
    txn.commit().await?;
    Ok(())
}
