use crate::error::AppError;
use crate::views::programs::ProgramDetail;
use leptos::prelude::*;

/// One program with its current text, by slug (public once published; drafts for coordinators).
#[server(endpoint = "programs/get")]
pub async fn get_program(slug: String) -> Result<ProgramDetail, AppError> {
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        if slug.len() > 80 {
            return Err(AppError::NotFound);
        }
        let me = web::current_user(&state).await?;
        crate::views::programs::detail(&state.db, &slug, me.as_ref()).await
    })
    .await
}
