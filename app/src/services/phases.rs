//! Program phases: the schedule of each program, the current phase, and the one check
//! every service makes before acting (`require`). The table of what each phase allows is
//! `domain::phase::Phase::allows`.

use super::accounts::role_of;
use super::{clock::now, db, events};
use crate::domain::event::Event;
use crate::domain::ids::ProgramId;
use crate::domain::phase::{Activity, Phase, Schedule};
use crate::entities::{program, program_phase, user};
use crate::error::AppError;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Set,
};
use std::collections::HashMap;

/// A program's schedule.
pub async fn schedule(
    db: &impl ConnectionTrait,
    program_id: ProgramId,
) -> Result<Schedule, AppError> {
    Ok(Schedule(
        program_phase::Entity::find()
            .filter(program_phase::Column::ProgramId.eq(program_id))
            .all(db)
            .await?
            .into_iter()
            .map(|r| (r.phase, r.starts_at))
            .collect(),
    )
    .sorted())
}

/// The schedules of several programs, in one query.
pub async fn schedules(
    db: &impl ConnectionTrait,
    program_ids: &[ProgramId],
) -> Result<HashMap<ProgramId, Schedule>, AppError> {
    let mut out: HashMap<ProgramId, Schedule> = HashMap::new();
    if program_ids.is_empty() {
        return Ok(out);
    }
    for r in program_phase::Entity::find()
        .filter(program_phase::Column::ProgramId.is_in(program_ids.to_vec()))
        .all(db)
        .await?
    {
        out.entry(r.program_id)
            .or_default()
            .0
            .push((r.phase, r.starts_at));
    }
    Ok(out.into_iter().map(|(k, s)| (k, s.sorted())).collect())
}

/// The program's phase now. An unpublished program is always drafting.
pub async fn current(
    db: &impl ConnectionTrait,
    program: &program::Model,
) -> Result<Phase, AppError> {
    if program.published_at.is_none() {
        return Ok(Phase::Drafting);
    }
    Ok(schedule(db, program.id).await?.current(now()))
}

/// `Ok` when the program's current phase allows `activity`; otherwise the refusal names
/// the phase and what was refused.
pub async fn require(
    db: &impl ConnectionTrait,
    program: &program::Model,
    activity: Activity,
) -> Result<(), AppError> {
    let phase = current(db, program).await?;
    if program.published_at.is_some() && phase.allows(activity) {
        Ok(())
    } else {
        Err(AppError::NotNow { phase, activity })
    }
}

/// Replaces a program's schedule (coordinators). `starts` holds a start per scheduled
/// phase; phases left out are not scheduled. The starts must follow the phase order.
#[tracing::instrument(skip_all, fields(actor = %actor.id, program_id = %program_id))]
pub async fn set_schedule(
    conn: &DatabaseConnection,
    actor: &user::Model,
    program_id: ProgramId,
    new: Schedule,
) -> Result<Schedule, AppError> {
    if !role_of(actor).can_manage_programs() {
        return Err(AppError::Forbidden);
    }
    let new = new.sorted();
    if !new.is_ordered() {
        return Err(AppError::BadSchedule);
    }
    let txn = db::write_txn(conn).await?;
    let found = program::Entity::find_by_id(program_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let before = schedule(&txn, found.id).await?;
    write(&txn, found.id, &new).await?;
    events::record(
        &txn,
        Some(actor.id),
        Event::ProgramSchedule,
        &format!("program:{}", found.id),
        serde_json::json!({"was": before.0, "now": new.0}),
    )
    .await?;
    txn.commit().await?;
    Ok(new)
}

/// Writes a schedule over the old one, inside the caller's transaction.
pub async fn write(
    txn: &impl ConnectionTrait,
    program_id: ProgramId,
    s: &Schedule,
) -> Result<(), AppError> {
    // What was announced stays announced; a start already past that is not the phase the
    // program is in now was never news (a schedule written with past dates).
    let before = program_phase::Entity::find()
        .filter(program_phase::Column::ProgramId.eq(program_id))
        .all(txn)
        .await?;
    program_phase::Entity::delete_many()
        .filter(program_phase::Column::ProgramId.eq(program_id))
        .exec(txn)
        .await?;
    let t = now();
    let current = s.current(t);
    for (phase, starts_at) in &s.0 {
        let kept = before
            .iter()
            .find(|b| b.phase == *phase && b.starts_at == *starts_at)
            .and_then(|b| b.told_at);
        let told_at = kept.or((*starts_at <= t && *phase != current).then_some(t));
        program_phase::ActiveModel {
            program_id: Set(program_id),
            phase: Set(*phase),
            starts_at: Set(*starts_at),
            told_at: Set(told_at),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    Ok(())
}

/// Starts `phase` now (coordinators): later phases that would have started before now are
/// unscheduled, earlier ones keep their dates.
#[tracing::instrument(skip_all, fields(actor = %actor.id, program_id = %program_id))]
pub async fn advance(
    conn: &DatabaseConnection,
    actor: &user::Model,
    program_id: ProgramId,
    phase: Phase,
) -> Result<Schedule, AppError> {
    if !role_of(actor).can_manage_programs() {
        return Err(AppError::Forbidden);
    }
    let txn = db::write_txn(conn).await?;
    let found = program::Entity::find_by_id(program_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if found.published_at.is_none() {
        return Err(AppError::WrongState);
    }
    let before = schedule(&txn, found.id).await?;
    let t = now();
    let new = before.starting(phase, t);
    write(&txn, found.id, &new).await?;
    events::record(
        &txn,
        Some(actor.id),
        Event::ProgramPhase,
        &format!("program:{}", found.id),
        serde_json::json!({"was": before.current(t), "now": phase}),
    )
    .await?;
    txn.commit().await?;
    Ok(new)
}
