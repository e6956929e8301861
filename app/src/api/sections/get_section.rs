use crate::domain::ids::SectionId;
use crate::error::AppError;
use crate::views::sections::SectionDetail;
use leptos::prelude::*;

/// The section page: current text, one page of amendments (`show`: open, closed or all;
/// `order`: shuffled, supported, newest or changed; `who`: all, mine, supported,
/// author-ID or assembly-ID; `page` from 1), competing groups
/// (public for published programs).
#[server(endpoint = "sections/get")]
pub async fn get_section(
    id: SectionId,
    #[server(default)] show: Option<String>,
    #[server(default)] order: Option<String>,
    #[server(default)] who: Option<String>,
    #[server(default)] page: Option<u64>,
) -> Result<SectionDetail, AppError> {
    use crate::views::sections::ListQuery;
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::current_user(&state).await?;
        let list = ListQuery::from_params(show.as_deref(), order.as_deref(), who.as_deref(), page);
        crate::views::sections::page_listing(&state.db, id, me.as_ref(), list).await
    })
    .await
}
