//! Small pieces about amendments: the status badge, dates.

use crate::domain::amendment::AmendmentStatus;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_i18n::I18nContext;

pub fn status_label(i18n: I18nContext<Locale>, status: AmendmentStatus) -> String {
    match status {
        AmendmentStatus::Draft => t_string!(i18n, status_draft),
        AmendmentStatus::Published => t_string!(i18n, status_published),
        AmendmentStatus::Conflicted => t_string!(i18n, status_conflicted),
        AmendmentStatus::Accepted => t_string!(i18n, status_accepted),
        AmendmentStatus::Rejected => t_string!(i18n, status_rejected),
        AmendmentStatus::Withdrawn => t_string!(i18n, status_withdrawn),
        AmendmentStatus::InVote => t_string!(i18n, status_in_vote),
    }
    .to_string()
}

/// The status as a badge (text, with a class for the colour).
#[component]
pub fn StatusBadge(status: AmendmentStatus) -> impl IntoView {
    let i18n = use_i18n();
    view! { <span class=format!("status status-{}", status.as_str())>{status_label(i18n, status)}</span> }
}
