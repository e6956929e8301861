//! Words for enumerated values (roles, assembly kinds, voting methods, tie rules,
//! eligibility, a vote's phase and ballots), in the viewer's language.

use crate::domain::assembly::AssemblyKind;
use crate::domain::poll::{Eligibility, Phase, TieRule};
use crate::domain::role::Role;
use crate::domain::tally::Method;
use crate::domain::text::fill;
use crate::domain::time::format_time;
use crate::i18n::*;
use crate::views::votes::PollSummary;
use leptos_i18n::I18nContext;

pub fn method_name(i18n: I18nContext<Locale>, m: Method) -> String {
    match m {
        Method::Schulze => t_string!(i18n, method_schulze),
        Method::RankedPairs => t_string!(i18n, method_ranked_pairs),
        Method::Irv => t_string!(i18n, method_irv),
        Method::Borda => t_string!(i18n, method_borda),
        Method::Copeland => t_string!(i18n, method_copeland),
        Method::Minimax => t_string!(i18n, method_minimax),
        Method::StvScottish => t_string!(i18n, method_stv_scottish),
        Method::StvMeek => t_string!(i18n, method_stv_meek),
        Method::Condorcet => t_string!(i18n, method_condorcet),
        Method::Approval => t_string!(i18n, method_approval),
        Method::Score => t_string!(i18n, method_score),
        Method::YesNo => t_string!(i18n, method_yes_no),
    }
    .to_string()
}

pub fn method_help(i18n: I18nContext<Locale>, m: Method) -> String {
    match m {
        Method::Schulze
        | Method::RankedPairs
        | Method::Copeland
        | Method::Minimax
        | Method::Condorcet => {
            t_string!(i18n, method_help_condorcet)
        }
        Method::Irv => t_string!(i18n, method_help_irv),
        Method::Borda => t_string!(i18n, method_help_borda),
        Method::StvScottish | Method::StvMeek => t_string!(i18n, method_help_stv),
        Method::Approval => t_string!(i18n, method_help_approval),
        Method::Score => t_string!(i18n, method_help_score),
        Method::YesNo => t_string!(i18n, method_help_yes_no),
    }
    .to_string()
}

pub fn tie_text(i18n: I18nContext<Locale>, t: TieRule) -> String {
    match t {
        TieRule::None => t_string!(i18n, tie_none),
        TieRule::Order => t_string!(i18n, tie_order),
        TieRule::Lot => t_string!(i18n, tie_lot),
    }
    .to_string()
}

pub fn eligibility_text(i18n: I18nContext<Locale>, e: Eligibility) -> String {
    match e {
        Eligibility::Residents => t_string!(i18n, eligibility_residents),
        Eligibility::RegisteredBefore => t_string!(i18n, eligibility_registered_before),
        Eligibility::Assemblies => t_string!(i18n, eligibility_assemblies),
        Eligibility::Roll => t_string!(i18n, eligibility_roll),
    }
    .to_string()
}

/// "Open until …", "Opens …", "Closed …".
pub fn phase_text(i18n: I18nContext<Locale>, s: &PollSummary) -> String {
    match s.phase {
        Phase::Scheduled => fill(
            t_string!(i18n, vote_opens_at),
            &[("time", &format_time(s.opens_at))],
        ),
        Phase::Open => fill(
            t_string!(i18n, vote_open_until),
            &[("time", &format_time(s.closes_at))],
        ),
        Phase::Closed => fill(
            t_string!(i18n, vote_closed_at),
            &[("time", &format_time(s.closes_at))],
        ),
    }
}

/// The number of ballots as the page may show it: exact once closed, in steps while open.
pub fn ballots_text(i18n: I18nContext<Locale>, s: &PollSummary) -> String {
    let step = crate::domain::poll::LIVE_COUNT_STEP.to_string();
    match (s.ballots_coarse, s.ballots) {
        (true, 0) => fill(t_string!(i18n, vote_ballots_coarse_few), &[("n", &step)]),
        (true, n) => fill(
            t_string!(i18n, vote_ballots_coarse),
            &[("n", &n.to_string())],
        ),
        (false, 1) => t_string!(i18n, vote_ballots_so_far_one).to_string(),
        (false, n) => fill(
            t_string!(i18n, vote_ballots_so_far),
            &[("n", &n.to_string())],
        ),
    }
}

pub fn role_label(i18n: I18nContext<Locale>, role: Role) -> String {
    match role {
        Role::Resident => t_string!(i18n, role_resident).to_string(),
        Role::Facilitator => t_string!(i18n, role_facilitator).to_string(),
        Role::Coordinator => t_string!(i18n, role_coordinator).to_string(),
    }
}

