use crate::entities::notification;
use crate::error::AppError;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

pub async fn unread_count(db: &impl ConnectionTrait, user_id: i32) -> Result<u64, AppError> {
    Ok(notification::Entity::find()
        .filter(notification::Column::UserId.eq(user_id))
        .filter(notification::Column::ReadAt.is_null())
        .count(db)
        .await?)
}

/// The newest notifications of a person (100), with the actor's name.
pub async fn list(
    db: &impl ConnectionTrait,
    user_id: i32,
) -> Result<Vec<crate::views::notifications::NotificationView>, AppError> {
    let rows = notification::Entity::find()
        .filter(notification::Column::UserId.eq(user_id))
        .order_by_desc(notification::Column::Id)
        .limit(100)
        .all(db)
        .await?;
    // A comment hidden by moderation (or deleted) after it was announced is no longer shown
    // to the people it was announced to, here or in their digest.
    let about: Vec<i32> = rows.iter().filter_map(|n| comment_of(&n.link)).collect();
    let gone: std::collections::HashSet<i32> = if about.is_empty() {
        Default::default()
    } else {
        crate::entities::comment::Entity::find()
            .filter(crate::entities::comment::Column::Id.is_in(about))
            .filter(
                sea_orm::Condition::any()
                    .add(crate::entities::comment::Column::Hidden.eq(true))
                    .add(crate::entities::comment::Column::Deleted.eq(true)),
            )
            .all(db)
            .await?
            .into_iter()
            .map(|c| c.id)
            .collect()
    };
    let rows: Vec<notification::Model> = rows
        .into_iter()
        .filter(|n| comment_of(&n.link).is_none_or(|c| !gone.contains(&c)))
        .collect();
    let actors =
        crate::services::lookup::display_names(db, rows.iter().filter_map(|n| n.actor_id)).await?;
    Ok(rows
        .into_iter()
        .map(|n| crate::views::notifications::NotificationView {
            id: n.id,
            kind: n.kind,
            link: n.link,
            detail: n.detail,
            actor: n.actor_id.and_then(|a| actors.get(&a).cloned()),
            created_at: n.created_at,
            unread: n.read_at.is_none(),
        })
        .collect())
}

/// The comment a notification is about (its link ends in `#comment-N`).
fn comment_of(link: &str) -> Option<i32> {
    link.rsplit_once("#comment-")?.1.parse().ok()
}
