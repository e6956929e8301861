use crate::error::AppError;
use leptos::prelude::*;

/// Sets a new password from a reset link (public; the token is the credential).
#[server(endpoint = "auth/reset-password")]
pub async fn reset_password(
    token: String,
    new_password: String,
    confirm_password: String,
) -> Result<(), AppError> {
    use crate::services::accounts;
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        if token.len() > 128 {
            return Err(AppError::TokenInvalid);
        }
        accounts::reset_password(&state, &token, &new_password, &confirm_password).await?;
        web::redirect_plain_form("/login?reset=1");
        Ok(())
    })
    .await
}
