use crate::api::ProgramSummary;
use crate::error::AppError;
use leptos::prelude::*;

/// The programs on the platform (public).
#[server(endpoint = "programs/list")]
pub async fn list_programs() -> Result<Vec<ProgramSummary>, AppError> {
    use crate::services::{programs, web};
    web::respond(async {
        let state = web::state()?;
        let me = web::current_user(&state).await?;
        Ok(programs::list(&state.db, me.as_ref())
            .await?
            .into_iter()
            .map(ProgramSummary::from)
            .collect())
    })
    .await
}
