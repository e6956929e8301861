// A comment's form has this many fields; the server function mirrors them one to one.
#![allow(clippy::too_many_arguments)]

use crate::domain::ids::CommentId;
use crate::error::AppError;
use leptos::prelude::*;

/// Posts a comment (logged-in people): on a section, on a passage of it (`anchor_*`: the
/// revision and byte offsets), on an amendment (with a `stance`), or a reply (`parent_id`).
#[server(endpoint = "comments/post")]
pub async fn post_comment(
    target: String,
    id: i32,
    body: String,
    #[server(default)] parent_id: Option<CommentId>,
    #[server(default)] stance: Option<String>,
    #[server(default)] anchor_revision: Option<i32>,
    #[server(default)] anchor_start: Option<usize>,
    #[server(default)] anchor_end: Option<usize>,
    /// The form's submission key: a second submit returns the first result.
    #[server(default)]
    form_key: String,
) -> Result<CommentId, AppError> {
    use crate::services::comments::{self};
    use crate::services::lookup::Passage;
    use crate::web;
    let parent = parent_id.map(|p| p.to_string()).unwrap_or_default();
    let keep = [("body", body.as_str()), ("parent_id", parent.as_str())];
    web::respond_keeping(
        &keep,
        crate::services::forms::with_key(&form_key, async {
            let state = web::state()?;
            let me = web::require_user(&state).await?;
            let target = comments::target(&target, id)?;
            let passage = match (anchor_revision, anchor_start, anchor_end) {
                (Some(revision), Some(start), Some(end)) => Some(Passage {
                    revision,
                    start,
                    end,
                }),
                (None, None, None) => None,
                _ => return Err(AppError::BadRequest),
            };
            let created = comments::post(
                &state.db,
                &state.config.comments,
                &me,
                target,
                parent_id,
                stance.as_deref(),
                &body,
                passage,
            )
            .await?;
            let shown = crate::views::comments::location_of_new(
                &state.db,
                &state.config.comments,
                Some(&me),
                created.id,
            )
            .await?;
            web::redirect_plain_form(&shown);
            Ok(created.id)
        }),
    )
    .await
}
