//! A program's phase as the pages show it: where the program is, until when, what one can
//! do now, and the whole schedule.

use crate::components::forms::phase_name;
use crate::domain::phase::Phase;
use crate::domain::text::fill;
use crate::domain::time::format_utc;
use crate::i18n::*;
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
                ("time", &format_utc(t)),
            ],
        ),
        None => fill(
            t_string!(i18n, phase_now),
            &[("phase", &phase_name(i18n, phase))],
        ),
    };
    view! {
        <section class="phase-banner" aria-labelledby="phase-heading">
            <h2 id="phase-heading" class="visually-hidden">{t!(i18n, phase_heading)}</h2>
            <p class="phase-now"><strong>{now_text}</strong>" "{allowed_text(i18n, phase)}</p>
            {(!schedule.is_empty()).then(|| view! {
                <ol class="phase-steps">
                    {Phase::ALL.into_iter().map(|p| {
                        let start = schedule.iter().find(|(q, _)| *q == p).map(|(_, t)| *t);
                        let current = p == phase;
                        view! {
                            <li class:current=current aria-current=if current { Some("step") } else { None }>
                                <span class="phase-name">{phase_name(i18n, p)}</span>
                                {start.map(|t| view! { <span class="hint">{format!(" · {}", format_utc(t))}</span> })}
                            </li>
                        }
                    }).collect_view()}
                </ol>
            })}
        </section>
    }
}
