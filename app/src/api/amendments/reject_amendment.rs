use crate::domain::ids::AmendmentId;
use crate::error::AppError;
use leptos::prelude::*;

/// A facilitator or coordinator rejects an amendment, with an optional reason.
#[server(endpoint = "amendments/reject")]
pub async fn reject_amendment(
    id: AmendmentId,
    reason: String,
    /// Set by the confirmation page or dialog (a plain form post without it is asked first).
    #[server(default)]
    confirmed: String,
) -> Result<(), AppError> {
    use crate::domain::confirm::Irreversible;
    use crate::services::amendments;
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        web::ask_first(
            Irreversible::Reject,
            &confirmed,
            &[("id", &id.to_string()), ("reason", &reason)],
        )
        .await?;
        amendments::reject(&state.db, &me, id, &reason).await?;
        web::redirect_plain_form(&format!("/amendments/{id}?done=rejected"));
        Ok(())
    })
    .await
}
