//! The room in the vote's log: a facilitator of a meeting's assembly enters the room's
//! paper ballots for a vote that is open, pile by pile (identical ballots together), each
//! pile one entry of the vote's hash-chained log marked with the meeting, never linked to a
//! person.
//!
//! The rule, decided here once — a person counts once:
//! - the room's ballots may number at most the people recorded present (registered and
//!   marked present, plus guests) minus the present residents who had already voted
//!   online in this vote (their online ballot stands);
//! - once a meeting's paper ballots are in a vote, the residents recorded present at it
//!   cannot cast online in that vote ([`voted_in_room`]): their ballot is the room's.
//!
//! Checked under the vote's lock, in the transaction that appends the entry, so two
//! facilitators entering piles at once cannot pass the bound together.

use super::polls::{bad, options_of, phase, poll_locked, shape_of, withdrawn_of};
use super::{clock::now, db, events, meetings};
use crate::domain::event::Event;
use crate::domain::ids::{MeetingId, PollId, UserId};
use crate::domain::poll::{
    room_entry_hash, room_receipt_hash, shape, Eligibility, Phase, PollError, Room,
};
use crate::entities::{
    ballot, ballot_log, meeting, meeting_registration, poll, poll_assembly, poll_room, user,
};
use crate::error::AppError;
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, Set,
};

/// The most identical paper ballots one entry may stand for.
pub const PILE_MAX: u32 = 100_000;

/// How many paper ballots a meeting's room may still enter in a vote.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Bound {
    /// Registered residents marked present.
    pub present: u64,
    pub guests: u64,
    /// Present residents who had voted online in this vote (their ballot stands).
    pub voted_online: u64,
    /// Paper ballots already entered from this room.
    pub entered: u64,
}

impl Bound {
    pub fn left(&self) -> u64 {
        (self.present + self.guests)
            .saturating_sub(self.voted_online)
            .saturating_sub(self.entered)
    }
}

/// The residents recorded present at meeting `m`, as a subquery of user ids.
fn present_at(m: MeetingId) -> sea_orm::sea_query::SelectStatement {
    Query::select()
        .column(meeting_registration::Column::UserId)
        .from(meeting_registration::Entity)
        .and_where(meeting_registration::Column::MeetingId.eq(m))
        .and_where(meeting_registration::Column::Attended.eq(true))
        .to_owned()
}

/// The room's bound for vote `poll_id` now.
pub async fn bound(
    db: &impl ConnectionTrait,
    m: &meeting::Model,
    poll_id: PollId,
) -> Result<Bound, AppError> {
    let present = meeting_registration::Entity::find()
        .filter(meeting_registration::Column::MeetingId.eq(m.id))
        .filter(meeting_registration::Column::Attended.eq(true))
        .count(db)
        .await?;
    let voted_online = ballot::Entity::find()
        .filter(ballot::Column::PollId.eq(poll_id))
        .filter(ballot::Column::UserId.in_subquery(present_at(m.id)))
        .count(db)
        .await?;
    let entered = poll_room::Entity::find()
        .filter(poll_room::Column::PollId.eq(poll_id))
        .filter(poll_room::Column::MeetingId.eq(m.id))
        .one(db)
        .await?
        .map_or(0, |r| u64::try_from(r.ballots).unwrap_or(0));
    Ok(Bound {
        present,
        guests: u64::try_from(m.guests).unwrap_or(0),
        voted_online,
        entered,
    })
}

/// Whether `voter` was recorded present at a meeting whose paper ballots are in vote
/// `poll_id` (then they cannot cast online in it): one indexed query.
pub async fn voted_in_room(
    db: &impl ConnectionTrait,
    poll_id: PollId,
    voter: UserId,
) -> Result<bool, AppError> {
    let rooms = Query::select()
        .column(poll_room::Column::MeetingId)
        .from(poll_room::Entity)
        .and_where(poll_room::Column::PollId.eq(poll_id))
        .to_owned();
    Ok(meeting_registration::Entity::find()
        .filter(meeting_registration::Column::UserId.eq(voter))
        .filter(meeting_registration::Column::Attended.eq(true))
        .filter(meeting_registration::Column::MeetingId.in_subquery(rooms))
        .count(db)
        .await?
        > 0)
}

/// What entering a pile gives back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entered {
    pub seq: i32,
    pub bound: Bound,
}

