use crate::error::AppError;
use crate::views::notifications::NotificationList;
use leptos::prelude::*;

/// One page (`page` from 1) of the caller's notifications, newest first (logged-in people).
#[server(endpoint = "notifications/list")]
pub async fn list_notifications(
    #[server(default)] page: Option<u64>,
) -> Result<NotificationList, AppError> {
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        crate::views::notifications::list(&state.db, me.id, page.unwrap_or(1)).await
    })
    .await
}
