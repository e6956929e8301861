//! Open assemblies and their meetings. Every permission is decided here: coordinators
//! create assemblies and name facilitators; an assembly's facilitators (and coordinators)
//! schedule its meetings and record their outcomes — a facilitator of one assembly has no
//! power in another; any account joins assemblies and registers for meetings.

use super::accounts::role_of;
use super::amendments::{self, Proposal};
use super::lookup::display_names;
use super::lookup::{amendment_visible, program_visible};
use super::{clock::now, db, events, markdown};
use crate::domain::amendment::AmendmentStatus;
use crate::domain::assembly::{
    parse_agenda, parse_minutes, parse_priorities, parse_room_vote, AgendaRef, AssemblyError,
    AssemblyForm, AssemblyKind, MeetingForm, OutcomeKind,
};
use crate::domain::slug::slugify;
use crate::entities::{
    amendment, assembly, assembly_member, meeting, meeting_agenda, meeting_outcome,
    meeting_registration, program, section, user,
};
use crate::error::AppError;
use crate::services::lookup;
use crate::services::lookup::assembly_by_id;
use crate::services::lookup::assembly_by_slug;
use crate::services::lookup::facilitates;
use crate::services::lookup::meeting_by_id;
use crate::views::assemblies::*;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use std::collections::{HashMap, HashSet};

fn err(e: AssemblyError) -> AppError {
    AppError::Assembly(e)
}

pub fn subject(id: i32) -> String {
    format!("assembly:{id}")
}

pub fn meeting_subject(id: i32) -> String {
    format!("meeting:{id}")
}

async fn require_facilitator(
    db: &impl ConnectionTrait,
    user: &user::Model,
    assembly_id: i32,
) -> Result<(), AppError> {
    if facilitates(db, user, assembly_id).await? {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

fn kind_of(a: &assembly::Model) -> AssemblyKind {
    AssemblyKind::parse(&a.kind).unwrap_or(AssemblyKind::Thematic)
}

/// Member counts per assembly.
async fn member_counts(db: &impl ConnectionTrait) -> Result<HashMap<i32, u64>, AppError> {
    let rows: Vec<(i32, i64)> = assembly_member::Entity::find()
        .select_only()
        .column(assembly_member::Column::AssemblyId)
        .column_as(assembly_member::Column::Id.count(), "n")
        .group_by(assembly_member::Column::AssemblyId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|(a, n)| (a, n as u64)).collect())
}

/// Every assembly, territorial first, by name.
pub async fn list(
    db: &impl ConnectionTrait,
    viewer: Option<&user::Model>,
) -> Result<Vec<AssemblyCard>, AppError> {
    let all = assembly::Entity::find()
        .order_by_asc(assembly::Column::Name)
        .all(db)
        .await?;
    let members = member_counts(db).await?;
    let facilitator_rows = assembly_member::Entity::find()
        .filter(assembly_member::Column::Facilitator.eq(true))
        .all(db)
        .await?;
    let names = display_names(db, facilitator_rows.iter().map(|r| r.user_id)).await?;
    let mut facilitators: HashMap<i32, Vec<String>> = HashMap::new();
    for r in &facilitator_rows {
        if let Some(n) = names.get(&r.user_id) {
            facilitators
                .entry(r.assembly_id)
                .or_default()
                .push(n.clone());
        }
    }
    let mut next: HashMap<i32, (i32, String, i64)> = HashMap::new();
    for m in meeting::Entity::find()
        .filter(meeting::Column::EndsAt.gte(now()))
        .order_by_asc(meeting::Column::StartsAt)
        .all(db)
        .await?
    {
        next.entry(m.assembly_id)
            .or_insert((m.id, m.title, m.starts_at));
    }
    let amendment_rows: Vec<(Option<i32>, i64)> = amendment::Entity::find()
        .select_only()
        .column(amendment::Column::AssemblyId)
        .column_as(amendment::Column::Id.count(), "n")
        .filter(amendment::Column::AssemblyId.is_not_null())
        .group_by(amendment::Column::AssemblyId)
        .into_tuple()
        .all(db)
        .await?;
    let produced: HashMap<i32, u64> = amendment_rows
        .into_iter()
        .filter_map(|(a, n)| a.map(|a| (a, n as u64)))
        .collect();
    let joined: HashSet<i32> = match viewer {
        Some(v) => assembly_member::Entity::find()
            .filter(assembly_member::Column::UserId.eq(v.id))
            .all(db)
            .await?
            .into_iter()
            .map(|r| r.assembly_id)
            .collect(),
        None => HashSet::new(),
    };
    let mut cards: Vec<AssemblyCard> = all
        .into_iter()
        .map(|a| AssemblyCard {
            id: a.id,
            kind: kind_of(&a),
            members: members.get(&a.id).copied().unwrap_or(0),
            facilitators: facilitators.remove(&a.id).unwrap_or_default(),
            next_meeting: next.remove(&a.id),
            amendments: produced.get(&a.id).copied().unwrap_or(0),
            joined: joined.contains(&a.id),
            slug: a.slug,
            name: a.name,
        })
        .collect();
    cards.sort_by_key(|c| c.kind != AssemblyKind::Territorial);
    Ok(cards)
}

async fn registration_counts(
    db: &impl ConnectionTrait,
    meeting_ids: &[i32],
) -> Result<HashMap<i32, u64>, AppError> {
    if meeting_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(i32, i64)> = meeting_registration::Entity::find()
        .select_only()
        .column(meeting_registration::Column::MeetingId)
        .column_as(meeting_registration::Column::Id.count(), "n")
        .filter(meeting_registration::Column::MeetingId.is_in(meeting_ids.to_vec()))
        .group_by(meeting_registration::Column::MeetingId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|(m, n)| (m, n as u64)).collect())
}

