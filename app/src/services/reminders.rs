//! Notices that are due at a time rather than on a change: a vote opening, a vote closing
//! within a day (to those taking part who have not voted), a meeting tomorrow (to those
//! registered), a phase starting. `serve` runs this every minute; each notice is claimed
//! with a compare-and-set on its `*_told_at` column, so several app servers send it once.

use super::clock::now;
use super::notifications::{self, Notice};
use crate::domain::ids::UserId;
use crate::domain::notice::{FollowKind, NoticeKind};
use crate::domain::time::format_time;
use crate::entities::{ballot, meeting, meeting_registration, poll, program, program_phase};
use crate::error::AppError;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect,
};

/// How long before a vote closes, or a meeting starts, its reminder goes out; and how late
/// an opening or a phase start may still be announced (older news is marked told, unsent).
pub const AHEAD_SECS: i64 = 24 * 3600;

/// Sends every timed notice that is due; returns how many things were announced.
pub async fn run_due(db: &DatabaseConnection) -> Result<usize, AppError> {
    let t = now();
    let mut told = 0;
    told += votes_opening(db, t).await?;
    told += votes_closing(db, t).await?;
    told += meetings_tomorrow(db, t).await?;
    told += phases_starting(db, t).await?;
    // Proposed merges whose authors' deadline passed are published.
    told += super::amendments::publish_due_merges(db).await?;
    Ok(told)
}

/// Claims one row's notice: true for the one caller whose update changed it.
async fn claim<E: EntityTrait>(
    db: &impl ConnectionTrait,
    id_col: E::Column,
    id: i32,
    told: E::Column,
    t: i64,
) -> Result<bool, AppError>
where
    E::Column: ColumnTrait,
{
    Ok(E::update_many()
        .col_expr(told, Expr::value(t))
        .filter(id_col.eq(id))
        .filter(told.is_null())
        .exec(db)
        .await?
        .rows_affected
        == 1)
}

/// Who hears about a vote: those taking part in its program, and its followers.
async fn audience(db: &impl ConnectionTrait, p: &poll::Model) -> Result<Vec<UserId>, AppError> {
    let mut people = notifications::participants(db, p.program_id).await?;
    people.extend(notifications::followers(db, FollowKind::Vote, p.id.get()).await?);
    Ok(people)
}

/// Which announcement of a vote: its opening (to everyone taking part) or its closing within
/// a day (to those of them who have not voted).
#[derive(Clone, Copy, PartialEq, Eq)]
enum VoteNews {
    Opening,
    Closing,
}

async fn votes_opening(db: &DatabaseConnection, t: i64) -> Result<usize, AppError> {
    let due = poll::Entity::find()
        .filter(poll::Column::OpenToldAt.is_null())
        .filter(poll::Column::OpensAt.lte(t))
        .filter(poll::Column::ClosesAt.gt(t))
        .all(db)
        .await?;
    announce_votes(db, due, VoteNews::Opening, t).await
}

async fn votes_closing(db: &DatabaseConnection, t: i64) -> Result<usize, AppError> {
    let due = poll::Entity::find()
        .filter(poll::Column::ClosingToldAt.is_null())
        .filter(poll::Column::OpensAt.lte(t))
        .filter(poll::Column::ClosesAt.gt(t))
        .filter(poll::Column::ClosesAt.lte(t + AHEAD_SECS))
        .all(db)
        .await?;
    announce_votes(db, due, VoteNews::Closing, t).await
}

