//! Scheduling a meeting of an assembly, or changing one: title, times, place and/or online
//! link, capacity, description and the agenda (sections and amendments to discuss).

use crate::api::meetings::{get_meeting, new_meeting_form, SaveMeeting};
use crate::components::forms::textarea_text;
use crate::components::forms::{error_of, id_param, FormError};
use crate::components::forms::{time_value, TimeHint};
use crate::components::status::ErrorPage;
use crate::domain::assembly::{LINK_MAX, MEETING_TITLE_MAX, PLACE_MAX};
use crate::domain::time::{input_value, parse_datetime};
use crate::error::AppError;
use crate::i18n::*;
use crate::views::assemblies::{AgendaChoice, MeetingDetail, MeetingFormData};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_params_map;

/// `/assemblies/:slug/meetings/new`
#[component]
pub fn NewMeetingPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let slug = Memo::new(move |_| params.with(|p| p.get("slug").unwrap_or_default()));
    let form = Resource::new(move || slug.get(), new_meeting_form);
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match form.await {
                    Ok(f) => view! { <MeetingFormView form=f existing=None/> }.into_any(),
                    Err(AppError::LoginRequired) => view! {
                        <Redirect path=format!("/login?next=/assemblies/{}/meetings/new", slug.get_untracked())/>
                    }.into_any(),
                    Err(err) => view! { <ErrorPage error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// `/meetings/:id/edit`
#[component]
pub fn EditMeetingPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param();
    let page = Resource::new(move || id.get(), |id| get_meeting(id, None));
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) if p.can_edit => {
                        let form = MeetingFormData {
                            assembly_id: p.assembly_id,
                            assembly_slug: p.assembly_slug.clone(),
                            assembly_name: p.assembly_name.clone(),
                            choices: p.choices.clone(),
                            now: p.starts_at,
                        };
                        view! { <MeetingFormView form=form existing=Some(p)/> }.into_any()
                    }
                    Ok(p) if !p.viewer => view! { <Redirect path=format!("/login?next=/meetings/{}/edit", p.id)/> }.into_any(),
                    Ok(_) => view! { <ErrorPage error=AppError::Forbidden/> }.into_any(),
                    Err(err) => view! { <ErrorPage error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn MeetingFormView(form: MeetingFormData, existing: Option<MeetingDetail>) -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveMeeting>::new();
    let kept = crate::components::forms::kept_or;
    let e = existing.clone();
    let (title, starts, ends, place, link, capacity, description) = match &e {
        Some(m) => (
            m.title.clone(),
            time_value(i18n, m.starts_at),
            time_value(i18n, m.ends_at),
            m.place.clone(),
            m.online_url.clone(),
            m.capacity.map(|c| c.to_string()).unwrap_or_default(),
            m.description.clone(),
        ),
        None => {
            // A week from now, at 19:00 local time, for two hours.
            let day = input_value(form.now + 7 * 86_400, false);
            let day = day.split(' ').next().unwrap_or_default();
            let at = |hour: &str| {
                parse_datetime(&format!("{day} {hour}"))
                    .map(|t| time_value(i18n, t))
                    .unwrap_or_default()
            };
            (
                String::new(),
                at("19:00"),
                at("21:00"),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            )
        }
    };
    let on_agenda: Vec<String> = e
        .as_ref()
        .map(|m| m.agenda.iter().map(|a| a.reference.clone()).collect())
        .unwrap_or_default();
    let heading = if e.is_some() {
        t_string!(i18n, meeting_edit).to_string()
    } else {
        t_string!(i18n, meeting_schedule).to_string()
    };
    view! {
        <Title text=heading.clone()/>
        <section class="page narrow">
            <nav class="trail" aria-label=move || t_string!(i18n, trail_label)>
                <a href="/assemblies">{t!(i18n, assemblies_title)}</a>" › "
                <a href=format!("/assemblies/{}", form.assembly_slug)>{form.assembly_name.clone()}</a>
            </nav>
            <h1>{heading}</h1>
            <FormError error=error_of(save.value())/>
            <ActionForm action=save attr:class="stack">
                <crate::components::forms::FormKey/>
                <input type="hidden" name="assembly_id" value=form.assembly_id/>
                {e.as_ref().map(|m| view! { <input type="hidden" name="id" value=m.id/> })}
                <label for="meeting-title">{t!(i18n, meeting_field_title)}</label>
                <input id="meeting-title" type="text" name="title" required maxlength=MEETING_TITLE_MAX value=kept("title", title)/>
                <div class="row">
                    <div>
                        <label for="meeting-starts">{t!(i18n, meeting_field_starts)}</label>
                        <input id="meeting-starts" type="text" name="starts_at" required autocomplete="off" aria-describedby="meeting-times-hint" value=kept("starts_at", starts)/>
                    </div>
                    <div>
                        <label for="meeting-ends">{t!(i18n, meeting_field_ends)}</label>
                        <input id="meeting-ends" type="text" name="ends_at" required autocomplete="off" aria-describedby="meeting-times-hint" value=kept("ends_at", ends)/>
                    </div>
                </div>
                <TimeHint id="meeting-times-hint"/>
                <label for="meeting-place">{t!(i18n, meeting_field_place)}</label>
                <input id="meeting-place" type="text" name="place" maxlength=PLACE_MAX value=kept("place", place)/>
                <label for="meeting-link">{t!(i18n, meeting_field_link)}</label>
                <p class="hint" id="meeting-link-hint">{t!(i18n, meeting_field_link_hint)}</p>
                <input id="meeting-link" type="url" name="online_url" maxlength=LINK_MAX aria-describedby="meeting-link-hint" value=kept("online_url", link)/>
                <label for="meeting-capacity">{t!(i18n, meeting_field_capacity)}</label>
                <p class="hint" id="meeting-capacity-hint">{t!(i18n, meeting_field_capacity_hint)}</p>
                <input id="meeting-capacity" type="number" name="capacity" min="1" max="100000" inputmode="numeric" aria-describedby="meeting-capacity-hint" value=kept("capacity", capacity)/>
                <label for="meeting-description">{t!(i18n, meeting_field_description)}</label>
                <textarea id="meeting-description" name="description" rows="5">{textarea_text(kept("description", description))}</textarea>
                <AgendaPicker choices=form.choices.clone() chosen=on_agenda/>
                <button type="submit">{t!(i18n, save)}</button>
            </ActionForm>
        </section>
    }
    .into_any()
}

/// Checkboxes for the agenda: each section, with its open amendments under it.
#[component]
fn AgendaPicker(choices: Vec<AgendaChoice>, chosen: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <fieldset class="agenda-picker">
            <legend>{t!(i18n, meeting_agenda)}</legend>
            <p class="hint">{t!(i18n, meeting_agenda_hint)}</p>
            {if choices.is_empty() {
                view! { <p class="empty">{t!(i18n, meeting_agenda_nothing)}</p> }.into_any()
            } else {
                choices.into_iter().enumerate().map(|(i, c)| {
                    let amendment = c.reference.starts_with('a');
                    let id = format!("agenda-{i}");
                    view! {
                        <div class=if amendment { "check nested" } else { "check" }>
                            <input type="checkbox" id=id.clone() name="agenda[]" value=c.reference.clone() checked=chosen.contains(&c.reference)/>
                            <label for=id>{c.label}</label>
                        </div>
                    }
                }).collect_view().into_any()
            }}
        </fieldset>
    }
}
