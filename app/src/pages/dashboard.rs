//! The coordinators' dashboard: participation over time and by assembly (SVG drawn on the
//! server, each chart with its table), the amendments waiting for a decision, the conflict
//! groups without a vote, and the public data export.

use crate::api::dashboard::get_dashboard;
use crate::components::amendment::StatusBadge;
use crate::components::charts::{BarChart, BarRow, ColumnChart};
use crate::components::status::ErrorPage;
use crate::domain::text::fill;
use crate::domain::time::format_time;
use crate::error::AppError;
use crate::i18n::*;
use crate::views::dashboard::Dashboard;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

#[component]
pub fn DashboardPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| get_dashboard());
    view! {
        <Title text=t_string!(i18n, dashboard_title).to_string()/>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => view! { <DashboardView data=d/> }.into_any(),
                    Err(AppError::LoginRequired) => view! { <Redirect path="/login?next=/dashboard"/> }.into_any(),
                    Err(err) => view! { <ErrorPage error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// "MM-DD" of a week's first day.
fn week_label(start: i64) -> String {
    crate::domain::time::format_time(start)
        .get(5..10)
        .unwrap_or("")
        .to_string()
}

#[component]
fn DashboardView(data: Dashboard) -> impl IntoView {
    let i18n = use_i18n();
    let t = data.totals.clone();
    let labels: Vec<String> = data.weeks.iter().map(|w| week_label(w.start)).collect();
    let metrics: Vec<(String, Vec<i64>)> = vec![
        (
            t_string!(i18n, dashboard_residents).to_string(),
            data.weeks.iter().map(|w| w.residents).collect(),
        ),
        (
            t_string!(i18n, dashboard_amendments).to_string(),
            data.weeks.iter().map(|w| w.amendments).collect(),
        ),
        (
            t_string!(i18n, dashboard_comments).to_string(),
            data.weeks.iter().map(|w| w.comments).collect(),
        ),
        (
            t_string!(i18n, dashboard_supports).to_string(),
            data.weeks.iter().map(|w| w.supports).collect(),
        ),
        (
            t_string!(i18n, dashboard_ballots).to_string(),
            data.weeks.iter().map(|w| w.ballots).collect(),
        ),
    ];
    let room: Vec<BarRow> = data
        .assemblies
        .iter()
        .map(|a| BarRow {
            label: a.name.clone(),
            values: vec![
                Some(a.members.to_string()),
                Some(a.attendance.to_string()),
                Some(a.adopted.to_string()),
            ],
        })
        .collect();
    let online: Vec<BarRow> = data
        .assemblies
        .iter()
        .map(|a| BarRow {
            label: a.name.clone(),
            values: vec![
                Some(a.comments.to_string()),
                Some(a.supports.to_string()),
                Some(a.ballots.to_string()),
            ],
        })
        .collect();
    view! {
        <article class="page dashboard-page">
            <h1>{t!(i18n, dashboard_title)}</h1>
            <p class="meta">{fill(t_string!(i18n, dashboard_as_of), &[("time", &format_time(data.generated_at))])}</p>
            <dl class="totals">
                <div><dt>{t!(i18n, dashboard_residents)}</dt><dd>{t.residents}</dd></div>
                <div><dt>{t!(i18n, dashboard_amendments)}</dt><dd>{t.amendments}</dd></div>
                <div><dt>{t!(i18n, dashboard_comments)}</dt><dd>{t.comments}</dd></div>
                <div><dt>{t!(i18n, dashboard_supports)}</dt><dd>{t.supports}</dd></div>
                <div><dt>{t!(i18n, dashboard_ballots)}</dt><dd>{t.ballots}</dd></div>
                <div><dt>{t!(i18n, assemblies_title)}</dt><dd>{t.assemblies}</dd></div>
                <div><dt>{t!(i18n, dashboard_meetings)}</dt><dd>{t.meetings}</dd></div>
                <div><dt>{t!(i18n, dashboard_attendance)}</dt><dd>{t.attendance}</dd></div>
            </dl>
            <section aria-labelledby="over-time">
                <h2 id="over-time">{t!(i18n, dashboard_over_time)}</h2>
                <p class="hint">{t!(i18n, dashboard_over_time_hint)}</p>
                <div class="small-multiples">
                    {metrics.iter().map(|(name, values)| view! {
                        <figure>
                            <figcaption>{name.clone()}</figcaption>
                            <ColumnChart title=name.clone() labels=labels.clone() values=values.clone()/>
                        </figure>
                    }).collect_view()}
                </div>
                <details>
                    <summary>{t!(i18n, dashboard_as_table)}</summary>
                    <div class="table-scroll">
                        <table>
                            <thead><tr>
                                <th scope="col">{t!(i18n, dashboard_week)}</th>
                                {metrics.iter().map(|(name, _)| view! { <th scope="col">{name.clone()}</th> }).collect_view()}
                            </tr></thead>
                            <tbody>
                                {data.weeks.iter().enumerate().map(|(i, w)| view! {
                                    <tr>
                                        <th scope="row">{format_time(w.start).get(0..10).unwrap_or("").to_string()}</th>
                                        {metrics.iter().map(|(_, v)| view! { <td>{v[i]}</td> }).collect_view()}
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                </details>
            </section>
            <section aria-labelledby="by-assembly">
                <h2 id="by-assembly">{t!(i18n, dashboard_by_assembly)}</h2>
                {if data.assemblies.is_empty() {
                    view! { <p class="empty">{t!(i18n, assemblies_none)}</p> }.into_any()
                } else {
                    view! {
                        <h3>{t!(i18n, dashboard_in_the_room)}</h3>
                        <BarChart title=t_string!(i18n, dashboard_in_the_room).to_string()
                            series=vec![t_string!(i18n, dashboard_members).to_string(), t_string!(i18n, dashboard_attendance).to_string(), t_string!(i18n, dashboard_adopted).to_string()]
                            rows=room/>
                        <h3>{t!(i18n, dashboard_online_by_members)}</h3>
                        <BarChart title=t_string!(i18n, dashboard_online_by_members).to_string()
                            series=vec![t_string!(i18n, dashboard_comments).to_string(), t_string!(i18n, dashboard_supports).to_string(), t_string!(i18n, dashboard_ballots).to_string()]
                            rows=online/>
                        <div class="table-scroll">
                            <table>
                                <thead><tr>
                                    <th scope="col">{t!(i18n, assembly_field_name)}</th>
                                    <th scope="col">{t!(i18n, dashboard_members)}</th>
                                    <th scope="col">{t!(i18n, dashboard_meetings)}</th>
                                    <th scope="col">{t!(i18n, dashboard_attendance)}</th>
                                    <th scope="col">{t!(i18n, dashboard_adopted)}</th>
                                    <th scope="col">{t!(i18n, dashboard_comments)}</th>
                                    <th scope="col">{t!(i18n, dashboard_supports)}</th>
                                    <th scope="col">{t!(i18n, dashboard_ballots)}</th>
                                </tr></thead>
                                <tbody>
                                    {data.assemblies.iter().map(|a| view! {
                                        <tr>
                                            <th scope="row"><a href=format!("/assemblies/{}", a.slug)>{a.name.clone()}</a></th>
                                            <td>{a.members}</td><td>{a.meetings}</td><td>{a.attendance}</td><td>{a.adopted}</td>
                                            <td>{a.comments}</td><td>{a.supports}</td><td>{a.ballots}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any()
                }}
            </section>
            <crate::pages::work_queue::CommitteeCounts counts=data.committees.clone()/>
            <section aria-labelledby="waiting">
                <h2 id="waiting">{t!(i18n, dashboard_waiting)}</h2>
                <p>{fill(&crate::domain::text::count_text(&data.waiting_total.to_string(), t_string!(i18n, dashboard_waiting_count_one), t_string!(i18n, dashboard_waiting_count)), &[("shown", &data.waiting.len().to_string())])}</p>
                <div class="table-scroll">
                    <table>
                        <thead><tr>
                            <th scope="col">{t!(i18n, meeting_amendment)}</th>
                            <th scope="col">{t!(i18n, meeting_section)}</th>
                            <th scope="col">{t!(i18n, dashboard_supports)}</th>
                            <th scope="col">{t!(i18n, dashboard_published)}</th>
                        </tr></thead>
                        <tbody>
                            {data.waiting.iter().map(|w| view! {
                                <tr>
                                    <td><a href=format!("/amendments/{}", w.id)>{w.title.clone()}</a>" "<StatusBadge status=w.status/></td>
                                    <td><a href=format!("/sections/{}", w.section_id)>{w.section_title.clone()}</a></td>
                                    <td>{w.supports}</td>
                                    <td>{format_time(w.published_at)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </section>
            <section aria-labelledby="groups">
                <h2 id="groups">{t!(i18n, dashboard_groups)}</h2>
                <p class="hint">{t!(i18n, dashboard_groups_hint)}</p>
                {(data.groups_total > data.groups.len() as u64).then(|| view! {
                    <p>{fill(&crate::domain::text::count_text(&data.groups_total.to_string(), t_string!(i18n, dashboard_groups_count_one), t_string!(i18n, dashboard_groups_count)), &[("shown", &data.groups.len().to_string())])}</p>
                })}
                {if data.groups.is_empty() {
                    view! { <p class="empty">{t!(i18n, dashboard_groups_none)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="amendment-list">
                            {data.groups.iter().map(|g| {
                                let ids: Vec<String> = g.amendments.iter().map(|a| a.id.to_string()).collect();
                                view! {
                                    <li class="card">
                                        <a href=format!("/sections/{}", g.section_id)>{g.section_title.clone()}</a>
                                        <ul>
                                            {g.amendments.iter().take(crate::views::sections::GROUP_MEMBERS_SHOWN).map(|crate::views::Link { id, title }| view! { <li><a href=format!("/amendments/{id}")>{title.clone()}</a></li> }).collect_view()}
                                            {(g.amendments.len() > crate::views::sections::GROUP_MEMBERS_SHOWN).then(|| view! {
                                                <li class="more">{fill(t_string!(i18n, groups_more_here), &[("n", &(g.amendments.len() - crate::views::sections::GROUP_MEMBERS_SHOWN).to_string())])}</li>
                                            })}
                                        </ul>
                                        <a class="button secondary small" href=format!("/votes/new?program={}&section={}&amendments={}", g.program_slug, g.section_id, ids.join(","))>{t!(i18n, dashboard_open_vote)}</a>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
            <section aria-labelledby="export">
                <h2 id="export">{t!(i18n, dashboard_export)}</h2>
                <p class="hint">{t!(i18n, dashboard_export_hint)}</p>
                <ul>
                    <li><a href="/export/amendments.csv" download rel="external">{t!(i18n, dashboard_export_csv)}</a></li>
                    <li><a href="/export/public.json" download rel="external">{t!(i18n, dashboard_export_json)}</a></li>
                </ul>
            </section>
        </article>
    }
    .into_any()
}
