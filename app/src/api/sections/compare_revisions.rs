use crate::domain::ids::SectionId;
use crate::error::AppError;
use crate::views::sections::RevisionComparison;
use leptos::prelude::*;

/// Two revisions of a section compared word by word (public for published programs).
#[server(endpoint = "sections/compare")]
pub async fn compare_revisions(
    id: SectionId,
    from: i32,
    to: i32,
) -> Result<RevisionComparison, AppError> {
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::current_user(&state).await?;
        crate::views::sections::compare(&state.db, id, from, to, me.as_ref()).await
    })
    .await
}
