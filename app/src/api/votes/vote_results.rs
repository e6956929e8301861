use super::PollResults;
use crate::error::AppError;
use leptos::prelude::*;

/// A closed vote's results, with the ballot files' hashes (refused while it is open).
#[server(endpoint = "votes/results")]
pub async fn vote_results(id: i32) -> Result<PollResults, AppError> {
    use crate::services::{polls, web};
    web::respond(async {
        let state = web::state()?;
        let me = web::current_user(&state).await?;
        polls::results(&state.db, id, me.as_ref()).await
    })
    .await
}
