use crate::domain::ids::PollId;
use crate::error::AppError;
use crate::views::votes::PollResults;
use leptos::prelude::*;

/// A closed vote's results, with the ballot files' hashes (refused while it is open).
#[server(endpoint = "votes/results")]
pub async fn vote_results(id: PollId) -> Result<PollResults, AppError> {
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::current_user(&state).await?;
        crate::views::votes::results(&state.db, id, me.as_ref()).await
    })
    .await
}