pub fn kind_label(i18n: I18nContext<Locale>, kind: AssemblyKind) -> String {
    match kind {
        AssemblyKind::Territorial => t_string!(i18n, assembly_kind_territorial),
        AssemblyKind::Thematic => t_string!(i18n, assembly_kind_thematic),
    }
    .to_string()
}

/// What a notice says, in `locale` (`actor`: who did it, where the kind names them).
pub fn notice_text(locale: Locale, kind: crate::domain::notice::NoticeKind, actor: &str) -> String {
    use crate::domain::notice::NoticeKind as K;
    let text = match kind {
        K::Reply => td_string!(locale, notice_reply),
        K::Comment => td_string!(locale, notice_comment),
        K::Accepted => td_string!(locale, notice_accepted),
        K::Rejected => td_string!(locale, notice_rejected),
        K::Rebased => td_string!(locale, notice_rebased),
        K::Conflicted => td_string!(locale, notice_conflicted),
        K::Resolve => td_string!(locale, notice_resolve_conflict),
        K::Edited => td_string!(locale, notice_edited),
        K::Decided => td_string!(locale, notice_decided),
        K::Recommended => td_string!(locale, notice_recommended),
        K::NewAmendment => td_string!(locale, notice_new_amendment),
        K::VoteOpen => td_string!(locale, notice_vote_open),
        K::VoteClosing => td_string!(locale, notice_vote_closing),
        K::Meeting => td_string!(locale, notice_meeting),
        K::MeetingReminder => td_string!(locale, notice_meeting_reminder),
        K::Phase => td_string!(locale, notice_phase),
        K::MergeProposed => td_string!(locale, notice_merge_proposed),
        K::Merged => td_string!(locale, notice_merged),
    };
    fill(text, &[("name", actor)])
}

/// The name of a kind of notice, for choosing how it is delivered.
pub fn notice_kind_name(locale: Locale, kind: crate::domain::notice::NoticeKind) -> &'static str {
    use crate::domain::notice::NoticeKind as K;
    match kind {
        K::Reply => td_string!(locale, prefs_kind_reply),
        K::Comment => td_string!(locale, prefs_kind_comment),
        K::Accepted => td_string!(locale, prefs_kind_accepted),
        K::Rejected => td_string!(locale, prefs_kind_rejected),
        K::Rebased => td_string!(locale, prefs_kind_rebased),
        K::Conflicted => td_string!(locale, prefs_kind_conflicted),
        K::Resolve => td_string!(locale, prefs_kind_resolve),
        K::Edited => td_string!(locale, prefs_kind_edited),
        K::Decided => td_string!(locale, prefs_kind_decided),
        K::Recommended => td_string!(locale, prefs_kind_recommended),
        K::NewAmendment => td_string!(locale, prefs_kind_new_amendment),
        K::VoteOpen => td_string!(locale, prefs_kind_vote_open),
        K::VoteClosing => td_string!(locale, prefs_kind_vote_closing),
        K::Meeting => td_string!(locale, prefs_kind_meeting),
        K::MeetingReminder => td_string!(locale, prefs_kind_meeting_reminder),
        K::Phase => td_string!(locale, prefs_kind_phase),
        K::MergeProposed => td_string!(locale, prefs_kind_merge_proposed),
        K::Merged => td_string!(locale, prefs_kind_merged),
    }
}

/// How a notice reaches a person, in words.
pub fn delivery_name(locale: Locale, d: crate::domain::notice::Delivery) -> &'static str {
    use crate::domain::notice::Delivery as D;
    match d {
        D::App => td_string!(locale, prefs_app),
        D::Digest => td_string!(locale, prefs_digest),
        D::Email => td_string!(locale, prefs_email),
    }
}

/// A decision on an amendment in a few words (histories and lists).
pub fn decision_short(
    i18n: I18nContext<Locale>,
    kind: crate::domain::amendment::DecisionKind,
) -> &'static str {
    use crate::domain::amendment::DecisionKind as D;
    match kind {
        D::Accepted => t_string!(i18n, decision_accepted),
        D::AcceptedWithChanges => t_string!(i18n, decision_accepted_changes),
        D::SentToVote => t_string!(i18n, decision_sent_to_vote),
        D::Rejected => t_string!(i18n, decision_rejected),
        D::Covered => t_string!(i18n, decision_covered_short),
        D::Withdrawn => t_string!(i18n, decision_withdrawn),
        D::Merged => t_string!(i18n, decision_merged_short),
    }
}

/// How many options a count of more than one chooses: seats with STV, "chosen" otherwise
/// (the most approved or best scored).
pub fn seats_text(i18n: leptos_i18n::I18nContext<Locale>, method: Method, n: usize) -> String {
    let text = match method {
        Method::StvScottish | Method::StvMeek => t_string!(i18n, vote_seats_n),
        _ => t_string!(i18n, vote_chosen_n),
    };
    crate::domain::text::fill(text, &[("n", &n.to_string())])
}
