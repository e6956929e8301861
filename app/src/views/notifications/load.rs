use crate::domain::ids::UserId;
use crate::entities::notification;
use crate::error::AppError;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};

pub async fn unread_count(db: &impl ConnectionTrait, user_id: UserId) -> Result<u64, AppError> {
    Ok(notification::Entity::find()
        .filter(notification::Column::UserId.eq(user_id))
        .filter(notification::Column::ReadAt.is_null())
        .count(db)
        .await?)
}

/// The newest notifications of a person (100), with the actor's name.
pub async fn list(
    db: &impl ConnectionTrait,
    user_id: UserId,
) -> Result<Vec<crate::views::notifications::NotificationView>, AppError> {
    Ok(crate::services::lookup::notifications_of(db, user_id)
        .await?
        .into_iter()
        .map(|(n, actor)| crate::views::notifications::NotificationView {
            id: n.id,
            kind: n.kind,
            link: n.link,
            detail: n.detail,
            actor,
            created_at: n.created_at,
            unread: n.read_at.is_none(),
        })
        .collect())
}
