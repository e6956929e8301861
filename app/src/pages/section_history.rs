//! The history of a section: every revision, who made it and through which amendment, and
//! a form to compare any two.

use crate::api::sections::section_history;
use crate::components::forms::id_param;
use crate::components::status::ErrorPage;
use crate::components::trail::SectionTrail;
use crate::domain::text::fill;
use crate::domain::time::format_time;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SectionHistoryPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param();
    let page = Resource::new(move || id.get(), section_history);
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => {
                        let id = p.section.id;
                        let head = p.section.head;
                        let numbers: Vec<i32> = p.revisions.iter().map(|r| r.number).collect();
                        let title = fill(t_string!(i18n, history_title), &[("title", &p.section.title)]);
                        view! {
                            <Title text=title.clone()/>
                            <article class="page">
                                <SectionTrail section=p.section.clone()/>
                                <h1>{title}</h1>
                                {(numbers.len() > 1).then(|| {
                                    let options = |selected: i32| numbers.iter().map(|n| view! {
                                        <option value=n.to_string() selected=*n == selected>{fill(t_string!(i18n, section_revision), &[("n", &n.to_string())])}</option>
                                    }).collect_view();
                                    view! {
                                        <form class="row-form compare-form" method="get" action=format!("/sections/{id}/compare")>
                                            <label for="compare-from">{t!(i18n, compare_from)}</label>
                                            <select id="compare-from" name="from">{options(head - 1)}</select>
                                            <label for="compare-to">{t!(i18n, compare_to)}</label>
                                            <select id="compare-to" name="to">{options(head)}</select>
                                            <button type="submit" class="small">{t!(i18n, compare_submit)}</button>
                                        </form>
                                    }
                                })}
                                <ol class="history" reversed>
                                    {p.revisions.into_iter().map(|r| {
                                        let n = r.number;
                                        view! {
                                            <li>
                                                <strong>{fill(t_string!(i18n, section_revision), &[("n", &n.to_string())])}</strong>
                                                " · "{format_time(r.created_at)}
                                                {r.author.map(|a| view! { " · "{a} })}
                                                {r.amendment.map(|crate::views::Link { id: aid, title: t }| view! {
                                                    " · "{t!(i18n, history_from_amendment)}" "<a href=format!("/amendments/{aid}")>{t}</a>
                                                })}
                                                {(n > 1).then(|| view! {
                                                    " · "<a href=format!("/sections/{id}/compare?from={}&to={n}", n - 1)>{t!(i18n, history_show_changes)}</a>
                                                })}
                                            </li>
                                        }
                                    }).collect_view()}
                                </ol>
                                {(!p.decisions.is_empty()).then(|| view! {
                                    <h2 id="decisions-heading">{t!(i18n, history_decisions)}</h2>
                                    <ol class="history decisions" aria-labelledby="decisions-heading">
                                        {p.decisions.into_iter().map(|d| view! {
                                            <li>
                                                <a href=format!("/amendments/{}", d.amendment.id)>{format!("#{} {}", d.amendment.id, d.amendment.title)}</a>
                                                " · "<strong>{crate::components::labels::decision_short(i18n, d.kind)}</strong>
                                                " · "{format_time(d.at)}
                                                {match (d.by, d.poll) {
                                                    (Some(name), _) => Some(view! { " · "{name} }.into_any()),
                                                    (None, Some(poll)) => Some(view! { " · "<a href=format!("/votes/{poll}")>{t!(i18n, decision_by_vote)}</a> }.into_any()),
                                                    (None, None) => None,
                                                }}
                                                {(!d.reason.is_empty()).then(|| view! {
                                                    <p class="decision-reason"><strong>{t!(i18n, decision_reason_label)}</strong>" "{d.reason.clone()}</p>
                                                })}
                                            </li>
                                        }).collect_view()}
                                    </ol>
                                })}
                            </article>
                        }.into_any()
                    }
                    Err(err) => view! { <ErrorPage error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
