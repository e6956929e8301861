use crate::error::AppError;
use crate::views::comments::ThreadDetail;
use leptos::prelude::*;

/// One page of a thread (`target`: `section` or `amendment`; `sort`: best, newest or
/// oldest, anything else is refused; `conversation`: one top-level comment with all its
/// replies). Public for published programs.
#[server(endpoint = "comments/thread")]
pub async fn get_thread(
    target: String,
    id: i32,
    #[server(default)] sort: String,
    #[server(default)] page: u64,
    #[server(default)] conversation: Option<crate::domain::ids::CommentId>,
) -> Result<ThreadDetail, AppError> {
    use crate::domain::comment::Sort;
    use crate::services::comments;
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::current_user(&state).await?;
        let sort: Sort = sort.parse().map_err(AppError::Comment)?;
        let target = comments::target(&target, id)?;
        crate::views::comments::thread(
            &state.db,
            &state.config.comments,
            me.as_ref(),
            target,
            sort,
            page.max(1),
            conversation,
        )
        .await
    })
    .await
}
