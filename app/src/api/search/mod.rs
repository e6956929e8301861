//! Search: program text, amendments and comments.

use crate::error::AppError;
use crate::views::search::SearchPage;
use leptos::prelude::*;

/// One page (`page` from 1) of what matches `q`, in every published program or in the one
/// named by `program` (its slug); `kind`: section, amendment or comment, or all.
#[server(endpoint = "search")]
pub async fn search(
    q: String,
    #[server(default)] program: Option<String>,
    #[server(default)] kind: Option<String>,
    #[server(default)] page: Option<u64>,
) -> Result<SearchPage, AppError> {
    use crate::domain::search::DocKind;
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let kind = kind.as_deref().and_then(DocKind::parse);
        crate::views::search::find(&state.db, &q, program.as_deref(), kind, page.unwrap_or(1)).await
    })
    .await
}
