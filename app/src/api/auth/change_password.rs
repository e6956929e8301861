use crate::error::AppError;
use leptos::prelude::*;

/// Changes the caller's password (logged-in users); their other sessions end.
#[server(endpoint = "auth/change-password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
    confirm_password: String,
) -> Result<(), AppError> {
    use crate::services::accounts;
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        let session = web::secret_from_cookie(&state).ok_or(AppError::LoginRequired)?;
        accounts::change_password(
            &state,
            &me,
            &session,
            &current_password,
            &new_password,
            &confirm_password,
        )
        .await?;
        web::redirect_plain_form("/profile?changed=password");
        Ok(())
    })
    .await
}
