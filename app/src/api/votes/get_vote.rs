use crate::domain::ids::PollId;
use crate::error::AppError;
use crate::views::votes::PollDetail;
use leptos::prelude::*;

/// One vote: its options, rules and times, the log's head hash, the viewer's ballot and
/// whether they may vote.
#[server(endpoint = "votes/get")]
pub async fn get_vote(id: PollId) -> Result<PollDetail, AppError> {
    use crate::services::polls;
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::current_user(&state).await?;
        let receipt = web::cookie(&polls::receipt_cookie_name(id));
        crate::views::votes::page(&state.db, id, me.as_ref(), receipt.as_deref()).await
    })
    .await
}
