//! A program's committees: who decides on which chapters, and how much waits for each;
//! coordinators set them up here (plain forms: a chapter's box brings its sections).

use crate::api::committees::{list_committees, RemoveCommittee, SetCommittee};
use crate::components::forms::{error_text, query_value, Notice};
use crate::components::status::ErrorPage;
use crate::domain::text::fill;
use crate::i18n::*;
use crate::views::committees::{CommitteeView, CommitteesPage};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn CommitteesPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let slug = Memo::new(move |_| params.read().get("slug").unwrap_or_default());
    let page = Resource::new(move || slug.get(), list_committees);
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => view! { <CommitteesView page=p/> }.into_any(),
                    Err(err) => view! { <ErrorPage error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CommitteesView(page: CommitteesPage) -> impl IntoView {
    let i18n = use_i18n();
    let set = ServerAction::<SetCommittee>::new();
    let remove = ServerAction::<RemoveCommittee>::new();
    let done = query_value("done");
    let error = move || {
        set.value()
            .get()
            .and_then(|r| r.err())
            .or_else(|| remove.value().get().and_then(Result::err))
    };
    let title = fill(
        t_string!(i18n, committees_title),
        &[("program", &page.program_title)],
    );
    let p = page.clone();
    view! {
        <Title text=title.clone()/>
        <article class="page committees-page">
            <p><a href=format!("/programs/{}", page.program_slug)>{page.program_title.clone()}</a></p>
            <h1>{title}</h1>
            <p class="lead">{t!(i18n, committees_lead)}</p>
            {move || (!done.get().is_empty()).then(|| view! { <Notice text=t_string!(i18n, done_saved).to_string()/> })}
            {move || error().map(|e| view! { <p class="notice error" role="alert">{error_text(i18n, &e)}</p> })}
            {page.committees.is_empty().then(|| view! { <p>{t!(i18n, committees_none)}</p> })}
            {page.committees.iter().map(|c| {
                let c2 = c.clone();
                let p = p.clone();
                view! {
                    <section class="card committee" id=format!("committee-{}", c.id) aria-labelledby=format!("committee-{}-name", c.id)>
                        <h2 id=format!("committee-{}-name", c.id)>{c.name.clone()}</h2>
                        <p>
                            <strong>{t!(i18n, committees_members)}</strong>" "
                            {c.members.join(", ")}
                            {c.assembly.clone().map(|(_, slug, name)| view! {
                                {(!c.members.is_empty()).then_some(", ")}
                                <a href=format!("/assemblies/{slug}")>{fill(t_string!(i18n, committees_assembly_facilitators), &[("name", &name)])}</a>
                            })}
                        </p>
                        <p><strong>{t!(i18n, committees_sections)}</strong></p>
                        <ul>
                            {c.sections.iter().map(|s| view! { <li><a href=format!("/sections/{}", s.id)>{s.title.clone()}</a></li> }).collect_view()}
                        </ul>
                        <p><a href=format!("/queue?committee={}", c.id)>{crate::domain::text::count_text(&c.waiting.to_string(), t_string!(i18n, committees_waiting_one), t_string!(i18n, committees_waiting))}</a></p>
                        {p.can_edit.then(|| view! {
                            <details>
                                <summary>{t!(i18n, committees_edit)}</summary>
                                <CommitteeForm page=p.clone() committee=Some(c2.clone()) action=set/>
                                <ActionForm action=remove attr:class="inline-form">
                                    <input type="hidden" name="id" value=c2.id.to_string()/>
                                    <input type="hidden" name="program" value=p.program_slug.clone()/>
                                    <button type="submit" class="danger">{t!(i18n, committees_remove)}</button>
                                </ActionForm>
                            </details>
                        })}
                    </section>
                }
            }).collect_view()}
            {page.can_edit.then(|| view! {
                <section aria-labelledby="new-committee">
                    <h2 id="new-committee">{t!(i18n, committees_new)}</h2>
                    <CommitteeForm page=page.clone() committee=None action=set/>
                </section>
            })}
        </article>
    }
}

#[component]
fn CommitteeForm(
    page: CommitteesPage,
    committee: Option<CommitteeView>,
    action: ServerAction<SetCommittee>,
) -> impl IntoView {
    let i18n = use_i18n();
    let key = committee
        .as_ref()
        .map_or_else(|| "new".to_string(), |c| c.id.to_string());
    let id = committee.as_ref().map(|c| c.id);
    let name = committee
        .as_ref()
        .map(|c| c.name.clone())
        .unwrap_or_default();
    let members = committee
        .as_ref()
        .map(|c| c.member_ids.clone())
        .unwrap_or_default();
    let assembly = committee
        .as_ref()
        .and_then(|c| c.assembly.as_ref().map(|a| a.0));
    let others = move |s: &crate::views::committees::SectionChoice| {
        s.committee.is_some() && s.committee != id
    };
    view! {
        <ActionForm action=action attr:class="stack">
            <input type="hidden" name="program" value=page.program_slug.clone()/>
            {id.map(|id| view! { <input type="hidden" name="id" value=id.to_string()/> })}
            <label for=format!("committee-name-{key}")>{t!(i18n, committees_name)}</label>
            <input id=format!("committee-name-{key}") type="text" name="name" required maxlength="120" value=name/>
            <fieldset>
                <legend>{t!(i18n, committees_sections_legend)}</legend>
                <p class="hint">{t!(i18n, committees_sections_hint)}</p>
                {page.sections.iter().map(|s| {
                    let field = format!("committee-{key}-section-{}", s.id);
                    let mine = id.is_some() && s.committee == id;
                    view! {
                        <div class=format!("check level-{}", s.level)>
                            <input type="checkbox" id=field.clone() name=format!("sections[{}]", s.id) checked=mine/>
                            <label for=field>{s.title.clone()}{others(s).then(|| view! { " "<span class="hint">{t!(i18n, committees_taken)}</span> })}</label>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <fieldset>
                <legend>{t!(i18n, committees_members_legend)}</legend>
                {page.facilitators.iter().map(|(uid, uname)| {
                    let field = format!("committee-{key}-member-{uid}");
                    view! {
                        <div class="check">
                            <input type="checkbox" id=field.clone() name=format!("members[{uid}]") checked=members.contains(uid)/>
                            <label for=field>{uname.clone()}</label>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <label for=format!("committee-assembly-{key}")>{t!(i18n, committees_assembly_label)}</label>
            <select id=format!("committee-assembly-{key}") name="assembly">
                <option value="">{t!(i18n, committees_no_assembly)}</option>
                {page.assemblies.iter().map(|(aid, aname)| view! {
                    <option value=aid.to_string() selected=assembly == Some(*aid)>{aname.clone()}</option>
                }).collect_view()}
            </select>
            <button type="submit">{t!(i18n, save)}</button>
        </ActionForm>
    }
}
