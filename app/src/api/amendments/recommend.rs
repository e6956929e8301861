use crate::domain::ids::AmendmentId;
use crate::error::AppError;
use leptos::prelude::*;

/// A facilitator or coordinator recommends a decision (`accepted`, `rejected` or `covered`)
/// with its reason: the author and supporters are told and can comment before it is final.
#[server(endpoint = "amendments/recommend")]
pub async fn recommend_decision(
    id: AmendmentId,
    kind: String,
    reason: String,
) -> Result<(), AppError> {
    use crate::domain::amendment::DecisionKind;
    use crate::services::amendments;
    use crate::web;
    let keep = [("reason", reason.as_str())];
    web::respond_keeping(&keep, async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        let kind = DecisionKind::ALL
            .into_iter()
            .find(|k| k.as_str() == kind)
            .ok_or(AppError::BadRequest)?;
        amendments::recommend(&state.db, &me, id, kind, &reason).await?;
        web::redirect_plain_form(&format!("/amendments/{id}?done=recommended#recommendation"));
        Ok(())
    })
    .await
}
