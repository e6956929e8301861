//! Programs as listed to everyone, and the coordinators' switches: publish, open or close
//! to amendments. Unpublished programs exist only for coordinators (404 for others).

use super::{accounts::role_of, clock::now, db, events, phases};
use crate::domain::event::Event;
use crate::domain::phase::Phase;
use crate::entities::{program, user};
use crate::error::AppError;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

/// A coordinator publishes a program and sets whether it takes amendments.
#[tracing::instrument(skip_all, fields(actor = %actor.id))]
pub async fn set_state(
    conn: &DatabaseConnection,
    actor: &user::Model,
    slug: &str,
    publish: bool,
    amendments_open: bool,
) -> Result<program::Model, AppError> {
    if !role_of(actor).can_manage_programs() {
        return Err(AppError::Forbidden);
    }
    let txn = db::write_txn(conn).await?;
    let found = program::Entity::find()
        .filter(program::Column::Slug.eq(slug))
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if found.published_at.is_some() && !publish {
        // Publication cannot be undone: amendments and links point at the program.
        return Err(AppError::WrongState);
    }
    let t = now();
    let schedule = phases::schedule(&txn, found.id).await?;
    let was_phase = schedule.current(t);
    let was_published = found.published_at.is_some();
    let mut active: program::ActiveModel = found.clone().into();
    if publish && found.published_at.is_none() {
        active.published_at = Set(Some(t));
    }
    let updated = active.update(&txn).await?;
    // Opening starts the amendments phase now; closing a program that takes amendments
    // moves it on to deliberation (decisions go on, no new amendments).
    let next = if amendments_open && was_phase != Phase::Amendments {
        Some(Phase::Amendments)
    } else if !amendments_open && was_phase == Phase::Amendments {
        Some(Phase::Deliberation)
    } else {
        None
    };
    if let Some(phase) = next {
        phases::write(&txn, updated.id, &schedule.starting(phase, t)).await?;
    }
    events::record(
        &txn,
        Some(actor.id),
        Event::ProgramState,
        &format!("program:{}", updated.id),
        serde_json::json!({"was": {"published": was_published, "phase": was_phase},
            "now": {"published": updated.published_at.is_some(),
                "phase": next.unwrap_or(was_phase)}}),
    )
    .await?;
    txn.commit().await?;
    Ok(updated)
}
