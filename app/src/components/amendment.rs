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

/// A Unix time as `YYYY-MM-DD HH:MM UTC`: the same text on the server and in the browser
/// (no local time zone, no "minutes ago", so hydration always matches).
pub fn format_utc(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let secs = seconds.rem_euclid(86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} UTC",
        secs / 3_600,
        secs % 3_600 / 60
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_are_formatted_in_utc() {
        assert_eq!(super::format_utc(0), "1970-01-01 00:00 UTC");
        assert_eq!(super::format_utc(1_795_521_600), "2026-11-24 12:00 UTC");
        assert_eq!(super::format_utc(951_782_400), "2000-02-29 00:00 UTC");
    }
}
