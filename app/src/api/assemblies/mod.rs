//! Assemblies: list, page, create, edit, facilitators and membership (meetings are in
//! `api::meetings`).
// A form's fields are the server function's arguments: some forms have many.
#![allow(clippy::too_many_arguments)]

use crate::domain::ids::AssemblyId;
use crate::error::AppError;
use crate::views::assemblies::AssemblyDetail;
use crate::views::assemblies::AssemblyList;
use leptos::prelude::*;

/// One page (`page` from 1) of the assemblies (territorial first), with members,
/// facilitators and the next meeting.
#[server(endpoint = "assemblies/list")]
pub async fn list_assemblies(
    #[server(default)] page: Option<u64>,
) -> Result<AssemblyList, AppError> {
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::current_user(&state).await?;
        crate::views::assemblies::list(&state.db, me.as_ref(), page.unwrap_or(1)).await
    })
    .await
}

/// One assembly's page.
#[server(endpoint = "assemblies/get")]
pub async fn get_assembly(
    slug: String,
    #[server(default)] upcoming: Option<u64>,
    #[server(default)] past: Option<u64>,
    #[server(default)] amendments: Option<u64>,
) -> Result<AssemblyDetail, AppError> {
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::current_user(&state).await?;
        let asked = crate::views::assemblies::AssemblyPages {
            upcoming: upcoming.unwrap_or(1),
            past: past.unwrap_or(1),
            amendments: amendments.unwrap_or(1),
        };
        crate::views::assemblies::page(&state.db, me.as_ref(), &slug, asked).await
    })
    .await
}

/// A new assembly (coordinators). Answers its address.
#[server(endpoint = "assemblies/create")]
pub async fn create_assembly(
    name: String,
    kind: String,
    #[server(default)] description: String,
    /// The form's submission key: a second submit returns the first result.
    #[server(default)]
    form_key: String,
) -> Result<String, AppError> {
    use crate::services::assemblies;
    use crate::web;
    let keep = [
        ("name", name.as_str()),
        ("description", description.as_str()),
    ];
    web::respond_keeping(
        &keep,
        crate::services::forms::with_key(&form_key, async {
            let state = web::state()?;
            let me = web::require_user(&state).await?;
            let created = assemblies::create(&state.db, &me, &name, &kind, &description).await?;
            web::redirect_plain_form(&format!("/assemblies/{}", created.slug));
            Ok(created.slug)
        }),
    )
    .await
}

/// Changes an assembly (its facilitators, coordinators).
#[server(endpoint = "assemblies/update")]
pub async fn update_assembly(
    id: AssemblyId,
    name: String,
    kind: String,
    #[server(default)] description: String,
) -> Result<String, AppError> {
    use crate::services::assemblies;
    use crate::web;
    let keep = [("description", description.as_str())];
    web::respond_keeping(&keep, async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        let updated = assemblies::update(&state.db, &me, id, &name, &kind, &description).await?;
        web::redirect_plain_form(&format!("/assemblies/{}", updated.slug));
        Ok(updated.slug)
    })
    .await
}

/// Names (`on`) or removes a facilitator of an assembly by e-mail (coordinators).
#[server(endpoint = "assemblies/facilitator")]
pub async fn set_assembly_facilitator(
    id: AssemblyId,
    email: String,
    on: bool,
) -> Result<(), AppError> {
    use crate::services::assemblies;
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        assemblies::set_facilitator(&state.db, &me, id, &email, on).await?;
        web::redirect_plain_form_back("/assemblies", "facilitators");
        Ok(())
    })
    .await
}

/// The caller joins (`join`) or leaves an assembly.
#[server(endpoint = "assemblies/join")]
pub async fn join_assembly(id: AssemblyId, join: bool) -> Result<(), AppError> {
    use crate::services::assemblies;
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        assemblies::set_membership(&state.db, &me, id, join).await?;
        web::redirect_plain_form_back("/assemblies", "membership");
        Ok(())
    })
    .await
}
