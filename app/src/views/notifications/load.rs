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

/// One page of a person's notifications, newest first, with the actor's name.
pub async fn list(
    db: &impl ConnectionTrait,
    user_id: UserId,
    page: u64,
) -> Result<crate::views::notifications::NotificationList, AppError> {
    let total = notification::Entity::find()
        .filter(notification::Column::UserId.eq(user_id))
        .count(db)
        .await?;
    let per = crate::views::notifications::NOTIFICATIONS_PER_PAGE;
    let (pages, offset) = crate::views::PageInfo::of(total, page, per);
    let items = crate::services::lookup::notifications_at(db, user_id, offset, per)
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
        .collect();
    Ok(crate::views::notifications::NotificationList { items, pages })
}
