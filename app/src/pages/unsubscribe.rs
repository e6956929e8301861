//! The one-click unsubscribe link of the digest e-mail: opening it turns the digest off.

use crate::api::notifications::unsubscribe_digest;
use crate::components::forms::error_text;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn UnsubscribePage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let result = Resource::new(
        move || query.read().get("token").unwrap_or_default(),
        unsubscribe_digest,
    );
    view! {
        <Title text=t_string!(i18n, unsubscribe_title).to_string()/>
        <section class="page narrow">
            <h1>{t!(i18n, unsubscribe_title)}</h1>
            <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match result.await {
                        Ok(()) => view! { <p class="notice success" role="status">{t!(i18n, unsubscribe_done)}</p> }.into_any(),
                        Err(err) => view! { <p class="notice error" role="alert">{error_text(i18n, &err)}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
