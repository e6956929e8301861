//! One assembly: what it is, who facilitates it, how many take part, its meetings and the
//! amendments it adopted. Members join or leave here; its facilitators edit it and schedule
//! meetings; coordinators name its facilitators.

use crate::api::assemblies::{get_assembly, JoinAssembly, SetAssemblyFacilitator, UpdateAssembly};
use crate::components::amendment::StatusBadge;
use crate::components::forms::textarea_text;
use crate::components::forms::{error_of, FormError};
use crate::components::labels::kind_label;
use crate::components::pager::pager;
use crate::components::status::ErrorPage;
use crate::domain::assembly::{AssemblyKind, NAME_MAX};
use crate::domain::ids::AssemblyId;
use crate::domain::time::format_time;
use crate::i18n::*;
use crate::views::assemblies::{AssemblyDetail as Page, MeetingCard};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn AssemblyPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let slug = Memo::new(move |_| params.with(|p| p.get("slug").unwrap_or_default()));
    let q = |k: &'static str| crate::components::forms::query_value(k);
    let (upcoming, past, amendments) = (q("upcoming"), q("past"), q("amendments"));
    let num = |m: Memo<String>| m.get().parse::<u64>().ok();
    let page = Resource::new(
        move || (slug.get(), num(upcoming), num(past), num(amendments)),
        |(slug, upcoming, past, amendments)| get_assembly(slug, upcoming, past, amendments),
    );
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => view! { <AssemblyView page=p/> }.into_any(),
                    Err(err) => view! { <ErrorPage error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The address of page `n` of one of the assembly's lists.
fn list_href(slug: &str, list: &str, n: u64, anchor: &str) -> String {
    format!("/assemblies/{slug}?{list}={n}{anchor}")
}

#[component]
pub fn MeetingList(meetings: Vec<MeetingCard>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="meeting-list">
            {meetings.into_iter().map(|m| view! {
                <li>
                    <a href=format!("/meetings/{}", m.id)>{m.title.clone()}</a>
                    <p class="meta">
                        <time>{format_time(m.starts_at)}</time>
                        {(!m.place.is_empty()).then(|| format!(" · {}", m.place))}
                        {m.online.then(|| view! { " · "{t!(i18n, meeting_online)} })}
                        " · "{crate::domain::text::count_text(&m.registered.to_string(), t_string!(i18n, meeting_registered_count_one), t_string!(i18n, meeting_registered_count))}
                        {m.recorded.then(|| view! { " · "{t!(i18n, meeting_recorded)} })}
                    </p>
                </li>
            }).collect_view()}
        </ul>
    }
}

