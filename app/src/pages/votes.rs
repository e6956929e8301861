//! Every vote: open ones first, then scheduled, then closed.

use crate::api::votes::list_votes;
use crate::components::labels::phase_text;
use crate::components::status::ErrorPage;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn VotesPage() -> impl IntoView {
    let i18n = use_i18n();
    let list = Resource::new(|| (), |_| list_votes());
    view! {
        <Title text=t_string!(i18n, votes_title).to_string()/>
        <article class="page votes-page">
            <h1>{t!(i18n, votes_title)}</h1>
            <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(votes) if votes.is_empty() => view! { <p class="empty">{t!(i18n, votes_none)}</p> }.into_any(),
                        Ok(votes) => view! {
                            <ul class="vote-list">
                                {votes.into_iter().map(|v| view! {
                                    <li>
                                        <a href=format!("/votes/{}", v.id)>{v.title.clone()}</a>
                                        <p class="meta">
                                            {phase_text(i18n, &v)}
                                            " · "{crate::components::labels::ballots_text(i18n, &v)}
                                            " · "{v.program_title.clone()}
                                            {v.section.clone().map(|s| format!(" › {}", s.title))}
                                        </p>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(err) => view! { <ErrorPage error=err/> }.into_any(),
                    }
                })}
            </Suspense>
        </article>
    }
}
