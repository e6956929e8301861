use crate::domain::ids::AmendmentId;
use crate::error::AppError;
use leptos::prelude::*;

/// The author publishes their draft.
#[server(endpoint = "amendments/publish")]
pub async fn publish_amendment(id: AmendmentId) -> Result<(), AppError> {
    use crate::services::amendments;
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        amendments::publish(&state.db, &me, id).await?;
        web::redirect_plain_form(&format!("/amendments/{id}?done=published"));
        Ok(())
    })
    .await
}
