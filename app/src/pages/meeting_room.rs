//! A meeting's paper ballots for a vote: its assembly's facilitator picks a vote that is
//! open, sorts the room's papers into piles of identical ballots and enters each pile with
//! the same form voters use online and how many papers it holds. The page shows how many
//! more the room may enter (people present, guests, those who already voted online) and
//! the piles entered so far. Works without JavaScript.

use crate::api::votes::{get_room_form, EnterRoomBallots};
use crate::components::ballot::{BallotFields, BallotMarks};
use crate::components::forms::{error_of, id_param, query_value, FormError, Notice};
use crate::components::status::ErrorPage;
use crate::domain::ids::PollId;
use crate::domain::text::{count_text, fill};
use crate::i18n::*;
use crate::views::votes::RoomForm;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

/// `/meetings/:id/room?vote=N`
#[component]
pub fn MeetingRoomPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param();
    let vote = query_value("vote");
    let data = Resource::new(
        move || (id.get(), vote.get()),
        |(id, vote)| async move { get_room_form(id, vote.parse::<PollId>().ok()).await },
    );
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) => view! { <Room page=page/> }.into_any(),
                    Err(err) => view! { <ErrorPage error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Room(page: RoomForm) -> impl IntoView {
    let i18n = use_i18n();
    let enter = ServerAction::<EnterRoomBallots>::new();
    let entered = query_value("entered");
    let mid = page.meeting.id;
    let title = t_string!(i18n, room_title).to_string();
    view! {
        <Title text=title.clone()/>
        <article class="page narrow room-ballots">
            <p><a href=format!("/meetings/{mid}")>{page.meeting.title.clone()}</a>" · "{page.assembly.clone()}</p>
            <h1>{title}</h1>
            <p class="hint">{t!(i18n, room_intro)}</p>
            {move || (!entered.get().is_empty()).then(|| view! {
                <Notice text=fill(t_string!(i18n, room_entered), &[("count", &entered.get())])/>
            })}
            {(!page.attendance_recorded).then(|| view! {
                <p class="notice">{t!(i18n, error_poll_no_attendance)}" "<a href=format!("/meetings/{mid}#record-title")>{t!(i18n, room_record_attendance)}</a></p>
            })}
            <section aria-labelledby="room-votes">
                <h2 id="room-votes">{t!(i18n, room_votes)}</h2>
                {if page.votes.is_empty() {
                    view! { <p class="empty">{t!(i18n, room_no_votes)}</p> }.into_any()
                } else {
                    let chosen = page.vote.as_ref().map(|v| v.summary.id);
                    view! {
                        <ul class="plain">
                            {page.votes.iter().map(|v| view! {
                                <li>
                                    <a href=format!("/meetings/{mid}/room?vote={}", v.id) aria-current=(chosen == Some(v.id)).then_some("page")>{v.title.clone()}</a>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
            {page.vote.clone().map(|vote| {
                let vid = vote.summary.id;
                let (blocks, options) = (vote.blocks.clone(), vote.options.clone());
                let b = page.bound.unwrap_or(crate::views::votes::RoomBound { present: 0, guests: 0, voted_online: 0, entered: 0, left: 0 });
                let people = |n: u64| count_text(&n.to_string(), t_string!(i18n, count_people_one), t_string!(i18n, count_people));
                let ballots = |n: u64| count_text(&n.to_string(), t_string!(i18n, count_ballots_one), t_string!(i18n, count_ballots));
                view! {
                    <section aria-labelledby="room-bound">
                        <h2 id="room-bound">{vote.summary.title.clone()}</h2>
                        <dl class="facts">
                            <dt>{t!(i18n, room_present)}</dt><dd>{people(b.present)}</dd>
                            <dt>{t!(i18n, room_guests)}</dt><dd>{people(b.guests)}</dd>
                            <dt>{t!(i18n, room_voted_online)}</dt><dd>{people(b.voted_online)}</dd>
                            <dt>{t!(i18n, room_entered_so_far)}</dt><dd>{ballots(b.entered)}</dd>
                            <dt>{t!(i18n, room_left)}</dt><dd><strong>{ballots(b.left)}</strong></dd>
                        </dl>
                        <p class="hint">{t!(i18n, room_rule)}</p>
                    </section>
                    <section aria-labelledby="room-pile">
                        <h2 id="room-pile">{t!(i18n, room_pile_heading)}</h2>
                        <FormError error=error_of(enter.value())/>
                        <ActionForm action=enter attr:class="ballot ballot-blocks stack">
                            <input type="hidden" name="meeting" value=mid/>
                            <input type="hidden" name="vote" value=vid/>
                            <BallotFields blocks=vote.blocks.clone() options=vote.options.clone() initial=None prefix=Some("marks")/>
                            <label for="room-count">{t!(i18n, room_count)}</label>
                            <p class="hint" id="room-count-hint">{t!(i18n, room_count_hint)}</p>
                            <input id="room-count" type="number" name="count" min="1" max=b.left.max(1) required inputmode="numeric" aria-describedby="room-count-hint"/>
                            <button type="submit">{t!(i18n, room_enter)}</button>
                        </ActionForm>
                    </section>
                    <section aria-labelledby="piles" id="piles">
                        <h2 id="piles-heading">{t!(i18n, room_piles)}</h2>
                        {if page.piles.is_empty() {
                            view! { <p class="empty">{t!(i18n, room_no_piles)}</p> }.into_any()
                        } else {
                            view! {
                                <ol class="piles">
                                    {page.piles.iter().map(|p| {
                                        let (blocks, options) = (blocks.clone(), options.clone());
                                        view! {
                                        <li>
                                            <p><strong>{ballots(u64::from(p.count))}</strong></p>
                                            <BallotMarks ballot=p.ballot.clone() blocks=blocks options=options/>
                                        </li>
                                    }}).collect_view()}
                                </ol>
                            }.into_any()
                        }}
                    </section>
                }
            })}
        </article>
    }
}