/// Claims and announces each of `due`; returns how many this caller announced.
async fn announce_votes(
    db: &DatabaseConnection,
    due: Vec<poll::Model>,
    news: VoteNews,
    t: i64,
) -> Result<usize, AppError> {
    let (told_col, kind) = match news {
        VoteNews::Opening => (poll::Column::OpenToldAt, NoticeKind::VoteOpen),
        VoteNews::Closing => (poll::Column::ClosingToldAt, NoticeKind::VoteClosing),
    };
    let mut told = 0;
    for p in due {
        if !claim::<poll::Entity>(db, poll::Column::Id, p.id.get(), told_col, t).await? {
            continue;
        }
        // An opening more than a day old is not news any more (it is marked told).
        if news == VoteNews::Opening && p.opens_at < t - AHEAD_SECS {
            continue;
        }
        let voted: std::collections::HashSet<UserId> = if news == VoteNews::Closing {
            ballot::Entity::find()
                .select_only()
                .column(ballot::Column::UserId)
                .filter(ballot::Column::PollId.eq(p.id))
                .into_tuple::<UserId>()
                .all(db)
                .await?
                .into_iter()
                .collect()
        } else {
            Default::default()
        };
        let people = audience(db, &p).await?;
        let link = format!("/votes/{}", p.id);
        let detail = format!("{} · {}", p.title, format_time(p.closes_at));
        notifications::notify(
            db,
            people.into_iter().filter(|u| !voted.contains(u)),
            None,
            &Notice {
                kind,
                link: &link,
                detail: &detail,
                program: Some(p.program_id),
                section: p.section_id,
            },
        )
        .await?;
        told += 1;
    }
    Ok(told)
}

async fn meetings_tomorrow(db: &DatabaseConnection, t: i64) -> Result<usize, AppError> {
    let due = meeting::Entity::find()
        .filter(meeting::Column::RemindedAt.is_null())
        .filter(meeting::Column::StartsAt.gt(t))
        .filter(meeting::Column::StartsAt.lte(t + AHEAD_SECS))
        .all(db)
        .await?;
    let mut told = 0;
    for m in due {
        if !claim::<meeting::Entity>(
            db,
            meeting::Column::Id,
            m.id.get(),
            meeting::Column::RemindedAt,
            t,
        )
        .await?
        {
            continue;
        }
        let registered: Vec<UserId> = meeting_registration::Entity::find()
            .select_only()
            .column(meeting_registration::Column::UserId)
            .filter(meeting_registration::Column::MeetingId.eq(m.id))
            .into_tuple()
            .all(db)
            .await?;
        let link = format!("/meetings/{}", m.id);
        let detail = meeting_detail(&m);
        notifications::notify(
            db,
            registered,
            None,
            &Notice {
                kind: NoticeKind::MeetingReminder,
                link: &link,
                detail: &detail,
                program: None,
                section: None,
            },
        )
        .await?;
        told += 1;
    }
    Ok(told)
}

/// A meeting in a notice: its title, when and where.
pub fn meeting_detail(m: &meeting::Model) -> String {
    let place = if m.place.is_empty() {
        &m.online_url
    } else {
        &m.place
    };
    let mut detail = format!("{} · {}", m.title, format_time(m.starts_at));
    if !place.is_empty() {
        detail.push_str(" · ");
        detail.push_str(place);
    }
    detail
}

async fn phases_starting(db: &DatabaseConnection, t: i64) -> Result<usize, AppError> {
    let due = program_phase::Entity::find()
        .filter(program_phase::Column::ToldAt.is_null())
        .filter(program_phase::Column::StartsAt.lte(t))
        .all(db)
        .await?;
    let mut told = 0;
    for row in due {
        if !claim::<program_phase::Entity>(
            db,
            program_phase::Column::Id,
            row.id,
            program_phase::Column::ToldAt,
            t,
        )
        .await?
        {
            continue;
        }
        let Some(p) = program::Entity::find_by_id(row.program_id).one(db).await? else {
            continue;
        };
        // Only the phase the program is in now is news; one it already left is not, nor a
        // start more than a day ago.
        let schedule = super::phases::schedule(db, p.id).await?;
        if p.published_at.is_none()
            || schedule.current(t) != row.phase
            || row.starts_at < t - AHEAD_SECS
        {
            continue;
        }
        let link = format!("/programs/{}", p.slug);
        let people = notifications::participants(db, p.id).await?;
        notifications::notify(
            db,
            people,
            None,
            &Notice {
                kind: NoticeKind::Phase,
                link: &link,
                detail: &p.title,
                program: Some(p.id),
                section: None,
            },
        )
        .await?;
        told += 1;
    }
    Ok(told)
}
