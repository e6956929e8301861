//! The logged-in user, fetched once per page load and shared through context.

use crate::api::auth::get_me;
use crate::error::AppError;
use crate::views::account::SessionUser;
use leptos::prelude::*;

pub type SessionResource = Resource<Result<Option<SessionUser>, AppError>>;

pub fn provide_session() {
    let me: SessionResource = Resource::new(|| (), |_| get_me());
    provide_context(me);
}

pub fn use_session() -> SessionResource {
    // Provided by the app root for every page; a component rendered outside it still works.
    use_context::<SessionResource>().unwrap_or_else(|| Resource::new(|| (), |_| get_me()))
}
