use super::PollSummary;
use crate::error::AppError;
use leptos::prelude::*;

/// Every vote the viewer may see: open ones first, then scheduled, then closed.
#[server(endpoint = "votes/list")]
pub async fn list_votes() -> Result<Vec<PollSummary>, AppError> {
    use crate::services::{polls, web};
    web::respond(async {
        let state = web::state()?;
        let me = web::current_user(&state).await?;
        polls::list(&state.db, me.as_ref()).await
    })
    .await
}
