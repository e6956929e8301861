//! Committees: who decides on which chapters of a program.

use crate::domain::ids::CommitteeId;
use crate::error::AppError;
use crate::views::committees::CommitteesPage;
use leptos::prelude::*;

/// Ids as forms send them: "3,5,8", or one per checkbox joined by the page.
#[cfg(feature = "ssr")]
fn parse_list<T: std::str::FromStr>(text: &str) -> Result<Vec<T>, AppError> {
    text.split([',', ' '])
        .filter(|s| !s.is_empty())
        .take(2000)
        .map(|s| s.parse().map_err(|_| AppError::BadRequest))
        .collect()
}

/// A program's committees (public), with the form's choices for coordinators.
#[server(endpoint = "committees/list")]
pub async fn list_committees(slug: String) -> Result<CommitteesPage, AppError> {
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::current_user(&state).await?;
        crate::views::committees::committees_page(&state.db, &slug, me.as_ref()).await
    })
    .await
}

/// Creates (`id` empty) or replaces a committee of the program at `program` (coordinators):
/// its name, its sections (`sections[id]=on`; a chapter brings the sections under it),
/// its named members (`members[id]=on`, facilitators) and optionally an assembly whose facilitators
/// are members too.
#[server(endpoint = "committees/set")]
pub async fn set_committee(
    program: String,
    #[server(default)] id: Option<CommitteeId>,
    name: String,
    #[server(default)] sections: std::collections::HashMap<String, String>,
    #[server(default)] members: std::collections::HashMap<String, String>,
    #[server(default)] assembly: String,
) -> Result<CommitteeId, AppError> {
    use crate::services::committees;
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        let found =
            crate::services::lookup::program_by_slug(&state.db, &program, Some(&me)).await?;
        // Checkboxes: `sections[12]=on`, `members[7]=on`.
        let ticked = |m: &std::collections::HashMap<String, String>| {
            m.keys().cloned().collect::<Vec<_>>().join(",")
        };
        let sections = parse_list(&ticked(&sections))?;
        let members = parse_list(&ticked(&members))?;
        let assembly = match assembly.trim() {
            "" => None,
            a => Some(a.parse().map_err(|_| AppError::BadRequest)?),
        };
        let saved = committees::set(
            &state.db,
            &me,
            found.id,
            id,
            committees::CommitteeForm {
                name: &name,
                sections: &sections,
                members: &members,
                assembly,
            },
        )
        .await?;
        web::redirect_plain_form(&format!(
            "/programs/{program}/committees?done=saved#committee-{}",
            saved.id
        ));
        Ok(saved.id)
    })
    .await
}

/// Removes a committee (coordinators): its sections are decided by any facilitator again.
#[server(endpoint = "committees/remove")]
pub async fn remove_committee(id: CommitteeId, program: String) -> Result<(), AppError> {
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        crate::services::committees::remove(&state.db, &me, id).await?;
        web::redirect_plain_form(&format!("/programs/{program}/committees?done=removed"));
        Ok(())
    })
    .await
}
