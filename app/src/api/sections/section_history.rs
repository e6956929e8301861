use crate::domain::ids::SectionId;
use crate::error::AppError;
use crate::views::sections::RevisionHistory;
use leptos::prelude::*;

///  i32:Every revision of a section, newest first (public for published programs).
#[server(endpoint = "sections/history")]
pub async fn section_history(id: SectionId) -> Result<RevisionHistory, AppError> {
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::current_user(&state).await?;
        crate::views::sections::history(&state.db, id, me.as_ref()).await
    })
    .await
}
