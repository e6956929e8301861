//! Follows and in-app notifications. Notifications are written in the transaction of the
//! change they tell about: replies to you, comments on what you follow, and status changes
//! (accepted, rejected, rebased, conflicted) of amendments you wrote or support. The actor
//! is never notified of their own doing; nobody gets the same notice twice for one change.

use super::clock::now;
use crate::domain::ids::{AmendmentId, UserId};
use crate::domain::notice::{FollowKind, NoticeKind};
use crate::entities::{follow, notification, support};
use crate::error::AppError;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QuerySelect, Set,
};

/// A person follows (`on`) or unfollows a section or an amendment they can read.
pub async fn set_follow(
    db: &impl ConnectionTrait,
    user: &crate::entities::user::Model,
    kind: FollowKind,
    target_id: i32,
    on: bool,
) -> Result<(), AppError> {
    use super::lookup::{ensure_visible, Target};
    let target = match kind {
        FollowKind::Section => Target::Section(crate::domain::ids::SectionId(target_id)),
        FollowKind::Amendment => Target::Amendment(AmendmentId(target_id)),
    };
    ensure_visible(db, target, Some(user)).await?;
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
    let mut ids: Vec<UserId> = support::Entity::find()
        .select_only()
        .column(support::Column::UserId)
        .filter(support::Column::AmendmentId.eq(amendment_id))
        .into_tuple()
        .all(db)
        .await?;
    ids.push(author_id);
    Ok(ids)
}

/// Tells `recipients` (deduplicated, without the actor) that `kind` happened at `link`.
pub async fn notify(
    db: &impl ConnectionTrait,
    recipients: impl IntoIterator<Item = UserId>,
    actor_id: Option<UserId>,
    kind: NoticeKind,
    link: &str,
    detail: &str,
) -> Result<(), AppError> {
    let mut ids: Vec<UserId> = recipients
        .into_iter()
        .filter(|id| Some(*id) != actor_id)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let detail: String = detail.chars().take(200).collect();
    if ids.is_empty() {
        return Ok(());
    }
    let t = now();
    let link: String = link.chars().take(200).collect();
    notification::Entity::insert_many(ids.into_iter().map(|user_id| notification::ActiveModel {
        user_id: Set(user_id),
        kind: Set(kind),
        link: Set(link.clone()),
        detail: Set(detail.clone()),
        actor_id: Set(actor_id),
        created_at: Set(t),
        read_at: Set(None),
        ..Default::default()
    }))
    .exec(db)
    .await?;
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
