use crate::error::AppError;
use leptos::prelude::*;

/// Marks all the caller's notifications read.
#[server(endpoint = "notifications/read-all")]
pub async fn mark_read() -> Result<(), AppError> {
    use crate::services::notifications;
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        notifications::mark_all_read(&state.db, me.id).await?;
        web::redirect_plain_form("/notifications");
        Ok(())
    })
    .await
}
