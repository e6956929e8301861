//! The ballot in the reader's language (the form itself is the `Ballot` island), and a
//! ranking in words.

use crate::domain::ids::PollId;
use crate::domain::poll::Ranking;
use crate::domain::text::fill;
use crate::i18n::*;
use crate::islands::ballot::{Ballot, BallotLabels, BallotOption, BallotStart, BALLOT_SELECTS};
use crate::islands::start;
use crate::views::votes::OptionView;
use leptos::prelude::*;

/// The text voters read for an option ("keep the current text" in their language).
pub fn option_label(i18n: leptos_i18n::I18nContext<Locale>, o: &OptionView) -> String {
    if o.keep_current {
        t_string!(i18n, vote_keep_current).to_string()
    } else {
        o.label.clone()
    }
}

/// The ballot form: a numbered select per option (equal numbers rank equal), which the
/// `Ballot` island replaces with the ranker once the page is interactive.
#[component]
pub fn BallotForm(
    poll_id: PollId,
    options: Vec<OptionView>,
    initial: Option<Ranking>,
) -> impl IntoView {
    let i18n = use_i18n();
    let choices: Vec<BallotOption> = options
        .iter()
        .map(|o| BallotOption {
            position: o.position,
            label: option_label(i18n, o),
            amendment_id: o.amendment_id,
            withdrawn: o.withdrawn,
        })
        .collect();
    let s = |t: &str| t.to_string();
    let labels = BallotLabels {
        hint_ranker: s(t_string!(i18n, ballot_hint_ranker)),
        read_amendment: s(t_string!(i18n, vote_read_amendment)),
        your_ranking: s(t_string!(i18n, ranker_your_ranking)),
        empty: s(t_string!(i18n, ranker_empty)),
        unranked: s(t_string!(i18n, ranker_unranked)),
        up: s(t_string!(i18n, ranker_up)),
        down: s(t_string!(i18n, ranker_down)),
        tie: s(t_string!(i18n, ranker_tie)),
        untie: s(t_string!(i18n, ranker_untie)),
        remove: s(t_string!(i18n, ranker_remove)),
        add: s(t_string!(i18n, ranker_add)),
        add_short: s(t_string!(i18n, ranker_add_short)),
        now_rank: s(t_string!(i18n, ranker_now_rank)),
        removed: s(t_string!(i18n, ranker_removed)),
    };
    let n = options.len();
    view! {
        <form class="ballot" method="get" action=format!("/votes/{poll_id}/review")>
            <div id=BALLOT_SELECTS>
                <p class="hint" id="ballot-hint">{t!(i18n, ballot_hint_selects)}</p>
                <ol class="ballot-options">
                    {options.iter().map(|o| {
                        let select_id = format!("rank-{}", o.position);
                        let current = initial.as_ref().and_then(|r| r.rank_of(o.position));
                        view! {
                            <li class="ballot-option">
                                <label for=select_id.clone()>{option_label(i18n, o)}</label>
                                {o.amendment_id.map(|a| view! { " "<a href=format!("/amendments/{a}") class="small">{t!(i18n, vote_read_amendment)}</a> })}
                                {if o.withdrawn {
                                    view! { <span class="badge">{t!(i18n, vote_withdrawn)}</span> }.into_any()
                                } else {
                                    view! {
                                        <select id=select_id name=format!("rank_{}", o.position) aria-describedby="ballot-hint">
                                            <option value="" selected=current.is_none()>{t!(i18n, ballot_not_ranked)}</option>
                                            {(1..=n).map(|k| view! {
                                                <option value=k.to_string() selected=current == Some(k)>{k.to_string()}</option>
                                            }).collect_view()}
                                        </select>
                                    }.into_any()
                                }}
                            </li>
                        }
                    }).collect_view()}
                </ol>
            </div>
            {start(BallotStart { options: choices, labels })}
            <Ballot/>
            <button type="submit">{t!(i18n, ballot_review)}</button>
        </form>
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
