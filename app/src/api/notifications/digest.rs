use crate::error::AppError;
use leptos::prelude::*;

/// Turns the caller's daily e-mail digest on or off.
#[server(endpoint = "notifications/digest")]
pub async fn set_digest(on: bool) -> Result<(), AppError> {
    use crate::services::digest;
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        digest::set_opt_in(&state.db, &me, on).await?;
        web::redirect_plain_form("/profile?changed=digest");
        Ok(())
    })
    .await
}

/// Whether the caller gets the daily digest.
#[server(endpoint = "notifications/digest-state")]
pub async fn digest_state() -> Result<bool, AppError> {
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        Ok(web::require_user(&state).await?.digest_opt_in)
    })
    .await
}

/// The one-click unsubscribe link of a digest e-mail (no log-in: the token is the proof).
#[server(endpoint = "notifications/unsubscribe")]
pub async fn unsubscribe_digest(token: String) -> Result<(), AppError> {
    use crate::services::digest;
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        if token.len() > 128 {
            return Err(AppError::TokenInvalid);
        }
        digest::unsubscribe(&state.db, &token).await
    })
    .await
}
