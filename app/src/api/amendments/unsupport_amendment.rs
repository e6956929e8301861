use crate::domain::ids::AmendmentId;
use crate::error::AppError;
use leptos::prelude::*;

/// A resident withdraws their support.
#[server(endpoint = "amendments/unsupport")]
pub async fn unsupport_amendment(id: AmendmentId) -> Result<(), AppError> {
    use crate::services::amendments;
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        amendments::unsupport(&state.db, &me, id).await?;
        web::redirect_plain_form(&format!("/amendments/{id}?done=unsupported"));
        Ok(())
    })
    .await
}
