//! A closed vote's results: winners, full ranking, turnout, the rounds as a bar chart and
//! a table, the pairwise matrix as a heat map, the published ballot files with their
//! SHA-256 and the command that re-runs the count, and for facilitators the application
//! of the result to the text.

use crate::api::votes::{vote_results, ApplyVote};
use crate::components::ballot::option_label;
use crate::components::charts::{BarChart, BarRow, HeatMap};
use crate::components::forms::{error_of, id_param, query_value, FormError, Notice};
use crate::components::labels::{method_name, tie_text};
use crate::components::status::ErrorPage;
use crate::components::trail::VoteTrail;
use crate::domain::poll::TieRule;
use crate::domain::text::fill;
use crate::domain::time::format_utc;
use crate::i18n::*;
use crate::views::votes::{Apply, PollResults};
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

#[component]
fn Results(page: PollResults) -> impl IntoView {
    let i18n = use_i18n();
    let poll = page.poll.clone();
    let id = poll.summary.id;
    let r = page.result.clone();
    let labels: Vec<String> = poll.options.iter().map(|o| option_label(i18n, o)).collect();
    let name = {
        let labels = labels.clone();
        move |c: usize| labels.get(c).cloned().unwrap_or_default()
    };
    let apply = ServerAction::<ApplyVote>::new();
    let done = query_value("done");

    // The chart: the first and the last round when the count has rounds with votes;
    // otherwise, for pairwise methods, how many options each one beats.
    let with_counts: Vec<&crate::views::votes::RoundView> = r
        .rounds
        .iter()
        .filter(|x| x.counts.iter().any(Option::is_some))
        .collect();
    let (series, rows) =
        if let (Some(first), Some(last)) = (with_counts.first(), with_counts.last()) {
            let mut series = vec![fill(t_string!(i18n, results_round_n), &[("n", "1")])];
            if with_counts.len() > 1 {
                series.push(fill(
                    t_string!(i18n, results_round_n),
                    &[("n", &with_counts.len().to_string())],
                ));
            }
            let rows = (0..labels.len())
                .map(|c| BarRow {
                    label: name(c),
                    values: if with_counts.len() > 1 {
                        vec![
                            first.counts.get(c).cloned().flatten(),
                            last.counts.get(c).cloned().flatten(),
                        ]
                    } else {
                        vec![first.counts.get(c).cloned().flatten()]
                    },
                })
                .collect();
            (series, rows)
        } else if let Some(m) = &r.pairwise {
            let rows = (0..labels.len())
                .map(|c| BarRow {
                    label: name(c),
                    values: vec![Some(
                        (0..labels.len())
                            .filter(|&d| d != c && m[c][d] > m[d][c])
                            .count()
                            .to_string(),
                    )],
                })
                .collect();
            (
                vec![t_string!(i18n, results_pairwise_wins).to_string()],
                rows,
            )
        } else {
            (Vec::new(), Vec::new())
        };
    let turnout = fill(
        t_string!(i18n, results_turnout),
        &[
            ("n", &r.ballots.to_string()),
            ("m", &page.eligible.to_string()),
            ("p", &percent(r.ballots, page.eligible)),
        ],
    );
    let winners: Vec<String> = r.winners.iter().map(|&c| name(c)).collect();
    let tied: Vec<String> = r.tied.iter().map(|&c| name(c)).collect();
    let seats = poll.seats;

    view! {
        <Title text=fill(t_string!(i18n, results_title), &[("title", &poll.summary.title)])/>
        <article class="page vote-results">
            <VoteTrail summary=poll.summary.clone()/>
            <h1>{fill(t_string!(i18n, results_title), &[("title", &poll.summary.title)])}</h1>
            {move || (done.get() == "applied").then(|| view! { <Notice text=t_string!(i18n, results_applied_done).to_string()/> })}
            <p class="meta">
                {method_name(i18n, poll.method)}
                {(seats > 1).then(|| format!(" · {}", fill(t_string!(i18n, vote_seats_n), &[("n", &seats.to_string())])))}
                " · "{tie_text(i18n, poll.tie)}
                " · "{fill(t_string!(i18n, vote_closed_at), &[("time", &format_utc(poll.summary.closes_at))])}
            </p>
            {view! {
            <section aria-labelledby="outcome-heading" class="outcome">
                <h2 id="outcome-heading">{t!(i18n, results_outcome)}</h2>
                {if !tied.is_empty() {
                    view! { <p class="notice error">{fill(t_string!(i18n, results_tied), &[("options", &tied.join(", "))])}</p> }.into_any()
                } else if seats > 1 {
                    view! { <p class="winner">{fill(t_string!(i18n, results_elected), &[("options", &winners.join(", "))])}</p> }.into_any()
                } else {
                    view! { <p class="winner">{fill(t_string!(i18n, results_winner), &[("option", &winners.join(", "))])}</p> }.into_any()
                }}
                <p>{turnout}</p>
                <h3>{t!(i18n, results_ranking)}</h3>
                <ol class="ranking">
                    {r.ranking.iter().map(|g| {
                        let names: Vec<String> = g.iter().map(|&c| name(c)).collect();
                        view! { <li>{names.join(" = ")}</li> }
                    }).collect_view()}
                </ol>
                {poll.applied_at.map(|t| view! { <p class="notice">{fill(t_string!(i18n, results_applied_at), &[("time", &format_utc(t))])}</p> })}
                {page.apply.map(|a| view! {
                    <div class="actions">
                        <FormError error=error_of(apply.value())/>
                        {match a {
                            Apply::Tied => view! { <p class="notice">{t!(i18n, error_poll_tied)}</p> }.into_any(),
                            Apply::Winner(c) => {
                                let keep = poll.options.get(c).is_some_and(|o| o.keep_current);
                                let text = if keep {
                                    t_string!(i18n, results_apply_keep).to_string()
                                } else {
                                    fill(t_string!(i18n, results_apply_winner), &[("option", &name(c))])
                                };
                                view! {
                                    <p>{text}</p>
                                    <ActionForm action=apply attr:class="inline-form">
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
                <section aria-labelledby="chart-heading">
                    <h2 id="chart-heading">{t!(i18n, results_chart)}</h2>
                    <BarChart title=t_string!(i18n, results_chart).to_string() series=series rows=rows/>
                </section>
            }.into_any())}

            {(!r.rounds.is_empty()).then(|| {
                let labels = labels.clone();
                view! {
                    <section aria-labelledby="rounds-heading">
                        <h2 id="rounds-heading">{t!(i18n, results_rounds)}</h2>
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
                                                {(0..labels.len()).map(|c| view! { <td class="num">{round.counts.get(c).cloned().flatten().unwrap_or_default()}</td> }).collect_view()}
                                                <td class="num">{round.exhausted.clone().unwrap_or_default()}</td>
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
                <section aria-labelledby="pairwise-heading">
                    <h2 id="pairwise-heading">{t!(i18n, results_pairwise)}</h2>
                    <p class="hint">{t!(i18n, results_pairwise_hint)}</p>
                    <HeatMap caption=t_string!(i18n, results_pairwise).to_string() labels=labels.clone() matrix=m total=r.ballots corner=t_string!(i18n, results_pairwise_corner).to_string()/>
                </section>
            }.into_any())}

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
                    {fill(t_string!(i18n, results_log_head), &[("n", &poll.entries.unwrap_or_default().to_string())])}" "
                    <code class="hash">{poll.head_hash.clone().unwrap_or_default()}</code>
                    <br/><span class="hint">{format!("redacta verify-log {id}")}</span>
                </p>
                {(poll.tie == TieRule::Lot).then(|| view! {
                    <p>
                        {t!(i18n, results_lot_procedure)}" "
                        <code class="hash">{poll.lot_commitment.clone()}</code>
                        <br/>{t!(i18n, results_lot_secret)}" "<code class="hash">{poll.lot_secret.clone().unwrap_or_default()}</code>
                    </p>
                })}
                <p><a href=format!("/votes/{id}/voters")>{t!(i18n, results_voters)}</a></p>
                <details>
                    <summary>{t!(i18n, results_json)}</summary>
                    <pre class="json"><code>{r.json.clone()}</code></pre>
                </details>
            </section>
            }.into_any()}
        </article>
    }
}
