use crate::error::AppError;
use leptos::prelude::*;

/// Activates an account from the e-mailed link (public; the token is the credential) and
/// logs its owner in. Returns where to go next.
#[server(endpoint = "auth/activate")]
pub async fn activate_account(token: String) -> Result<String, AppError> {
    use crate::services::{accounts, sessions};
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        if token.len() > 128 {
            return Err(AppError::TokenInvalid);
        }
        let (_, secret) = accounts::activate(&state, &token).await?;
        web::set_cookie(&sessions::cookie(&state.config, &secret));
        web::redirect_plain_form("/?welcome=1");
        Ok("/?welcome=1".to_string())
    })
    .await
}
