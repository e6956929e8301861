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
