use crate::domain::ids::AmendmentId;
use crate::error::AppError;
use leptos::prelude::*;

/// The author withdraws their amendment.
#[server(endpoint = "amendments/withdraw")]
pub async fn withdraw_amendment(
    id: AmendmentId,
    /// Optional, public: why the author withdraws it.
    #[server(default)]
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
            Irreversible::Withdraw,
            &confirmed,
            &[("id", &id.to_string()), ("reason", &reason)],
        )
        .await?;
        amendments::withdraw(&state.db, &me, id, &reason).await?;
        web::redirect_plain_form(&format!("/amendments/{id}?done=withdrawn"));
        Ok(())
    })
    .await
}
