//! A program's phase as the pages show it: where the program is, until when, what one can
//! do now, and the whole schedule.

use crate::components::forms::phase_name;
use crate::domain::phase::Phase;
use crate::domain::text::fill;
use crate::domain::time::format_time;
use crate::i18n::*;
use crate::views::programs::ProgramSummary;
use leptos::prelude::*;

/// What the phase allows, in words.
fn allowed_text(i18n: leptos_i18n::I18nContext<Locale>, phase: Phase) -> String {
    match phase {
        Phase::Drafting => t_string!(i18n, phase_allows_drafting),
        Phase::Amendments => t_string!(i18n, phase_allows_amendments),
        Phase::Deliberation => t_string!(i18n, phase_allows_deliberation),
        Phase::Voting => t_string!(i18n, phase_allows_voting),
        Phase::Closed => t_string!(i18n, phase_allows_closed),
    }
    .to_string()
}

#[component]
pub fn PhaseBanner(phase: Phase, ends: Option<i64>, schedule: Vec<(Phase, i64)>) -> impl IntoView {
    let i18n = use_i18n();
    let now_text = match ends {
        Some(t) => fill(
            t_string!(i18n, phase_now_until),
            &[
                ("phase", &phase_name(i18n, phase)),
                ("time", &format_time(t)),
            ],
        ),
        None => fill(
            t_string!(i18n, phase_now),
            &[("phase", &phase_name(i18n, phase))],
        ),
    };
    view! {
        <details class="phase-banner">
            <summary class="phase-now"><strong>{now_text}</strong>" "<span class="hint">{t!(i18n, phase_schedule_show)}</span></summary>
            <p>{allowed_text(i18n, phase)}</p>
            {(!schedule.is_empty()).then(|| view! {
                <ol class="phase-steps">
                    {Phase::ALL.into_iter().map(|p| {
                        let start = schedule.iter().find(|(q, _)| *q == p).map(|(_, t)| *t);
                        let current = p == phase;
                        view! {
                            <li class:current=current aria-current=if current { Some("step") } else { None }>
                                <span class="phase-name">{phase_name(i18n, p)}</span>
                                {start.map(|t| view! { <span class="hint">{format!(" · {}", format_time(t))}</span> })}
                            </li>
                        }
                    }).collect_view()}
                </ol>
            })}
        </details>
    }
}

/// What a program asks of people now, on its card and at the top of its page: the open
/// votes first (each until when, with the button to vote), then what the phase allows and
/// until when, with the one action that matters. `on_program` leaves out the link to the
/// program itself.
#[component]
pub fn NowCard(summary: ProgramSummary, #[prop(optional)] on_program: bool) -> impl IntoView {
    let i18n = use_i18n();
    if !summary.published {
        return view! { <p class="badge">{t!(i18n, program_unpublished)}</p> }.into_any();
    }
    let program = format!("/programs/{}", summary.slug);
    let until = |t: Option<i64>| t.map(format_time);
    let votes = summary.open_votes.iter().map(|v| {
        view! {
            <li>
                <strong>{fill(t_string!(i18n, now_vote_open), &[("title", &v.title), ("time", &format_time(v.closes_at))])}</strong>" "
                <a class="button" href=format!("/votes/{}", v.id)
                    aria-label=format!("{}: {}", t_string!(i18n, now_vote_button), v.title)>{t!(i18n, now_vote_button)}</a>
            </li>
        }
    }).collect_view();
    let more = (summary.open_vote_count > summary.open_votes.len() as u64).then(|| {
        view! {
            <p><a href="/votes">{t!(i18n, now_all_votes)}</a></p>
        }
    });
    let ends = until(summary.phase_ends);
    let phase_text = match (summary.phase, &ends) {
        (Phase::Drafting, _) => {
            let opens = summary
                .schedule
                .iter()
                .find(|(p, _)| *p == Phase::Amendments)
                .map(|(_, t)| format_time(*t));
            match opens {
                Some(t) => fill(t_string!(i18n, now_drafting_until), &[("time", &t)]),
                None => t_string!(i18n, now_drafting).to_string(),
            }
        }
        (Phase::Amendments, Some(t)) => fill(t_string!(i18n, now_amendments_until), &[("time", t)]),
        (Phase::Amendments, None) => t_string!(i18n, now_amendments).to_string(),
        (Phase::Deliberation, Some(t)) => {
            fill(t_string!(i18n, now_deliberation_until), &[("time", t)])
        }
        (Phase::Deliberation, None) => t_string!(i18n, now_deliberation).to_string(),
        (Phase::Voting, _) if summary.open_vote_count > 0 => String::new(),
        (Phase::Voting, Some(t)) => fill(t_string!(i18n, now_voting_none_until), &[("time", t)]),
        (Phase::Voting, None) => t_string!(i18n, now_voting_none).to_string(),
        (Phase::Closed, _) => t_string!(i18n, now_closed).to_string(),
    };
    let action = match summary.phase {
        Phase::Amendments if on_program => Some(view! { <p class="hint">{t!(i18n, now_amendments_how)}</p> }.into_any()),
        Phase::Amendments => Some(view! { <p><a class="button" href=program.clone()>{t!(i18n, now_amendments_button)}</a></p> }.into_any()),
        Phase::Deliberation => Some(view! { <p><a class="button secondary" href=format!("{program}/amendments")>{t!(i18n, now_deliberation_button)}</a></p> }.into_any()),
        Phase::Closed | Phase::Drafting | Phase::Voting if !on_program => Some(view! { <p><a href=program.clone()>{t!(i18n, now_read_program)}</a></p> }.into_any()),
        _ => None,
    };
    view! {
        <div class="now">
            {(summary.open_vote_count > 0).then(|| view! { <ul class="now-votes">{votes}</ul> })}
            {more}
            {(!phase_text.is_empty()).then(|| view! { <p class="now-phase">{phase_text}</p> })}
            {action}
        </div>
    }
    .into_any()
}
