use crate::error::AppError;
use crate::views::notifications::NotificationView;
use leptos::prelude::*;

/// The caller's newest notifications (logged-in people).
#[server(endpoint = "notifications/list")]
pub async fn list_notifications() -> Result<Vec<NotificationView>, AppError> {
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        crate::views::notifications::list(&state.db, me.id).await
    })
    .await
}
