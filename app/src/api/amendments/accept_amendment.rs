use crate::domain::ids::AmendmentId;
use crate::error::AppError;
use leptos::prelude::*;

/// A facilitator or coordinator accepts a published amendment: the section gets its next revision and the other open amendments are rebased.
#[server(endpoint = "amendments/accept")]
pub async fn accept_amendment(id: AmendmentId) -> Result<(), AppError> {
    use crate::services::amendments;
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        amendments::accept(&state.db, &me, id).await?;
        web::redirect_plain_form(&format!("/amendments/{id}?done=accepted"));
        Ok(())
    })
    .await
}
