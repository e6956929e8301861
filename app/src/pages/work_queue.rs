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
    let data = Resource::new(move || page.get().parse::<u64>().ok(), get_work_queue);
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
    view! {
        <article class="page queue">
            <h1>{t!(i18n, queue_title)}</h1>
            <p class="lead">{t!(i18n, queue_lead)}</p>
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
                {pager(info, t_string!(i18n, queue_pages).to_string(), |n| format!("/queue?page={n}"))}
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
