use crate::domain::ids::AmendmentId;
use crate::error::AppError;
use leptos::prelude::*;

/// A facilitator or coordinator accepts a published amendment in a final wording of their
/// own (`text`: the section's whole text), saying why; the page shows the final wording
/// against the author's. A plain form post goes back to the amendment.
#[server(endpoint = "amendments/accept-changed")]
pub async fn accept_changed(
    id: AmendmentId,
    text: String,
    reason: String,
    #[server(default)] confirmed: String,
) -> Result<super::Accepted, AppError> {
    use crate::domain::confirm::Irreversible;
    use crate::services::amendments;
    use crate::web;
    let keep = [("text", text.as_str()), ("reason", reason.as_str())];
    web::respond_keeping(&keep, async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        web::ask_first(
            Irreversible::AcceptWithChanges,
            &confirmed,
            &[
                ("id", &id.to_string()),
                ("text", &text),
                ("reason", &reason),
            ],
        )
        .await?;
        let outcome = amendments::accept_with_changes(&state.db, &me, id, &text, &reason).await?;
        web::redirect_plain_form(&format!("/amendments/{id}?done=accepted_changes"));
        Ok(super::Accepted {
            revision: outcome.revision,
            rebased: outcome.rebased,
            conflicted: outcome.conflicted,
            superseded: outcome.superseded,
        })
    })
    .await
}
