//! Every assembly, territorial first; coordinators create new ones here.

use crate::api::assemblies::{list_assemblies, CreateAssembly};
use crate::components::forms::textarea_text;
use crate::components::forms::{error_of, FormError};
use crate::components::labels::kind_label;
use crate::components::session::use_session;
use crate::components::status::ErrorPage;
use crate::domain::assembly::{AssemblyKind, NAME_MAX};
use crate::domain::time::format_time;
use crate::i18n::*;
use crate::views::assemblies::AssemblyCard;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AssembliesPage() -> impl IntoView {
    let i18n = use_i18n();
    let page = crate::components::forms::query_value("page");
    let list = Resource::new(move || page.get().parse::<u64>().ok(), list_assemblies);
    let me = use_session();
    view! {
        <Title text=t_string!(i18n, assemblies_title).to_string()/>
        <article class="page assemblies-page">
            <h1>{t!(i18n, assemblies_title)}</h1>
            <p class="lead">{t!(i18n, assemblies_lead)}</p>
            <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(list) if list.assemblies.is_empty() => view! { <p class="empty">{t!(i18n, assemblies_none)}</p> }.into_any(),
                        Ok(list) => view! {
                            <AssemblyList cards=list.assemblies/>
                            {crate::components::pager::pager(list.pages, t_string!(i18n, assemblies_pages).to_string(), |n| format!("/assemblies?page={n}"))}
                        }.into_any(),
                        Err(err) => view! { <ErrorPage error=err/> }.into_any(),
                    }
                })}
            </Suspense>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let coordinator = matches!(me.await, Ok(Some(u)) if u.role.can_manage_programs());
                    coordinator.then(|| view! { <NewAssemblyForm/> })
                })}
            </Suspense>
        </article>
    }
}

#[component]
fn AssemblyList(cards: Vec<AssemblyCard>) -> impl IntoView {
    let i18n = use_i18n();
    let groups: Vec<(AssemblyKind, Vec<AssemblyCard>)> = AssemblyKind::ALL
        .into_iter()
        .map(|k| {
            (
                k,
                cards
                    .iter()
                    .filter(|c| c.kind == k)
                    .cloned()
                    .collect::<Vec<_>>(),
            )
        })
        .filter(|(_, v)| !v.is_empty())
        .collect();
    groups
        .into_iter()
        .map(|(kind, cards)| {
            view! {
                <section class="assembly-group">
                    <h2>{kind_label(i18n, kind)}</h2>
                    <ul class="cards">
                        {cards.into_iter().map(|c| view! {
                            <li class="card">
                                <h3><a href=format!("/assemblies/{}", c.slug)>{c.name.clone()}</a></h3>
                                <p class="meta">
                                    {crate::domain::text::count_text(&c.members.to_string(), t_string!(i18n, assembly_members_count_one), t_string!(i18n, assembly_members_count))}
                                    " · "{crate::domain::text::count_text(&c.amendments.to_string(), t_string!(i18n, assembly_amendments_count_one), t_string!(i18n, assembly_amendments_count))}
                                    {c.joined.then(|| view! { " · "<strong>{t!(i18n, assembly_you_are_member)}</strong> })}
                                </p>
                                {(!c.facilitators.is_empty()).then(|| view! {
                                    <p class="meta">{t!(i18n, assembly_facilitated_by)}" "{c.facilitators.join(", ")}</p>
                                })}
                                {c.next_meeting.clone().map(|crate::views::assemblies::MeetingLink { id, title, starts_at: at }| view! {
                                    <p>{t!(i18n, assembly_next_meeting)}" "<a href=format!("/meetings/{id}")>{title}</a>" · "{format_time(at)}</p>
                                })}
                            </li>
                        }).collect_view()}
                    </ul>
                </section>
            }
        })
        .collect_view()
}

#[component]
fn NewAssemblyForm() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateAssembly>::new();
    let kept = crate::components::forms::kept_value;
    view! {
        <section class="panel" aria-labelledby="new-assembly">
            <h2 id="new-assembly">{t!(i18n, assembly_new_title)}</h2>
            <FormError error=error_of(create.value())/>
            <ActionForm action=create attr:class="stack">
                <crate::components::forms::FormKey/>
                <label for="assembly-name">{t!(i18n, assembly_field_name)}</label>
                <input id="assembly-name" type="text" name="name" required maxlength=NAME_MAX value=kept("name")/>
                <fieldset>
                    <legend>{t!(i18n, assembly_field_kind)}</legend>
                    {AssemblyKind::ALL.into_iter().map(|k| view! {
                        <label class="inline">
                            <input type="radio" name="kind" value=k.as_str() checked=k == AssemblyKind::Territorial/>
                            " "{kind_label(i18n, k)}
                        </label>
                    }).collect_view()}
                </fieldset>
                <label for="assembly-description">{t!(i18n, assembly_field_description)}</label>
                <p class="hint" id="assembly-description-hint">{t!(i18n, markdown_hint)}</p>
                <textarea id="assembly-description" name="description" rows="5" aria-describedby="assembly-description-hint">{textarea_text(kept("description"))}</textarea>
                <button type="submit">{t!(i18n, assembly_create)}</button>
            </ActionForm>
        </section>
    }
}
