use crate::domain::ids::PollId;
use crate::error::AppError;
use leptos::prelude::*;

/// Applies a closed vote's result to the text (facilitators and coordinators): the
/// winning amendment is accepted and the others rejected, or all are rejected when
/// "keep the current text" wins. Returns the accepted amendment, if any.
#[server(endpoint = "votes/apply")]
pub async fn apply_vote(
    id: PollId,
    /// Set by the confirmation page or dialog (a plain form post without it is asked first).
    #[server(default)]
    confirmed: String,
) -> Result<Option<crate::domain::ids::AmendmentId>, AppError> {
    use crate::domain::confirm::Irreversible;
    use crate::services::polls;
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        web::ask_first(
            Irreversible::ApplyResult,
            &confirmed,
            &[("id", &id.to_string())],
        )
        .await?;
        let accepted = polls::apply(&state.db, &me, id).await?;
        web::redirect_plain_form(&format!("/votes/{id}/results?done=applied"));
        Ok(accepted)
    })
    .await
}
