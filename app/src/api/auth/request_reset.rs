use crate::error::AppError;
use leptos::prelude::*;

/// Asks for a password-reset link (public). Same answer whether the address is known or not.
#[server(endpoint = "auth/request-reset")]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    use crate::services::accounts;
    use crate::web;
    let keep = [("email", email.as_str())];
    web::respond_keeping(&keep, async {
        let state = web::state()?;
        let origin = web::mail_origin(&state)?;
        let client = web::client_address(&state);
        accounts::request_reset(&state, &email, &origin, &client).await?;
        web::redirect_plain_form("/password/forgot?sent=1");
        Ok(())
    })
    .await
}
