use crate::domain::ids::CommentId;
use crate::error::AppError;
use leptos::prelude::*;

/// Reports a comment with a reason (once per person).
#[server(endpoint = "comments/report")]
pub async fn report_comment(id: CommentId, reason: String) -> Result<(), AppError> {
    use crate::services::comments;
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        comments::report(&state.db, &state.config.comments, &me, id, &reason).await?;
        web::redirect_plain_form_back(
            &crate::views::comments::location(&state.db, &state.config.comments, id).await,
            &format!("comment-{id}"),
        );
        Ok(())
    })
    .await
}
