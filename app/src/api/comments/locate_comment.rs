use crate::domain::ids::CommentId;
use crate::error::AppError;
use leptos::prelude::*;

/// Where a just-posted comment is shown (a page's path and query): the newest comments for
/// a top-level one, its conversation for a reply. For whoever may read the comment.
#[server(endpoint = "comments/locate")]
pub async fn locate_comment(id: CommentId) -> Result<String, AppError> {
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::current_user(&state).await?;
        crate::views::comments::location_of_new(&state.db, &state.config.comments, me.as_ref(), id)
            .await
    })
    .await
}
