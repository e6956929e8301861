use crate::domain::ids::AmendmentId;
use crate::error::AppError;
use crate::views::amendments::AmendmentDetail;
use leptos::prelude::*;

/// One amendment with its diff, versions and what the viewer may do (public once
/// published; drafts for their author only).
#[server(endpoint = "amendments/get")]
pub async fn get_amendment(id: AmendmentId) -> Result<AmendmentDetail, AppError> {
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::current_user(&state).await?;
        crate::views::amendments::amendment_page(&state.db, id, me.as_ref()).await
    })
    .await
}
