//! `/queue`: what waits for a facilitator (and a coordinator): amendments to decide,
//! including those in conflict with the current text; closed votes whose result is not
//! applied (their amendments stay "In a vote" until it is); meetings to record.

use crate::api::dashboard::get_work_queue;
use crate::components::amendment::StatusBadge;
use crate::components::pager::pager;
use crate::components::status::ErrorPage;
use crate::domain::amendment::AmendmentStatus;
use crate::domain::text::fill;
use crate::domain::time::format_time;
use crate::error::AppError;
use crate::i18n::*;
use crate::views::dashboard::WorkQueue;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

#[component]
pub fn WorkQueuePage() -> impl IntoView {
    let i18n = use_i18n();
    let page = crate::components::forms::query_value("page");
    let committee = crate::components::forms::query_value("committee");
    let data = Resource::new(
        move || (page.get().parse::<u64>().ok(), committee.get().parse().ok()),
        |(page, committee)| get_work_queue(page, committee),
    );
    view! {
        <Title text=t_string!(i18n, queue_title).to_string()/>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(q) => view! { <QueueView queue=q/> }.into_any(),
                    Err(AppError::LoginRequired) => view! { <Redirect path="/login?next=/queue"/> }.into_any(),
                    Err(err) => view! { <ErrorPage error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn QueueView(queue: WorkQueue) -> impl IntoView {
    let i18n = use_i18n();
    let info = queue.decide_page;
    let nothing = info.total == 0 && queue.apply_total == 0 && queue.record_total == 0;
    let committee = queue.committee.as_ref().map(|(id, _)| *id);
    view! {
        <article class="page queue">
            <h1>{t!(i18n, queue_title)}</h1>
            {queue.committee.clone().map(|(_, name)| view! {
                <p class="notice">{fill(t_string!(i18n, queue_of_committee), &[("name", &name)])}" "<a href="/queue">{t!(i18n, queue_all_committees)}</a></p>
            })}
            <p class="lead">{t!(i18n, queue_lead)}</p>
            <CommitteeCounts counts=queue.committees.clone()/>
            {nothing.then(|| view! { <p class="notice success">{t!(i18n, queue_nothing)}</p> })}
            <section aria-labelledby="decide-heading">
                <h2 id="decide-heading">{fill(t_string!(i18n, queue_decide), &[("n", &info.total.to_string())])}</h2>
                <p class="hint">{t!(i18n, queue_decide_hint)}</p>
                {if queue.decide.is_empty() {
                    view! { <p class="empty">{t!(i18n, queue_decide_none)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="amendment-list">
                            {queue.decide.iter().map(|w| {
                                let conflicted = w.status == AmendmentStatus::Conflicted;
                                view! {
                                    <li class="card">
                                        <a href=format!("/amendments/{}", w.id)>{w.title.clone()}</a>" "<StatusBadge status=w.status/>
                                        <p class="meta">
                                            <a href=format!("/sections/{}", w.section_id)>{w.section_title.clone()}</a>
                                            " · "{fill(t_string!(i18n, queue_supports), &[("n", &w.supports.to_string())])}
                                            " · "{fill(t_string!(i18n, queue_waiting_since), &[("time", &format_time(w.published_at))])}
                                        </p>
                                        {conflicted.then(|| view! { <p class="hint">{t!(i18n, queue_conflicted_hint)}</p> })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
                {pager(info, t_string!(i18n, queue_pages).to_string(), move |n| match committee {
                    Some(c) => format!("/queue?committee={c}&page={n}"),
                    None => format!("/queue?page={n}"),
                })}
            </section>
            <section aria-labelledby="apply-heading">
                <h2 id="apply-heading">{fill(t_string!(i18n, queue_apply), &[("n", &queue.apply_total.to_string())])}</h2>
                <p class="hint">{t!(i18n, queue_apply_hint)}</p>
                {if queue.apply.is_empty() {
                    view! { <p class="empty">{t!(i18n, queue_apply_none)}</p> }.into_any()
                } else {
                    view! {
                        <ul>
                            {queue.apply.iter().map(|v| view! {
                                <li>
                                    <a href=format!("/votes/{}/results", v.id)>{v.title.clone()}</a>
                                    <span class="meta">{format!(" · {}", fill(t_string!(i18n, queue_closed_at), &[("time", &format_time(v.closed_at))]))}</span>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
            <section aria-labelledby="record-heading">
                <h2 id="record-heading">{fill(t_string!(i18n, queue_record), &[("n", &queue.record_total.to_string())])}</h2>
                {if queue.record.is_empty() {
                    view! { <p class="empty">{t!(i18n, queue_record_none)}</p> }.into_any()
                } else {
                    view! {
                        <ul>
                            {queue.record.iter().map(|m| view! {
                                <li>
                                    <a href=format!("/meetings/{}", m.id)>{m.title.clone()}</a>
                                    <span class="meta">{format!(" · {} · {}", m.assembly, fill(t_string!(i18n, queue_ended_at), &[("time", &format_time(m.ended_at))]))}</span>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
        </article>
    }
    .into_any()
}

/// Each committee with the amendments waiting for its decision, linking to its queue.
#[component]
pub fn CommitteeCounts(counts: Vec<crate::views::committees::CommitteeCount>) -> impl IntoView {
    let i18n = use_i18n();
    (!counts.is_empty()).then(|| view! {
        <section class="committee-counts" aria-labelledby="committees-heading">
            <h2 id="committees-heading">{t!(i18n, committees_waiting_heading)}</h2>
            <ul>
                {counts.into_iter().map(|c| view! {
                    <li>
                        <a href=format!("/queue?committee={}", c.id)>{c.name.clone()}</a>
                        " · "{c.program_title.clone()}" · "
                        {crate::domain::text::count_text(&c.waiting.to_string(), t_string!(i18n, committees_waiting_one), t_string!(i18n, committees_waiting))}
                    </li>
                }).collect_view()}
            </ul>
        </section>
    })
}
