//! Pages that must answer with an error status (404, 403, 500) set it here during
//! server rendering.

use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;

pub fn set_status(code: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(res), Ok(status)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(code),
    ) {
        res.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}

/// A full-page error for a failed load: the right status and a sentence people understand.
#[component]
pub fn ErrorPage(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    set_status(error.status());
    #[cfg(feature = "ssr")]
    if let (Some(res), Some(secs)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        error.retry_after_secs(),
    ) {
        res.insert_header(http::header::RETRY_AFTER, http::HeaderValue::from(secs));
    }
    let (title, body) = match &error {
        AppError::NotFound => (
            t_string!(i18n, not_found_title).to_string(),
            t_string!(i18n, not_found_body).to_string(),
        ),
        AppError::Forbidden => (
            t_string!(i18n, forbidden_title).to_string(),
            t_string!(i18n, forbidden_body).to_string(),
        ),
        AppError::Internal | AppError::Network(_) => (
            t_string!(i18n, server_error_title).to_string(),
            t_string!(i18n, server_error_body).to_string(),
        ),
        // Anything else the reader can understand: say what it is.
        other => (
            t_string!(i18n, error_page_title).to_string(),
            crate::components::forms::error_text(i18n, other),
        ),
    };
    view! {
        <section class="page narrow error-page">
            <h1>{title}</h1>
            <p>{body}</p>
            <p><a href="/">{t!(i18n, back_home)}</a></p>
        </section>
    }
}
