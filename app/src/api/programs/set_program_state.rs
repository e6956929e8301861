use crate::error::AppError;
use leptos::prelude::*;

/// A coordinator publishes a program and opens or closes it to amendments.
#[server(endpoint = "programs/set-state")]
pub async fn set_program_state(
    slug: String,
    publish: bool,
    amendments_open: bool,
) -> Result<(), AppError> {
    use crate::services::programs;
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        let updated = programs::set_state(&state.db, &me, &slug, publish, amendments_open).await?;
        web::redirect_plain_form(&format!("/programs/{}?done=state", updated.slug));
        Ok(())
    })
    .await
}
