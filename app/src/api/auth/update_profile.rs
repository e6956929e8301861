use crate::error::AppError;
use leptos::prelude::*;

/// Changes the caller's display name (logged-in users).
#[server(endpoint = "auth/update-profile")]
pub async fn update_profile(display_name: String) -> Result<(), AppError> {
    use crate::services::accounts;
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        accounts::update_profile(&state, &me, &display_name).await?;
        web::redirect_plain_form("/profile?changed=name");
        Ok(())
    })
    .await
}
