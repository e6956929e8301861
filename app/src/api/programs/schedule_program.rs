use crate::error::AppError;
use leptos::prelude::*;

/// A coordinator sets when each phase of a program starts (`YYYY-MM-DDTHH:MM`, UTC; empty:
/// not scheduled). The starts must follow the phase order.
#[server(endpoint = "programs/schedule")]
pub async fn schedule_program(
    slug: String,
    #[server(default)] amendments: String,
    #[server(default)] deliberation: String,
    #[server(default)] voting: String,
    #[server(default)] closed: String,
) -> Result<(), AppError> {
    use crate::domain::phase::{Phase, Schedule};
    use crate::domain::time::parse_datetime;
    use crate::services::phases;
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        let program = crate::services::lookup::program_by_slug(&state.db, &slug, Some(&me)).await?;
        let mut starts = Vec::new();
        for (phase, text) in [
            (Phase::Amendments, &amendments),
            (Phase::Deliberation, &deliberation),
            (Phase::Voting, &voting),
            (Phase::Closed, &closed),
        ] {
            if !text.trim().is_empty() {
                starts.push((phase, parse_datetime(text).ok_or(AppError::BadSchedule)?));
            }
        }
        phases::set_schedule(&state.db, &me, program.id, Schedule(starts)).await?;
        web::redirect_plain_form(&format!("/programs/{slug}?done=schedule"));
        Ok(())
    })
    .await
}
