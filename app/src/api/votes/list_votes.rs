use crate::error::AppError;
use crate::views::votes::VoteList;
use leptos::prelude::*;

/// One page (`page` from 1) of the votes the viewer may see: open ones first, then
/// scheduled, then closed.
#[server(endpoint = "votes/list")]
pub async fn list_votes(#[server(default)] page: Option<u64>) -> Result<VoteList, AppError> {
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::current_user(&state).await?;
        crate::views::votes::list(&state.db, me.as_ref(), page.unwrap_or(1)).await
    })
    .await
}
