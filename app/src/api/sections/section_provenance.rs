use crate::domain::ids::SectionId;
use crate::error::AppError;
use crate::views::sections::ProvenanceDetail;
use leptos::prelude::*;

///  i32:Which revision, amendment and author wrote each passage of a section (public).
#[server(endpoint = "sections/provenance")]
pub async fn section_provenance(id: SectionId) -> Result<ProvenanceDetail, AppError> {
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::current_user(&state).await?;
        crate::views::sections::provenance(&state.db, id, me.as_ref()).await
    })
    .await
}
