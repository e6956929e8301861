//! A vote: what is decided and how (method, tie rule, who votes, when), the options, the
//! ballot (or why the viewer cannot vote), the viewer's receipt, the ballot log's head hash
//! with a receipt lookup, and for facilitators the close.

use crate::api::votes::{get_vote, CloseVote};
use crate::components::amendment::format_utc;
use crate::components::ballot::{option_label, BallotForm};
use crate::components::forms::{error_of, id_param, query_flag, query_value, FormError, Notice};
use crate::components::session::reload_to;
use crate::components::status::ErrorPage;
use crate::domain::poll::{Eligibility, Phase, Ranking, TieRule};
use crate::domain::tally::Method;
use crate::domain::text::fill;
use crate::i18n::*;
use crate::views::votes::{MyBallot, OptionView, PollDetail, PollSummary, VoteBlock};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
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

pub fn method_name(i18n: I18nContext<Locale>, m: Method) -> String {
    match m {
        Method::Schulze => t_string!(i18n, method_schulze),
        Method::RankedPairs => t_string!(i18n, method_ranked_pairs),
        Method::Irv => t_string!(i18n, method_irv),
        Method::Borda => t_string!(i18n, method_borda),
        Method::Copeland => t_string!(i18n, method_copeland),
        Method::Minimax => t_string!(i18n, method_minimax),
        Method::StvScottish => t_string!(i18n, method_stv_scottish),
        Method::StvMeek => t_string!(i18n, method_stv_meek),
        Method::Condorcet => t_string!(i18n, method_condorcet),
        Method::Approval => t_string!(i18n, method_approval),
        Method::Score => t_string!(i18n, method_score),
    }
    .to_string()
}

pub fn method_help(i18n: I18nContext<Locale>, m: Method) -> String {
    match m {
        Method::Schulze
        | Method::RankedPairs
        | Method::Copeland
        | Method::Minimax
        | Method::Condorcet => {
            t_string!(i18n, method_help_condorcet)
        }
        Method::Irv => t_string!(i18n, method_help_irv),
        Method::Borda => t_string!(i18n, method_help_borda),
        Method::StvScottish | Method::StvMeek => t_string!(i18n, method_help_stv),
        Method::Approval | Method::Score => t_string!(i18n, method_help_condorcet),
    }
    .to_string()
}

pub fn tie_text(i18n: I18nContext<Locale>, t: TieRule) -> String {
    match t {
        TieRule::None => t_string!(i18n, tie_none),
        TieRule::Order => t_string!(i18n, tie_order),
        TieRule::Lot => t_string!(i18n, tie_lot),
    }
    .to_string()
}

pub fn eligibility_text(i18n: I18nContext<Locale>, e: Eligibility) -> String {
    match e {
        Eligibility::Residents => t_string!(i18n, eligibility_residents),
        Eligibility::RegisteredBefore => t_string!(i18n, eligibility_registered_before),
    }
    .to_string()
}

/// "Open until …", "Opens …", "Closed …".
pub fn phase_text(i18n: I18nContext<Locale>, s: &PollSummary) -> String {
    match s.phase {
        Phase::Scheduled => fill(
            t_string!(i18n, vote_opens_at),
            &[("time", &format_utc(s.opens_at))],
        ),
        Phase::Open => fill(
            t_string!(i18n, vote_open_until),
            &[("time", &format_utc(s.closes_at))],
        ),
        Phase::Closed => fill(
            t_string!(i18n, vote_closed_at),
            &[("time", &format_utc(s.closes_at))],
        ),
    }
}

/// The number of ballots as the page may show it: exact once closed, in steps while open.
pub fn ballots_text(i18n: I18nContext<Locale>, s: &PollSummary) -> String {
    let step = crate::domain::poll::LIVE_COUNT_STEP.to_string();
    match (s.ballots_coarse, s.ballots) {
        (true, 0) => fill(t_string!(i18n, vote_ballots_coarse_few), &[("n", &step)]),
        (true, n) => fill(
            t_string!(i18n, vote_ballots_coarse),
            &[("n", &n.to_string())],
        ),
        (false, 1) => t_string!(i18n, vote_ballots_so_far_one).to_string(),
        (false, n) => fill(
            t_string!(i18n, vote_ballots_so_far),
            &[("n", &n.to_string())],
        ),
    }
}

/// Where a vote belongs (program, section) and its title.
#[component]
pub fn VoteTrail(summary: PollSummary) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="trail" aria-label=move || t_string!(i18n, trail_label)>
            <a href="/votes">{t!(i18n, votes_title)}</a>
            " › "<a href=format!("/programs/{}", summary.program_slug)>{summary.program_title.clone()}</a>
            {summary.section.clone().map(|crate::views::Link { id, title }| view! { " › "<a href=format!("/sections/{id}")>{title}</a> })}
            " › "<a href=format!("/votes/{}", summary.id)>{summary.title.clone()}</a>
        </nav>
    }
}

/// A ranking in words: "1. A", "2. B = C"; unranked options listed after.
#[component]
pub fn RankingList(ranking: Ranking, options: Vec<OptionView>) -> impl IntoView {
    let i18n = use_i18n();
    let label = |p: usize| {
        options
            .iter()
            .find(|o| o.position == p)
            .map(|o| option_label(i18n, o))
            .unwrap_or_default()
    };
    let unranked: Vec<String> = options
        .iter()
        .filter(|o| !o.withdrawn && ranking.rank_of(o.position).is_none())
        .map(|o| option_label(i18n, o))
        .collect();
    view! {
        <ol class="ranking">
            {ranking.0.iter().map(|g| {
                let rank = ranking.rank_of(g[0]).unwrap_or(0);
                let names: Vec<String> = g.iter().map(|&p| label(p)).collect();
                let equal = (g.len() > 1).then(|| view! { <span class="hint">{format!(" ({})", t_string!(i18n, ranking_equal))}</span> });
                view! { <li value=rank.to_string()>{names.join(" = ")}{equal}</li> }
            }).collect_view()}
        </ol>
        {(!unranked.is_empty()).then(|| view! {
            <p class="hint">{fill(t_string!(i18n, ranking_unranked), &[("options", &unranked.join(", "))])}</p>
        })}
    }
}

