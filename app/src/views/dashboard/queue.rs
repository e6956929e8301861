//! What waits for a facilitator (and for coordinators, who do all a facilitator does):
//! amendments to decide, including those in conflict with the current text; closed votes
//! whose result is not applied yet (their amendments stay "In a vote" until it is); and
//! meetings of their assemblies that ended and are not recorded. Oldest first, a page at a
//! time, each list counted whole.

use super::{QueueMeeting, QueueVote, WorkQueue};
use crate::domain::amendment::AmendmentStatus;
use crate::domain::ids::AssemblyId;
use crate::entities::{amendment, assembly, assembly_member, meeting, poll, user};
use crate::error::AppError;
use crate::services::accounts::role_of;
use crate::views::PageInfo;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

/// Amendments shown a page.
pub const DECIDE_PER_PAGE: u64 = 20;
/// Votes and meetings shown (oldest first; the rest are counted).
pub const OTHERS_SHOWN: u64 = 20;

/// The statuses that wait for a facilitator: published (accept, reject, or put to a vote)
/// and conflicted (its author resolves it, or a facilitator decides it as it stands).
const TO_DECIDE: [AmendmentStatus; 2] = [AmendmentStatus::Published, AmendmentStatus::Conflicted];

pub async fn queue(
    db: &impl ConnectionTrait,
    actor: &user::Model,
    page: u64,
    now: i64,
    committee: Option<crate::domain::ids::CommitteeId>,
) -> Result<WorkQueue, AppError> {
    let role = role_of(actor);
    if !role.can_decide_amendments() {
        return Err(AppError::Forbidden);
    }
    let published = super::load::published_programs(db).await?;

    // One committee's queue: what waits for its decision (published amendments of its
    // sections); otherwise everything, conflicted amendments too.
    let chosen = match committee {
        Some(id) => Some(
            crate::entities::committee::Entity::find_by_id(id)
                .one(db)
                .await?
                .ok_or(AppError::NotFound)?,
        ),
        None => None,
    };
    // Never what another committee decides.
    let elsewhere = crate::services::committees::outsider_sections(db, actor).await?;
    let query = match &chosen {
        Some(c) => crate::views::committees::waiting_in(c.id),
        None => amendment::Entity::find()
            .filter(amendment::Column::Status.is_in(TO_DECIDE.map(|s| s.as_str()))),
    }
    .filter(amendment::Column::ProgramId.is_in(published.clone()))
    .filter(amendment::Column::SectionId.is_not_in(elsewhere));
    let total = query.clone().count(db).await?;
    let (info, offset) = PageInfo::of(total, page, DECIDE_PER_PAGE);
    let found = query
        .order_by_asc(amendment::Column::PublishedAt)
        .order_by_asc(amendment::Column::Id)
        .offset(offset)
        .limit(DECIDE_PER_PAGE)
        .all(db)
        .await?;
    let conflicted = found
        .iter()
        .filter(|a| a.status == AmendmentStatus::Conflicted)
        .count();
    let decide = super::load::waiting_rows(db, found).await?;

    // Closed, counted, not applied: only votes on amendments are applied to the text.
    let unapplied = poll::Entity::find()
        .filter(poll::Column::ProgramId.is_in(published))
        .filter(poll::Column::Kind.eq(crate::domain::poll::PollKind::Amendments.as_str()))
        .filter(poll::Column::ClosesAt.lte(now))
        .filter(poll::Column::AppliedAt.is_null());
    let apply_total = unapplied.clone().count(db).await?;
    let apply = unapplied
        .order_by_asc(poll::Column::ClosesAt)
        .order_by_asc(poll::Column::Id)
        .limit(OTHERS_SHOWN)
        .all(db)
        .await?
        .into_iter()
        .map(|p| QueueVote {
            id: p.id,
            title: p.title,
            closed_at: p.closes_at,
        })
        .collect();

    // Meetings that ended and are not recorded, of the assemblies this person facilitates
    // (every assembly, for coordinators).
    let mut ended = meeting::Entity::find()
        .filter(meeting::Column::EndsAt.lte(now))
        .filter(meeting::Column::RecordedAt.is_null());
    if !role.can_manage_programs() {
        let mine: Vec<AssemblyId> = assembly_member::Entity::find()
            .select_only()
            .column(assembly_member::Column::AssemblyId)
            .filter(assembly_member::Column::UserId.eq(actor.id))
            .filter(assembly_member::Column::Facilitator.eq(true))
            .into_tuple()
            .all(db)
            .await?;
        ended = ended.filter(meeting::Column::AssemblyId.is_in(mine));
    }
    let record_total = ended.clone().count(db).await?;
    let meetings = ended
        .order_by_asc(meeting::Column::EndsAt)
        .order_by_asc(meeting::Column::Id)
        .limit(OTHERS_SHOWN)
        .all(db)
        .await?;
    let names: std::collections::HashMap<AssemblyId, String> = assembly::Entity::find()
        .filter(
            assembly::Column::Id.is_in(meetings.iter().map(|m| m.assembly_id).collect::<Vec<_>>()),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.name))
        .collect();
    let record = meetings
        .into_iter()
        .map(|m| QueueMeeting {
            assembly: names.get(&m.assembly_id).cloned().unwrap_or_default(),
            id: m.id,
            title: m.title,
            ended_at: m.ends_at,
        })
        .collect();

    Ok(WorkQueue {
        decide,
        decide_page: info,
        conflicted_on_page: conflicted as u64,
        apply,
        apply_total,
        record,
        record_total,
        committee: chosen.map(|c| (c.id, c.name)),
        committees: crate::views::committees::committee_counts(db).await?,
    })
}
