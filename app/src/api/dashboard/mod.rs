//! The coordinators' dashboard: participation over time and by assembly, amendments waiting
//! for a decision, conflict groups without a vote.

use crate::error::AppError;
use crate::views::dashboard::*;
use leptos::prelude::*;

/// The dashboard (coordinators).
#[server(endpoint = "dashboard/get")]
pub async fn get_dashboard() -> Result<Dashboard, AppError> {
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        crate::views::dashboard::dashboard_cached(&state.db, &state.dashboard, &me).await
    })
    .await
}

/// What waits for the caller (facilitators and coordinators): amendments to decide (in
/// conflict too), closed votes to apply, meetings to record. `page` pages the amendments.
#[server(endpoint = "dashboard/queue")]
pub async fn get_work_queue(
    #[server(default)] page: Option<u64>,
    #[server(default)] committee: Option<crate::domain::ids::CommitteeId>,
) -> Result<WorkQueue, AppError> {
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        crate::views::dashboard::queue::queue(
            &state.db,
            &me,
            page.unwrap_or(1),
            crate::services::clock::now(),
            committee,
        )
        .await
    })
    .await
}
