//! A section: its current text, its amendments, the groups of amendments competing for one
//! passage, and links to its history and provenance. With JavaScript, a passage selected
//! in the text can be amended or commented on directly (the `PassagePicker` island).

use crate::api::sections::get_section;
use crate::components::amendment::StatusBadge;
use crate::components::diff::Formatted;
use crate::components::follow::FollowButton;
use crate::components::forms::id_param;
use crate::components::status::ErrorPage;
use crate::components::thread::{page_numbers, Thread};
use crate::components::trail::SectionTrail;
use crate::domain::listing::{Order, Show, Who};
use crate::domain::text::fill;
use crate::i18n::*;
use crate::islands::passage::{PassageLabels, PassagePicker, PassageStart};
use crate::islands::start;
use crate::views::sections::SectionDetail as Page;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SectionPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param();
    let query = leptos_router::hooks::use_query_map();
    let page = Resource::new(
        move || {
            let q = query.read();
            (
                id.get(),
                q.get("show"),
                q.get("order"),
                q.get("who"),
                q.get("apage").and_then(|p| p.parse::<u64>().ok()),
            )
        },
        |(id, show, order, who, page)| get_section(id, show, order, who, page),
    );
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => view! { <SectionView page=p/> }.into_any(),
                    Err(err) => view! { <ErrorPage error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SectionView(page: Page) -> impl IntoView {
    let i18n = use_i18n();
    let s = page.section.clone();
    let id = s.id;
    let can_open_votes = page.can_open_votes;
    let can_merge = page.can_merge;
    let slug = s.program_slug.clone();
    let section_id = s.id;
    let picker = PassageLabels {
        amend: t_string!(i18n, passage_amend_selected).to_string(),
        comment: t_string!(i18n, passage_comment_selected).to_string(),
        hint: t_string!(i18n, passage_hint).to_string(),
        select_first: t_string!(i18n, passage_select_first).to_string(),
        not_found: t_string!(i18n, passage_not_found).to_string(),
        on_passage: t_string!(i18n, comments_on_passage).to_string(),
    };
    view! {
        <Title text=s.title.clone()/>
        <article class="page section-page">
            <SectionTrail section=s.clone()/>
            <h1>{s.title.clone()}</h1>
            <FollowButton kind="section" id=id/>
            <p class="meta">
                {fill(t_string!(i18n, section_revision), &[("n", &s.head.to_string())])}
                " · "<a href=format!("/sections/{id}/history")>{t!(i18n, section_history)}</a>
                " · "<a href=format!("/sections/{id}/provenance")>{t!(i18n, section_provenance)}</a>
            </p>
            <div class="prose section-text" inner_html=page.body.as_str().to_string()></div>
            {if page.can_amend {
                Some(view! { <p><a class="button" href=format!("/sections/{id}/amend")>{t!(i18n, section_amend)}</a></p> }.into_any())
            } else if page.section.program_open && !page.logged_in {
                Some(view! { <p><a class="button" href=format!("/sections/{id}/amend")>{t!(i18n, section_amend)}</a></p> }.into_any())
            } else {
                None
            }}
            {view! {
                {start(PassageStart {
                    section_id: id,
                    revision: s.head,
                    source: page.source.clone(),
                    can_amend: page.can_amend,
                    can_comment: page.logged_in,
                    labels: picker,
                })}
                <PassagePicker/>
            }.into_any()}
            {(!page.section.program_open).then(|| view! { <p class="badge">{t!(i18n, program_amendments_closed)}</p> })}

            {(!page.votes.is_empty()).then(|| view! {
                <section class="votes" aria-labelledby="votes-heading">
                    <h2 id="votes-heading">{t!(i18n, votes_title)}</h2>
                    <ul>
                        {page.votes.iter().map(|crate::views::votes::VoteLink { id: vid, title, phase }| view! {
                            <li>
                                <a href=format!("/votes/{vid}")>{title.clone()}</a>
                                " · "{match phase {
                                    crate::domain::poll::Phase::Open => t_string!(i18n, phase_open),
                                    crate::domain::poll::Phase::Scheduled => t_string!(i18n, phase_scheduled),
                                    crate::domain::poll::Phase::Closed => t_string!(i18n, phase_closed),
                                }}
                            </li>
                        }).collect_view()}
                    </ul>
                </section>
            })}
            {(!page.groups.is_empty()).then(|| view! {
                <section class="groups" aria-labelledby="groups-heading">
                    <h2 id="groups-heading">{t!(i18n, groups_heading)}</h2>
                    {page.groups.iter().map(|g| {
                        let n = g.member_ids.len().to_string();
                        let more = g.member_ids.len().saturating_sub(g.members.len());
                        view! {
                            <div class="group card">
                                <p>{fill(t_string!(i18n, groups_compete), &[("n", &n)])}</p>
                                <blockquote class="passage"><Formatted text=g.passage.clone()/></blockquote>
                                <ul>
                                    {g.members.iter().map(|crate::views::Link { id: aid, title }| view! {
                                        <li><a href=format!("/amendments/{aid}")>{title.clone()}</a></li>
                                    }).collect_view()}
                                    {(more > 0).then(|| view! {
                                        <li class="more">{fill(t_string!(i18n, groups_more), &[("n", &more.to_string())])}</li>
                                    })}
                                </ul>
                                {can_open_votes.then(|| {
                                    let ids: Vec<String> = g.member_ids.iter().map(|m| m.to_string()).collect();
                                    view! {
                                        <a class="button secondary" href=format!("/votes/new?program={}&section={}&amendments={}", slug, section_id, ids.join(","))>
                                            {t!(i18n, groups_put_to_vote)}
                                        </a>
                                    }
                                })}
                                {can_merge.then(|| {
                                    let ids: Vec<String> = g.member_ids.iter().take(crate::domain::synthesis::MERGE_MAX).map(|m| m.to_string()).collect();
                                    view! {
                                        " "<a class="button secondary" href=format!("/sections/{}/merge?ids={}", section_id, ids.join(","))>
                                            {t!(i18n, merge_these)}
                                        </a>
                                    }
                                })}
                            </div>
                        }
                    }).collect_view()}
                </section>
            })}

            {can_merge.then(|| view! {
                <p><a href=format!("/sections/{section_id}/merge")>{t!(i18n, merge_open_page)}</a></p>
            })}
            <AmendmentList page=page.clone()/>
            <Thread target="section" id=id passages=true/>
        </article>
    }
}

/// One page of the section's amendments, with the filter (open, closed, all), the order
/// (shuffled per visitor by default) and the page links.
#[component]
fn AmendmentList(page: Page) -> impl IntoView {
    let i18n = use_i18n();
    let id = page.section.id;
    let list = page.list;
    let href = move |show: Show, order: Order, who: Who, n: u64| {
        format!(
            "/sections/{id}?show={}&order={}&who={}&apage={n}#amendments-heading",
            show.as_str(),
            order.as_str(),
            who.param()
        )
    };
    let who_label = |who: Who| match who {
        Who::Everyone => t_string!(i18n, amendments_who_everyone).to_string(),
        Who::Mine => t_string!(i18n, amendments_who_mine).to_string(),
        Who::Supported => t_string!(i18n, amendments_who_supported).to_string(),
        Who::Author(_) | Who::Assembly(_) => t_string!(i18n, amendments_who_one).to_string(),
    };
    let whose: Vec<Who> = if page.logged_in {
        vec![Who::Everyone, Who::Mine, Who::Supported]
    } else {
        vec![Who::Everyone]
    };
    let show_label = |show: Show| match show {
        Show::Open => fill(
            t_string!(i18n, amendments_show_open),
            &[("n", &page.open_count.to_string())],
        ),
        Show::Closed => fill(
            t_string!(i18n, amendments_show_closed),
            &[("n", &page.closed_count.to_string())],
        ),
        Show::All => t_string!(i18n, amendments_show_all).to_string(),
    };
    let order_label = |order: Order| match order {
        Order::Shuffled => t_string!(i18n, order_shuffled),
        Order::Supported => t_string!(i18n, order_supported),
        Order::Newest => t_string!(i18n, order_newest),
        Order::Changed => t_string!(i18n, order_changed),
    };
    let current = |yes: bool| yes.then_some("true");
    view! {
        <section aria-labelledby="amendments-heading">
            <h2 id="amendments-heading">{t!(i18n, section_amendments)}</h2>
            <nav class="sorts" aria-label=t_string!(i18n, amendments_show)>
                {t!(i18n, amendments_show)}": "
                {Show::ALL.into_iter().map(|show| view! {
                    <a href=href(show, list.order, list.who, 1) aria-current=current(show == list.show)>{show_label(show)}</a>" "
                }).collect_view()}
            </nav>
            {(whose.len() > 1 || list.who != Who::Everyone).then(|| view! {
                <nav class="sorts" aria-label=t_string!(i18n, amendments_who)>
                    {t!(i18n, amendments_who)}": "
                    {whose.iter().map(|who| view! {
                        <a href=href(list.show, list.order, *who, 1) aria-current=current(*who == list.who)>{who_label(*who)}</a>" "
                    }).collect_view()}
                    {matches!(list.who, Who::Author(_) | Who::Assembly(_)).then(|| view! {
                        <a href=href(list.show, list.order, list.who, 1) aria-current="true">{who_label(list.who)}</a>
                    })}
                </nav>
            })}
            <nav class="sorts" aria-label=t_string!(i18n, amendments_order)>
                {t!(i18n, amendments_order)}": "
                {Order::ALL.into_iter().map(|order| view! {
                    <a href=href(list.show, order, list.who, 1) aria-current=current(order == list.order)>{order_label(order)}</a>" "
                }).collect_view()}
            </nav>
            {(list.order == Order::Shuffled).then(|| view! { <p class="hint">{t!(i18n, order_shuffled_hint)}</p> })}
            {if page.amendments.is_empty() {
                view! { <p>{t!(i18n, section_no_amendments)}</p> }.into_any()
            } else {
                view! {
                    <ul class="amendment-list">
                        {page.amendments.into_iter().map(|a| {
                            let supports = crate::domain::text::count_text(&a.supports.to_string(), t_string!(i18n, amendment_supports_one), t_string!(i18n, amendment_supports));
                            view! {
                                <li class="card">
                                    <a href=format!("/amendments/{}", a.id)><strong>{a.title.clone()}</strong></a>
                                    " "<StatusBadge status=a.status/>
                                    <p class="meta">
                                        <a href=href(list.show, list.order, Who::Author(a.author_id.0), 1) title=t_string!(i18n, amendments_more_by)>{fill(t_string!(i18n, amendment_by), &[("name", &a.author)])}</a>
                                        {a.assembly.clone().map(|x| view! {
                                            " · "<a href=href(list.show, list.order, Who::Assembly(x.id.0), 1) title=t_string!(i18n, amendments_more_by)>{x.title}</a>
                                        })}
                                        " · "{supports}
                                        " · "{fill(t_string!(i18n, amendment_on_revision), &[("n", &a.base_number.to_string())])}
                                    </p>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {(page.list_pages > 1).then(|| view! {
                <nav class="pages" aria-label=t_string!(i18n, amendments_pages)>
                    {page_numbers(list.page, page.list_pages).into_iter().map(|n| match n {
                        Some(n) => view! {
                            <a href=href(list.show, list.order, list.who, n) aria-current=(n == list.page).then_some("page")>{n.to_string()}</a>" "
                        }.into_any(),
                        None => view! { <span aria-hidden="true">"… "</span> }.into_any(),
                    }).collect_view()}
                </nav>
            })}
        </section>
    }
    .into_any()
}
