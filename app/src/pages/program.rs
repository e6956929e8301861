use crate::api::programs::get_program;
use crate::components::forms::AmendmentsBadge;
use crate::components::status::ErrorPage;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ProgramPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let program = Resource::new(
        move || params.read().get("slug").unwrap_or_default(),
        get_program,
    );
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match program.await {
                    Ok(p) => view! {
                        <Title text=p.title.clone()/>
                        <article class="page">
                            <h1>{p.title}</h1>
                            <AmendmentsBadge open=p.amendments_open/>
                            <p class="lead">{p.summary}</p>
                        </article>
                    }.into_any(),
                    Err(err) => view! { <ErrorPage error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