/// Enters `count` identical paper ballots reading `text` (the ballot's text, as online) from
/// meeting `meeting_id`'s room into vote `poll_id`: the meeting's assembly's facilitators
/// (and coordinators), once it started and its attendance is recorded, while the vote is
/// open; at most the room's bound ([`Bound::left`]).
#[tracing::instrument(skip_all, fields(actor = %actor.id, meeting_id = %meeting_id, poll_id = %poll_id))]
pub async fn enter(
    conn: &DatabaseConnection,
    actor: &user::Model,
    meeting_id: MeetingId,
    poll_id: PollId,
    count: u32,
    text: &str,
) -> Result<Entered, AppError> {
    if count == 0 || count > PILE_MAX {
        return Err(bad(PollError::RoomFull));
    }
    let txn = db::write_txn(conn).await?;
    let m = meetings::held_meeting(&txn, actor, meeting_id).await?;
    if m.recorded_at.is_none() {
        return Err(bad(PollError::NoAttendance));
    }
    let p = poll_locked(&txn, poll_id).await?;
    let program = super::lookup::program_of(&txn, p.program_id).await?;
    let t = now();
    // The vote takes ballots now (its phase and the program's), as for anyone casting.
    let mut facts = super::polls::facts_of(&txn, &p, &program, None, t).await?;
    facts.eligible = true;
    crate::domain::policy::poll(
        Some(crate::domain::role::Role::Resident),
        &facts,
        crate::domain::policy::PollAction::Cast,
    )?;
    if phase(&p, t) != Phase::Open {
        return Err(bad(PollError::Closed));
    }
    if p.eligibility == Eligibility::Roll {
        return Err(AppError::Roll(crate::domain::roll::RollError::NoRoom));
    }
    if p.eligibility == Eligibility::Assemblies {
        let ours = poll_assembly::Entity::find()
            .filter(poll_assembly::Column::PollId.eq(p.id))
            .filter(poll_assembly::Column::AssemblyId.eq(m.assembly_id))
            .count(&txn)
            .await?;
        if ours == 0 {
            return Err(bad(PollError::RoomNotInVote));
        }
    }
    let options = options_of(&txn, p.id).await?;
    let ballot = shape::Ballot::parse(text, &shape_of(&p, options.len()), &withdrawn_of(&options))
        .map_err(bad)?;
    let before = bound(&txn, &m, p.id).await?;
    if u64::from(count) > before.left() {
        return Err(bad(PollError::RoomFull));
    }
    let seq = p.entries + 1;
    let room = Room {
        meeting: m.id.get(),
        weight: count,
    };
    let text = ballot.to_string();
    let receipt = room_receipt_hash(p.id.get(), seq);
    let hash = room_entry_hash(&p.head_hash, seq, &receipt, &text, room);
    ballot_log::ActiveModel {
        poll_id: Set(p.id),
        seq: Set(seq),
        receipt_hash: Set(receipt),
        ranking: Set(text),
        replaces: Set(None),
        prev_hash: Set(p.head_hash.clone()),
        hash: Set(hash.clone()),
        meeting_id: Set(Some(m.id)),
        weight: Set(i32::try_from(count).unwrap_or(i32::MAX)),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let moved = poll::Entity::update_many()
        .col_expr(poll::Column::HeadHash, Expr::value(hash))
        .col_expr(poll::Column::Entries, Expr::value(seq))
        .filter(poll::Column::Id.eq(p.id))
        .filter(poll::Column::Entries.eq(p.entries))
        .exec(&txn)
        .await?;
    if moved.rows_affected != 1 {
        return Err(AppError::Stale);
    }
    let entered = before.entered + u64::from(count);
    match poll_room::Entity::find()
        .filter(poll_room::Column::PollId.eq(p.id))
        .filter(poll_room::Column::MeetingId.eq(m.id))
        .one(&txn)
        .await?
    {
        Some(row) => {
            let mut active: poll_room::ActiveModel = row.into();
            active.ballots = Set(i32::try_from(entered).unwrap_or(i32::MAX));
            active.update(&txn).await?;
        }
        None => {
            poll_room::ActiveModel {
                poll_id: Set(p.id),
                meeting_id: Set(m.id),
                ballots: Set(i32::try_from(entered).unwrap_or(i32::MAX)),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
    }
    events::record(
        &txn,
        Some(actor.id),
        Event::PollRoomBallots,
        &format!("poll:{}", p.id),
        serde_json::json!({"meeting": m.id, "assembly": m.assembly_id, "ballots": count,
            "seq": seq}),
    )
    .await?;
    txn.commit().await?;
    Ok(Entered {
        seq,
        bound: Bound { entered, ..before },
    })
}
