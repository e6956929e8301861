use crate::domain::ids::SectionId;
use crate::error::AppError;
use crate::views::programs::ProgramAmendmentList;
use leptos::prelude::*;

/// A program's amendments, one page (`page` from 1): `section` narrows to a chapter or
/// section (with its subsections); `show`: open, closed or all; `who`: all, mine,
/// supported, author-ID or assembly-ID; `order`: shuffled, supported, newest or changed.
#[server(endpoint = "programs/amendments")]
pub async fn program_amendments(
    slug: String,
    #[server(default)] section: Option<SectionId>,
    #[server(default)] show: Option<String>,
    #[server(default)] order: Option<String>,
    #[server(default)] who: Option<String>,
    #[server(default)] page: Option<u64>,
) -> Result<ProgramAmendmentList, AppError> {
    use crate::views::sections::ListQuery;
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::current_user(&state).await?;
        let list = ListQuery::from_params(show.as_deref(), order.as_deref(), who.as_deref(), page);
        crate::views::programs::amendments(&state.db, &slug, me.as_ref(), section, list).await
    })
    .await
}
