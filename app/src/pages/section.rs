//! A section: its current text, its amendments, the groups of amendments competing for one
//! passage, and links to its history and provenance. With JavaScript, a passage selected
//! in the text can be amended or commented on directly (the `PassagePicker` island).

use crate::api::sections::get_section;
use crate::components::amendment::StatusBadge;
use crate::components::follow::FollowButton;
use crate::components::forms::id_param;
use crate::components::status::ErrorPage;
use crate::components::thread::Thread;
use crate::components::trail::SectionTrail;
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
    let page = Resource::new(move || id.get(), get_section);
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
    let amendments = page.amendments.clone();
    let has_amendments = !amendments.is_empty();
    let can_open_votes = page.can_open_votes;
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
            <FollowButton kind="section" id=id logged_in=page.logged_in/>
            <p class="meta">
                {fill(t_string!(i18n, section_revision), &[("n", &s.head.to_string())])}
                " · "<a href=format!("/sections/{id}/history")>{t!(i18n, section_history)}</a>
                " · "<a href=format!("/sections/{id}/provenance")>{t!(i18n, section_provenance)}</a>
            </p>
            <div class="prose section-text" inner_html=page.body.as_str().to_string()></div>
            {if page.can_amend {
                Some(view! { <p><a class="button" href=format!("/sections/{id}/amend")>{t!(i18n, section_amend)}</a></p> }.into_any())
            } else if page.section.program_open && !page.logged_in {
                Some(view! { <p><a href=format!("/login?next=/sections/{id}/amend")>{t!(i18n, section_login_to_amend)}</a></p> }.into_any())
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
                        let n = g.members.len().to_string();
                        view! {
                            <div class="group card">
                                <p>{fill(t_string!(i18n, groups_compete), &[("n", &n)])}</p>
                                <blockquote class="passage">{g.passage.clone()}</blockquote>
                                <ul>
                                    {g.members.iter().map(|crate::views::Link { id: aid, title }| view! {
                                        <li><a href=format!("/amendments/{aid}")>{title.clone()}</a></li>
                                    }).collect_view()}
                                </ul>
                                {can_open_votes.then(|| {
                                    let ids: Vec<String> = g.members.iter().map(|m| m.id.to_string()).collect();
                                    view! {
                                        <a class="button secondary" href=format!("/votes/new?program={}&section={}&amendments={}", slug, section_id, ids.join(","))>
                                            {t!(i18n, groups_put_to_vote)}
                                        </a>
                                    }
                                })}
                            </div>
                        }
                    }).collect_view()}
                </section>
            })}

            <section aria-labelledby="amendments-heading">
                <h2 id="amendments-heading">{t!(i18n, section_amendments)}</h2>
                {if has_amendments {
                    view! {
                        <ul class="amendment-list">
                            {amendments.into_iter().map(|a| {
                                let supports = fill(t_string!(i18n, amendment_supports), &[("n", &a.supports.to_string())]);
                                view! {
                                    <li class="card">
                                        <a href=format!("/amendments/{}", a.id)><strong>{a.title.clone()}</strong></a>
                                        " "<StatusBadge status=a.status/>
                                        <p class="meta">
                                            {fill(t_string!(i18n, amendment_by), &[("name", &a.author)])}
                                            " · "{supports}
                                            " · "{fill(t_string!(i18n, amendment_on_revision), &[("n", &a.base_number.to_string())])}
                                        </p>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                } else {
                    view! { <p>{t!(i18n, section_no_amendments)}</p> }.into_any()
                }}
            </section>
            <Thread target="section" id=id passages=true/>
        </article>
    }
}
