//! Demo content for a newcomer's first run (`redacta serve --demo`): a small program and
//! one account per role, with a password everyone knows. Only created on an empty database
//! and only on that explicit request; a plain `redacta serve` never creates an account.

use super::{accounts, clock::now, program_files, state::AppState};
use crate::domain::role::Role;
use crate::entities::{program, user};
use crate::error::AppError;
use sea_orm::{ActiveModelTrait, EntityTrait, PaginatorTrait, Set};

pub const DEMO_PASSWORD: &str = "redacta-demo";
pub const DEMO_TITLE: &str = "Programa municipal Barcelona 2027";
const DEMO_PROGRAM: &str = include_str!("demo_program.md");
pub const DEMO_ACCOUNTS: [(&str, &str, Role); 3] = [
    (
        "coordinator@demo.redacta.test",
        "Clara Coordinadora",
        Role::Coordinator,
    ),
    (
        "facilitator@demo.redacta.test",
        "Ferran Facilitador",
        Role::Facilitator,
    ),
    ("resident@demo.redacta.test", "Rita Veïna", Role::Resident),
];

/// Seeds when the database has no account and no program. Returns whether it seeded.
pub async fn seed_if_empty(state: &AppState) -> Result<bool, AppError> {
    let users = user::Entity::find().count(&state.db).await?;
    let programs = program::Entity::find().count(&state.db).await?;
    if users > 0 || programs > 0 {
        return Ok(false);
    }
    let mut coordinator = None;
    for (email, name, role) in DEMO_ACCOUNTS {
        let created = accounts::create_user(state, email, name, DEMO_PASSWORD, role).await?;
        if role == Role::Coordinator {
            coordinator = Some(created.id);
        }
    }
    let imported = program_files::import(&state.db, coordinator, DEMO_TITLE, DEMO_PROGRAM)
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "demo program import failed");
            AppError::Internal
        })?;
    let mut active: program::ActiveModel = imported.into();
    active.summary = Set(
        "A demo program written together by residents, district assemblies and \
        thematic assemblies: housing and mobility. Read it, propose amendments, and vote on the \
        ones that compete."
            .to_string(),
    );
    active.amendments_open = Set(true);
    active.published_at = Set(Some(now()));
    active.update(&state.db).await?;
    Ok(true)
}
