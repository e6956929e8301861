//! A closed vote's results: winners, full ranking, turnout, the rounds as a bar chart and
//! a table, the pairwise matrix as a heat map, the published ballot files with their
//! SHA-256 and the command that re-runs the count, and for facilitators the application
//! of the result to the text.

use crate::api::votes::{vote_results, ApplyVote};
use crate::components::ballot::option_label;
use crate::components::charts::{BarChart, BarRow, HeatMap};
use crate::components::forms::{error_of, id_param, query_value, FormError, Notice};
use crate::components::labels::{method_name, seats_text, tie_text};
use crate::components::status::ErrorPage;
use crate::components::trail::VoteTrail;
use crate::domain::poll::TieRule;
use crate::domain::tally::result::readable;
use crate::domain::tally::Method;
use crate::domain::text::fill;
use crate::domain::time::format_time;
use crate::i18n::*;
use crate::views::votes::TieView;
use crate::views::votes::{Apply, BlockResult, OptionView, PollDetail, PollResults};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn VoteResultsPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param();
    let page = Resource::new(move || id.get(), vote_results);
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => view! { <Results page=p/> }.into_any(),
                    Err(err) => view! { <ErrorPage error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Share of `n` in `total`, as a percentage with one decimal (for display only).
fn percent(n: u64, total: u64) -> String {
    if total == 0 {
        return "0".into();
    }
    let tenths = (n * 1000 + total / 2) / total;
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// The tie rule in a few words, for sentences about a tie it decided.
fn tie_rule_name(i18n: leptos_i18n::I18nContext<Locale>, t: TieRule) -> String {
    match t {
        TieRule::None => t_string!(i18n, tie_rule_none),
        TieRule::Order => t_string!(i18n, tie_rule_order),
        TieRule::Lot => t_string!(i18n, tie_rule_lot),
    }
    .to_string()
}

#[component]
fn BlockDetail(
    block: BlockResult,
    /// Its place among the vote's questions (for unique ids).
    k: usize,
    poll: PollDetail,
    eligible: u64,
    apply_offer: Option<Apply>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = poll.summary.id;
    let options: Vec<OptionView> = poll
        .options
        .iter()
        .skip(block.first)
        .take(block.len)
        .cloned()
        .collect();
    let Some(r) = block.result.clone() else {
        let text = fill(
            t_string!(i18n, results_block_withheld),
            &[
                (
                    "voters",
                    &crate::domain::text::count_text(
                        &block.voters.to_string(),
                        t_string!(i18n, count_people_one),
                        t_string!(i18n, count_people),
                    ),
                ),
                ("min", &poll.summary.min_voters.to_string()),
            ],
        );
        return view! {
            <section class="outcome" aria-labelledby=format!("block-{k}")>
                {block.title.clone().map(|t| view! { <h2 id=format!("block-{k}")>{t}</h2> })}
                <p class="notice">{text}</p>
            </section>
        }
        .into_any();
    };
    let labels: Vec<String> = options.iter().map(|o| option_label(i18n, o)).collect();
    let name = {
        let labels = labels.clone();
        move |c: usize| labels.get(c).cloned().unwrap_or_default()
    };
    let apply = ServerAction::<ApplyVote>::new();
    let ask_apply =
        crate::components::confirm::words(i18n, crate::domain::confirm::Irreversible::ApplyResult);

    // The chart says what it shows. Counts with rounds: the votes per option in the first
    // round (first preferences) and the last. Other methods: first preferences, with the
    // reminder that the winner is decided head to head, not by them.
    let with_counts: Vec<&crate::views::votes::RoundView> = r
        .rounds
        .iter()
        .filter(|x| x.counts.iter().any(Option::is_some))
        .collect();
    let shown = |v: Option<String>| v.map(|x| readable(&x));
    let (chart_title, chart_hint, series, rows) =
        if let (Some(first), Some(last)) = (with_counts.first(), with_counts.last()) {
            let mut series = vec![t_string!(i18n, results_series_first).to_string()];
            if with_counts.len() > 1 {
                series.push(fill(
                    t_string!(i18n, results_series_last),
                    &[("n", &with_counts.len().to_string())],
                ));
            }
            let rows = (0..labels.len())
                .map(|c| BarRow {
                    label: name(c),
                    values: if with_counts.len() > 1 {
                        vec![
                            shown(first.counts.get(c).cloned().flatten()),
                            shown(last.counts.get(c).cloned().flatten()),
                        ]
                    } else {
                        vec![shown(first.counts.get(c).cloned().flatten())]
                    },
                })
                .collect();
            (
                t_string!(i18n, results_chart_rounds).to_string(),
                t_string!(i18n, results_chart_rounds_hint).to_string(),
                series,
                rows,
            )
        } else if let Some(f) = r.figures.first().filter(|_| r.figures.len() == 1) {
            // Approvals or scores: one figure per option.
            let rows = (0..labels.len())
                .filter(|&c| !options.get(c).is_some_and(|o| o.withdrawn))
                .map(|c| BarRow {
                    label: name(c),
                    values: vec![f.values.get(c).cloned().flatten()],
                })
                .collect();
            let (title, series) = if f.key == "scores" {
                (
                    t_string!(i18n, results_chart_scores),
                    t_string!(i18n, results_series_scores),
                )
            } else {
                (
                    t_string!(i18n, results_chart_approvals),
                    t_string!(i18n, results_series_approvals),
                )
            };
            (
                title.to_string(),
                String::new(),
                vec![series.to_string()],
                rows,
            )
        } else if r.ballots > 0 && r.figures.is_empty() {
            let rows = (0..labels.len())
                .filter(|&c| !options.get(c).is_some_and(|o| o.withdrawn))
                .map(|c| BarRow {
                    label: name(c),
                    values: vec![Some(
                        r.first_preferences.get(c).copied().unwrap_or(0).to_string(),
                    )],
                })
                .collect();
            (
                t_string!(i18n, results_chart_first).to_string(),
                t_string!(i18n, results_chart_first_hint).to_string(),
                vec![t_string!(i18n, results_series_ranked_first).to_string()],
                rows,
            )
        } else {
            (String::new(), String::new(), Vec::new(), Vec::new())
        };
    // Ties the vote's tie rule decided, in words; and whether one of them decided a winner.
    let rule = tie_rule_name(i18n, poll.tie);
    let and_list = |cs: &[usize]| {
        let names: Vec<String> = cs.iter().map(|&c| name(c)).collect();
        match names.split_last() {
            Some((last, rest)) if !rest.is_empty() => fill(
                t_string!(i18n, list_and),
                &[("items", &rest.join(", ")), ("last", last)],
            ),
            _ => names.join(""),
        }
    };
    let (moot, broken): (Vec<&TieView>, Vec<&TieView>) = r.ties_broken.iter().partition(|b| b.moot);
    let tie_lines = |ties: Vec<&TieView>| -> Vec<String> {
        ties.into_iter()
            .map(|b| {
                let round = b.round.map(|n| n.to_string()).unwrap_or_default();
                let vars = [
                    ("options", and_list(&b.among)),
                    ("chosen", name(b.chosen)),
                    ("rule", rule.clone()),
                    ("n", round),
                ];
                let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
                let text = match (b.purpose.as_str(), b.moot) {
                    ("exclusion", true) => t_string!(i18n, results_tie_moot_exclusion),
                    (_, true) => t_string!(i18n, results_tie_moot_election),
                    ("election", _) => t_string!(i18n, results_tie_broken_election),
                    ("exclusion", _) => t_string!(i18n, results_tie_broken_exclusion),
                    _ => t_string!(i18n, results_tie_broken_ranking),
                };
                fill(text, &vars)
            })
            .collect()
    };
    let (moot, broken) = (tie_lines(moot), tie_lines(broken));
    let winner_by_tie = r.ties_broken.iter().any(|b| {
        !b.moot
            && b.among.iter().any(|c| r.winners.contains(c))
            && b.among.iter().any(|c| !r.winners.contains(c))
    });
    let count = crate::domain::text::count_text;
    let turnout = fill(
        t_string!(i18n, results_turnout),
        &[
            (
                "n",
                &count(
                    &r.ballots.to_string(),
                    t_string!(i18n, count_ballots_one),
                    t_string!(i18n, count_ballots),
                ),
            ),
            (
                "m",
                &count(
                    &eligible.to_string(),
                    t_string!(i18n, count_people_one),
                    t_string!(i18n, count_people),
                ),
            ),
            ("p", &percent(r.ballots, eligible)),
        ],
    );
    let winners: Vec<String> = r.winners.iter().map(|&c| name(c)).collect();
    let tied: Vec<String> = r.tied.iter().map(|&c| name(c)).collect();
    let seats = block.seats;
    let yes_no = block.method == Method::YesNo;
    let figure = |key: &str, c: usize| {
        r.figures
            .iter()
            .find(|f| f.key == key)
            .and_then(|f| f.values.get(c).cloned().flatten())
            .unwrap_or_else(|| "0".into())
    };
    let answers_table = yes_no.then(|| {
        let rows: Vec<(String, String, String, String, bool)> = (0..labels.len())
            .filter(|&c| !options.get(c).is_some_and(|o| o.withdrawn))
            .map(|c| {
                (
                    name(c),
                    figure("yes", c),
                    figure("no", c),
                    figure("abstain", c),
                    r.winners.contains(&c),
                )
            })
            .collect();
        view! {
            <div class="table-scroll">
                <table class="answers">
                    <caption class="visually-hidden">{t!(i18n, results_answers)}</caption>
                    <thead><tr>
                        <th scope="col">{t!(i18n, results_option)}</th>
                        <th scope="col">{t!(i18n, answer_yes)}</th>
                        <th scope="col">{t!(i18n, answer_no)}</th>
                        <th scope="col">{t!(i18n, answer_abstain)}</th>
                        <th scope="col">{t!(i18n, results_passes)}</th>
                    </tr></thead>
                    <tbody>
                        {rows.into_iter().map(|(label, yes, no, abstain, passed)| view! {
                            <tr>
                                <th scope="row">{label}</th>
                                <td class="num">{readable(&yes)}</td>
                                <td class="num">{readable(&no)}</td>
                                <td class="num">{readable(&abstain)}</td>
                                <td>{if passed { t_string!(i18n, results_passed) } else { t_string!(i18n, results_not_passed) }}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        }
    });
    let h = move |name: &str| format!("{name}-{k}");

    view! {
            {view! {
            <section aria-labelledby=h("outcome-heading") class="outcome">
                {match block.title.clone() {
                    Some(t) => view! { <h2 id=h("outcome-heading")>{t}</h2><p class="meta">{method_name(i18n, block.method)}{(seats > 1).then(|| format!(" · {}", seats_text(i18n, block.method, seats)))}</p> }.into_any(),
                    None => view! { <h2 id=h("outcome-heading")>{t!(i18n, results_outcome)}</h2> }.into_any(),
                }}
                {if yes_no {
                    let text = if winners.is_empty() { t_string!(i18n, results_none_passed).to_string() } else { fill(t_string!(i18n, results_passed_list), &[("options", &winners.join(", "))]) };
                    view! { <p class="winner">{text}</p> }.into_any()
                } else if !tied.is_empty() {
                    view! { <p class="notice error">{fill(t_string!(i18n, results_tied), &[("options", &tied.join(", "))])}</p> }.into_any()
                } else if seats > 1 {
                    let text = if winner_by_tie { t_string!(i18n, results_elected_by_tie) } else { t_string!(i18n, results_elected) };
                    view! { <p class="winner">{fill(text, &[("options", &winners.join(", "))])}</p> }.into_any()
                } else {
                    let text = if winner_by_tie { t_string!(i18n, results_winner_by_tie) } else { t_string!(i18n, results_winner) };
                    view! { <p class="winner">{fill(text, &[("option", &winners.join(", "))])}</p> }.into_any()
                }}
                {(!broken.is_empty()).then(|| view! {
                    <div class="notice ties" role="note">
                        <p><strong>{t!(i18n, results_ties_heading)}</strong></p>
                        <ul>{broken.iter().map(|b| view! { <li>{b.clone()}</li> }).collect_view()}</ul>
                        {(poll.tie == TieRule::Lot).then(|| view! { <p><a href="#lot">{t!(i18n, results_lot_check)}</a></p> })}
                    </div>
                })}
                {(!moot.is_empty()).then(|| view! {
                    <div class="notice" role="note">
                        <p><strong>{t!(i18n, results_ties_moot_heading)}</strong></p>
                        <ul>{moot.iter().map(|b| view! { <li>{b.clone()}</li> }).collect_view()}</ul>
                    </div>
                })}
                <p>{turnout}</p>
                {answers_table}
                {(!block.sources.is_empty()).then(|| view! {
                    <h3 id=h("sources-heading")>{t!(i18n, results_sources)}</h3>
                    <p class="hint">{t!(i18n, results_sources_hint)}</p>
                    <div class="table-scroll">
                        <table class="sources" aria-labelledby=h("sources-heading")>
                            <thead><tr>
                                <th scope="col">{t!(i18n, results_source)}</th>
                                <th scope="col">{t!(i18n, results_source_ballots)}</th>
                                <th scope="col">{t!(i18n, results_source_winners)}</th>
                            </tr></thead>
                            <tbody>
                                {block.sources.iter().map(|src| {
                                    let place = match src.name.as_str() {
                                        crate::domain::tally::ballot::ONLINE => t_string!(i18n, results_source_online).to_string(),
                                        crate::domain::poll::SMALL_ROOMS => t_string!(i18n, results_source_small_rooms).to_string(),
                                        other => other.to_string(),
                                    };
                                    let chosen: Vec<String> = src.winners.iter().map(|&c| name(c)).collect();
                                    view! {
                                        <tr>
                                            <th scope="row">{place}</th>
                                            <td class="num">{src.ballots.to_string()}</td>
                                            <td>{chosen.join(", ")}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                })}
                <h3>{t!(i18n, results_ranking)}</h3>
                <ol class="ranking">
                    {r.ranking.iter().map(|g| {
                        let names: Vec<String> = g.iter().map(|&c| name(c)).collect();
                        view! { <li>{names.join(" = ")}</li> }
                    }).collect_view()}
                </ol>
                {poll.applied_at.map(|t| view! { <p class="notice">{fill(t_string!(i18n, results_applied_at), &[("time", &format_time(t))])}</p> })}
                {apply_offer.map(|a| view! {
                    <div class="actions">
                        <FormError error=error_of(apply.value())/>
                        {match a {
                            Apply::Tied => view! { <p class="notice">{t!(i18n, error_poll_tied)}</p> }.into_any(),
                            Apply::Winner(c) => {
                                let keep = options.get(c).is_some_and(|o| o.keep_current);
                                let text = if keep {
                                    t_string!(i18n, results_apply_keep).to_string()
                                } else {
                                    fill(t_string!(i18n, results_apply_winner), &[("option", &name(c))])
                                };
                                view! {
                                    <p>{text}</p>
                                    <crate::components::confirm::ConfirmDialog/>
                                    <ActionForm action=apply attr:class="inline-form" attr:data-confirm=ask_apply.question.clone() attr:data-confirm-detail=ask_apply.detail.clone() attr:data-confirm-yes=ask_apply.yes.clone()>
                                        <input type="hidden" name="id" value=id/>
                                        <button type="submit">{t!(i18n, results_apply)}</button>
                                    </ActionForm>
                                }.into_any()
                            }
                        }}
                    </div>
                })}
            </section>
            }.into_any()}

            {(!rows.is_empty()).then(|| view! {
                <section aria-labelledby=h("chart-heading")>
                    <h3 id=h("chart-heading")>{chart_title.clone()}</h3>
                    <p class="hint">{chart_hint.clone()}</p>
                    <BarChart title=chart_title.clone() series=series rows=rows/>
                </section>
            }.into_any())}

            {(!r.rounds.is_empty()).then(|| {
                let labels = labels.clone();
                view! {
                    <section aria-labelledby=h("rounds-heading")>
                        <h3 id=h("rounds-heading")>{t!(i18n, results_rounds)}</h3>
                        <p class="hint">{t!(i18n, results_rounds_hint)}</p>
                        <div class="table-scroll">
                            <table class="rounds">
                                <caption class="visually-hidden">{t!(i18n, results_rounds)}</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">{t!(i18n, results_round)}</th>
                                        {labels.iter().map(|l| view! { <th scope="col">{l.clone()}</th> }).collect_view()}
                                        <th scope="col">{t!(i18n, results_exhausted)}</th>
                                        <th scope="col">{t!(i18n, results_what_happened)}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {r.rounds.iter().enumerate().map(|(k, round)| {
                                        let elected: Vec<String> = round.elected.iter().map(|&c| labels.get(c).cloned().unwrap_or_default()).collect();
                                        let excluded: Vec<String> = round.excluded.iter().map(|&c| labels.get(c).cloned().unwrap_or_default()).collect();
                                        view! {
                                            <tr>
                                                <th scope="row">{(k + 1).to_string()}</th>
                                                {(0..labels.len()).map(|c| {
                                                    let exact = round.counts.get(c).cloned().flatten().unwrap_or_default();
                                                    view! { <td class="num" title=exact.clone()>{readable(&exact)}</td> }
                                                }).collect_view()}
                                                <td class="num" title=round.exhausted.clone().unwrap_or_default()>{readable(&round.exhausted.clone().unwrap_or_default())}</td>
                                                <td>
                                                    {(!elected.is_empty()).then(|| view! { <strong>{fill(t_string!(i18n, results_round_elected), &[("options", &elected.join(", "))])}</strong>" " })}
                                                    {(!excluded.is_empty()).then(|| fill(t_string!(i18n, results_round_excluded), &[("options", &excluded.join(", "))]) + " ")}
                                                    <span class="hint">{round.note.clone()}</span>
                                                </td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    </section>
                }.into_any()
            })}

            {r.pairwise.clone().map(|m| view! {
                <section aria-labelledby=h("pairwise-heading")>
                    <h3 id=h("pairwise-heading")>{t!(i18n, results_pairwise)}</h3>
                    <p class="hint">{t!(i18n, results_pairwise_hint)}</p>
                    <HeatMap caption=t_string!(i18n, results_pairwise).to_string() labels=labels.clone() matrix=m total=r.ballots corner=t_string!(i18n, results_pairwise_corner).to_string()/>
                </section>
            }.into_any())}

    }
    .into_any()
}

#[component]
fn Results(page: PollResults) -> impl IntoView {
    let i18n = use_i18n();
    let poll = page.poll.clone();
    let id = poll.summary.id;
    let done = query_value("done");
    let several = page.blocks.len() > 1;
    let seats = poll.seats;
    view! {
        <Title text=fill(t_string!(i18n, results_title), &[("title", &poll.summary.title)])/>
        <article class="page vote-results">
            <VoteTrail summary=poll.summary.clone()/>
            <h1>{fill(t_string!(i18n, results_title), &[("title", &poll.summary.title)])}</h1>
            {move || (done.get() == "applied").then(|| view! { <Notice text=t_string!(i18n, results_applied_done).to_string()/> })}
            <p class="meta">
                {(!several).then(|| method_name(i18n, poll.method))}
                {(!several && seats > 1).then(|| format!(" · {}", seats_text(i18n, poll.method, seats)))}
                {(!several).then_some(" · ")}{tie_text(i18n, poll.tie)}
                " · "{fill(t_string!(i18n, vote_closed_at), &[("time", &format_time(poll.summary.closes_at))])}
            </p>
            {page.blocks.iter().cloned().enumerate().map(|(k, block)| view! {
                <BlockDetail block=block k=k poll=poll.clone() eligible=page.eligible apply_offer=page.apply/>
            }).collect_view()}

            {view! {
            <section aria-labelledby="files-heading">
                <h2 id="files-heading">{t!(i18n, results_files)}</h2>
                <p>{t!(i18n, results_files_intro)}</p>
                <ul class="files">
                    {page.files.iter().map(|f| view! {
                        <li>
                            <a href=f.href.clone() download=f.name.clone()>{f.name.clone()}</a>
                            {format!(" · {} bytes · SHA-256 ", f.bytes)}<code class="hash">{f.sha256.clone()}</code>
                        </li>
                    }).collect_view()}
                </ul>
                <p>{t!(i18n, results_command)}</p>
                <pre><code>{page.command.clone()}</code></pre>
                <p>
                    {crate::domain::text::count_text(&poll.entries.unwrap_or_default().to_string(), t_string!(i18n, results_log_head_one), t_string!(i18n, results_log_head))}" "
                    <code class="hash">{poll.head_hash.clone().unwrap_or_default()}</code>
                    <br/><span class="hint">{format!("redacta verify-log {id}")}</span>
                </p>
                {(poll.tie == TieRule::Lot).then(|| view! {
                    <p id="lot">
                        {t!(i18n, results_lot_procedure)}" "
                        <code class="hash">{poll.lot_commitment.clone()}</code>
                        <br/>{t!(i18n, results_lot_secret)}" "<code class="hash">{poll.lot_secret.clone().unwrap_or_default()}</code>
                    </p>
                })}
                <p><a href=format!("/votes/{id}/voters")>{t!(i18n, results_voters)}</a></p>
                <details>
                    <summary>{t!(i18n, results_json)}</summary>
                    <pre class="json"><code>{page.json.clone()}</code></pre>
                </details>
            </section>
            }.into_any()}
        </article>
    }
}
