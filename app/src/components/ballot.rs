//! The ballot in the reader's language (the form itself is the `Ballot` island), and a
//! ranking in words.

use crate::domain::ids::PollId;
use crate::domain::poll::shape::{self, BlockShape, Form, Marks, SCORE_MAX};
use crate::domain::poll::Ranking;
use crate::domain::tally::ballot::Answer;
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

/// The options of one question of a vote.
pub fn block_options(options: &[OptionView], block: &BlockShape) -> Vec<OptionView> {
    options
        .iter()
        .filter(|o| block.contains(o.position))
        .cloned()
        .collect()
}

/// How a question is answered, in a sentence for the voter.
pub fn form_hint(i18n: leptos_i18n::I18nContext<Locale>, block: &BlockShape) -> String {
    match block.form() {
        Form::Ranked => t_string!(i18n, ballot_hint_selects).to_string(),
        Form::Approval => match block.choose {
            Some(k) => crate::domain::text::count_text(
                &k.to_string(),
                t_string!(i18n, ballot_hint_approve_up_to_one),
                t_string!(i18n, ballot_hint_approve_up_to),
            ),
            None => t_string!(i18n, ballot_hint_approve).to_string(),
        },
        Form::Score => fill(
            t_string!(i18n, ballot_hint_score),
            &[("max", &SCORE_MAX.to_string())],
        ),
        Form::Answers => match block.threshold {
            Some([p, q]) => fill(
                t_string!(i18n, ballot_hint_answers_threshold),
                &[("p", &p.to_string()), ("q", &q.to_string())],
            ),
            None => t_string!(i18n, ballot_hint_answers).to_string(),
        },
    }
}

fn answer_text(i18n: leptos_i18n::I18nContext<Locale>, a: Answer) -> String {
    match a {
        Answer::Yes => t_string!(i18n, answer_yes),
        Answer::No => t_string!(i18n, answer_no),
        Answer::Abstain => t_string!(i18n, answer_abstain),
    }
    .to_string()
}

/// A ballot in words, question by question; a question left blank says so.
#[component]
pub fn BallotMarks(
    ballot: shape::Ballot,
    blocks: Vec<BlockShape>,
    options: Vec<OptionView>,
) -> impl IntoView {
    let i18n = use_i18n();
    let several = blocks.len() > 1;
    blocks
        .into_iter()
        .enumerate()
        .map(|(k, block)| {
            let mine = block_options(&options, &block);
            let label = |p: usize| {
                mine.iter()
                    .find(|o| o.position == p)
                    .map(|o| option_label(i18n, o))
                    .unwrap_or_default()
            };
            let marks = match ballot.block(k).cloned() {
                None => view! { <p class="hint">{t!(i18n, ballot_blank)}</p> }.into_any(),
                Some(Marks::Ranked(r)) => view! { <RankingList ranking=r options=mine.clone()/> }.into_any(),
                Some(Marks::Approved(a)) => {
                    let names: Vec<String> = a.iter().map(|&p| label(p)).collect();
                    view! {
                        <p>{t!(i18n, ballot_approved)}</p>
                        <ul class="marks">{names.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
                    }
                    .into_any()
                }
                Some(Marks::Scores(s)) => view! {
                    <ul class="marks">
                        {mine.iter().filter(|o| !o.withdrawn).map(|o| {
                            let v = s.iter().find(|(p, _)| *p == o.position).map_or(0, |(_, v)| *v);
                            view! { <li>{fill(t_string!(i18n, ballot_score_of), &[("option", &option_label(i18n, o)), ("score", &v.to_string()), ("max", &SCORE_MAX.to_string())])}</li> }
                        }).collect_view()}
                    </ul>
                }
                .into_any(),
                Some(Marks::Answers(a)) => view! {
                    <ul class="marks">
                        {a.iter().map(|&(p, v)| view! { <li>{format!("{}: {}", label(p), answer_text(i18n, v))}</li> }).collect_view()}
                    </ul>
                }
                .into_any(),
            };
            view! {
                <div class="ballot-block-marks">
                    {(several).then(|| block.title.clone().map(|t| view! { <h4>{t}</h4> }))}
                    {marks}
                </div>
            }
        })
        .collect_view()
}

/// The ballot form of a vote of several questions or of another form than a ranking: per
/// question a fieldset of plain form fields ([`BallotFields`]), so it works without
/// JavaScript; sent to the review step.
#[component]
pub fn BlocksForm(
    poll_id: PollId,
    blocks: Vec<BlockShape>,
    /// Every option of the vote, in the viewer's ballot order.
    options: Vec<OptionView>,
    initial: Option<shape::Ballot>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <form class="ballot ballot-blocks" method="get" action=format!("/votes/{poll_id}/review")>
            <BallotFields blocks=blocks options=options initial=initial prefix=None/>
            <button type="submit">{t!(i18n, ballot_review)}</button>
        </form>
    }
}

