use crate::domain::ids::AmendmentId;
use crate::error::AppError;
use leptos::prelude::*;

/// A facilitator or coordinator rejects an amendment, saying why (required, public), or
/// marks it covered: `covered_by` is `text` (the current text already says it) or the id
/// of an amendment of the same section that does; empty for a plain rejection.
#[server(endpoint = "amendments/reject")]
pub async fn reject_amendment(
    id: AmendmentId,
    #[server(default)] reason: String,
    #[server(default)] covered_by: String,
    /// The number of the amendment that already says it (the form's second field; wins
    /// over `covered_by`).
    #[server(default)]
    covered_number: String,
    /// Set by the confirmation page or dialog (a plain form post without it is asked first).
    #[server(default)]
    confirmed: String,
) -> Result<(), AppError> {
    use crate::domain::confirm::Irreversible;
    use crate::services::amendments;
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        use crate::domain::amendment::{decision_reason, DecisionKind};
        let covered_by = if covered_number.trim().is_empty() {
            covered_by
        } else {
            covered_number
        };
        let covered = match covered_by.trim() {
            "" => None,
            "text" => Some(amendments::Cover::CurrentText),
            other => Some(amendments::Cover::Amendment(AmendmentId(
                other
                    .trim_start_matches('#')
                    .parse()
                    .map_err(|_| AppError::BadRequest)?,
            ))),
        };
        let kind = if covered.is_some() {
            DecisionKind::Covered
        } else {
            DecisionKind::Rejected
        };
        // Said before asking to confirm: a missing reason is an error, not a question.
        decision_reason(kind, false, &reason).map_err(AppError::Amendment)?;
        web::ask_first(
            Irreversible::Reject,
            &confirmed,
            &[
                ("id", &id.to_string()),
                ("reason", &reason),
                ("covered_by", &covered_by),
            ],
        )
        .await?;
        amendments::reject(&state.db, &me, id, &reason, covered).await?;
        web::redirect_plain_form(&format!("/amendments/{id}?done=rejected"));
        Ok(())
    })
    .await
}
