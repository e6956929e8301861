use crate::domain::ids::AmendmentId;
use crate::error::AppError;
use leptos::prelude::*;

/// The author changes their amendment (drafts freely; published ones get a new version).
#[server(endpoint = "amendments/edit")]
pub async fn edit_amendment(
    id: AmendmentId,
    base_number: i32,
    title: String,
    text: String,
    justification: String,
) -> Result<AmendmentId, AppError> {
    use crate::services::amendments::{self, Proposal};
    use crate::web;
    let keep = [
        ("title", title.as_str()),
        ("text", text.as_str()),
        ("justification", justification.as_str()),
    ];
    web::respond_keeping(&keep, async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        let updated = amendments::edit(
            &state.db,
            &me,
            id,
            Proposal {
                title: &title,
                text: &text,
                justification: &justification,
                base_number,
                passage: None,
            },
        )
        .await?;
        web::redirect_plain_form(&format!("/amendments/{}?saved=1", updated.id));
        Ok(updated.id)
    })
    .await
}