/// A ballot's fields, question by question: numbers to rank (`rank_P`), boxes to approve
/// (`approve_P`), scores (`score_P`), yes/no/abstain (`answer_P`), for option position P;
/// with a `prefix`, each name inside it (`prefix[rank_P]`).
#[component]
pub fn BallotFields(
    blocks: Vec<BlockShape>,
    /// Every option of the vote, in the order to show them.
    options: Vec<OptionView>,
    initial: Option<shape::Ballot>,
    prefix: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let several = blocks.len() > 1;
    let field_name = move |name: String| match prefix {
        Some(p) => format!("{p}[{name}]"),
        None => name,
    };
    blocks.into_iter().enumerate().map(|(k, block)| {
        let mine = block_options(&options, &block);
        let marks = initial.as_ref().and_then(|b| b.block(k)).cloned();
        let hint_id = format!("block-hint-{k}");
        let legend = block.title.clone().unwrap_or_else(|| t_string!(i18n, vote_your_ballot).to_string());
        let n = block.len;
        view! {
            <fieldset class="ballot-block">
                <legend>{legend}</legend>
                <p class="hint" id=hint_id.clone()>{form_hint(i18n, &block)}
                    {several.then(|| view! { " "{t!(i18n, ballot_hint_blank)} })}</p>
                <ul class="ballot-options">
                    {mine.into_iter().map(|o| {
                        let p = o.position;
                        let label = option_label(i18n, &o);
                        let read = o.amendment_id.map(|a| view! { " "<a href=format!("/amendments/{a}") class="small">{t!(i18n, vote_read_amendment)}</a> });
                        if o.withdrawn {
                            return view! { <li class="ballot-option">{label}" "<span class="badge">{t!(i18n, vote_withdrawn)}</span></li> }.into_any();
                        }
                        let field = match (block.form(), marks.clone()) {
                            (Form::Ranked, m) => {
                                let current = match m { Some(Marks::Ranked(r)) => r.rank_of(p), _ => None };
                                let id = format!("rank-{p}");
                                view! {
                                    <label for=id.clone()>{label}</label>{read}
                                    <select id=id name=field_name(format!("rank_{p}")) aria-describedby=hint_id.clone()>
                                        <option value="" selected=current.is_none()>{t!(i18n, ballot_not_ranked)}</option>
                                        {(1..=n).map(|r| view! { <option value=r.to_string() selected=current == Some(r)>{r.to_string()}</option> }).collect_view()}
                                    </select>
                                }.into_any()
                            }
                            (Form::Approval, m) => {
                                let on = matches!(m, Some(Marks::Approved(a)) if a.contains(&p));
                                view! {
                                    <label class="check"><input type="checkbox" name=field_name(format!("approve_{p}")) checked=on aria-describedby=hint_id.clone()/>" "{label}</label>{read}
                                }.into_any()
                            }
                            (Form::Score, m) => {
                                let current = match m { Some(Marks::Scores(s)) => s.iter().find(|(q, _)| *q == p).map(|(_, v)| *v), _ => None };
                                let id = format!("score-{p}");
                                view! {
                                    <label for=id.clone()>{label}</label>{read}
                                    <select id=id name=field_name(format!("score_{p}")) aria-describedby=hint_id.clone()>
                                        <option value="" selected=current.is_none()>{t!(i18n, ballot_not_scored)}</option>
                                        {(0..=SCORE_MAX).map(|v| view! { <option value=v.to_string() selected=current == Some(v)>{v.to_string()}</option> }).collect_view()}
                                    </select>
                                }.into_any()
                            }
                            (Form::Answers, m) => {
                                let current = match m { Some(Marks::Answers(a)) => a.iter().find(|(q, _)| *q == p).map(|(_, v)| *v), _ => None };
                                let name = field_name(format!("answer_{p}"));
                                view! {
                                    <fieldset class="answers" aria-describedby=hint_id.clone()>
                                        <legend>{label}</legend>{read}
                                        {[Answer::Yes, Answer::No, Answer::Abstain].into_iter().map(|a| view! {
                                            <label class="check"><input type="radio" name=name.clone() value=a.as_str() checked=current == Some(a)/>" "{answer_text(i18n, a)}</label>
                                        }).collect_view()}
                                    </fieldset>
                                }.into_any()
                            }
                        };
                        view! { <li class="ballot-option">{field}</li> }.into_any()
                    }).collect_view()}
                </ul>
            </fieldset>
        }
    }).collect_view()
}
