use crate::error::AppError;
use leptos::prelude::*;

/// Sets the password of an account made at a meeting from its printed login name and
/// one-time code (public), and logs its owner in. Returns where to go.
#[server(endpoint = "auth/claim")]
pub async fn claim_account(
    login: String,
    code: String,
    new_password: String,
    confirm_password: String,
) -> Result<String, AppError> {
    use crate::services::{accounts, sessions};
    use crate::web;
    let keep = [("login", login.as_str())];
    web::respond_keeping(&keep, async {
        let state = web::state()?;
        if login.len() > 64
            || code.len() > 64
            || new_password.len() > 4 * crate::domain::account::PASSWORD_MAX
        {
            return Err(AppError::TokenInvalid);
        }
        let (_, secret) =
            accounts::claim_paper(&state, &login, &code, &new_password, &confirm_password).await?;
        if let Some(old) = web::secret_from_cookie(&state) {
            sessions::delete(&state.db, &old).await?;
        }
        web::set_cookie(&sessions::cookie(&state.config, &secret));
        web::redirect_plain_form("/profile");
        Ok("/profile".to_string())
    })
    .await
}