/// One assembly's page.
pub async fn page(
    db: &impl ConnectionTrait,
    viewer: Option<&user::Model>,
    slug: &str,
) -> Result<AssemblyDetail, AppError> {
    let a = assembly_by_slug(db, slug).await?;
    let rows = assembly_member::Entity::find()
        .filter(assembly_member::Column::AssemblyId.eq(a.id))
        .filter(assembly_member::Column::Facilitator.eq(true))
        .all(db)
        .await?;
    let names = display_names(db, rows.iter().map(|r| r.user_id)).await?;
    let mut facilitators: Vec<(i32, String)> = rows
        .iter()
        .filter_map(|r| names.get(&r.user_id).map(|n| (r.user_id, n.clone())))
        .collect();
    facilitators.sort_by(|x, y| x.1.cmp(&y.1));
    let members = assembly_member::Entity::find()
        .filter(assembly_member::Column::AssemblyId.eq(a.id))
        .count(db)
        .await?;
    let joined = match viewer {
        Some(v) => {
            assembly_member::Entity::find()
                .filter(assembly_member::Column::AssemblyId.eq(a.id))
                .filter(assembly_member::Column::UserId.eq(v.id))
                .count(db)
                .await?
                > 0
        }
        None => false,
    };
    let can_facilitate = match viewer {
        Some(v) => facilitates(db, v, a.id).await?,
        None => false,
    };
    let meetings = meeting::Entity::find()
        .filter(meeting::Column::AssemblyId.eq(a.id))
        .order_by_asc(meeting::Column::StartsAt)
        .all(db)
        .await?;
    let counts =
        registration_counts(db, &meetings.iter().map(|m| m.id).collect::<Vec<_>>()).await?;
    let t = now();
    let (mut past, upcoming): (Vec<MeetingCard>, Vec<MeetingCard>) = meetings
        .into_iter()
        .map(|m| MeetingCard {
            id: m.id,
            registered: counts.get(&m.id).copied().unwrap_or(0),
            online: !m.online_url.is_empty(),
            recorded: m.recorded_at.is_some(),
            title: m.title,
            starts_at: m.starts_at,
            ends_at: m.ends_at,
            place: m.place,
            capacity: m.capacity,
        })
        .partition(|m| m.ends_at < t);
    past.reverse();
    let adopted = amendment::Entity::find()
        .filter(amendment::Column::AssemblyId.eq(a.id))
        .order_by_desc(amendment::Column::Id)
        .all(db)
        .await?;
    let section_titles =
        super::lookup::section_titles(db, adopted.iter().map(|x| x.section_id)).await?;
    let amendments = adopted
        .into_iter()
        .filter(|x| amendment_visible(x, viewer))
        .map(|x| AssemblyAmendment {
            id: x.id,
            status: x.status(),
            section_title: section_titles
                .get(&x.section_id)
                .cloned()
                .unwrap_or_default(),
            section_id: x.section_id,
            created_at: x.created_at,
            title: x.title,
        })
        .collect();
    Ok(AssemblyDetail {
        id: a.id,
        kind: kind_of(&a),
        description_html: markdown::render(&a.description),
        description: a.description,
        facilitators,
        members,
        viewer: viewer.is_some(),
        joined,
        can_facilitate,
        can_manage: viewer.is_some_and(|v| role_of(v).can_manage_programs()),
        upcoming,
        past,
        amendments,
        slug: a.slug,
        name: a.name,
    })
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
    except: Option<i32>,
) -> Result<bool, AppError> {
    let lower = name.to_lowercase();
    Ok(assembly::Entity::find()
        .all(db)
        .await?
        .iter()
        .any(|a| a.name.to_lowercase() == lower && Some(a.id) != except))
}

