// A form's fields are the server function's arguments, one to one.
#![allow(clippy::too_many_arguments)]

use crate::domain::ids::{AmendmentId, SectionId};
use crate::error::AppError;
use leptos::prelude::*;

/// Writes a new draft amendment to a section (logged-in residents, open programs only).
/// `text` is the full proposed text, or with `passage_start` / `passage_end` (byte offsets
/// in the base revision) the new wording of that passage only.
/// Returns its id; a plain form post goes on to the draft's page to see the diff.
#[server(endpoint = "amendments/create")]
pub async fn create_amendment(
    section_id: SectionId,
    base_number: i32,
    title: String,
    text: String,
    justification: String,
    #[server(default)] passage_start: Option<usize>,
    #[server(default)] passage_end: Option<usize>,
    /// The form's submission key: a second submit returns the first result.
    #[server(default)]
    form_key: String,
) -> Result<AmendmentId, AppError> {
    use crate::services::amendments::{self, Proposal};
    use crate::web;
    let keep = [
        ("title", title.as_str()),
        ("text", text.as_str()),
        ("justification", justification.as_str()),
    ];
    web::respond_keeping(
        &keep,
        crate::services::forms::with_key(&form_key, async {
            let state = web::state()?;
            let me = web::require_user(&state).await?;
            let created = amendments::create(
                &state.db,
                &me,
                section_id,
                Proposal {
                    title: &title,
                    text: &text,
                    justification: &justification,
                    base_number,
                    passage: passage_start.zip(passage_end),
                },
            )
            .await?;
            web::redirect_plain_form(&format!("/amendments/{}", created.id));
            Ok(created.id)
        }),
    )
    .await
}
