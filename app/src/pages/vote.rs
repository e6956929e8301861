//! A vote: what is decided and how (method, tie rule, who votes, when), the options, the
//! ballot (or why the viewer cannot vote), the viewer's receipt, the ballot log's head hash
//! with a receipt lookup, and for facilitators the close.

use crate::api::votes::{get_vote, CloseVote};
use crate::components::ballot::{
    block_options, form_hint, option_label, BallotForm, BallotMarks, BlocksForm,
};
use crate::components::forms::error_text;
use crate::components::forms::{error_of, id_param, query_flag, query_value, FormError, Notice};
use crate::components::labels::ballots_text;
use crate::components::labels::eligibility_text;
use crate::components::labels::method_help;
use crate::components::labels::method_name;
use crate::components::labels::phase_text;
use crate::components::labels::seats_text;
use crate::components::labels::tie_text;
use crate::components::status::ErrorPage;
use crate::components::trail::VoteTrail;
use crate::domain::phase::Activity;
use crate::domain::poll::shape::{Ballot, Form, Marks};
use crate::domain::poll::{Phase, TieRule};
use crate::domain::text::fill;
use crate::domain::time::format_time;
use crate::error::AppError;
use crate::i18n::*;
use crate::views::votes::{MyBallot, OptionView, PollDetail, VoteBlock};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn VotePage() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param();
    let page = Resource::new(move || id.get(), get_vote);
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => view! { <VoteView page=p/> }.into_any(),
                    Err(err) => view! { <ErrorPage error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn VoteView(page: PollDetail) -> impl IntoView {
    let i18n = use_i18n();
    let id = page.summary.id;
    let close = ServerAction::<CloseVote>::new();
    let ask_close =
        crate::components::confirm::words(i18n, crate::domain::confirm::Irreversible::CloseVote);
    let cast = query_flag("cast");
    // Coming back from the review step to change the ballot.
    let from_review = query_value("ranking");
    let withdrawn: Vec<bool> = page.options.iter().map(|o| o.withdrawn).collect();
    let initial = {
        let asked = from_review.get_untracked();
        Ballot::parse(&asked, &page.blocks, &withdrawn)
            .ok()
            .or_else(|| page.my_ballot.as_ref().map(|b| b.ballot.clone()))
    };
    // A ranking of one question keeps the ranker; everything else is the plain form.
    let ranker = page.blocks.len() == 1 && page.blocks[0].form() == Form::Ranked;
    let several = page.blocks.len() > 1;
    let in_order: Vec<OptionView> = page
        .ballot_order
        .iter()
        .filter_map(|&i| page.options.get(i).cloned())
        .collect();
    let summary = page.summary.clone();
    let closed = summary.phase == Phase::Closed;
    view! {
        <Title text=page.summary.title.clone()/>
        <article class="page vote-page">
            <VoteTrail summary=summary.clone()/>
            <h1>{page.summary.title.clone()}</h1>
            <crate::components::follow::FollowButton kind="vote" id=page.summary.id.get()/>
            <p class="meta">
                <span class=format!("status phase-{:?}", summary.phase).to_lowercase()>{phase_text(i18n, &summary)}</span>
                " · "{ballots_text(i18n, &summary)}
            </p>
            {summary.ballots_coarse.then(|| view! {
                <p class="hint">{fill(t_string!(i18n, vote_ballots_coarse_hint), &[("n", &crate::domain::poll::LIVE_COUNT_STEP.to_string())])}</p>
            })}
            {move || cast.get().then(|| view! { <Notice text=t_string!(i18n, vote_cast_done).to_string()/> })}
            <div class="prose" inner_html=page.description.as_str().to_string()></div>
            <dl class="facts">
                // A titled question (`# Motion [yes-no 2/3]`) has its own method, even alone.
                {if several || page.blocks.first().is_some_and(|b| b.title.is_some()) {
                    view! {
                        <dt>{t!(i18n, vote_questions)}</dt>
                        <dd><ul class="plain">
                            {page.blocks.iter().map(|b| view! {
                                <li>
                                    <strong>{b.title.clone().unwrap_or_default()}</strong>" · "{method_name(i18n, b.method)}
                                    {(b.seats > 1).then(|| format!(" · {}", seats_text(i18n, b.method, b.seats)))}
                                    <br/><span class="hint">{form_hint(i18n, b)}</span>
                                </li>
                            }).collect_view()}
                        </ul></dd>
                    }.into_any()
                } else {
                    view! {
                        <dt>{t!(i18n, vote_method)}</dt>
                        <dd>
                            {method_name(i18n, page.method)}
                            {(page.seats > 1).then(|| format!(" · {}", seats_text(i18n, page.method, page.seats)))}
                            <br/><span class="hint">{method_help(i18n, page.method)}</span>
                        </dd>
                    }.into_any()
                }}
                <dt>{t!(i18n, vote_tie_rule)}</dt><dd>{tie_text(i18n, page.tie)}</dd>
                <dt>{t!(i18n, vote_who)}</dt><dd>{match (&page.roll, page.assemblies.is_empty()) {
                    (Some(r), _) => view! {
                        {t!(i18n, vote_who_roll)}" "<a href=format!("/rolls/{}", r.id)>{r.title.clone()}</a>
                    }.into_any(),
                    (None, true) => eligibility_text(i18n, page.eligibility).into_any(),
                    (None, false) => fill(t_string!(i18n, vote_who_assemblies), &[("names", &page.assemblies.join(", "))]).into_any(),
                }}</dd>
                <dt>{t!(i18n, vote_secrecy)}</dt>
                <dd>{fill(t_string!(i18n, vote_min_voters_fact), &[("n", &summary.min_voters.to_string())])}</dd>
                <dt>{t!(i18n, vote_when)}</dt>
                <dd>{fill(t_string!(i18n, vote_from_to), &[("from", &format_time(summary.opens_at)), ("to", &format_time(summary.closes_at))])}</dd>
            </dl>

            {closed.then(|| view! {
                <p class="notice"><a href=format!("/votes/{id}/results")>{t!(i18n, vote_see_results)}</a></p>
            })}

            <section aria-labelledby="ballot-heading">
                <h2 id="ballot-heading">{t!(i18n, vote_your_ballot)}</h2>
                {page.my_ballot.clone().map(|b| view! { <MyBallotView ballot=b blocks=page.blocks.clone() options=page.options.clone() open=!closed/> })}
                {match page.block {
                    Some(VoteBlock::LoginRequired) => view! {
                        <p class="notice"><a href=format!("/login?next=/votes/{id}")>{t!(i18n, vote_login_to_vote)}</a></p>
                    }.into_any(),
                    Some(VoteBlock::NotEligible) => match page.roll.clone() {
                        Some(r) => view! {
                            <p class="notice">
                                {fill(t_string!(i18n, vote_roll_verify_first), &[("roll", &r.title)])}" "
                                <a href=format!("/rolls/{}?next=/votes/{id}", r.id)>{t!(i18n, roll_verify_link)}</a>
                            </p>
                        }.into_any(),
                        None => view! { <p class="notice">{t!(i18n, error_poll_not_eligible)}</p> }.into_any(),
                    },
                    Some(VoteBlock::VotedInRoom) => view! { <p class="notice">{t!(i18n, error_poll_voted_in_room)}</p> }.into_any(),
                    Some(VoteBlock::NotOpenYet) => view! { <p class="notice">{t!(i18n, error_poll_not_open_yet)}</p> }.into_any(),
                    Some(VoteBlock::Closed) => view! { <p class="notice">{t!(i18n, vote_closed_no_ballots)}</p> }.into_any(),
                    Some(VoteBlock::NotNow { phase }) => view! {
                        <p class="notice">{error_text(i18n, &AppError::NotNow { phase, activity: Activity::Vote })}</p>
                    }.into_any(),
                    None => view! {
                        {page.my_ballot.is_some().then(|| view! { <h3>{t!(i18n, vote_change_ballot)}</h3> })}
                        <p class="hint">{t!(i18n, ballot_shuffled)}</p>
                        {if ranker {
                            let ranking = match initial.as_ref().and_then(|b| b.block(0)) {
                                Some(Marks::Ranked(r)) => Some(r.clone()),
                                _ => None,
                            };
                            view! { <BallotForm poll_id=id options=in_order.clone() initial=ranking/> }.into_any()
                        } else {
                            view! { <BlocksForm poll_id=id blocks=page.blocks.clone() options=in_order.clone() initial=initial.clone()/> }.into_any()
                        }}
                    }.into_any(),
                }}
                {page.block.is_some().then(|| view! {
                    <h3>{t!(i18n, vote_options)}</h3>
                    {page.blocks.iter().map(|b| view! {
                        {b.title.clone().map(|t| view! { <h4>{t}</h4> })}
                        <ol class="ballot-options">
                            {block_options(&page.options, b).iter().map(|o| view! {
                                <li>
                                    {option_label(i18n, o)}
                                    {o.amendment_id.map(|a| view! { " "<a href=format!("/amendments/{a}") class="small">{t!(i18n, vote_read_amendment)}</a> })}
                                </li>
                            }).collect_view()}
                        </ol>
                    }).collect_view()}
                })}
            </section>

            <section aria-labelledby="log-heading" class="integrity">
                <h2 id="log-heading">{t!(i18n, vote_log_heading)}</h2>
                {match (page.entries, page.head_hash.clone()) {
                    (Some(n), Some(head)) => view! {
                        <p>{crate::domain::text::count_text(&n.to_string(), t_string!(i18n, vote_log_text_one), t_string!(i18n, vote_log_text))}</p>
                        <p><code class="hash">{head}</code></p>
                    }.into_any(),
                    _ => view! { <p>{t!(i18n, vote_log_text_open)}</p> }.into_any(),
                }}
                {(page.tie == TieRule::Lot).then(|| view! {
                    <p>{t!(i18n, vote_lot_commitment)}" "<code class="hash">{page.lot_commitment.clone()}</code></p>
                })}
                <form class="row-form" method="get" action=format!("/votes/{id}/receipt")>
                    <label for="receipt-code">{t!(i18n, vote_receipt_lookup)}</label>
                    <input id="receipt-code" name="code" type="text" required maxlength="40" autocomplete="off" spellcheck="false" placeholder="XXXX-XXXX-XXXX-XXXX"/>
                    <button type="submit" class="small">{t!(i18n, vote_receipt_check)}</button>
                </form>
            </section>

            {page.can_close.then(|| view! {
                <section class="actions" aria-labelledby="manage-heading">
                    <h2 id="manage-heading">{t!(i18n, vote_manage)}</h2>
                    <FormError error=error_of(close.value())/>
                    <crate::components::confirm::ConfirmDialog/>
                    <ActionForm action=close attr:class="inline-form" attr:data-confirm=ask_close.question.clone() attr:data-confirm-detail=ask_close.detail.clone() attr:data-confirm-yes=ask_close.yes.clone()>
                        <input type="hidden" name="id" value=id/>
                        <button type="submit" class="danger">{t!(i18n, vote_close_now)}</button>
                    </ActionForm>
                </section>
            })}
        </article>
    }
}

#[component]
fn MyBallotView(
    ballot: MyBallot,
    blocks: Vec<crate::domain::poll::shape::BlockShape>,
    options: Vec<OptionView>,
    open: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="my-ballot notice" id="my-ballot">
            <p>{fill(t_string!(i18n, vote_you_voted), &[("time", &format_time(ballot.cast_at))])}</p>
            <BallotMarks ballot=ballot.ballot.clone() blocks=blocks options=options/>
            {match ballot.receipt.clone() {
                Some(code) => view! {
                    <p>{t!(i18n, vote_receipt)}" "<code class="receipt">{code}</code></p>
                    <p class="hint">{t!(i18n, vote_receipt_hint)}</p>
                }.into_any(),
                None => view! { <p class="hint">{t!(i18n, vote_receipt_gone)}</p> }.into_any(),
            }}
            {open.then(|| view! { <p class="hint">{t!(i18n, vote_revote_hint)}</p> })}
        </div>
    }
}
