//! One meeting: when and where, the agenda, registration; once held, attendance, minutes and
//! outcomes (amendments adopted in the room, in-room counts beside the online supports,
//! priorities). Its assembly's facilitators record all of that here.

use crate::api::meetings::{
    get_meeting, RecordMeeting, RecordPriorities, RecordRoomVote, RegisterMeeting, RemoveOutcome,
};
use crate::components::agenda::when_where;
use crate::components::agenda::AgendaList;
use crate::components::amendment::StatusBadge;
use crate::components::forms::textarea_text;
use crate::components::forms::{error_of, id_param, FormError};
use crate::components::status::ErrorPage;
use crate::domain::assembly::OutcomeKind;
use crate::domain::text::fill;
use crate::i18n::*;
use crate::views::assemblies::{MeetingDetail as Page, OutcomeView};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn MeetingPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param();
    let people = crate::components::forms::query_value("people");
    let page = Resource::new(
        move || (id.get(), people.get().parse::<u64>().ok()),
        |(id, people)| get_meeting(id, people),
    );
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => view! { <MeetingView page=p/> }.into_any(),
                    Err(err) => view! { <ErrorPage error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn MeetingView(page: Page) -> impl IntoView {
    let i18n = use_i18n();
    let id = page.id;
    let register = ServerAction::<RegisterMeeting>::new();
    let places = page.capacity.map(|c| {
        let left = (c as u64).saturating_sub(page.registered).to_string();
        fill(
            &crate::domain::text::count_text(
                &left,
                t_string!(i18n, meeting_capacity_left_one),
                t_string!(i18n, meeting_capacity_left),
            ),
            &[("capacity", &c.to_string())],
        )
    });
    view! {
        <Title text=page.title.clone()/>
        <article class="page meeting-page">
            <nav class="trail" aria-label=move || t_string!(i18n, trail_label)>
                <a href="/assemblies">{t!(i18n, assemblies_title)}</a>" › "
                <a href=format!("/assemblies/{}", page.assembly_slug)>{page.assembly_name.clone()}</a>
            </nav>
            <h1>{page.title.clone()}</h1>
            <p class="meta"><time>{when_where(&page)}</time>" · "<a href=format!("/meetings/{id}.ics") rel="external" download>{t!(i18n, meeting_add_to_calendar)}</a></p>
            {(!page.online_url.is_empty()).then(|| view! {
                <p>{t!(i18n, meeting_online_link)}" "<a href=page.online_url.clone() rel="noopener noreferrer nofollow">{page.online_url.clone()}</a></p>
            })}
            <div class="prose" inner_html=page.description_html.as_str().to_string()></div>
            <p class="actions">
                <a href=format!("/meetings/{id}/pack")>{t!(i18n, meeting_pack_link)}</a>
                {page.can_edit.then(|| view! { " · "<a href=format!("/meetings/{id}/edit")>{t!(i18n, meeting_edit)}</a> })}
            </p>
            <section aria-labelledby="agenda-title">
                <h2 id="agenda-title">{t!(i18n, meeting_agenda)}</h2>
                {if page.agenda.is_empty() {
                    view! { <p class="empty">{t!(i18n, meeting_agenda_empty)}</p> }.into_any()
                } else {
                    view! { <AgendaList page=page.clone()/> }.into_any()
                }}
            </section>
            <section id="registration" class="panel" aria-labelledby="registration-title">
                <h2 id="registration-title">{t!(i18n, meeting_registration)}</h2>
                <p>
                    {crate::domain::text::count_text(&page.registered.to_string(), t_string!(i18n, meeting_registered_count_one), t_string!(i18n, meeting_registered_count))}
                    {places.map(|p| format!(" · {p}"))}
                </p>
                <FormError error=error_of(register.value())/>
                {if page.started {
                    view! { <p>{t!(i18n, meeting_registration_closed)}</p> }.into_any()
                } else if !page.viewer {
                    view! { <p><a href=format!("/login?next=/meetings/{id}")>{t!(i18n, meeting_login_to_register)}</a></p> }.into_any()
                } else if page.can_unregister {
                    view! {
                        <p>{t!(i18n, meeting_you_are_registered)}</p>
                        <ActionForm action=register>
                            <input type="hidden" name="id" value=id/>
                            <input type="hidden" name="register" value="false"/>
                            <button type="submit" class="secondary">{t!(i18n, meeting_unregister)}</button>
                        </ActionForm>
                    }.into_any()
                } else if !page.can_register {
                    view! { <p>{t!(i18n, error_meeting_full)}</p> }.into_any()
                } else {
                    view! {
                        <ActionForm action=register>
                            <input type="hidden" name="id" value=id/>
                            <input type="hidden" name="register" value="true"/>
                            <button type="submit">{t!(i18n, meeting_register)}</button>
                        </ActionForm>
                    }.into_any()
                }}
            </section>
            {(page.recorded_at.is_some() || !page.outcomes.is_empty()).then(|| view! { <Held page=page.clone()/> })}
            {page.can_record.then(|| view! { <Facilitation page=page.clone()/> })}
            {(page.can_edit && !page.started).then(|| view! {
                <p class="hint">{t!(i18n, meeting_record_after_start)}</p>
            })}
        </article>
    }
    .into_any()
}

/// What happened: attendance, minutes, outcomes (public).
#[component]
fn Held(page: Page) -> impl IntoView {
    let i18n = use_i18n();
    let adopted: Vec<OutcomeView> = page
        .outcomes
        .iter()
        .filter(|o| o.kind == OutcomeKind::Adopted)
        .cloned()
        .collect();
    let votes: Vec<OutcomeView> = page
        .outcomes
        .iter()
        .filter(|o| o.kind == OutcomeKind::RoomVote)
        .cloned()
        .collect();
    let priorities: Vec<OutcomeView> = page
        .outcomes
        .iter()
        .filter(|o| o.kind == OutcomeKind::Priority)
        .cloned()
        .collect();
    let can = page.can_remove;
    view! {
        <section id="outcomes" aria-labelledby="outcomes-title">
            <h2 id="outcomes-title">{t!(i18n, meeting_what_happened)}</h2>
            {page.recorded_at.map(|_| view! {
                <p>{fill(t_string!(i18n, meeting_attendance_summary), &[
                    ("attended", &page.attended.to_string()),
                    ("guests", &page.guests.to_string()),
                    ("total", &(page.attended + page.guests.max(0) as u64).to_string()),
                ])}</p>
            })}
            {(!page.minutes_html.as_str().trim().is_empty()).then(|| view! {
                <h3>{t!(i18n, meeting_minutes)}</h3>
                <div class="prose minutes" inner_html=page.minutes_html.as_str().to_string()></div>
            })}
            {(!adopted.is_empty()).then(|| view! {
                <h3>{t!(i18n, meeting_adopted)}</h3>
                <ul>
                    {adopted.into_iter().map(|o| view! {
                        <li>{o.amendment.map(|crate::views::amendments::AmendmentLink { id, title, status }| view! {
                            <a href=format!("/amendments/{id}")>{title}</a>" "<StatusBadge status=status/>
                        })}{o.section.map(|crate::views::Link { id: sid, title: st }| view! { <span class="meta">" · "<a href=format!("/sections/{sid}")>{st}</a></span> })}</li>
                    }).collect_view()}
                </ul>
            })}
            {(!votes.is_empty()).then(|| view! {
                <h3>{t!(i18n, meeting_room_votes)}</h3>
                <p class="hint">{t!(i18n, meeting_room_votes_hint)}</p>
                <div class="table-scroll">
                <table class="room-votes">
                    <thead><tr>
                        <th scope="col">{t!(i18n, meeting_amendment)}</th>
                        <th scope="col">{t!(i18n, meeting_votes_for)}</th>
                        <th scope="col">{t!(i18n, meeting_votes_against)}</th>
                        <th scope="col">{t!(i18n, meeting_votes_abstain)}</th>
                        <th scope="col">{t!(i18n, meeting_online_supports_col)}</th>
                        {can.then(|| view! { <th scope="col"><span class="visually-hidden">{t!(i18n, meeting_remove)}</span></th> })}
                    </tr></thead>
                    <tbody>
                        {votes.into_iter().map(|o| view! {
                            <tr>
                                <td>{o.amendment.clone().map(|crate::views::amendments::AmendmentLink { id, title, .. }| view! { <a href=format!("/amendments/{id}")>{title}</a> })}</td>
                                <td>{o.votes_for}</td>
                                <td>{o.votes_against}</td>
                                <td>{o.votes_abstain}</td>
                                <td>{o.online_supports}</td>
                                {can.then(|| view! { <td><RemoveButton id=o.id/></td> })}
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                </div>
            })}
            {(!priorities.is_empty()).then(|| view! {
                <h3>{t!(i18n, meeting_priorities)}</h3>
                <ol>{priorities.into_iter().map(|o| view! { <li>{o.text}</li> }).collect_view()}</ol>
            })}
        </section>
    }
    .into_any()
}

#[component]
fn RemoveButton(id: i32) -> impl IntoView {
    let i18n = use_i18n();
    let remove = ServerAction::<RemoveOutcome>::new();
    view! {
        <ActionForm action=remove>
            <input type="hidden" name="id" value=id/>
            <button type="submit" class="link-button">{t!(i18n, meeting_remove)}</button>
        </ActionForm>
    }
}

/// The facilitator's forms, once the meeting has started.
#[component]
fn Facilitation(page: Page) -> impl IntoView {
    let i18n = use_i18n();
    let id = page.id;
    let record = ServerAction::<RecordMeeting>::new();
    let vote = ServerAction::<RecordRoomVote>::new();
    let priorities = ServerAction::<RecordPriorities>::new();
    let kept = crate::components::forms::kept_or;
    let current_priorities = page
        .outcomes
        .iter()
        .filter(|o| o.kind == OutcomeKind::Priority)
        .map(|o| o.text.clone())
        .collect::<Vec<_>>()
        .join("\n");
    let amendments: Vec<(String, String)> = page
        .choices
        .iter()
        .filter_map(|c| {
            c.reference
                .strip_prefix('a')
                .map(|id| (id.to_string(), c.label.clone()))
        })
        .collect();
    let sections: Vec<(String, String)> = page
        .choices
        .iter()
        .filter_map(|c| {
            c.reference
                .strip_prefix('s')
                .map(|id| (id.to_string(), c.label.clone()))
        })
        .collect();
    view! {
        <section id="record" class="panel" aria-labelledby="record-title">
            <h2 id="record-title">{t!(i18n, meeting_record_title)}</h2>
            <FormError error=error_of(record.value())/>
            <ActionForm action=record attr:class="stack">
                <input type="hidden" name="id" value=id/>
                <fieldset>
                    <legend>{t!(i18n, meeting_attendance)}</legend>
                    {if page.attendees.is_empty() {
                        view! { <p class="empty">{t!(i18n, meeting_nobody_registered)}</p> }.into_any()
                    } else {
                        page.attendees.iter().map(|a| view! {
                            <label class="inline check">
                                <input type="hidden" name="shown[]" value=a.user_id/>
                                <input type="checkbox" name="attended[]" value=a.user_id checked=a.attended/>
                                " "{a.name.clone()}
                            </label>
                        }).collect_view().into_any()
                    }}
                    {(page.attendee_pages.pages > 1).then(|| view! {
                        <p class="hint">{t!(i18n, meeting_roll_paged)}</p>
                    })}
                    {crate::components::pager::pager(page.attendee_pages, t_string!(i18n, meeting_roll_pages).to_string(), move |n| format!("/meetings/{id}?people={n}#record"))}
                </fieldset>
                <label for="meeting-guests">{t!(i18n, meeting_guests)}</label>
                <input id="meeting-guests" type="number" name="guests" min="0" max="100000" inputmode="numeric" value=kept("guests", page.guests.to_string())/>
                <label for="meeting-minutes">{t!(i18n, meeting_minutes)}</label>
                <p class="hint" id="meeting-minutes-hint">{t!(i18n, markdown_hint)}</p>
                <textarea id="meeting-minutes" name="minutes" rows="10" aria-describedby="meeting-minutes-hint">{textarea_text(kept("minutes", page.minutes.clone()))}</textarea>
                <button type="submit">{t!(i18n, meeting_record_save)}</button>
            </ActionForm>
        </section>
        <section class="panel" aria-labelledby="adopt-title">
            <h2 id="adopt-title">{t!(i18n, meeting_adopt_title)}</h2>
            <p class="hint">{t!(i18n, meeting_adopt_hint)}</p>
            <form method="get" action=format!("/meetings/{id}/adopt") class="stack">
                <label for="adopt-section">{t!(i18n, meeting_section)}</label>
                <select id="adopt-section" name="section" required>
                    {sections.into_iter().map(|(sid, label)| view! { <option value=sid>{label}</option> }).collect_view()}
                </select>
                <button type="submit">{t!(i18n, meeting_adopt_write)}</button>
            </form>
        </section>
        <section class="panel" aria-labelledby="room-ballots-title">
            <h2 id="room-ballots-title">{t!(i18n, room_title)}</h2>
            <p class="hint">{t!(i18n, room_link_hint)}</p>
            <a class="button secondary" href=format!("/meetings/{id}/room")>{t!(i18n, room_link)}</a>
        </section>
        <section class="panel" aria-labelledby="paper-accounts-title">
            <h2 id="paper-accounts-title">{t!(i18n, paper_title)}</h2>
            <p class="hint">{t!(i18n, paper_link_hint)}</p>
            <a class="button secondary" href=format!("/meetings/{id}/accounts")>{t!(i18n, paper_link)}</a>
        </section>
        <section class="panel" aria-labelledby="room-vote-title">
            <h2 id="room-vote-title">{t!(i18n, meeting_room_vote_title)}</h2>
            <p class="hint">{t!(i18n, meeting_room_votes_hint)}</p>
            <FormError error=error_of(vote.value())/>
            {if amendments.is_empty() {
                view! { <p class="empty">{t!(i18n, meeting_no_amendments)}</p> }.into_any()
            } else {
                view! {
                    <ActionForm action=vote attr:class="stack">
                        <input type="hidden" name="id" value=id/>
                        <label for="room-amendment">{t!(i18n, meeting_amendment)}</label>
                        <select id="room-amendment" name="amendment_id" required>
                            {amendments.into_iter().map(|(aid, label)| view! { <option value=aid>{label}</option> }).collect_view()}
                        </select>
                        <div class="counts">
                            <label for="room-for">{t!(i18n, meeting_votes_for)}</label>
                            <input id="room-for" type="number" name="votes_for" min="0" max="100000" inputmode="numeric"/>
                            <label for="room-against">{t!(i18n, meeting_votes_against)}</label>
                            <input id="room-against" type="number" name="votes_against" min="0" max="100000" inputmode="numeric"/>
                            <label for="room-abstain">{t!(i18n, meeting_votes_abstain)}</label>
                            <input id="room-abstain" type="number" name="votes_abstain" min="0" max="100000" inputmode="numeric"/>
                        </div>
                        <button type="submit">{t!(i18n, meeting_room_vote_save)}</button>
                    </ActionForm>
                }.into_any()
            }}
        </section>
        <section class="panel" aria-labelledby="priorities-title">
            <h2 id="priorities-title">{t!(i18n, meeting_priorities)}</h2>
            <FormError error=error_of(priorities.value())/>
            <ActionForm action=priorities attr:class="stack">
                <input type="hidden" name="id" value=id/>
                <label for="meeting-priorities">{t!(i18n, meeting_priorities_field)}</label>
                <p class="hint" id="meeting-priorities-hint">{t!(i18n, meeting_priorities_hint)}</p>
                <textarea id="meeting-priorities" name="priorities" rows="6" aria-describedby="meeting-priorities-hint">{textarea_text(kept("priorities", current_priorities))}</textarea>
                <button type="submit">{t!(i18n, meeting_priorities_save)}</button>
            </ActionForm>
        </section>
    }
    .into_any()
}
