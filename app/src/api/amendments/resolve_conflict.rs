use crate::domain::ids::AmendmentId;
use crate::error::AppError;
use leptos::prelude::*;

/// The author resolves a conflicted amendment against head revision `head`: for each
/// conflicting passage, in order, `current`, `mine` or `custom` (then `customs[i]` is the
/// passage as written anew).
#[server(endpoint = "amendments/resolve")]
pub async fn resolve_conflict(
    id: AmendmentId,
    head: i32,
    #[server(default)] choices: Vec<String>,
    #[server(default)] customs: Vec<String>,
) -> Result<(), AppError> {
    use crate::services::amendments::{self, Resolution};
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        if choices.len() > 1000 {
            return Err(AppError::BadRequest);
        }
        let resolutions = choices
            .iter()
            .enumerate()
            .map(|(i, c)| match c.as_str() {
                "current" => Ok(Resolution::Current),
                "mine" => Ok(Resolution::Mine),
                "custom" => Ok(Resolution::Custom(
                    customs.get(i).cloned().unwrap_or_default(),
                )),
                _ => Err(AppError::BadRequest),
            })
            .collect::<Result<Vec<_>, _>>()?;
        amendments::resolve(&state.db, &me, id, head, &resolutions).await?;
        web::redirect_plain_form(&format!("/amendments/{id}?done=resolved"));
        Ok(())
    })
    .await
}