/// A new assembly (coordinators).
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
    if name_taken(&txn, &form.name, None).await? {
        return Err(err(AssemblyError::NameTaken));
    }
    let created = assembly::ActiveModel {
        slug: Set(unique_slug(&txn, &form.name).await?),
        name: Set(form.name),
        kind: Set(form.kind.as_str().to_string()),
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
        "assembly.create",
        &subject(created.id),
        serde_json::json!({"name": created.name, "kind": created.kind}),
    )
    .await?;
    txn.commit().await?;
    Ok(created)
}

/// Changes an assembly's name, kind and description (its facilitators, coordinators).
pub async fn update(
    conn: &DatabaseConnection,
    actor: &user::Model,
    id: i32,
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
    active.kind = Set(form.kind.as_str().to_string());
    active.description = Set(form.description);
    let updated = active.update(&txn).await?;
    events::record(
        &txn,
        Some(actor.id),
        "assembly.update",
        &subject(updated.id),
        serde_json::json!({"name": updated.name}),
    )
    .await?;
    txn.commit().await?;
    Ok(updated)
}

/// Names (or removes) a facilitator of an assembly, by e-mail address (coordinators). A new
/// facilitator becomes a member too; a removed one stays a member.
pub async fn set_facilitator(
    conn: &DatabaseConnection,
    actor: &user::Model,
    assembly_id: i32,
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
            "assembly.facilitator.add"
        } else {
            "assembly.facilitator.remove"
        },
        &subject(a.id),
        serde_json::json!({"user": person.id, "name": person.display_name}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The viewer joins (or leaves) an assembly. Leaving also ends facilitating it.
pub async fn set_membership(
    conn: &DatabaseConnection,
    actor: &user::Model,
    assembly_id: i32,
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
                "assembly.join",
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
                "assembly.leave",
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
    meeting_id: i32,
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
pub async fn create_meeting(
    conn: &DatabaseConnection,
    actor: &user::Model,
    assembly_id: i32,
    input: MeetingInput<'_>,
) -> Result<meeting::Model, AppError> {
    let txn = db::write_txn(conn).await?;
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
    events::record(
        &txn,
        Some(actor.id),
        "meeting.create",
        &meeting_subject(created.id),
        serde_json::json!({"assembly": a.id, "title": created.title, "starts_at": created.starts_at}),
    )
    .await?;
    txn.commit().await?;
    Ok(created)
}

/// Changes a meeting's details and agenda (its assembly's facilitators, coordinators).
pub async fn update_meeting(
    conn: &DatabaseConnection,
    actor: &user::Model,
    id: i32,
    input: MeetingInput<'_>,
) -> Result<meeting::Model, AppError> {
    let txn = db::write_txn(conn).await?;
    let found = meeting_by_id(&txn, id).await?;
    require_facilitator(&txn, actor, found.assembly_id).await?;
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
        "meeting.update",
        &meeting_subject(updated.id),
        serde_json::json!({"assembly": updated.assembly_id}),
    )
    .await?;
    txn.commit().await?;
    Ok(updated)
}

/// The meeting's row, locked for the rest of the transaction (PostgreSQL; SQLite's write
/// transaction already holds the database's write lock).
async fn meeting_locked(txn: &impl ConnectionTrait, id: i32) -> Result<meeting::Model, AppError> {
    let mut select = meeting::Entity::find_by_id(id);
    if db::supports_row_locks(txn) {
        select = select.lock_exclusive();
    }
    select.one(txn).await?.ok_or(AppError::NotFound)
}

/// The viewer registers for (or cancels their registration to) a meeting that has not
/// started; a full meeting refuses new registrations. The count is checked under the
/// meeting's lock, so two last-seat registrations cannot both pass.
pub async fn set_registration(
    conn: &DatabaseConnection,
    actor: &user::Model,
    meeting_id: i32,
    register: bool,
) -> Result<(), AppError> {
    let txn = db::write_txn(conn).await?;
    let m = meeting_locked(&txn, meeting_id).await?;
    if m.starts_at <= now() {
        return Err(err(AssemblyError::Started));
    }
    let existing = meeting_registration::Entity::find()
        .filter(meeting_registration::Column::MeetingId.eq(m.id))
        .filter(meeting_registration::Column::UserId.eq(actor.id))
        .one(&txn)
        .await?;
    match (existing, register) {
        (None, true) => {
            if let Some(cap) = m.capacity {
                let taken = meeting_registration::Entity::find()
                    .filter(meeting_registration::Column::MeetingId.eq(m.id))
                    .count(&txn)
                    .await?;
                if taken >= cap as u64 {
                    return Err(err(AssemblyError::Full));
                }
            }
            meeting_registration::ActiveModel {
                meeting_id: Set(m.id),
                user_id: Set(actor.id),
                registered_at: Set(now()),
                attended: Set(false),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        (Some(r), false) => {
            meeting_registration::Entity::delete_by_id(r.id)
                .exec(&txn)
                .await?;
        }
        _ => {}
    }
    txn.commit().await?;
    Ok(())
}

/// A meeting that has started, locked, for one of its assembly's facilitators to record
/// what happened.
async fn held_meeting(
    txn: &impl ConnectionTrait,
    actor: &user::Model,
    meeting_id: i32,
) -> Result<meeting::Model, AppError> {
    let m = meeting_locked(txn, meeting_id).await?;
    require_facilitator(txn, actor, m.assembly_id).await?;
    if m.starts_at > now() {
        return Err(err(AssemblyError::NotHeld));
    }
    Ok(m)
}

/// Registers `actor` for a meeting whatever its time (demo and scale data only: the web
/// registers through [`set_registration`], which refuses once a meeting has started).
pub async fn set_registration_at(
    db: &impl ConnectionTrait,
    actor: &user::Model,
    meeting_id: i32,
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
pub async fn record(
    conn: &DatabaseConnection,
    actor: &user::Model,
    meeting_id: i32,
    attended: &[i32],
    guests: &str,
    minutes: &str,
) -> Result<(), AppError> {
    let txn = db::write_txn(conn).await?;
    let m = held_meeting(&txn, actor, meeting_id).await?;
    let guests = crate::domain::assembly::parse_count(guests).map_err(err)?;
    let minutes = parse_minutes(minutes).map_err(err)?;
    let present: HashSet<i32> = attended.iter().copied().collect();
    for r in meeting_registration::Entity::find()
        .filter(meeting_registration::Column::MeetingId.eq(m.id))
        .all(&txn)
        .await?
    {
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
    events::record(
        &txn,
        Some(actor.id),
        "meeting.record",
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
    amendment_id: Option<i32>,
    text: String,
    (votes_for, votes_against, votes_abstain): (i32, i32, i32),
) -> meeting_outcome::ActiveModel {
    meeting_outcome::ActiveModel {
        meeting_id: Set(m.id),
        kind: Set(kind.as_str().to_string()),
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

async fn next_position(db: &impl ConnectionTrait, meeting_id: i32) -> Result<i32, AppError> {
    Ok(meeting_outcome::Entity::find()
        .filter(meeting_outcome::Column::MeetingId.eq(meeting_id))
        .count(db)
        .await? as i32)
}

/// An amendment the room adopted: entered by the facilitator as an amendment authored by the
/// assembly, published at once, so it follows the normal rebase / conflict / vote path.
pub async fn adopt(
    conn: &DatabaseConnection,
    actor: &user::Model,
    meeting_id: i32,
    section_id: i32,
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
        "meeting.adopt",
        &meeting_subject(m.id),
        serde_json::json!({"assembly": m.assembly_id, "amendment": created.id}),
    )
    .await?;
    txn.commit().await?;
    Ok(created)
}

/// The room's count on an existing, published amendment. Kept as the meeting's record,
/// shown beside the online supports, never added to supports or ballots.
pub async fn room_vote(
    conn: &DatabaseConnection,
    actor: &user::Model,
    meeting_id: i32,
    amendment_id: i32,
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
    if !amendment_visible(&target, None) || target.status() == AmendmentStatus::Draft {
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
        "meeting.room_vote",
        &meeting_subject(m.id),
        serde_json::json!({"assembly": m.assembly_id, "amendment": target.id,
            "for": votes_for, "against": against, "abstain": abstain}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The priorities the room ranked, most important first (replacing any recorded before).
pub async fn set_priorities(
    conn: &DatabaseConnection,
    actor: &user::Model,
    meeting_id: i32,
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
        "meeting.priorities",
        &meeting_subject(m.id),
        serde_json::json!({"assembly": m.assembly_id, "count": items.len()}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Removes a recorded in-room vote or priority (a typing mistake). Adopted amendments are
/// amendments now: they are withdrawn through the amendment's own page.
pub async fn remove_outcome(
    conn: &DatabaseConnection,
    actor: &user::Model,
    outcome_id: i32,
) -> Result<i32, AppError> {
    let txn = db::write_txn(conn).await?;
    let o = meeting_outcome::Entity::find_by_id(outcome_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let m = meeting_by_id(&txn, o.meeting_id).await?;
    require_facilitator(&txn, actor, m.assembly_id).await?;
    if o.kind == OutcomeKind::Adopted.as_str() {
        return Err(AppError::WrongState);
    }
    meeting_outcome::Entity::delete_by_id(o.id)
        .exec(&txn)
        .await?;
    events::record(
        &txn,
        Some(actor.id),
        "meeting.outcome.remove",
        &meeting_subject(m.id),
        serde_json::json!({"assembly": m.assembly_id, "kind": o.kind, "amendment": o.amendment_id,
            "text": o.text, "for": o.votes_for, "against": o.votes_against, "abstain": o.votes_abstain}),
    )
    .await?;
    txn.commit().await?;
    Ok(m.id)
}

/// A meeting's page.
pub async fn meeting_page(
    db: &impl ConnectionTrait,
    viewer: Option<&user::Model>,
    id: i32,
) -> Result<MeetingDetail, AppError> {
    let m = meeting_by_id(db, id).await?;
    let a = assembly_by_id(db, m.assembly_id).await?;
    let can_facilitate = match viewer {
        Some(v) => facilitates(db, v, a.id).await?,
        None => false,
    };
    let registrations = meeting_registration::Entity::find()
        .filter(meeting_registration::Column::MeetingId.eq(m.id))
        .order_by_asc(meeting_registration::Column::Id)
        .all(db)
        .await?;
    let me_registered = viewer.is_some_and(|v| registrations.iter().any(|r| r.user_id == v.id));
    let attended = registrations.iter().filter(|r| r.attended).count() as u64;
    let attendees = if can_facilitate {
        let names = display_names(db, registrations.iter().map(|r| r.user_id)).await?;
        registrations
            .iter()
            .map(|r| Attendee {
                user_id: r.user_id,
                name: names.get(&r.user_id).cloned().unwrap_or_default(),
                attended: r.attended,
            })
            .collect()
    } else {
        Vec::new()
    };
    let agenda = agenda_of(db, m.id).await?;
    let outcomes = outcomes_of(db, m.id, viewer).await?;
    let choices = if can_facilitate {
        agenda_choices(db).await?
    } else {
        Vec::new()
    };
    Ok(MeetingDetail {
        id: m.id,
        assembly_id: a.id,
        assembly_slug: a.slug,
        assembly_name: a.name,
        started: m.starts_at <= now(),
        registered: registrations.len() as u64,
        viewer: viewer.is_some(),
        me_registered,
        can_facilitate,
        agenda,
        attendees,
        attended,
        guests: m.guests,
        recorded_at: m.recorded_at,
        minutes_html: markdown::render(&m.minutes),
        minutes: if can_facilitate {
            m.minutes
        } else {
            String::new()
        },
        outcomes,
        choices,
        description_html: markdown::render(&m.description),
        description: m.description,
        title: m.title,
        starts_at: m.starts_at,
        ends_at: m.ends_at,
        place: m.place,
        online_url: m.online_url,
        capacity: m.capacity,
    })
}

async fn agenda_of(
    db: &impl ConnectionTrait,
    meeting_id: i32,
) -> Result<Vec<AgendaItemView>, AppError> {
    let rows = meeting_agenda::Entity::find()
        .filter(meeting_agenda::Column::MeetingId.eq(meeting_id))
        .order_by_asc(meeting_agenda::Column::Position)
        .all(db)
        .await?;
    let amendment_ids: Vec<i32> = rows.iter().filter_map(|r| r.amendment_id).collect();
    let amendments: HashMap<i32, amendment::Model> = if amendment_ids.is_empty() {
        HashMap::new()
    } else {
        amendment::Entity::find()
            .filter(amendment::Column::Id.is_in(amendment_ids.clone()))
            .all(db)
            .await?
            .into_iter()
            .map(|a| (a.id, a))
            .collect()
    };
    let supports = amendments::support_counts(db, &amendment_ids).await?;
    let section_ids: Vec<i32> = rows
        .iter()
        .filter_map(|r| {
            r.section_id.or_else(|| {
                r.amendment_id
                    .and_then(|a| amendments.get(&a).map(|a| a.section_id))
            })
        })
        .collect();
    let sections: HashMap<i32, section::Model> = if section_ids.is_empty() {
        HashMap::new()
    } else {
        section::Entity::find()
            .filter(section::Column::Id.is_in(section_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|s| (s.id, s))
            .collect()
    };
    let program_ids: Vec<i32> = sections.values().map(|s| s.program_id).collect();
    let programs: HashMap<i32, String> = program::Entity::find()
        .filter(program::Column::Id.is_in(program_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.slug))
        .collect();
    let mut out = Vec::new();
    for r in rows {
        let amendment = r.amendment_id.and_then(|id| amendments.get(&id));
        let Some(section_id) = r.section_id.or(amendment.map(|a| a.section_id)) else {
            continue;
        };
        let Some(s) = sections.get(&section_id) else {
            continue;
        };
        out.push(AgendaItemView {
            reference: match amendment {
                Some(a) => AgendaRef::Amendment(a.id).value(),
                None => AgendaRef::Section(s.id).value(),
            },
            section_id: s.id,
            section_title: s.title.clone(),
            program_slug: programs.get(&s.program_id).cloned().unwrap_or_default(),
            amendment: amendment.map(|a| {
                (
                    a.id,
                    a.title.clone(),
                    a.status(),
                    supports.get(&a.id).copied().unwrap_or(0),
                )
            }),
        });
    }
    Ok(out)
}

async fn outcomes_of(
    db: &impl ConnectionTrait,
    meeting_id: i32,
    viewer: Option<&user::Model>,
) -> Result<Vec<OutcomeView>, AppError> {
    let rows = meeting_outcome::Entity::find()
        .filter(meeting_outcome::Column::MeetingId.eq(meeting_id))
        .order_by_asc(meeting_outcome::Column::Position)
        .order_by_asc(meeting_outcome::Column::Id)
        .all(db)
        .await?;
    let ids: Vec<i32> = rows.iter().filter_map(|r| r.amendment_id).collect();
    let found: HashMap<i32, amendment::Model> = if ids.is_empty() {
        HashMap::new()
    } else {
        amendment::Entity::find()
            .filter(amendment::Column::Id.is_in(ids.clone()))
            .all(db)
            .await?
            .into_iter()
            .filter(|a| amendment_visible(a, viewer))
            .map(|a| (a.id, a))
            .collect()
    };
    let supports = amendments::support_counts(db, &ids).await?;
    let titles = super::lookup::section_titles(db, found.values().map(|a| a.section_id)).await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let kind = OutcomeKind::parse(&r.kind)?;
            let a = r.amendment_id.and_then(|id| found.get(&id));
            if r.amendment_id.is_some() && a.is_none() {
                return None;
            }
            Some(OutcomeView {
                id: r.id,
                kind,
                amendment: a.map(|a| (a.id, a.title.clone(), a.status())),
                section: a.map(|a| {
                    (
                        a.section_id,
                        titles.get(&a.section_id).cloned().unwrap_or_default(),
                    )
                }),
                online_supports: a.and_then(|a| supports.get(&a.id).copied()).unwrap_or(0),
                text: r.text,
                votes_for: r.votes_for,
                votes_against: r.votes_against,
                votes_abstain: r.votes_abstain,
            })
        })
        .collect())
}

/// Sections of published programs and their open published amendments, for the agenda
/// and in-room vote forms (at most a few thousand entries).
async fn agenda_choices(db: &impl ConnectionTrait) -> Result<Vec<AgendaChoice>, AppError> {
    let programs: Vec<program::Model> = program::Entity::find()
        .filter(program::Column::PublishedAt.is_not_null())
        .order_by_asc(program::Column::Id)
        .all(db)
        .await?;
    let mut out = Vec::new();
    for p in programs {
        let sections = section::Entity::find()
            .filter(section::Column::ProgramId.eq(p.id))
            .order_by_asc(section::Column::Position)
            .all(db)
            .await?;
        let open = amendment::Entity::find()
            .filter(amendment::Column::ProgramId.eq(p.id))
            .filter(amendment::Column::Status.is_in([
                AmendmentStatus::Published.as_str(),
                AmendmentStatus::InVote.as_str(),
                AmendmentStatus::Conflicted.as_str(),
            ]))
            .order_by_asc(amendment::Column::Id)
            .limit(2000)
            .all(db)
            .await?;
        let mut by_section: HashMap<i32, Vec<amendment::Model>> = HashMap::new();
        for a in open {
            by_section.entry(a.section_id).or_default().push(a);
        }
        for s in sections {
            out.push(AgendaChoice {
                reference: AgendaRef::Section(s.id).value(),
                label: format!("{} · {}", p.title, s.title),
            });
            for a in by_section.remove(&s.id).unwrap_or_default() {
                if a.published_at.is_none() {
                    continue;
                }
                out.push(AgendaChoice {
                    reference: AgendaRef::Amendment(a.id).value(),
                    label: format!("{} · #{} {}", s.title, a.id, a.title),
                });
            }
        }
    }
    Ok(out)
}

/// The printable pack: the meeting, then each section on the agenda with its current text
/// and the word diffs of the amendments under discussion (those on the agenda, or all the
/// section's open amendments when only the section is listed).
pub async fn pack(
    db: &impl ConnectionTrait,
    viewer: Option<&user::Model>,
    id: i32,
) -> Result<MeetingPack, AppError> {
    let meeting = meeting_page(db, viewer, id).await?;
    let mut order: Vec<i32> = Vec::new();
    let mut chosen: HashMap<i32, Vec<i32>> = HashMap::new();
    let mut whole: HashSet<i32> = HashSet::new();
    for item in &meeting.agenda {
        if !order.contains(&item.section_id) {
            order.push(item.section_id);
        }
        match &item.amendment {
            Some((aid, ..)) => chosen.entry(item.section_id).or_default().push(*aid),
            None => {
                whole.insert(item.section_id);
            }
        }
    }
    let assemblies = assemblies_by_id(db).await?;
    let mut sections = Vec::new();
    for sid in order {
        let Some(s) = section::Entity::find_by_id(sid).one(db).await? else {
            continue;
        };
        let text = lookup::revision_text(db, s.id, s.head_number).await?;
        let mut query = amendment::Entity::find().filter(amendment::Column::SectionId.eq(s.id));
        query = if whole.contains(&s.id) {
            query.filter(amendment::Column::Status.is_in([
                AmendmentStatus::Published.as_str(),
                AmendmentStatus::InVote.as_str(),
                AmendmentStatus::Conflicted.as_str(),
            ]))
        } else {
            query.filter(amendment::Column::Id.is_in(chosen.remove(&s.id).unwrap_or_default()))
        };
        let found: Vec<amendment::Model> = query
            .order_by_asc(amendment::Column::Id)
            .limit(200)
            .all(db)
            .await?
            .into_iter()
            .filter(|a| a.published_at.is_some() && amendment_visible(a, viewer))
            .collect();
        let ids: Vec<i32> = found.iter().map(|a| a.id).collect();
        let supports = amendments::support_counts(db, &ids).await?;
        let authors = display_names(db, found.iter().map(|a| a.author_id)).await?;
        let mut items = Vec::new();
        for a in found {
            let base = if a.base_number == s.head_number {
                text.clone()
            } else {
                lookup::revision_text(db, s.id, a.base_number).await?
            };
            items.push(PackAmendment {
                id: a.id,
                author: a
                    .assembly_id
                    .and_then(|x| assemblies.get(&x).map(|a| a.name.clone()))
                    .or_else(|| authors.get(&a.author_id).cloned())
                    .unwrap_or_default(),
                supports: supports.get(&a.id).copied().unwrap_or(0),
                diff: super::cpu::diff(base, a.text.clone()).await?,
                title: a.title,
            });
        }
        sections.push(PackSection {
            section_id: s.id,
            title: s.title,
            revision: s.head_number,
            text,
            amendments: items,
        });
    }
    Ok(MeetingPack { meeting, sections })
}

/// The in-room counts recorded on an amendment: (assembly name, meeting id, meeting start,
/// for, against, abstentions), newest first.
pub async fn room_votes_on(
    db: &impl ConnectionTrait,
    amendment_id: i32,
) -> Result<Vec<RoomVoteView>, AppError> {
    let rows = meeting_outcome::Entity::find()
        .filter(meeting_outcome::Column::AmendmentId.eq(amendment_id))
        .filter(meeting_outcome::Column::Kind.eq(OutcomeKind::RoomVote.as_str()))
        .order_by_desc(meeting_outcome::Column::Id)
        .all(db)
        .await?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let meetings: HashMap<i32, meeting::Model> = meeting::Entity::find()
        .filter(meeting::Column::Id.is_in(rows.iter().map(|r| r.meeting_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.id, m))
        .collect();
    let assemblies = assemblies_by_id(db).await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let m = meetings.get(&r.meeting_id)?;
            let a = assemblies.get(&m.assembly_id)?;
            Some(RoomVoteView {
                assembly: a.name.clone(),
                assembly_slug: a.slug.clone(),
                meeting_id: m.id,
                meeting_title: m.title.clone(),
                held_at: m.starts_at,
                votes_for: r.votes_for,
                votes_against: r.votes_against,
                votes_abstain: r.votes_abstain,
            })
        })
        .collect())
}

/// Every assembly by id (a few dozen rows).
async fn assemblies_by_id(
    db: &impl ConnectionTrait,
) -> Result<HashMap<i32, assembly::Model>, AppError> {
    Ok(assembly::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect())
}

/// The name and address of the assembly that adopted an amendment, if any.
pub async fn author_assembly(
    db: &impl ConnectionTrait,
    a: &amendment::Model,
) -> Result<Option<(String, String)>, AppError> {
    Ok(match a.assembly_id {
        Some(id) => assembly::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|x| (x.slug, x.name)),
        None => None,
    })
}

/// Every event subject that belongs to an assembly (for the audit page's filter): the
/// assembly, its meetings and the amendments it adopted.
pub async fn subjects_of(
    db: &impl ConnectionTrait,
    slug_or_name: &str,
) -> Result<Vec<String>, AppError> {
    let needle = slug_or_name.trim().to_lowercase();
    let found = assembly::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .find(|a| a.slug == needle || a.name.to_lowercase() == needle);
    let Some(a) = found else {
        return Ok(Vec::new());
    };
    let mut out = vec![subject(a.id)];
    let meetings: Vec<i32> = meeting::Entity::find()
        .select_only()
        .column(meeting::Column::Id)
        .filter(meeting::Column::AssemblyId.eq(a.id))
        .into_tuple()
        .all(db)
        .await?;
    out.extend(meetings.into_iter().map(meeting_subject));
    let adopted: Vec<i32> = amendment::Entity::find()
        .select_only()
        .column(amendment::Column::Id)
        .filter(amendment::Column::AssemblyId.eq(a.id))
        .into_tuple()
        .all(db)
        .await?;
    out.extend(adopted.into_iter().map(|id| format!("amendment:{id}")));
    Ok(out)
}

/// What the form scheduling a meeting needs (the assembly's facilitators, coordinators).
pub async fn new_meeting_form(
    db: &impl ConnectionTrait,
    actor: &user::Model,
    slug: &str,
) -> Result<MeetingFormData, AppError> {
    let a = assembly_by_slug(db, slug).await?;
    require_facilitator(db, actor, a.id).await?;
    Ok(MeetingFormData {
        assembly_id: a.id,
        assembly_slug: a.slug,
        assembly_name: a.name,
        choices: agenda_choices(db).await?,
        now: now(),
    })
}
