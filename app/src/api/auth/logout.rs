use crate::error::AppError;
use leptos::prelude::*;

/// Log-out: deletes the session on the server, so a copied cookie stops working too.
#[server(endpoint = "auth/logout")]
pub async fn logout() -> Result<(), AppError> {
    use crate::services::sessions;
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        if let Some(secret) = web::secret_from_cookie(&state) {
            sessions::delete(&state.db, &secret).await?;
        }
        web::set_cookie(&sessions::clearing_cookie(&state.config));
        web::redirect_plain_form("/");
        Ok(())
    })
    .await
}
