//! Who voted in a closed vote (not how).

use crate::api::votes::vote_voters;
use crate::components::forms::id_param;
use crate::components::status::ErrorPage;
use crate::components::trail::VoteTrail;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn VoteVotersPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param();
    let page = Resource::new(move || id.get(), vote_voters);
    view! {
        <Title text=t_string!(i18n, voters_title).to_string()/>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(v) => view! {
                        <article class="page vote-voters">
                            <VoteTrail summary=v.poll.clone()/>
                            <h1>{t!(i18n, voters_title)}</h1>
                            <p>{crate::domain::text::count_text(&v.names.len().to_string(), t_string!(i18n, voters_intro_one), t_string!(i18n, voters_intro))}</p>
                            <ul class="voters">{v.names.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
                        </article>
                    }.into_any(),
                    Err(err) => view! { <ErrorPage error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
