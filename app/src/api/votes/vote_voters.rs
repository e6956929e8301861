use crate::domain::ids::PollId;
use crate::error::AppError;
use crate::views::votes::PollVoters;
use leptos::prelude::*;

/// Who voted in a closed vote (not how).
#[server(endpoint = "votes/voters")]
pub async fn vote_voters(id: PollId) -> Result<PollVoters, AppError> {
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::current_user(&state).await?;
        crate::views::votes::voters(&state.db, id, me.as_ref()).await
    })
    .await
}
