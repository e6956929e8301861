use crate::domain::ids::PollId;
use crate::error::AppError;
use leptos::prelude::*;

/// Closes a vote now (facilitators and coordinators).
#[server(endpoint = "votes/close")]
pub async fn close_vote(
    id: PollId,
    /// Set by the confirmation page or dialog (a plain form post without it is asked first).
    #[server(default)]
    confirmed: String,
) -> Result<(), AppError> {
    use crate::domain::confirm::Irreversible;
    use crate::services::polls;
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        web::ask_first(
            Irreversible::CloseVote,
            &confirmed,
            &[("id", &id.to_string())],
        )
        .await?;
        polls::close(&state.db, &me, id).await?;
        web::redirect_plain_form(&format!("/votes/{id}/results"));
        Ok(())
    })
    .await
}
