//! A meeting's time and place in one line, and its agenda (meeting page and printed pack).

use crate::components::amendment::StatusBadge;
use crate::domain::time::format_time;
use crate::i18n::*;
use crate::views::assemblies::MeetingDetail as Page;
use leptos::prelude::*;

/// When and where, as one line.
pub fn when_where(page: &Page) -> String {
    let mut s = format!(
        "{} – {}",
        format_time(page.starts_at),
        format_time(page.ends_at)
    );
    if !page.place.is_empty() {
        s.push_str(" · ");
        s.push_str(&page.place);
    }
    s
}

#[component]
pub fn AgendaList(page: Page) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ol class="agenda">
            {page.agenda.into_iter().map(|item| view! {
                <li>
                    {match item.amendment {
                        Some(crate::views::amendments::AmendmentLink { id, title, status }) => view! {
                            <a href=format!("/amendments/{id}")>{title}</a>" "<StatusBadge status=status/>
                            <span class="meta">" · "<a href=format!("/sections/{}", item.section_id)>{item.section_title}</a>
                            " · "{crate::domain::text::count_text(&item.online_supports.to_string(), t_string!(i18n, meeting_online_supports_one), t_string!(i18n, meeting_online_supports))}</span>
                        }.into_any(),
                        None => view! { <a href=format!("/sections/{}", item.section_id)>{item.section_title}</a> }.into_any(),
                    }}
                </li>
            }).collect_view()}
        </ol>
    }
}
