use crate::domain::ids::SectionId;
use crate::error::AppError;
use crate::views::sections::SectionDetail;
use leptos::prelude::*;

/// The section page: current text, amendments, competing groups (public for published programs).
#[server(endpoint = "sections/get")]
pub async fn get_section(id: SectionId) -> Result<SectionDetail, AppError> {
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::current_user(&state).await?;
        crate::views::sections::page(&state.db, id, me.as_ref()).await
    })
    .await
}
