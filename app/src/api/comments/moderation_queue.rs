use crate::error::AppError;
use crate::views::comments::QueueItem;
use leptos::prelude::*;

/// The moderation queue (facilitators and coordinators).
#[server(endpoint = "comments/queue")]
pub async fn moderation_queue() -> Result<Vec<QueueItem>, AppError> {
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        crate::views::comments::queue(&state.db, &state.config.comments, &me).await
    })
    .await
}
