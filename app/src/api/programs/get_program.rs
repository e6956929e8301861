use crate::api::ProgramDetail;
use crate::error::AppError;
use leptos::prelude::*;

/// One program with its current text, by slug (public).
#[server(endpoint = "programs/get")]
pub async fn get_program(slug: String) -> Result<ProgramDetail, AppError> {
    use crate::services::{programs, web};
    web::respond(async {
        let state = web::state()?;
        if slug.len() > 80 {
            return Err(AppError::NotFound);
        }
        programs::detail(&state.db, &slug).await
    })
    .await
}
