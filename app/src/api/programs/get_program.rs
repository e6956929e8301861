use crate::api::ProgramSummary;
use crate::error::AppError;
use leptos::prelude::*;

/// One program by its slug (public).
#[server(endpoint = "programs/get")]
pub async fn get_program(slug: String) -> Result<ProgramSummary, AppError> {
    use crate::services::{programs, web};
    web::respond(async {
        let state = web::state()?;
        if slug.len() > 80 {
            return Err(AppError::NotFound);
        }
        Ok(programs::by_slug(&state.db, &slug).await?.into())
    })
    .await
}
