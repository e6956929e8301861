use crate::error::AppError;
use leptos::prelude::*;

/// A coordinator starts a phase of a program now (`phase`: amendments, deliberation,
/// voting or closed).
#[server(endpoint = "programs/advance")]
pub async fn advance_program(
    slug: String,
    phase: String,
    /// Set by the confirmation page or dialog (a plain form post without it is asked first).
    #[server(default)]
    confirmed: String,
) -> Result<(), AppError> {
    use crate::domain::confirm::Irreversible;
    use crate::domain::phase::Phase;
    use crate::services::phases;
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        web::ask_first(
            Irreversible::StartPhase,
            &confirmed,
            &[("slug", &slug), ("phase", &phase)],
        )
        .await?;
        let phase = Phase::parse(&phase).ok_or(AppError::BadRequest)?;
        let program = crate::services::lookup::program_by_slug(&state.db, &slug, Some(&me)).await?;
        phases::advance(&state.db, &me, program.id, phase).await?;
        web::redirect_plain_form(&format!("/programs/{slug}?done=phase"));
        Ok(())
    })
    .await
}
