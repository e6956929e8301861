use crate::domain::ids::CommentId;
use crate::error::AppError;
use leptos::prelude::*;

/// Votes a comment up (1) or down (-1), or withdraws the vote (0); not one's own.
#[server(endpoint = "comments/vote")]
pub async fn vote_comment(id: CommentId, value: i16) -> Result<(), AppError> {
    use crate::services::comments;
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        comments::vote(&state.db, &me, id, value).await?;
        web::redirect_plain_form_back(
            &crate::views::comments::location(&state.db, &state.config.comments, id).await,
            &format!("comment-{id}"),
        );
        Ok(())
    })
    .await
}
