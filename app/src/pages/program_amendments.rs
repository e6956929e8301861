//! `/programs/:slug/amendments`: every amendment of a program, narrowed to a chapter or
//! section, by status and by whose, in the order asked (shuffled per visitor by default),
//! a page at a time. A plain GET form: the same with and without JavaScript.

use crate::api::programs::program_amendments;
use crate::components::amendment::StatusBadge;
use crate::components::status::ErrorPage;
use crate::domain::ids::SectionId;
use crate::domain::listing::{Order, Show, Who};
use crate::domain::text::fill;
use crate::domain::text::url::query_string;
use crate::i18n::*;
use crate::views::programs::ProgramAmendmentList;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ProgramAmendmentsPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = leptos_router::hooks::use_params_map();
    let query = leptos_router::hooks::use_query_map();
    let page = Resource::new(
        move || {
            let q = query.read();
            (
                params.read().get("slug").unwrap_or_default(),
                q.get("section").and_then(|s| s.parse::<SectionId>().ok()),
                q.get("show"),
                q.get("order"),
                q.get("who"),
                q.get("page").and_then(|p| p.parse::<u64>().ok()),
            )
        },
        |(slug, section, show, order, who, page)| {
            program_amendments(slug, section, show, order, who, page)
        },
    );
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => view! { <Body page=p/> }.into_any(),
                    Err(err) => view! { <ErrorPage error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Body(page: ProgramAmendmentList) -> impl IntoView {
    let i18n = use_i18n();
    let list = page.list;
    let slug = page.program_slug.clone();
    let section = page.section;
    let href = {
        let slug = slug.clone();
        move |n: u64| {
            let section = section.map(|s| s.to_string()).unwrap_or_default();
            let n = n.to_string();
            let who = list.who.param();
            let mut pairs = vec![
                ("show", list.show.as_str()),
                ("order", list.order.as_str()),
                ("who", who.as_str()),
                ("page", n.as_str()),
            ];
            if !section.is_empty() {
                pairs.insert(0, ("section", section.as_str()));
            }
            format!("/programs/{slug}/amendments?{}", query_string(&pairs))
        }
    };
    let pages = crate::views::PageInfo {
        page: list.page,
        pages: page.list_pages,
        total: page.open_count + page.closed_count,
    };
    let title = fill(
        t_string!(i18n, program_amendments_title),
        &[("program", &page.program_title)],
    );
    view! {
        <Title text=title.clone()/>
        <article class="page program-amendments">
            <p class="trail"><a href=format!("/programs/{slug}")>{page.program_title.clone()}</a></p>
            <h1>{title}</h1>
            <form method="get" action=format!("/programs/{slug}/amendments") class="search-form">
                <div class="row filters">
                    <label>
                        {t!(i18n, program_amendments_section)}" "
                        <select name="section">
                            <option value="" selected=section.is_none()>{t!(i18n, program_amendments_all_sections)}</option>
                            {page.sections.iter().map(|(id, title, level)| {
                                let indent = "\u{a0}\u{a0}".repeat(usize::from(level.saturating_sub(1)));
                                view! { <option value=id.to_string() selected=section == Some(*id)>{format!("{indent}{title}")}</option> }
                            }).collect_view()}
                        </select>
                    </label>
                    <label>
                        {t!(i18n, amendments_show)}" "
                        <select name="show">
                            {Show::ALL.into_iter().map(|s| view! {
                                <option value=s.as_str() selected=s == list.show>{match s {
                                    Show::Open => t_string!(i18n, program_list_open).to_string(),
                                    Show::Closed => t_string!(i18n, program_list_closed).to_string(),
                                    Show::All => t_string!(i18n, amendments_show_all).to_string(),
                                }}</option>
                            }).collect_view()}
                        </select>
                    </label>
                    {page.logged_in.then(|| view! {
                        <label>
                            {t!(i18n, amendments_who)}" "
                            <select name="who">
                                {[Who::Everyone, Who::Mine, Who::Supported].into_iter().map(|w| view! {
                                    <option value=w.param() selected=w == list.who>{match w {
                                        Who::Mine => t_string!(i18n, amendments_who_mine),
                                        Who::Supported => t_string!(i18n, amendments_who_supported),
                                        _ => t_string!(i18n, amendments_who_everyone),
                                    }}</option>
                                }).collect_view()}
                            </select>
                        </label>
                    })}
                    <label>
                        {t!(i18n, amendments_order)}" "
                        <select name="order">
                            {Order::ALL.into_iter().map(|o| view! {
                                <option value=o.as_str() selected=o == list.order>{match o {
                                    Order::Shuffled => t_string!(i18n, order_shuffled),
                                    Order::Supported => t_string!(i18n, order_supported),
                                    Order::Newest => t_string!(i18n, order_newest),
                                    Order::Changed => t_string!(i18n, order_changed),
                                }}</option>
                            }).collect_view()}
                        </select>
                    </label>
                    <button type="submit">{t!(i18n, program_amendments_apply)}</button>
                </div>
            </form>
            <p class="meta" role="status">{fill(t_string!(i18n, program_amendments_counts), &[("open", &page.open_count.to_string()), ("closed", &page.closed_count.to_string())])}</p>
            {if page.amendments.is_empty() {
                view! { <p class="empty">{t!(i18n, section_no_amendments)}</p> }.into_any()
            } else {
                view! {
                    <ul class="amendment-list">
                        {page.amendments.into_iter().map(|(a, section_title)| view! {
                            <li class="card">
                                <a href=format!("/amendments/{}", a.id)><strong>{a.title.clone()}</strong></a>
                                " "<StatusBadge status=a.status/>
                                <p class="meta">
                                    <a href=format!("/sections/{}", a.section_id)>{section_title}</a>
                                    " · "{fill(t_string!(i18n, amendment_by), &[("name", &a.author)])}
                                    " · "{crate::domain::text::count_text(&a.supports.to_string(), t_string!(i18n, amendment_supports_one), t_string!(i18n, amendment_supports))}
                                </p>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {crate::components::pager::pager(pages, t_string!(i18n, amendments_pages).to_string(), href)}
        </article>
    }
}
