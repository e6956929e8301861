//! Meetings of an assembly: scheduling with an agenda, registration, and what the room
//! decided (minutes, adopted amendments, room votes, priorities). Only the assembly's
//! facilitators and coordinators schedule and record; any account registers.

use super::amendments::{self, Proposal};
use super::lookup::{amendment_visible, program_visible};
use super::{clock::now, db, events};
use crate::domain::amendment::AmendmentStatus;
use crate::domain::assembly::{
    parse_agenda, parse_minutes, parse_priorities, parse_room_vote, AgendaRef, AssemblyError,
    MeetingForm, OutcomeKind,
};
use crate::domain::event::Event;
use crate::domain::ids::{AmendmentId, AssemblyId, MeetingId, SectionId, UserId};
use crate::domain::policy::{self, MeetingAction, MeetingFacts};
use crate::entities::{
    amendment, assembly_member, meeting, meeting_agenda, meeting_outcome, meeting_registration,
    program, section, user,
};
use crate::error::AppError;
use crate::services::assemblies::{err, require_facilitator};
use crate::services::lookup::assembly_by_id;
use crate::services::lookup::facilitates;
use crate::services::lookup::meeting_by_id;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QuerySelect, Set,
};
use std::collections::HashSet;

pub fn meeting_subject(id: MeetingId) -> String {
    format!("meeting:{id}")
}

/// Checks the agenda's items exist in published programs and are visible to everyone.
async fn check_agenda(db: &impl ConnectionTrait, items: &[AgendaRef]) -> Result<(), AppError> {
    for item in items {
        let section_id = match *item {
            AgendaRef::Section(id) => id,
            AgendaRef::Amendment(id) => {
                let a = amendment::Entity::find_by_id(id)
                    .one(db)
                    .await?
                    .ok_or(err(AssemblyError::AgendaItem))?;
                if !amendment_visible(&a, None) {
                    return Err(err(AssemblyError::AgendaItem));
                }
                a.section_id
            }
        };
        let s = section::Entity::find_by_id(section_id)
            .one(db)
            .await?
            .ok_or(err(AssemblyError::AgendaItem))?;
        let p = program::Entity::find_by_id(s.program_id)
            .one(db)
            .await?
            .ok_or(err(AssemblyError::AgendaItem))?;
        if !program_visible(&p, None) {
            return Err(err(AssemblyError::AgendaItem));
        }
    }
    Ok(())
}

