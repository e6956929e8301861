//! Follows, notices and how each reaches its person. Notices are written in the
//! transaction of the change they tell about (timed ones by `reminders`); the actor is never
//! told of their own doing; nobody gets the same notice twice for one change. Each notice
//! carries the delivery its person chose for its kind (or the kind's default): the app only,
//! the daily digest, or an e-mail sent at once by `mail_due`.

use super::clock::now;
use crate::domain::ids::{AmendmentId, ProgramId, SectionId, UserId};
use crate::domain::notice::{Delivery, FollowKind, NoticeKind};
use crate::entities::{follow, notice_pref, notification, support};
use crate::error::AppError;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QuerySelect, Set,
};
use std::collections::HashMap;

/// Rows per insert: PostgreSQL takes at most 65,535 parameters in one statement.
const INSERT_CHUNK: usize = 1000;

/// One thing to tell: its kind, where to look, the title or excerpt shown, and the program
/// and section it is about (the digest groups by them).
#[derive(Clone, Debug)]
pub struct Notice<'a> {
    pub kind: NoticeKind,
    pub link: &'a str,
    pub detail: &'a str,
    pub program: Option<ProgramId>,
    pub section: Option<SectionId>,
}

/// A person follows (`on`) or unfollows something they can see.
pub async fn set_follow(
    db: &impl ConnectionTrait,
    user: &crate::entities::user::Model,
    kind: FollowKind,
    target_id: i32,
    on: bool,
) -> Result<(), AppError> {
    use super::lookup::{ensure_visible, visible_poll, visible_program, Target};
    match kind {
        FollowKind::Section => {
            ensure_visible(db, Target::Section(SectionId(target_id)), Some(user)).await?
        }
        FollowKind::Amendment => {
            ensure_visible(db, Target::Amendment(AmendmentId(target_id)), Some(user)).await?
        }
        FollowKind::Program => {
            visible_program(db, ProgramId(target_id), Some(user)).await?;
        }
        FollowKind::Vote => {
            visible_poll(db, crate::domain::ids::PollId(target_id), Some(user)).await?;
        }
        FollowKind::Assembly => {
            crate::entities::assembly::Entity::find_by_id(crate::domain::ids::AssemblyId(
                target_id,
            ))
            .one(db)
            .await?
            .ok_or(AppError::NotFound)?;
        }
    }
    if on {
        follow(db, user.id, kind, target_id).await
    } else {
        unfollow(db, user.id, kind, target_id).await
    }
}