#[component]
fn VoteView(page: PollDetail) -> impl IntoView {
    let i18n = use_i18n();
    let id = page.summary.id;
    let close = ServerAction::<CloseVote>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = close.value().get() {
            reload_to(&format!("/votes/{id}/results"));
        }
    });
    let cast = query_flag("cast");
    // Coming back from the review step to change the ballot.
    let from_review = query_value("ranking");
    let withdrawn: Vec<bool> = page.options.iter().map(|o| o.withdrawn).collect();
    let initial = {
        let asked = from_review.get_untracked();
        Ranking::parse(&asked, &withdrawn)
            .ok()
            .or_else(|| page.my_ballot.as_ref().map(|b| b.ranking.clone()))
    };
    let summary = page.summary.clone();
    let closed = summary.phase == Phase::Closed;
    view! {
        <Title text=page.summary.title.clone()/>
        <article class="page vote-page">
            <VoteTrail summary=summary.clone()/>
            <h1>{page.summary.title.clone()}</h1>
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
                <dt>{t!(i18n, vote_method)}</dt>
                <dd>
                    {method_name(i18n, page.method)}
                    {(page.seats > 1).then(|| format!(" · {}", fill(t_string!(i18n, vote_seats_n), &[("n", &page.seats.to_string())])))}
                    <br/><span class="hint">{method_help(i18n, page.method)}</span>
                </dd>
                <dt>{t!(i18n, vote_tie_rule)}</dt><dd>{tie_text(i18n, page.tie)}</dd>
                <dt>{t!(i18n, vote_who)}</dt><dd>{eligibility_text(i18n, page.eligibility)}</dd>
                <dt>{t!(i18n, vote_secrecy)}</dt>
                <dd>{fill(t_string!(i18n, vote_min_voters_fact), &[("n", &summary.min_voters.to_string())])}</dd>
                <dt>{t!(i18n, vote_when)}</dt>
                <dd>{fill(t_string!(i18n, vote_from_to), &[("from", &format_utc(summary.opens_at)), ("to", &format_utc(summary.closes_at))])}</dd>
            </dl>

            {closed.then(|| view! {
                <p class="notice"><a href=format!("/votes/{id}/results")>{t!(i18n, vote_see_results)}</a></p>
            })}

            <section aria-labelledby="ballot-heading">
                <h2 id="ballot-heading">{t!(i18n, vote_your_ballot)}</h2>
                {page.my_ballot.clone().map(|b| view! { <MyBallotView ballot=b options=page.options.clone() open=!closed/> })}
                {match page.block {
                    Some(VoteBlock::LoginRequired) => view! {
                        <p class="notice"><a href=format!("/login?next=/votes/{id}")>{t!(i18n, vote_login_to_vote)}</a></p>
                    }.into_any(),
                    Some(VoteBlock::NotEligible) => view! { <p class="notice">{t!(i18n, error_poll_not_eligible)}</p> }.into_any(),
                    Some(VoteBlock::NotOpenYet) => view! { <p class="notice">{t!(i18n, error_poll_not_open_yet)}</p> }.into_any(),
                    Some(VoteBlock::Closed) => view! { <p class="notice">{t!(i18n, vote_closed_no_ballots)}</p> }.into_any(),
                    None => view! {
                        {page.my_ballot.is_some().then(|| view! { <h3>{t!(i18n, vote_change_ballot)}</h3> })}
                        <BallotForm poll_id=id options=page.options.clone() initial=initial.clone()/>
                    }.into_any(),
                }}
                {page.block.is_some().then(|| view! {
                    <h3>{t!(i18n, vote_options)}</h3>
                    <ol class="ballot-options">
                        {page.options.iter().map(|o| view! {
                            <li>
                                {option_label(i18n, o)}
                                {o.amendment_id.map(|a| view! { " "<a href=format!("/amendments/{a}") class="small">{t!(i18n, vote_read_amendment)}</a> })}
                            </li>
                        }).collect_view()}
                    </ol>
                })}
            </section>

            <section aria-labelledby="log-heading" class="integrity">
                <h2 id="log-heading">{t!(i18n, vote_log_heading)}</h2>
                {match (page.entries, page.head_hash.clone()) {
                    (Some(n), Some(head)) => view! {
                        <p>{fill(t_string!(i18n, vote_log_text), &[("n", &n.to_string())])}</p>
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

            {(page.can_manage && !closed).then(|| view! {
                <section class="actions" aria-labelledby="manage-heading">
                    <h2 id="manage-heading">{t!(i18n, vote_manage)}</h2>
                    <FormError error=error_of(close.value())/>
                    <ActionForm action=close attr:class="inline-form">
                        <input type="hidden" name="id" value=id/>
                        <button type="submit" class="danger">{t!(i18n, vote_close_now)}</button>
                    </ActionForm>
                </section>
            })}
        </article>
    }
}

#[component]
fn MyBallotView(ballot: MyBallot, options: Vec<OptionView>, open: bool) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="my-ballot notice" id="my-ballot">
            <p>{fill(t_string!(i18n, vote_you_voted), &[("time", &format_utc(ballot.cast_at))])}</p>
            <RankingList ranking=ballot.ranking.clone() options=options/>
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
