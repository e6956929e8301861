use crate::error::AppError;
use crate::views::votes::NewPollForm;
use leptos::prelude::*;

/// What the form for a new vote starts from (facilitators and coordinators): the program
/// and, for a vote on amendments, the section's competing amendments (`amendments`: ids
/// separated by commas, preselected).
#[server(endpoint = "votes/new-form")]
pub async fn new_vote_form(
    program: String,
    #[server(default)] section: Option<crate::domain::ids::SectionId>,
    #[server(default)] amendments: String,
) -> Result<NewPollForm, AppError> {
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        let chosen: Vec<crate::domain::ids::AmendmentId> = super::parse_ids(&amendments)?;
        crate::views::votes::new_form(&state.db, &me, &program, section, &chosen).await
    })
    .await
}
