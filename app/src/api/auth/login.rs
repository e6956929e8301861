use crate::error::AppError;
use leptos::prelude::*;

/// Log-in (public). A new session id every time; a previous session of this browser ends.
/// Returns the local path to go to (`next`, made same-origin).
#[server(endpoint = "auth/login")]
pub async fn login(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<String, AppError> {
    use crate::services::{accounts, sessions};
    use crate::web;
    // `next` stays in the page's own address.
    let keep = [("email", email.as_str())];
    web::respond_keeping(&keep, async {
        let state = web::state()?;
        if password.len() > 4 * crate::domain::account::PASSWORD_MAX || email.len() > 1024 {
            return Err(AppError::InvalidCredentials);
        }
        let origin = web::mail_origin(&state).ok();
        let client = web::client_address(&state);
        let (_, secret) = accounts::login(
            &state,
            &email,
            &password,
            origin.as_deref(),
            &client,
            next.as_deref().unwrap_or(""),
        )
        .await?;
        if let Some(old) = web::secret_from_cookie(&state) {
            sessions::delete(&state.db, &old).await?;
        }
        web::set_cookie(&sessions::cookie(&state.config, &secret));
        let target = crate::domain::redirect::next_param(next.as_deref().unwrap_or("/"));
        web::redirect_plain_form(&target);
        Ok(target)
    })
    .await
}
