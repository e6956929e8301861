//! The one-click unsubscribe link of a notice e-mail: opening it stops what it names (the
//! digest, or one kind of immediate mail).

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
        move || {
            let q = query.read();
            (
                q.get("token").unwrap_or_default(),
                q.get("kind").unwrap_or_default(),
            )
        },
        |(token, kind)| unsubscribe_digest(token, kind),
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