/// Follows (idempotent).
pub async fn follow(
    db: &impl ConnectionTrait,
    user_id: UserId,
    kind: FollowKind,
    target_id: i32,
) -> Result<(), AppError> {
    if is_following(db, user_id, kind, target_id).await? {
        return Ok(());
    }
    follow::ActiveModel {
        user_id: Set(user_id),
        target_kind: Set(kind),
        target_id: Set(target_id),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

pub async fn unfollow(
    db: &impl ConnectionTrait,
    user_id: UserId,
    kind: FollowKind,
    target_id: i32,
) -> Result<(), AppError> {
    follow::Entity::delete_many()
        .filter(follow::Column::UserId.eq(user_id))
        .filter(follow::Column::TargetKind.eq(kind))
        .filter(follow::Column::TargetId.eq(target_id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn is_following(
    db: &impl ConnectionTrait,
    user_id: UserId,
    kind: FollowKind,
    target_id: i32,
) -> Result<bool, AppError> {
    Ok(follow::Entity::find()
        .filter(follow::Column::UserId.eq(user_id))
        .filter(follow::Column::TargetKind.eq(kind))
        .filter(follow::Column::TargetId.eq(target_id))
        .count(db)
        .await?
        > 0)
}

pub async fn followers(
    db: &impl ConnectionTrait,
    kind: FollowKind,
    target_id: i32,
) -> Result<Vec<UserId>, AppError> {
    Ok(follow::Entity::find()
        .select_only()
        .column(follow::Column::UserId)
        .filter(follow::Column::TargetKind.eq(kind))
        .filter(follow::Column::TargetId.eq(target_id))
        .into_tuple()
        .all(db)
        .await?)
}

/// The author and the supporters of an amendment.
pub async fn author_and_supporters(
    db: &impl ConnectionTrait,
    author_id: UserId,
    amendment_id: AmendmentId,
) -> Result<Vec<UserId>, AppError> {
    let mut ids = supporters(db, amendment_id).await?;
    ids.push(author_id);
    Ok(ids)
}

/// The supporters of an amendment.
pub async fn supporters(
    db: &impl ConnectionTrait,
    amendment_id: AmendmentId,
) -> Result<Vec<UserId>, AppError> {
    Ok(support::Entity::find()
        .select_only()
        .column(support::Column::UserId)
        .filter(support::Column::AmendmentId.eq(amendment_id))
        .into_tuple()
        .all(db)
        .await?)
}

/// Everyone who commented on an amendment (comments hidden or deleted too: they took part).
pub async fn commenters(
    db: &impl ConnectionTrait,
    amendment_id: AmendmentId,
) -> Result<Vec<UserId>, AppError> {
    use crate::entities::comment;
    Ok(comment::Entity::find()
        .select_only()
        .column(comment::Column::AuthorId)
        .distinct()
        .filter(comment::Column::AmendmentId.eq(amendment_id))
        .into_tuple()
        .all(db)
        .await?)
}

/// The people who take part in a program: who follow it, wrote or supported a published
/// amendment in it, or commented in it.
pub async fn participants(
    db: &impl ConnectionTrait,
    program_id: ProgramId,
) -> Result<Vec<UserId>, AppError> {
    use crate::entities::{amendment, comment};
    let mut ids = followers(db, FollowKind::Program, program_id.get()).await?;
    let authors: Vec<UserId> = amendment::Entity::find()
        .select_only()
        .column(amendment::Column::AuthorId)
        .distinct()
        .filter(amendment::Column::ProgramId.eq(program_id))
        .filter(amendment::Column::PublishedAt.is_not_null())
        .into_tuple()
        .all(db)
        .await?;
    let backers: Vec<UserId> = support::Entity::find()
        .select_only()
        .column(support::Column::UserId)
        .distinct()
        .filter(
            support::Column::AmendmentId.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(amendment::Column::Id)
                    .from(amendment::Entity)
                    .and_where(amendment::Column::ProgramId.eq(program_id))
                    .to_owned(),
            ),
        )
        .into_tuple()
        .all(db)
        .await?;
    let speakers: Vec<UserId> = comment::Entity::find()
        .select_only()
        .column(comment::Column::AuthorId)
        .distinct()
        .filter(comment::Column::ProgramId.eq(program_id))
        .into_tuple()
        .all(db)
        .await?;
    ids.extend(authors);
    ids.extend(backers);
    ids.extend(speakers);
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// How each of `people` wants `kind` delivered (their choice, else the kind's default).
pub async fn deliveries(
    db: &impl ConnectionTrait,
    people: &[UserId],
    kind: NoticeKind,
) -> Result<HashMap<UserId, Delivery>, AppError> {
    let mut chosen = HashMap::new();
    for chunk in people.chunks(INSERT_CHUNK) {
        let rows = notice_pref::Entity::find()
            .filter(notice_pref::Column::Kind.eq(kind))
            .filter(notice_pref::Column::UserId.is_in(chunk.to_vec()))
            .all(db)
            .await?;
        chosen.extend(rows.into_iter().map(|p| (p.user_id, p.delivery)));
    }
    Ok(people
        .iter()
        .map(|p| {
            (
                *p,
                chosen.get(p).copied().unwrap_or(kind.default_delivery()),
            )
        })
        .collect())
}

/// A person's delivery of every kind, in `NoticeKind::ALL` order.
pub async fn preferences(
    db: &impl ConnectionTrait,
    user_id: UserId,
) -> Result<Vec<(NoticeKind, Delivery)>, AppError> {
    let chosen: HashMap<NoticeKind, Delivery> = notice_pref::Entity::find()
        .filter(notice_pref::Column::UserId.eq(user_id))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.kind, p.delivery))
        .collect();
    Ok(NoticeKind::ALL
        .into_iter()
        .map(|k| (k, chosen.get(&k).copied().unwrap_or(k.default_delivery())))
        .collect())
}

/// Sets how `kind` reaches a person (`None`: every kind).
pub async fn set_delivery(
    db: &impl ConnectionTrait,
    user_id: UserId,
    kind: Option<NoticeKind>,
    delivery: Delivery,
) -> Result<(), AppError> {
    let kinds: Vec<NoticeKind> = match kind {
        Some(k) => vec![k],
        None => NoticeKind::ALL.to_vec(),
    };
    notice_pref::Entity::delete_many()
        .filter(notice_pref::Column::UserId.eq(user_id))
        .filter(notice_pref::Column::Kind.is_in(kinds.clone()))
        .exec(db)
        .await?;
    let rows: Vec<notice_pref::ActiveModel> = kinds
        .into_iter()
        .filter(|k| k.default_delivery() != delivery)
        .map(|k| notice_pref::ActiveModel {
            user_id: Set(user_id),
            kind: Set(k),
            delivery: Set(delivery),
            ..Default::default()
        })
        .collect();
    if !rows.is_empty() {
        notice_pref::Entity::insert_many(rows).exec(db).await?;
    }
    Ok(())
}

/// Tells `recipients` (deduplicated, without the actor) the `notice`.
pub async fn notify(
    db: &impl ConnectionTrait,
    recipients: impl IntoIterator<Item = UserId>,
    actor_id: Option<UserId>,
    notice: &Notice<'_>,
) -> Result<(), AppError> {
    let mut ids: Vec<UserId> = recipients
        .into_iter()
        .filter(|id| Some(*id) != actor_id)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(());
    }
    let how = deliveries(db, &ids, notice.kind).await?;
    let detail: String = notice.detail.chars().take(200).collect();
    let link: String = notice.link.chars().take(200).collect();
    let t = now();
    for chunk in ids.chunks(INSERT_CHUNK) {
        notification::Entity::insert_many(chunk.iter().map(|user_id| notification::ActiveModel {
            user_id: Set(*user_id),
            kind: Set(notice.kind),
            link: Set(link.clone()),
            detail: Set(detail.clone()),
            actor_id: Set(actor_id),
            created_at: Set(t),
            read_at: Set(None),
            program_id: Set(notice.program),
            section_id: Set(notice.section),
            delivery: Set(how.get(user_id).copied().unwrap_or(Delivery::App)),
            mailed_at: Set(None),
            ..Default::default()
        }))
        .exec(db)
        .await?;
    }
    Ok(())
}

pub async fn mark_all_read(db: &impl ConnectionTrait, user_id: UserId) -> Result<(), AppError> {
    notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(now()))
        .filter(notification::Column::UserId.eq(user_id))
        .filter(notification::Column::ReadAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}
