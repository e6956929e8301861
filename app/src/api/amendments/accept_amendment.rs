use crate::domain::ids::AmendmentId;
use crate::error::AppError;
use leptos::prelude::*;

/// What accepting an amendment did to the section and to each other open amendment on it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Accepted {
    /// The section's new revision.
    pub revision: i32,
    /// Adapted to the new text (their changes still apply).
    pub rebased: Vec<AmendmentId>,
    /// Now in conflict with the new text: their authors must resolve them.
    pub conflicted: Vec<AmendmentId>,
    /// Their change was already in the new text: closed as covered by this one.
    #[serde(default)]
    pub superseded: Vec<AmendmentId>,
}

/// A facilitator or coordinator accepts a published amendment: the section gets its next
/// revision and the other open amendments are rebased, or put in conflict where they cannot
/// be. A plain form post goes back to the amendment, which says what happened to each.
#[server(endpoint = "amendments/accept")]
pub async fn accept_amendment(
    id: AmendmentId,
    /// Set by the confirmation page or dialog (a plain form post without it is asked first).
    #[server(default)]
    confirmed: String,
) -> Result<Accepted, AppError> {
    use crate::domain::confirm::Irreversible;
    use crate::services::{amendments, forms};
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        web::ask_first(Irreversible::Accept, &confirmed, &[("id", &id.to_string())]).await?;
        let outcome = amendments::accept(&state.db, &me, id).await?;
        let done = Accepted {
            revision: outcome.revision,
            rebased: outcome.rebased,
            conflicted: outcome.conflicted,
            superseded: outcome.superseded,
        };
        if web::is_plain_form_post() {
            // The lists go with the page, kept on the server (never a long address).
            let ids = |list: &[AmendmentId]| {
                list.iter()
                    .map(|a| a.to_string())
                    .collect::<Vec<_>>()
                    .join(",")
            };
            let fields = [
                ("revision", done.revision.to_string()),
                ("rebased", ids(&done.rebased)),
                ("conflicted", ids(&done.conflicted)),
                ("superseded", ids(&done.superseded)),
            ];
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let token = forms::stash(&state.db, Some(me.id.get()), &fields).await?;
            web::redirect_plain_form(&format!(
                "/amendments/{id}?done=accepted&{}={token}",
                web::KEPT_PARAM
            ));
        }
        Ok(done)
    })
    .await
}
