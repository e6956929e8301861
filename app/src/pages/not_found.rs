use crate::components::status::ErrorPage;
use crate::error::AppError;
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    view! { <ErrorPage error=AppError::NotFound/> }
}
