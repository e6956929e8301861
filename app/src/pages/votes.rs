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
    let page = crate::components::forms::query_value("page");
    let list = Resource::new(move || page.get().parse::<u64>().ok(), list_votes);
    view! {
        <Title text=t_string!(i18n, votes_title).to_string()/>
        <article class="page votes-page">
            <h1>{t!(i18n, votes_title)}</h1>
            <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(list) if list.votes.is_empty() => view! { <p class="empty">{t!(i18n, votes_none)}</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="vote-list">
                                {list.votes.into_iter().map(|v| view! {
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
                            {(list.pages > 1).then(|| view! {
                                <nav class="pages" aria-label=t_string!(i18n, votes_pages)>
                                    {crate::components::thread::page_numbers(list.page, list.pages).into_iter().map(|n| match n {
                                        Some(n) => view! {
                                            <a href=format!("/votes?page={n}") aria-current=(n == list.page).then_some("page")>{n.to_string()}</a>" "
                                        }.into_any(),
                                        None => view! { <span aria-hidden="true">"… "</span> }.into_any(),
                                    }).collect_view()}
                                </nav>
                            })}
                        }.into_any(),
                        Err(err) => view! { <ErrorPage error=err/> }.into_any(),
                    }
                })}
            </Suspense>
        </article>
    }
}