#[component]
fn AssemblyView(page: Page) -> impl IntoView {
    let i18n = use_i18n();
    let join = ServerAction::<JoinAssembly>::new();
    let slug = page.slug.clone();
    let id = page.id;
    let facilitators = page.facilitators.clone();
    view! {
        <Title text=page.name.clone()/>
        <article class="page assembly-page">
            <nav class="trail" aria-label=move || t_string!(i18n, trail_label)>
                <a href="/assemblies">{t!(i18n, assemblies_title)}</a>
            </nav>
            <h1>{page.name.clone()}</h1>
            <crate::components::follow::FollowButton kind="assembly" id=id.get()/>
            <p class="meta">
                <span class="badge">{kind_label(i18n, page.kind)}</span>
                " · "{crate::domain::text::count_text(&page.members.to_string(), t_string!(i18n, assembly_members_count_one), t_string!(i18n, assembly_members_count))}
            </p>
            <div class="prose" inner_html=page.description_html.as_str().to_string()></div>
            <section aria-labelledby="facilitators-title" id="facilitators">
                <h2 id="facilitators-title">{t!(i18n, assembly_facilitators)}</h2>
                {if facilitators.is_empty() {
                    view! { <p class="empty">{t!(i18n, assembly_no_facilitators)}</p> }.into_any()
                } else {
                    view! { <ul>{facilitators.iter().map(|f| view! { <li>{f.title.clone()}</li> }).collect_view()}</ul> }.into_any()
                }}
                {page.can_manage.then(|| view! { <FacilitatorForms id=id/> })}
            </section>
            <section id="membership" class="panel">
                <FormError error=error_of(join.value())/>
                {if !page.viewer {
                    view! { <p><a href=format!("/login?next=/assemblies/{slug}")>{t!(i18n, assembly_login_to_join)}</a></p> }.into_any()
                } else if page.joined {
                    view! {
                        <p>{t!(i18n, assembly_you_are_member)}</p>
                        <ActionForm action=join>
                            <input type="hidden" name="id" value=id/>
                            <input type="hidden" name="join" value="false"/>
                            <button type="submit" class="secondary">{t!(i18n, assembly_leave)}</button>
                        </ActionForm>
                    }.into_any()
                } else {
                    view! {
                        <ActionForm action=join>
                            <input type="hidden" name="id" value=id/>
                            <input type="hidden" name="join" value="true"/>
                            <button type="submit">{t!(i18n, assembly_join)}</button>
                        </ActionForm>
                    }.into_any()
                }}
            </section>
            <section aria-labelledby="upcoming">
                <h2 id="upcoming">{t!(i18n, assembly_upcoming)}</h2>
                <p class="hint"><a href=format!("/assemblies/{}/meetings.ics", page.slug) rel="external">{t!(i18n, assembly_calendar_feed)}</a>" "{t!(i18n, assembly_calendar_feed_hint)}</p>
                {page.can_facilitate.then(|| view! {
                    <p><a class="button" href=format!("/assemblies/{}/meetings/new", page.slug)>{t!(i18n, meeting_schedule)}</a></p>
                })}
                {if page.upcoming.is_empty() {
                    view! { <p class="empty">{t!(i18n, assembly_no_upcoming)}</p> }.into_any()
                } else {
                    view! { <MeetingList meetings=page.upcoming.clone()/> }.into_any()
                }}
                {pager(page.upcoming_pages, t_string!(i18n, assembly_upcoming_pages).to_string(), { let slug = page.slug.clone(); move |n| list_href(&slug, "upcoming", n, "#upcoming") })}
            </section>
            {(!page.past.is_empty()).then(|| view! {
                <section aria-labelledby="past">
                    <h2 id="past">{t!(i18n, assembly_past)}</h2>
                    <MeetingList meetings=page.past.clone()/>
                    {pager(page.past_pages, t_string!(i18n, assembly_past_pages).to_string(), { let slug = page.slug.clone(); move |n| list_href(&slug, "past", n, "#past") })}
                </section>
            })}
            <section aria-labelledby="produced">
                <h2 id="produced">{t!(i18n, assembly_produced)}</h2>
                {if page.amendments.is_empty() {
                    view! { <p class="empty">{t!(i18n, assembly_no_amendments)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="amendment-list">
                            {page.amendments.iter().map(|a| view! {
                                <li>
                                    <a href=format!("/amendments/{}", a.id)>{a.title.clone()}</a>" "
                                    <StatusBadge status=a.status/>
                                    <p class="meta"><a href=format!("/sections/{}", a.section_id)>{a.section_title.clone()}</a>" · "{format_time(a.created_at)}</p>
                                </li>
                            }).collect_view()}
                        </ul>
                        {pager(page.amendment_pages, t_string!(i18n, amendments_pages).to_string(), { let slug = page.slug.clone(); move |n| list_href(&slug, "amendments", n, "#produced") })}
                    }.into_any()
                }}
            </section>
            {page.can_facilitate.then(|| view! { <EditAssembly page=page.clone()/> })}
        </article>
    }
    .into_any()
}

#[component]
fn FacilitatorForms(id: AssemblyId) -> impl IntoView {
    let i18n = use_i18n();
    let set = ServerAction::<SetAssemblyFacilitator>::new();
    view! {
        <FormError error=error_of(set.value())/>
        <ActionForm action=set attr:class="stack">
            <input type="hidden" name="id" value=id/>
            <label for="facilitator-email">{t!(i18n, assembly_facilitator_email)}</label>
            <input id="facilitator-email" type="email" name="email" required autocomplete="off"/>
            <label for="facilitator-on">{t!(i18n, assembly_facilitator_action)}</label>
            <select id="facilitator-on" name="on">
                <option value="true">{t!(i18n, assembly_facilitator_add)}</option>
                <option value="false">{t!(i18n, assembly_facilitator_remove)}</option>
            </select>
            <button type="submit">{t!(i18n, save)}</button>
        </ActionForm>
    }
}

#[component]
fn EditAssembly(page: Page) -> impl IntoView {
    let i18n = use_i18n();
    let update = ServerAction::<UpdateAssembly>::new();
    view! {
        <details class="panel">
            <summary>{t!(i18n, assembly_edit)}</summary>
            <FormError error=error_of(update.value())/>
            <ActionForm action=update attr:class="stack">
                <input type="hidden" name="id" value=page.id/>
                <label for="edit-assembly-name">{t!(i18n, assembly_field_name)}</label>
                <input id="edit-assembly-name" type="text" name="name" required maxlength=NAME_MAX value=page.name.clone()/>
                <fieldset>
                    <legend>{t!(i18n, assembly_field_kind)}</legend>
                    {AssemblyKind::ALL.into_iter().map(|k| view! {
                        <label class="inline">
                            <input type="radio" name="kind" value=k.as_str() checked=k == page.kind/>
                            " "{kind_label(i18n, k)}
                        </label>
                    }).collect_view()}
                </fieldset>
                <label for="edit-assembly-description">{t!(i18n, assembly_field_description)}</label>
                <textarea id="edit-assembly-description" name="description" rows="6">{textarea_text(page.description.clone())}</textarea>
                <button type="submit">{t!(i18n, save)}</button>
            </ActionForm>
        </details>
    }
}
