use crate::domain::ids::CommentId;
use crate::error::AppError;
use leptos::prelude::*;

/// The author edits their comment (the earlier text is kept; the comment shows "edited").
#[server(endpoint = "comments/edit")]
pub async fn edit_comment(id: CommentId, body: String) -> Result<(), AppError> {
    use crate::services::comments;
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        comments::edit(&state.db, &me, id, &body).await?;
        web::redirect_plain_form_back(
            &crate::views::comments::location(&state.db, &state.config.comments, id).await,
            &format!("comment-{id}"),
        );
        Ok(())
    })
    .await
}