async fn write_agenda(
    db: &impl ConnectionTrait,
    meeting_id: MeetingId,
    items: &[AgendaRef],
) -> Result<(), AppError> {
    meeting_agenda::Entity::delete_many()
        .filter(meeting_agenda::Column::MeetingId.eq(meeting_id))
        .exec(db)
        .await?;
    for (i, item) in items.iter().enumerate() {
        let (section_id, amendment_id) = match *item {
            AgendaRef::Section(id) => (Some(id), None),
            AgendaRef::Amendment(id) => (None, Some(id)),
        };
        meeting_agenda::ActiveModel {
            meeting_id: Set(meeting_id),
            position: Set(i as i32),
            section_id: Set(section_id),
            amendment_id: Set(amendment_id),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// What a facilitator submits to schedule or change a meeting.
pub struct MeetingInput<'a> {
    pub title: &'a str,
    pub starts_at: &'a str,
    pub ends_at: &'a str,
    pub place: &'a str,
    pub online_url: &'a str,
    pub description: &'a str,
    pub capacity: &'a str,
    pub agenda: &'a [String],
}

fn parse_meeting(input: &MeetingInput<'_>) -> Result<(MeetingForm, Vec<AgendaRef>), AppError> {
    use crate::domain::time::parse_datetime;
    let form = MeetingForm::parse(
        input.title,
        parse_datetime(input.starts_at),
        parse_datetime(input.ends_at),
        input.place,
        input.online_url,
        input.description,
        input.capacity,
    )
    .map_err(err)?;
    let agenda = parse_agenda(input.agenda).map_err(err)?;
    Ok((form, agenda))
}

/// Schedules a meeting of the assembly (its facilitators, coordinators).
#[tracing::instrument(skip_all, fields(actor = %actor.id, assembly_id = %assembly_id))]
pub async fn create_meeting(
    conn: &DatabaseConnection,
    actor: &user::Model,
    assembly_id: AssemblyId,
    input: MeetingInput<'_>,
) -> Result<meeting::Model, AppError> {
    let txn = db::write_txn(conn).await?;
    // The same form sent twice: the meeting its first submit scheduled.
    if let super::forms::Claim::Done(id) =
        super::forms::claim(&txn, actor.id.get(), "meeting").await?
    {
        let first = meeting::Entity::find_by_id(MeetingId(id))
            .one(&txn)
            .await?
            .ok_or(AppError::NotFound)?;
        txn.commit().await?;
        return Ok(first);
    }
    let a = assembly_by_id(&txn, assembly_id).await?;
    require_facilitator(&txn, actor, a.id).await?;
    let (form, agenda) = parse_meeting(&input)?;
    check_agenda(&txn, &agenda).await?;
    let t = now();
    let created = meeting::ActiveModel {
        assembly_id: Set(a.id),
        title: Set(form.title),
        starts_at: Set(form.starts_at),
        ends_at: Set(form.ends_at),
        place: Set(form.place),
        online_url: Set(form.online_url),
        description: Set(form.description),
        capacity: Set(form.capacity),
        minutes: Set(String::new()),
        guests: Set(0),
        recorded_at: Set(None),
        created_at: Set(t),
        created_by: Set(actor.id),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    write_agenda(&txn, created.id, &agenda).await?;
    // Its assembly's members and followers hear of it.
    {
        use super::notifications::{self, Notice};
        use crate::domain::notice::{FollowKind, NoticeKind};
        let mut people: Vec<crate::domain::ids::UserId> = assembly_member::Entity::find()
            .select_only()
            .column(assembly_member::Column::UserId)
            .filter(assembly_member::Column::AssemblyId.eq(a.id))
            .into_tuple()
            .all(&txn)
            .await?;
        people.extend(notifications::followers(&txn, FollowKind::Assembly, a.id.get()).await?);
        let link = format!("/meetings/{}", created.id);
        let detail = format!("{}: {}", a.name, super::reminders::meeting_detail(&created));
        notifications::notify(
            &txn,
            people,
            Some(actor.id),
            &Notice {
                kind: NoticeKind::Meeting,
                link: &link,
                detail: &detail,
                program: None,
                section: None,
            },
        )
        .await?;
    }
    events::record(
        &txn,
        Some(actor.id),
        Event::MeetingCreate,
        &meeting_subject(created.id),
        serde_json::json!({"assembly": a.id, "title": created.title, "starts_at": created.starts_at}),
    )
    .await?;
    super::forms::record(&txn, actor.id.get(), created.id.get()).await?;
    txn.commit().await?;
    Ok(created)
}

/// Changes a meeting's details and agenda (its assembly's facilitators, coordinators).
#[tracing::instrument(skip_all, fields(actor = %actor.id, id = %id))]
pub async fn update_meeting(
    conn: &DatabaseConnection,
    actor: &user::Model,
    id: MeetingId,
    input: MeetingInput<'_>,
) -> Result<meeting::Model, AppError> {
    let txn = db::write_txn(conn).await?;
    let found = meeting_by_id(&txn, id).await?;
    require(&txn, &found, actor, MeetingAction::Edit).await?;
    let (form, agenda) = parse_meeting(&input)?;
    check_agenda(&txn, &agenda).await?;
    let mut active: meeting::ActiveModel = found.into();
    active.title = Set(form.title);
    active.starts_at = Set(form.starts_at);
    active.ends_at = Set(form.ends_at);
    active.place = Set(form.place);
    active.online_url = Set(form.online_url);
    active.description = Set(form.description);
    active.capacity = Set(form.capacity);
    let updated = active.update(&txn).await?;
    write_agenda(&txn, updated.id, &agenda).await?;
    events::record(
        &txn,
        Some(actor.id),
        Event::MeetingUpdate,
        &meeting_subject(updated.id),
        serde_json::json!({"assembly": updated.assembly_id}),
    )
    .await?;
    txn.commit().await?;
    Ok(updated)
}

/// The facts the policy needs about meeting `m` and `actor`.
pub async fn facts_of(
    db: &impl ConnectionTrait,
    m: &meeting::Model,
    actor: &user::Model,
) -> Result<MeetingFacts, AppError> {
    let registrations = || {
        meeting_registration::Entity::find()
            .filter(meeting_registration::Column::MeetingId.eq(m.id))
    };
    let taken = registrations().count(db).await?;
    let registered = registrations()
        .filter(meeting_registration::Column::UserId.eq(actor.id))
        .count(db)
        .await?
        > 0;
    Ok(MeetingFacts {
        started: m.starts_at <= now(),
        facilitator: facilitates(db, actor, m.assembly_id).await?,
        registered,
        full: m.capacity.is_some_and(|cap| taken >= cap.max(0) as u64),
    })
}

/// Refuses unless the policy lets `actor` do `action` to meeting `m` now.
async fn require(
    db: &impl ConnectionTrait,
    m: &meeting::Model,
    actor: &user::Model,
    action: MeetingAction,
) -> Result<MeetingFacts, AppError> {
    let facts = facts_of(db, m, actor).await?;
    policy::meeting(true, &facts, action)?;
    Ok(facts)
}

/// The meeting's row, locked for the rest of the transaction (PostgreSQL; SQLite's write
/// transaction already holds the database's write lock).
async fn meeting_locked(
    txn: &impl ConnectionTrait,
    id: MeetingId,
) -> Result<meeting::Model, AppError> {
    let mut select = meeting::Entity::find_by_id(id);
    if db::supports_row_locks(txn) {
        select = select.lock_exclusive();
    }
    select.one(txn).await?.ok_or(AppError::NotFound)
}

/// The viewer registers for (or cancels their registration to) a meeting that has not
/// started; a full meeting refuses new registrations. The count is checked under the
/// meeting's lock, so two last-seat registrations cannot both pass.
#[tracing::instrument(skip_all, fields(actor = %actor.id, meeting_id = %meeting_id))]
pub async fn set_registration(
    conn: &DatabaseConnection,
    actor: &user::Model,
    meeting_id: MeetingId,
    register: bool,
) -> Result<(), AppError> {
    let txn = db::write_txn(conn).await?;
    let m = meeting_locked(&txn, meeting_id).await?;
    let facts = facts_of(&txn, &m, actor).await?;
    // A repeat (a double submit, a second tab) is already done, unless the meeting started.
    if facts.registered == register && !facts.started {
        return Ok(());
    }
    let action = if register {
        MeetingAction::Register
    } else {
        MeetingAction::Unregister
    };
    policy::meeting(true, &facts, action)?;
    if register {
        meeting_registration::ActiveModel {
            meeting_id: Set(m.id),
            user_id: Set(actor.id),
            registered_at: Set(now()),
            attended: Set(false),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    } else {
        meeting_registration::Entity::delete_many()
            .filter(meeting_registration::Column::MeetingId.eq(m.id))
            .filter(meeting_registration::Column::UserId.eq(actor.id))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// A meeting that has started, locked, for one of its assembly's facilitators to record
/// what happened.
pub(crate) async fn held_meeting(
    txn: &impl ConnectionTrait,
    actor: &user::Model,
    meeting_id: MeetingId,
) -> Result<meeting::Model, AppError> {
    let m = meeting_locked(txn, meeting_id).await?;
    require(txn, &m, actor, MeetingAction::Record).await?;
    Ok(m)
}

/// Registers `actor` for a meeting whatever its time (demo and scale data only: the web
/// registers through [`set_registration`], which refuses once a meeting has started).
pub async fn set_registration_at(
    db: &impl ConnectionTrait,
    actor: &user::Model,
    meeting_id: MeetingId,
) -> Result<(), AppError> {
    meeting_registration::ActiveModel {
        meeting_id: Set(meeting_id),
        user_id: Set(actor.id),
        registered_at: Set(now()),
        attended: Set(false),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Records who attended (ids of registered residents), how many came without registering,
/// and the minutes (its assembly's facilitators, coordinators; once the meeting started).
#[tracing::instrument(skip_all, fields(actor = %actor.id, meeting_id = %meeting_id))]
pub async fn record(
    conn: &DatabaseConnection,
    actor: &user::Model,
    meeting_id: MeetingId,
    attended: &[UserId],
    guests: &str,
    minutes: &str,
) -> Result<(), AppError> {
    record_roll(conn, actor, meeting_id, attended, None, guests, minutes).await
}

/// As [`record`], for the part of the roll a form showed (`shown`: the registered
/// residents listed on that page of the attendance list; `None`: everyone). Those not shown
/// keep what was recorded for them.
#[tracing::instrument(skip_all, fields(actor = %actor.id, meeting_id = %meeting_id))]
pub async fn record_roll(
    conn: &DatabaseConnection,
    actor: &user::Model,
    meeting_id: MeetingId,
    attended: &[UserId],
    shown: Option<&[UserId]>,
    guests: &str,
    minutes: &str,
) -> Result<(), AppError> {
    let txn = db::write_txn(conn).await?;
    let m = held_meeting(&txn, actor, meeting_id).await?;
    let guests = crate::domain::assembly::parse_count(guests).map_err(err)?;
    let minutes = parse_minutes(minutes).map_err(err)?;
    let present: HashSet<UserId> = attended.iter().copied().collect();
    let mut roll = meeting_registration::Entity::find()
        .filter(meeting_registration::Column::MeetingId.eq(m.id));
    if let Some(shown) = shown {
        roll = roll.filter(meeting_registration::Column::UserId.is_in(shown.to_vec()));
    }
    for r in roll.all(&txn).await? {
        let now_attended = present.contains(&r.user_id);
        if r.attended != now_attended {
            let mut active: meeting_registration::ActiveModel = r.into();
            active.attended = Set(now_attended);
            active.update(&txn).await?;
        }
    }
    let assembly_id = m.assembly_id;
    let mut active: meeting::ActiveModel = m.into();
    active.guests = Set(guests);
    active.minutes = Set(minutes);
    active.recorded_at = Set(Some(now()));
    let updated = active.update(&txn).await?;
    // The paper ballots this room already entered in votes must stay within the attendance
    // now recorded (a person counts once): an edit below them is refused, nothing changed.
    for room in crate::entities::poll_room::Entity::find()
        .filter(crate::entities::poll_room::Column::MeetingId.eq(updated.id))
        .all(&txn)
        .await?
    {
        let b = super::rooms::bound(&txn, &updated, room.poll_id).await?;
        if b.entered > (b.present + b.guests).saturating_sub(b.voted_online) {
            return Err(err(AssemblyError::BelowRoomBallots));
        }
    }
    events::record(
        &txn,
        Some(actor.id),
        Event::MeetingRecord,
        &meeting_subject(updated.id),
        serde_json::json!({"assembly": assembly_id, "attended": present.len(), "guests": guests}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// One outcome of meeting `m`, recorded by `actor`.
fn outcome(
    m: &meeting::Model,
    actor: &user::Model,
    kind: OutcomeKind,
    position: i32,
    amendment_id: Option<AmendmentId>,
    text: String,
    (votes_for, votes_against, votes_abstain): (i32, i32, i32),
) -> meeting_outcome::ActiveModel {
    meeting_outcome::ActiveModel {
        meeting_id: Set(m.id),
        kind: Set(kind),
        position: Set(position),
        amendment_id: Set(amendment_id),
        text: Set(text),
        votes_for: Set(votes_for),
        votes_against: Set(votes_against),
        votes_abstain: Set(votes_abstain),
        created_at: Set(now()),
        created_by: Set(actor.id),
        ..Default::default()
    }
}

async fn next_position(db: &impl ConnectionTrait, meeting_id: MeetingId) -> Result<i32, AppError> {
    Ok(meeting_outcome::Entity::find()
        .filter(meeting_outcome::Column::MeetingId.eq(meeting_id))
        .count(db)
        .await? as i32)
}

/// An amendment the room adopted: entered by the facilitator as an amendment authored by the
/// assembly, published at once, so it follows the normal rebase / conflict / vote path.
#[tracing::instrument(skip_all, fields(actor = %actor.id, meeting_id = %meeting_id, section_id = %section_id))]
pub async fn adopt(
    conn: &DatabaseConnection,
    actor: &user::Model,
    meeting_id: MeetingId,
    section_id: SectionId,
    proposal: Proposal<'_>,
) -> Result<amendment::Model, AppError> {
    let txn = db::write_txn(conn).await?;
    let m = held_meeting(&txn, actor, meeting_id).await?;
    let created =
        amendments::create_for_assembly(&txn, actor, section_id, proposal, m.assembly_id).await?;
    let position = next_position(&txn, m.id).await?;
    outcome(
        &m,
        actor,
        OutcomeKind::Adopted,
        position,
        Some(created.id),
        String::new(),
        (0, 0, 0),
    )
    .insert(&txn)
    .await?;
    events::record(
        &txn,
        Some(actor.id),
        Event::MeetingAdopt,
        &meeting_subject(m.id),
        serde_json::json!({"assembly": m.assembly_id, "amendment": created.id}),
    )
    .await?;
    txn.commit().await?;
    Ok(created)
}

/// The room's count on an existing, published amendment. Kept as the meeting's record,
/// shown beside the online supports, never added to supports or ballots.
#[tracing::instrument(skip_all, fields(actor = %actor.id, meeting_id = %meeting_id, amendment_id = %amendment_id))]
pub async fn room_vote(
    conn: &DatabaseConnection,
    actor: &user::Model,
    meeting_id: MeetingId,
    amendment_id: AmendmentId,
    counts: (&str, &str, &str),
) -> Result<(), AppError> {
    let txn = db::write_txn(conn).await?;
    let m = held_meeting(&txn, actor, meeting_id).await?;
    let (votes_for, against, abstain) =
        parse_room_vote(counts.0, counts.1, counts.2).map_err(err)?;
    let target = amendment::Entity::find_by_id(amendment_id)
        .one(&txn)
        .await?
        .ok_or(err(AssemblyError::WrongAmendment))?;
    if !amendment_visible(&target, None) || target.status == AmendmentStatus::Draft {
        return Err(err(AssemblyError::WrongAmendment));
    }
    let position = next_position(&txn, m.id).await?;
    outcome(
        &m,
        actor,
        OutcomeKind::RoomVote,
        position,
        Some(target.id),
        String::new(),
        (votes_for, against, abstain),
    )
    .insert(&txn)
    .await?;
    events::record(
        &txn,
        Some(actor.id),
        Event::MeetingRoomVote,
        &meeting_subject(m.id),
        serde_json::json!({"assembly": m.assembly_id, "amendment": target.id,
            "for": votes_for, "against": against, "abstain": abstain}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The priorities the room ranked, most important first (replacing any recorded before).
#[tracing::instrument(skip_all, fields(actor = %actor.id, meeting_id = %meeting_id))]
pub async fn set_priorities(
    conn: &DatabaseConnection,
    actor: &user::Model,
    meeting_id: MeetingId,
    text: &str,
) -> Result<(), AppError> {
    let txn = db::write_txn(conn).await?;
    let m = held_meeting(&txn, actor, meeting_id).await?;
    let items = parse_priorities(text).map_err(err)?;
    meeting_outcome::Entity::delete_many()
        .filter(meeting_outcome::Column::MeetingId.eq(m.id))
        .filter(meeting_outcome::Column::Kind.eq(OutcomeKind::Priority.as_str()))
        .exec(&txn)
        .await?;
    let base = next_position(&txn, m.id).await?;
    let rows: Vec<meeting_outcome::ActiveModel> = items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let position = base + i as i32;
            outcome(
                &m,
                actor,
                OutcomeKind::Priority,
                position,
                None,
                item.clone(),
                (0, 0, 0),
            )
        })
        .collect();
    meeting_outcome::Entity::insert_many(rows)
        .exec_without_returning(&txn)
        .await?;
    events::record(
        &txn,
        Some(actor.id),
        Event::MeetingPriorities,
        &meeting_subject(m.id),
        serde_json::json!({"assembly": m.assembly_id, "count": items.len()}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Removes a recorded in-room vote or priority (a typing mistake). Adopted amendments are
/// amendments now: they are withdrawn through the amendment's own page.
#[tracing::instrument(skip_all, fields(actor = %actor.id, outcome_id = %outcome_id))]
pub async fn remove_outcome(
    conn: &DatabaseConnection,
    actor: &user::Model,
    outcome_id: i32,
) -> Result<MeetingId, AppError> {
    let txn = db::write_txn(conn).await?;
    let o = meeting_outcome::Entity::find_by_id(outcome_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let m = meeting_by_id(&txn, o.meeting_id).await?;
    require(&txn, &m, actor, MeetingAction::RemoveRoomVote).await?;
    // Adopted amendments are withdrawn on their own page; priorities are replaced as a list.
    if o.kind != OutcomeKind::RoomVote {
        return Err(AppError::WrongState);
    }
    meeting_outcome::Entity::delete_by_id(o.id)
        .exec(&txn)
        .await?;
    events::record(
        &txn,
        Some(actor.id),
        Event::MeetingOutcomeRemove,
        &meeting_subject(m.id),
        serde_json::json!({"assembly": m.assembly_id, "kind": o.kind, "amendment": o.amendment_id,
            "text": o.text, "for": o.votes_for, "against": o.votes_against, "abstain": o.votes_abstain}),
    )
    .await?;
    txn.commit().await?;
    Ok(m.id)
}
