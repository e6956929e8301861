use crate::api::programs::list_programs;
use crate::components::forms::{query_flag, Notice};
use crate::components::phase::NowCard;
use crate::components::status::ErrorPage;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let programs = Resource::new(|| (), |_| list_programs());
    let welcome = query_flag("welcome");
    let me = crate::components::session::use_session();
    view! {
        <Title text=t_string!(i18n, site_name).to_string()/>
        <section class="page">
            <Show when=move || welcome.get()>
                <Notice text=Signal::derive(move || t_string!(i18n, welcome_activated).to_string())/>
            </Show>
            <div class="intro">
                <h1>{t!(i18n, home_title)}</h1>
                <p class="lead">{t!(i18n, home_lead)}</p>
            </div>
            <h2 id="programs-heading">{t!(i18n, home_programs)}</h2>
            <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    let coordinator = me.await.ok().flatten().is_some_and(|u| u.role.can_manage_programs());
                    let new_link = coordinator.then(|| view! {
                        <p><a class="button" href="/programs/new">{t!(i18n, program_new_link)}</a></p>
                    });
                    let list = match programs.await {
                        Ok(list) if list.is_empty() => view! { <p>{t!(i18n, home_no_programs)}</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="cards" aria-labelledby="programs-heading">
                                {list.into_iter().map(|p| {
                                    let href = format!("/programs/{}", p.slug);
                                    view! {
                                        <li class="card">
                                            <h3><a href=href>{p.title.clone()}</a></h3>
                                            {(!p.summary.trim().is_empty()).then(|| view! { <p>{p.summary.clone()}</p> })}
                                            <NowCard summary=p/>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(err) => view! { <ErrorPage error=err/> }.into_any(),
                    };
                    view! { {new_link} {list} }
                })}
            </Suspense>
        </section>
    }
}
