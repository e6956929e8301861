//! The review step: the ballot as the rules read it, before it is cast. The choices come
//! in the query string (`rank_<position>=<rank>`, `approve_<position>=on`,
//! `score_<position>=<n>`, `answer_<position>=yes|no|abstain`, from the ballot form, with
//! or without JavaScript); nothing is stored until "Cast my ballot".

use crate::api::votes::{get_vote, CastBallot};
use crate::components::ballot::BallotMarks;
use crate::components::forms::{error_of, error_text, id_param, FormError};
use crate::components::status::ErrorPage;
use crate::components::trail::VoteTrail;
use crate::domain::poll::shape::Ballot;
use crate::i18n::*;
use crate::views::votes::PollDetail;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn VoteReviewPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param();
    let page = Resource::new(move || id.get(), get_vote);
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => view! { <Review page=p/> }.into_any(),
                    Err(err) => view! { <ErrorPage error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Review(page: PollDetail) -> impl IntoView {
    let i18n = use_i18n();
    let id = page.summary.id;
    let query = use_query_map();
    let withdrawn: Vec<bool> = page.options.iter().map(|o| o.withdrawn).collect();
    let read =
        query.with_untracked(|q| Ballot::from_form(&page.blocks, &withdrawn, |name| q.get(name)));
    let cast = ServerAction::<CastBallot>::new();
    view! {
        <Title text=t_string!(i18n, review_title).to_string()/>
        <article class="page vote-review">
            <VoteTrail summary=page.summary.clone()/>
            <h1>{t!(i18n, review_title)}</h1>
            {match read {
                Ok(ballot) => {
                    let text = ballot.to_string();
                    let change = format!("/votes/{id}?ranking={}#ballot-heading", crate::domain::redirect::query_escape(&text));
                    view! {
                        <p>{t!(i18n, review_intro)}</p>
                        <BallotMarks ballot=ballot blocks=page.blocks.clone() options=page.options.clone()/>
                        <FormError error=error_of(cast.value())/>
                        {match page.block {
                            None => view! {
                                <ActionForm action=cast attr:class="inline-form">
                                    <input type="hidden" name="id" value=id/>
                                    <input type="hidden" name="ranking" value=text.clone()/>
                                    <button type="submit">{t!(i18n, review_cast)}</button>
                                </ActionForm>
                            }.into_any(),
                            Some(_) => view! { <p class="notice">{t!(i18n, review_cannot_cast)}</p> }.into_any(),
                        }}
                        <a class="button secondary" href=change>{t!(i18n, review_change)}</a>
                    }.into_any()
                }
                Err(err) => view! {
                    <p class="notice error" role="alert">{error_text(i18n, &crate::error::AppError::Poll(err))}</p>
                    <a class="button secondary" href=format!("/votes/{id}#ballot-heading")>{t!(i18n, review_back)}</a>
                }.into_any(),
            }}
        </article>
    }
}
