use crate::domain::ids::AmendmentId;
use crate::error::AppError;
use leptos::prelude::*;

/// A logged-in resident supports a published amendment (once; not their own).
#[server(endpoint = "amendments/support")]
pub async fn support_amendment(id: AmendmentId) -> Result<(), AppError> {
    use crate::services::amendments;
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        amendments::support(&state.db, &me, id).await?;
        web::redirect_plain_form(&format!("/amendments/{id}?done=supported"));
        Ok(())
    })
    .await
}
