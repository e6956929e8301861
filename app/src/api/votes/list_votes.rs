use crate::error::AppError;
use crate::views::votes::PollSummary;
use leptos::prelude::*;

/// Every vote the viewer may see: open ones first, then scheduled, then closed.
#[server(endpoint = "votes/list")]
pub async fn list_votes() -> Result<Vec<PollSummary>, AppError> {
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::current_user(&state).await?;
        crate::views::votes::list(&state.db, me.as_ref()).await
    })
    .await
}
