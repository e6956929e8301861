use crate::error::AppError;
use crate::views::programs::ProgramSummary;
use leptos::prelude::*;

/// The programs on the platform (public).
#[server(endpoint = "programs/list")]
pub async fn list_programs() -> Result<Vec<ProgramSummary>, AppError> {
    use crate::services::{clock, phases};
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::current_user(&state).await?;
        let found = crate::views::programs::list(&state.db, me.as_ref()).await?;
        let ids: Vec<crate::domain::ids::ProgramId> = found.iter().map(|p| p.id).collect();
        let schedules = phases::schedules(&state.db, &ids).await?;
        let now = clock::now();
        let summaries = found
            .into_iter()
            .map(|p| {
                let s = schedules.get(&p.id).cloned().unwrap_or_default();
                (p.id, ProgramSummary::of(p, &s, now))
            })
            .collect();
        crate::views::programs::with_open_votes(&state.db, summaries, now).await
    })
    .await
}
