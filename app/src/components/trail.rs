//! "Program › Section" and "Votes › Program › Section › Vote" links above pages.

use crate::i18n::*;
use crate::views::sections::SectionRef;
use crate::views::votes::PollSummary;
use leptos::prelude::*;

/// "Program › Section" links above a section's pages.
#[component]
pub fn SectionTrail(section: SectionRef) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="trail" aria-label=move || t_string!(i18n, trail_label)>
            <a href=format!("/programs/{}", section.program_slug)>{section.program_title.clone()}</a>
            " › "
            <a href=format!("/sections/{}", section.id)>{section.title.clone()}</a>
        </nav>
    }
}

/// Where a vote belongs (program, section) and its title.
#[component]
pub fn VoteTrail(summary: PollSummary) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="trail" aria-label=move || t_string!(i18n, trail_label)>
            <a href="/votes">{t!(i18n, votes_title)}</a>
            " › "<a href=format!("/programs/{}", summary.program_slug)>{summary.program_title.clone()}</a>
            {summary.section.clone().map(|crate::views::Link { id, title }| view! { " › "<a href=format!("/sections/{id}")>{title}</a> })}
            " › "<a href=format!("/votes/{}", summary.id)>{summary.title.clone()}</a>
        </nav>
    }
}
