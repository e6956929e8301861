//! The audit page (coordinators): the event log filtered by person, kind of action and
//! subject. A GET form, so every filtered view is a link one can share.

use crate::api::admin::audit_log;
use crate::components::status::ErrorPage;
use crate::domain::text::fill;
use crate::domain::time::format_time;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AdminAuditPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let filters = move || {
        query.with(|q| {
            (
                q.get("person").unwrap_or_default(),
                q.get("kind").unwrap_or_default(),
                q.get("subject").unwrap_or_default(),
                q.get("assembly").unwrap_or_default(),
                q.get("page")
                    .and_then(|p| p.parse::<u64>().ok())
                    .unwrap_or(1),
            )
        })
    };
    let log = Resource::new(filters, |(person, kind, subject, assembly, page)| {
        audit_log(person, kind, subject, assembly, page)
    });
    view! {
        <Title text=t_string!(i18n, audit_title).to_string()/>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                let (person, kind, subject, assembly, _) = filters();
                match log.await {
                    Ok(p) => {
                        let link = {
                            let (person, kind, subject, assembly) = (person.clone(), kind.clone(), subject.clone(), assembly.clone());
                            move |page: u64| {
                                let page = page.to_string();
                                let pairs: Vec<(&str, &str)> = [("person", person.as_str()), ("kind", kind.as_str()), ("subject", subject.as_str()), ("assembly", assembly.as_str()), ("page", page.as_str())]
                                    .into_iter()
                                    .filter(|(_, v)| !v.is_empty())
                                    .collect();
                                format!("/admin/audit?{}", crate::domain::text::url::query_string(&pairs))
                            }
                        };
                        view! {
                            <section class="page">
                                <h1>{t!(i18n, audit_title)}</h1>
                                <form class="row-form" method="get" action="/admin/audit">
                                    <label for="audit-person">{t!(i18n, audit_person)}</label>
                                    <input id="audit-person" name="person" type="search" value=person.clone()/>
                                    <label for="audit-kind">{t!(i18n, audit_kind)}</label>
                                    <select id="audit-kind" name="kind">
                                        <option value="" selected=kind.is_empty()>{t!(i18n, audit_any)}</option>
                                        {p.kinds.iter().map(|k| view! { <option value=k.clone() selected=*k == kind>{k.clone()}</option> }).collect_view()}
                                    </select>
                                    <label for="audit-subject">{t!(i18n, audit_subject)}</label>
                                    <input id="audit-subject" name="subject" type="search" value=subject.clone() placeholder="amendment:12"/>
                                    <label for="audit-assembly">{t!(i18n, audit_assembly)}</label>
                                    <select id="audit-assembly" name="assembly">
                                        <option value="" selected=assembly.is_empty()>{t!(i18n, audit_any)}</option>
                                        {p.assemblies.iter().map(|(slug, name)| view! { <option value=slug.clone() selected=*slug == assembly>{name.clone()}</option> }).collect_view()}
                                    </select>
                                    <button type="submit" class="small">{t!(i18n, audit_filter)}</button>
                                </form>
                                <p>{crate::domain::text::count_text(&p.total.to_string(), t_string!(i18n, audit_count_one), t_string!(i18n, audit_count))}</p>
                                <div class="table-scroll">
                                    <table class="audit">
                                        <caption class="visually-hidden">{t!(i18n, audit_title)}</caption>
                                        <thead>
                                            <tr>
                                                <th scope="col">{t!(i18n, audit_when)}</th>
                                                <th scope="col">{t!(i18n, audit_who)}</th>
                                                <th scope="col">{t!(i18n, audit_kind)}</th>
                                                <th scope="col">{t!(i18n, audit_subject)}</th>
                                                <th scope="col">{t!(i18n, audit_detail)}</th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {p.rows.into_iter().map(|r| view! {
                                                <tr>
                                                    <td>{format_time(r.at)}</td>
                                                    <td>{r.actor.unwrap_or_else(|| t_string!(i18n, audit_system).to_string())}</td>
                                                    <td><code>{r.kind}</code></td>
                                                    <td>{match r.link {
                                                        Some(href) => view! { <a href=href>{r.subject}</a> }.into_any(),
                                                        None => view! { <span>{r.subject}</span> }.into_any(),
                                                    }}</td>
                                                    <td><code class="detail">{r.detail}</code></td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                                {(p.pages > 1).then(|| view! {
                                    <nav class="pages" aria-label=t_string!(i18n, audit_pages).to_string()>
                                        {(p.page > 1).then(|| view! { <a href=link(p.page - 1)>{t!(i18n, audit_newer)}</a>" " })}
                                        {fill(t_string!(i18n, audit_page_of), &[("n", &p.page.to_string()), ("m", &p.pages.to_string())])}
                                        {(p.page < p.pages).then(|| view! { " "<a href=link(p.page + 1)>{t!(i18n, audit_older)}</a> })}
                                    </nav>
                                })}
                            </section>
                        }.into_any()
                    }
                    Err(crate::error::AppError::LoginRequired) => view! {
                        <leptos_router::components::Redirect path="/login?next=/admin/audit"/>
                    }.into_any(),
                    Err(err) => view! { <ErrorPage error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
