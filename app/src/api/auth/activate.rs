use crate::error::AppError;
use leptos::prelude::*;

/// Activates an account from the e-mailed link (public; the token is the credential) and
/// logs its owner in. Returns where to go next.
#[server(endpoint = "auth/activate")]
pub async fn activate_account(
    token: String,
    /// Where the person was going when they signed up (a local path).
    #[server(default)]
    next: String,
) -> Result<String, AppError> {
    use crate::services::{accounts, sessions};
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        if token.len() > 128 {
            return Err(AppError::TokenInvalid);
        }
        let (_, secret) = accounts::activate(&state, &token).await?;
        web::set_cookie(&sessions::cookie(&state.config, &secret));
        let target = match crate::domain::redirect::next_param(&next).as_str() {
            "/" => "/?welcome=1".to_string(),
            local => local.to_string(),
        };
        web::redirect_plain_form(&target);
        Ok(target)
    })
    .await
}
