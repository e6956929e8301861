//! Form helpers: translated error messages and notices.

use crate::domain::amendment::AmendmentError;
use crate::domain::assembly::AssemblyError;
use crate::domain::comment::CommentError;
use crate::domain::poll::PollError;
use crate::domain::program_md::ImportError;
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_i18n::I18nContext;

/// The text to put inside a `<textarea>`: every textarea's children go through this.
///
/// Leptos writes a textarea's children into the server's HTML without escaping them (it
/// treats the element like `<script>`, and neither escapes nor hydrates its children:
/// leptos-rs/leptos#4819 reverted the fix), so untrusted text holding `</textarea>` would
/// close the element and inject markup (a `<meta http-equiv=refresh>` redirected browsers
/// despite the CSP). Textarea content is "escapable raw text" in HTML: the browser decodes
/// entities in it, so escaping on the server shows exactly the text. In the browser the
/// children become a text node, which needs no escaping (and must not get it). A leading
/// line break is doubled on the server, because the HTML parser drops the first one.
pub fn textarea_text(text: impl Into<String>) -> String {
    let text = text.into();
    #[cfg(feature = "ssr")]
    {
        let mut out = String::with_capacity(text.len() + 16);
        if text.starts_with('\n') {
            out.push('\n');
        }
        for c in text.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                c => out.push(c),
            }
        }
        out
    }
    #[cfg(not(feature = "ssr"))]
    text
}

/// The sentence shown for an error, in the reader's language.
pub fn error_text(i18n: I18nContext<Locale>, err: &AppError) -> String {
    match err {
        AppError::InvalidEmail => t_string!(i18n, error_invalid_email).to_string(),
        AppError::UnknownTimeZone => t_string!(i18n, error_unknown_time_zone).to_string(),
        AppError::InvalidName => t_string!(i18n, error_invalid_name).to_string(),
        AppError::PasswordTooShort => t_string!(i18n, error_password_too_short).to_string(),
        AppError::PasswordTooLong => t_string!(i18n, error_password_too_long).to_string(),
        AppError::PasswordMismatch => t_string!(i18n, error_password_mismatch).to_string(),
        AppError::InvalidCredentials => t_string!(i18n, error_invalid_credentials).to_string(),
        AppError::Throttled { retry_after_secs } => {
            let seconds = retry_after_secs.to_string();
            crate::domain::text::fill(t_string!(i18n, error_throttled), &[("seconds", &seconds)])
        }
        AppError::Busy { retry_after_secs } => {
            let seconds = retry_after_secs.to_string();
            crate::domain::text::fill(t_string!(i18n, error_busy), &[("seconds", &seconds)])
        }
        AppError::MailUnavailable => t_string!(i18n, error_mail_unavailable).to_string(),
        AppError::StorageUnavailable => t_string!(i18n, error_storage_unavailable).to_string(),
        AppError::NotActivated => t_string!(i18n, error_not_activated).to_string(),
        AppError::WrongCurrentPassword => t_string!(i18n, error_wrong_current_password).to_string(),
        AppError::TokenInvalid => t_string!(i18n, error_token_invalid).to_string(),
        AppError::LoginRequired => t_string!(i18n, error_login_required).to_string(),
        AppError::ConfirmFirst => t_string!(i18n, error_confirm_first).to_string(),
        AppError::Forbidden => t_string!(i18n, forbidden_body).to_string(),
        AppError::NotFound => t_string!(i18n, not_found_body).to_string(),
        AppError::LastCoordinator => t_string!(i18n, error_last_coordinator).to_string(),
        AppError::EmailTaken => t_string!(i18n, error_email_taken).to_string(),
        AppError::BadRequest => t_string!(i18n, error_bad_request).to_string(),
        AppError::Internal => t_string!(i18n, server_error_body).to_string(),
        AppError::Network(_) => t_string!(i18n, error_network).to_string(),
        AppError::Amendment(e) => amendment_error_text(i18n, *e),
        AppError::Import(e) => import_error_text(i18n, e),
        AppError::Comment(e) => comment_error_text(i18n, *e),
        AppError::Poll(e) => poll_error_text(i18n, *e),
        AppError::Assembly(e) => assembly_error_text(i18n, *e),
        AppError::Roll(e) => roll_error_text(i18n, *e),
        AppError::InvalidTitle => t_string!(i18n, error_invalid_title).to_string(),
        AppError::ProgramClosed => t_string!(i18n, error_program_closed).to_string(),
        AppError::NotNow { phase, activity } => not_now_text(i18n, *phase, *activity),
        AppError::BadSchedule => t_string!(i18n, error_bad_schedule).to_string(),
        AppError::ProgramPublished => t_string!(i18n, error_program_published).to_string(),
        AppError::WrongState => t_string!(i18n, error_wrong_state).to_string(),
        AppError::Stale => t_string!(i18n, error_stale).to_string(),
        AppError::OwnAmendment => t_string!(i18n, error_own_amendment).to_string(),
    }
}

fn amendment_error_text(i18n: I18nContext<Locale>, err: AmendmentError) -> String {
    use crate::domain::amendment::{JUSTIFICATION_MAX, TEXT_MAX, TITLE_MAX};
    use crate::domain::text::fill;
    match err {
        AmendmentError::TitleEmpty => t_string!(i18n, error_amendment_title_empty).to_string(),
        AmendmentError::TitleNotOneLine => {
            t_string!(i18n, error_amendment_title_not_one_line).to_string()
        }
        AmendmentError::TitleTooLong => fill(
            t_string!(i18n, error_amendment_title_too_long),
            &[("max", &TITLE_MAX.to_string())],
        ),
        AmendmentError::TextTooLong => fill(
            t_string!(i18n, error_amendment_text_too_long),
            &[("max", &TEXT_MAX.to_string())],
        ),
        AmendmentError::Unchanged => t_string!(i18n, error_amendment_unchanged).to_string(),
        AmendmentError::HasHeading => t_string!(i18n, error_amendment_heading).to_string(),
        AmendmentError::ReasonRequired => t_string!(i18n, error_reason_required).to_string(),
        AmendmentError::ReasonTooLong => fill(
            t_string!(i18n, error_reason_too_long),
            &[("max", &crate::domain::amendment::REASON_MAX.to_string())],
        ),
        AmendmentError::CoverElsewhere => t_string!(i18n, error_cover_elsewhere).to_string(),
        AmendmentError::MergeTooFew => t_string!(i18n, error_merge_too_few).to_string(),
        AmendmentError::MergeTooMany => fill(
            t_string!(i18n, error_merge_too_many),
            &[("max", &crate::domain::synthesis::MERGE_MAX.to_string())],
        ),
        AmendmentError::MergeSourceNotOpen => {
            t_string!(i18n, error_merge_source_not_open).to_string()
        }
        AmendmentError::MergeDeadline => t_string!(i18n, error_merge_deadline).to_string(),
        AmendmentError::JustificationTooLong => fill(
            t_string!(i18n, error_justification_too_long),
            &[("max", &JUSTIFICATION_MAX.to_string())],
        ),
    }
}

/// The name of a phase, in the reader's language.
pub fn phase_name(i18n: I18nContext<Locale>, phase: crate::domain::phase::Phase) -> String {
    use crate::domain::phase::Phase;
    match phase {
        Phase::Drafting => t_string!(i18n, phase_drafting),
        Phase::Amendments => t_string!(i18n, phase_amendments),
        Phase::Deliberation => t_string!(i18n, phase_deliberation),
        Phase::Voting => t_string!(i18n, phase_voting),
        Phase::Closed => t_string!(i18n, phase_closed_name),
    }
    .to_string()
}

fn not_now_text(
    i18n: I18nContext<Locale>,
    phase: crate::domain::phase::Phase,
    activity: crate::domain::phase::Activity,
) -> String {
    use crate::domain::phase::Activity;
    use crate::domain::text::fill;
    let what = match activity {
        Activity::Amend => t_string!(i18n, activity_amend),
        Activity::Withdraw => t_string!(i18n, activity_withdraw),
        Activity::Resolve => t_string!(i18n, activity_resolve),
        Activity::Support => t_string!(i18n, activity_support),
        Activity::Comment => t_string!(i18n, activity_comment),
        Activity::Decide => t_string!(i18n, activity_decide),
        Activity::OpenVote => t_string!(i18n, activity_open_vote),
        Activity::Vote => t_string!(i18n, activity_vote),
    };
    fill(
        t_string!(i18n, error_not_now),
        &[("what", what), ("phase", &phase_name(i18n, phase))],
    )
}

fn roll_error_text(i18n: I18nContext<Locale>, err: crate::domain::roll::RollError) -> String {
    use crate::domain::roll::RollError as E;
    match err {
        E::Name => t_string!(i18n, error_roll_name),
        E::Label => t_string!(i18n, error_roll_label),
        E::Factor => t_string!(i18n, error_roll_factor),
        E::NoKey => t_string!(i18n, error_roll_no_key),
        E::KeyChanged => t_string!(i18n, error_roll_key_changed),
        E::Empty => t_string!(i18n, error_roll_empty),
        E::TooLong => t_string!(i18n, error_roll_too_long),
        E::Importing => t_string!(i18n, error_roll_importing),
        E::InUse => t_string!(i18n, error_roll_in_use),
        E::NoMatch => t_string!(i18n, error_roll_no_match),
        E::Taken => t_string!(i18n, error_roll_taken),
        E::AlreadyVerified => t_string!(i18n, error_roll_already_verified),
        E::Unreadable => t_string!(i18n, error_roll_unreadable),
        E::NoRoom => t_string!(i18n, error_roll_no_room),
        E::Choose => t_string!(i18n, error_roll_choose),
        E::NotVerified => t_string!(i18n, error_roll_not_verified),
    }
    .to_string()
}

fn assembly_error_text(i18n: I18nContext<Locale>, err: AssemblyError) -> String {
    match err {
        AssemblyError::Name => t_string!(i18n, error_assembly_name),
        AssemblyError::NameTaken => t_string!(i18n, error_assembly_name_taken),
        AssemblyError::Description => t_string!(i18n, error_assembly_description),
        AssemblyError::Kind => t_string!(i18n, error_assembly_kind),
        AssemblyError::MeetingTitle => t_string!(i18n, error_meeting_title),
        AssemblyError::MeetingTimes => t_string!(i18n, error_meeting_times),
        AssemblyError::NoPlace => t_string!(i18n, error_meeting_no_place),
        AssemblyError::Place => t_string!(i18n, error_meeting_place),
        AssemblyError::Link => t_string!(i18n, error_meeting_link),
        AssemblyError::Capacity => t_string!(i18n, error_meeting_capacity),
        AssemblyError::Minutes => t_string!(i18n, error_meeting_minutes),
        AssemblyError::Count => t_string!(i18n, error_meeting_count),
        AssemblyError::NoVotes => t_string!(i18n, error_meeting_no_votes),
        AssemblyError::Priorities => t_string!(i18n, error_meeting_priorities),
        AssemblyError::AgendaTooLong => t_string!(i18n, error_meeting_agenda_long),
        AssemblyError::AgendaItem => t_string!(i18n, error_meeting_agenda_item),
        AssemblyError::Full => t_string!(i18n, error_meeting_full),
        AssemblyError::Started => t_string!(i18n, error_meeting_started),
        AssemblyError::NotHeld => t_string!(i18n, error_meeting_not_held),
        AssemblyError::BelowRoomBallots => t_string!(i18n, error_meeting_below_room_ballots),
        AssemblyError::WrongAmendment => t_string!(i18n, error_meeting_wrong_amendment),
    }
    .to_string()
}

fn poll_error_text(i18n: I18nContext<Locale>, err: PollError) -> String {
    use crate::domain::poll::MAX_OPTIONS;
    use crate::domain::text::fill;
    let n = |k: usize| k.to_string();
    match err {
        PollError::EmptyRanking => t_string!(i18n, error_poll_empty_ranking).to_string(),
        PollError::Malformed => t_string!(i18n, error_poll_malformed).to_string(),
        PollError::UnknownOption(k) => {
            fill(t_string!(i18n, error_poll_unknown_option), &[("n", &n(k))])
        }
        PollError::DuplicateOption(k) => fill(
            t_string!(i18n, error_poll_duplicate_option),
            &[("n", &n(k))],
        ),
        PollError::WithdrawnOption(k) => fill(
            t_string!(i18n, error_poll_withdrawn_option),
            &[("n", &n(k))],
        ),
        PollError::RankOutOfRange(k) => fill(
            t_string!(i18n, error_poll_rank_out_of_range),
            &[("n", &n(k))],
        ),
        PollError::OptionCount => fill(
            t_string!(i18n, error_poll_option_count),
            &[("max", &n(MAX_OPTIONS))],
        ),
        PollError::BadOption => t_string!(i18n, error_poll_bad_option).to_string(),
        PollError::Seats => t_string!(i18n, error_poll_seats).to_string(),
        PollError::SingleSeat => t_string!(i18n, error_poll_single_seat).to_string(),
        PollError::Times => t_string!(i18n, error_poll_times).to_string(),
        PollError::BadSetting => t_string!(i18n, error_bad_request).to_string(),
        PollError::Title => t_string!(i18n, error_invalid_title).to_string(),
        PollError::Description => t_string!(i18n, error_poll_description).to_string(),
        PollError::NotOpenYet => t_string!(i18n, error_poll_not_open_yet).to_string(),
        PollError::Closed => t_string!(i18n, error_poll_closed).to_string(),
        PollError::StillOpen => t_string!(i18n, error_poll_still_open).to_string(),
        PollError::NotEligible => t_string!(i18n, error_poll_not_eligible).to_string(),
        PollError::Tied => t_string!(i18n, error_poll_tied).to_string(),
        PollError::AlreadyApplied => t_string!(i18n, error_poll_already_applied).to_string(),
        PollError::NothingToApply => t_string!(i18n, error_poll_nothing_to_apply).to_string(),
        PollError::BadAmendments => t_string!(i18n, error_poll_bad_amendments).to_string(),
        PollError::PassageInVote => t_string!(i18n, error_poll_passage_in_vote).to_string(),
        PollError::TooManyCasts => t_string!(i18n, error_poll_too_many_casts).to_string(),
        PollError::TooFewVoters => t_string!(i18n, error_poll_too_few_voters).to_string(),
        PollError::Assemblies => t_string!(i18n, error_poll_assemblies).to_string(),
        PollError::EmptyBallot => t_string!(i18n, error_poll_empty_ballot).to_string(),
        PollError::TooManyApproved(k) => crate::domain::text::count_text(
            &n(k),
            t_string!(i18n, error_poll_too_many_approved_one),
            t_string!(i18n, error_poll_too_many_approved),
        ),
        PollError::ScoreOutOfRange => fill(
            t_string!(i18n, error_poll_score_out_of_range),
            &[("max", &crate::domain::poll::shape::SCORE_MAX.to_string())],
        ),
        PollError::Blocks => t_string!(i18n, error_poll_blocks).to_string(),
        PollError::Choose => t_string!(i18n, error_poll_choose).to_string(),
        PollError::VotedInRoom => t_string!(i18n, error_poll_voted_in_room).to_string(),
        PollError::RoomFull => t_string!(i18n, error_poll_room_full).to_string(),
        PollError::NoAttendance => t_string!(i18n, error_poll_no_attendance).to_string(),
        PollError::RoomNotInVote => t_string!(i18n, error_poll_room_not_in_vote).to_string(),
        PollError::MinVoters => fill(
            t_string!(i18n, error_poll_min_voters),
            &[
                ("min", &crate::domain::poll::MIN_VOTERS_FLOOR.to_string()),
                ("max", &crate::domain::poll::MIN_VOTERS_MAX.to_string()),
            ],
        ),
    }
}

fn comment_error_text(i18n: I18nContext<Locale>, err: CommentError) -> String {
    use crate::domain::comment::BODY_MAX;
    use crate::domain::text::fill;
    match err {
        CommentError::Empty => t_string!(i18n, error_comment_empty).to_string(),
        CommentError::TooLong => fill(
            t_string!(i18n, error_comment_too_long),
            &[("max", &BODY_MAX.to_string())],
        ),
        CommentError::TooDeep => t_string!(i18n, error_comment_too_deep).to_string(),
        CommentError::BadStance | CommentError::BadSort => {
            t_string!(i18n, error_bad_request).to_string()
        }
        CommentError::BadAnchor => t_string!(i18n, error_comment_anchor).to_string(),
        CommentError::BadReason => t_string!(i18n, error_report_reason).to_string(),
    }
}

fn import_error_text(i18n: I18nContext<Locale>, err: &ImportError) -> String {
    use crate::domain::program_md::{MAX_IMPORT_BYTES, MAX_SECTION_CHARS, MAX_TITLE_CHARS};
    use crate::domain::text::fill;
    match err {
        ImportError::TooLarge => fill(
            t_string!(i18n, error_import_too_large),
            &[("max", &(MAX_IMPORT_BYTES / 1024).to_string())],
        ),
        ImportError::NoSections => t_string!(i18n, error_import_no_sections).to_string(),
        ImportError::EmptyTitle { line } => fill(
            t_string!(i18n, error_import_empty_title),
            &[("line", &line.to_string())],
        ),
        ImportError::TitleTooLong { line } => fill(
            t_string!(i18n, error_import_title_too_long),
            &[
                ("line", &line.to_string()),
                ("max", &MAX_TITLE_CHARS.to_string()),
            ],
        ),
        ImportError::SectionTooLong { line } => fill(
            t_string!(i18n, error_import_section_too_long),
            &[
                ("line", &line.to_string()),
                ("max", &MAX_SECTION_CHARS.to_string()),
            ],
        ),
    }
}

/// The error of an action's last submission, if it failed.
pub fn error_of<T, V>(value: V) -> Signal<Option<AppError>>
where
    T: Clone + Send + Sync + 'static,
    V: Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
{
    Signal::derive(move || value.get().and_then(Result::err))
}

/// Shows the error of the last submission of a form, announced to screen readers.
#[component]
pub fn FormError(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    let location = leptos_router::hooks::use_location();
    move || {
        error.get().map(|err| {
            // "Log in to do this": with the way to log in and come back to this form (and,
            // after a plain post, to what was typed in it: the page's address names it).
            let login = (err == AppError::LoginRequired).then(|| {
                let search = location.search.get();
                let search = search.trim_start_matches('?');
                let here = match search.is_empty() {
                    true => location.pathname.get(),
                    false => format!("{}?{search}", location.pathname.get()),
                };
                view! {
                    " "<a href=crate::domain::redirect::with_next("/login", &here)>{t!(i18n, nav_login)}</a>
                }
            });
            view! { <p class="notice error" role="alert">{error_text(i18n, &err)}{login}</p> }
        })
    }
}

/// "New password" and "repeat it", with the length hint (sign-up asks only once).
#[component]
pub fn NewPasswordFields(id_prefix: &'static str) -> impl IntoView {
    use crate::domain::account::{PASSWORD_MAX, PASSWORD_MIN};
    let i18n = use_i18n();
    let (new_id, hint_id, confirm_id) = (
        format!("{id_prefix}-new"),
        format!("{id_prefix}-hint"),
        format!("{id_prefix}-confirm"),
    );
    let min = PASSWORD_MIN.to_string();
    view! {
        <label for=new_id.clone()>{t!(i18n, field_new_password)}</label>
        <input id=new_id type="password" name="new_password" autocomplete="new-password"
            required minlength=PASSWORD_MIN maxlength=PASSWORD_MAX aria-describedby=hint_id.clone()/>
        <p id=hint_id class="hint">{t!(i18n, password_hint, min = min.clone())}</p>
        <label for=confirm_id.clone()>{t!(i18n, field_confirm_password)}</label>
        <input id=confirm_id type="password" name="confirm_password" autocomplete="new-password"
            required maxlength=PASSWORD_MAX/>
    }
}

/// A confirmation shown after a successful submission.
#[component]
pub fn Notice(#[prop(into)] text: Signal<String>) -> impl IntoView {
    view! { <p class="notice success" role="status">{move || text.get()}</p> }
}

/// Whether the query string has `key` (set by the redirects after plain form posts).
pub fn query_flag(key: &'static str) -> Memo<bool> {
    let query = leptos_router::hooks::use_query_map();
    Memo::new(move |_| query.read().get(key).is_some())
}

/// What a failed post of this page's form had typed in field `key` (kept on the server by
/// `services::forms`, named by `?__form=`), else `fallback`. Never read from the URL.
pub fn kept_or(key: &str, fallback: String) -> String {
    #[cfg(feature = "ssr")]
    {
        crate::web::kept(key).unwrap_or(fallback)
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = key;
        fallback
    }
}

/// [`kept_or`] with nothing as the fallback.
pub fn kept_value(key: &str) -> String {
    kept_or(key, String::new())
}

/// The hidden submission key of a form that creates something: sent twice (a double tap,
/// a resent post), it creates once and answers with the first result
/// (`services::forms`). A new key each time the form is rendered.
#[component]
pub fn FormKey() -> impl IntoView {
    #[cfg(feature = "ssr")]
    let key = crate::services::forms::fresh_key();
    #[cfg(not(feature = "ssr"))]
    let key = String::new();
    view! { <input type="hidden" name="form_key" value=key/> }
}

pub fn query_value(key: &'static str) -> Memo<String> {
    let query = leptos_router::hooks::use_query_map();
    Memo::new(move |_| query.read().get(key).unwrap_or_default())
}

/// The `:id` of the route as a number or typed id; 0 (found nowhere) when it is not one.
pub fn id_param<Id>() -> Memo<Id>
where
    Id: std::str::FromStr + Default + PartialEq + Send + Sync + 'static,
{
    let params = leptos_router::hooks::use_params_map();
    Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|v| v.parse().ok())
            .unwrap_or_default()
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod textarea_tests {
    #[cfg(feature = "ssr")]
    #[test]
    fn textarea_text_cannot_close_the_element() {
        use super::textarea_text;
        let payload = "a</textarea><meta http-equiv=refresh content='0;url=//evil.example'>&amp;";
        let out = textarea_text(payload);
        assert!(!out.to_ascii_lowercase().contains("</textarea"));
        assert!(!out.contains('<'));
        assert_eq!(
            out,
            "a&lt;/textarea&gt;&lt;meta http-equiv=refresh content='0;url=//evil.example'&gt;&amp;amp;"
        );
        assert_eq!(textarea_text("\nfirst"), "\n\nfirst");
    }

    /// Every `<textarea>` in the app's source puts its children through `textarea_text`
    /// (or has none): a raw child would be an injection again.
    #[test]
    fn every_textarea_escapes_its_children() {
        fn visit(dir: &std::path::Path, found: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    visit(&path, found);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let source = std::fs::read_to_string(&path).unwrap();
                    let mut rest = source.as_str();
                    while let Some(start) = rest.find("<textarea") {
                        // Elements only: not `<textarea>` quoted in docs or strings.
                        let before = rest[..start].chars().next_back();
                        let after = rest[start + 9..].chars().next();
                        rest = &rest[start + 9..];
                        if matches!(before, Some('`' | '"'))
                            || !after.is_some_and(|c| c == '>' || c.is_whitespace())
                        {
                            continue;
                        }
                        let Some(end) = rest.find("</textarea>") else {
                            break;
                        };
                        let element = &rest[..end];
                        let children = element
                            .rsplit_once('>')
                            .map(|(_, c)| c.trim())
                            .unwrap_or("");
                        if !children.is_empty() && !children.starts_with("{textarea_text(") {
                            found.push(format!("{}: {children}", path.display()));
                        }
                        rest = &rest[end..];
                    }
                }
            }
        }
        let mut found = Vec::new();
        visit(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut found,
        );
        assert!(found.is_empty(), "textareas with raw children: {found:#?}");
    }
}

/// Whether the page's language writes dates day first (Catalan and Spanish; English pages
/// use the unambiguous year-month-day).
pub fn day_first(i18n: leptos_i18n::I18nContext<Locale>) -> bool {
    !matches!(i18n.get_locale(), Locale::en)
}

/// A time as a date-and-time field shows it in the page's language, in the platform's zone.
pub fn time_value(i18n: leptos_i18n::I18nContext<Locale>, seconds: i64) -> String {
    crate::domain::time::input_value(seconds, day_first(i18n))
}

/// Under a date-and-time field: how to write it, and in which time zone.
#[component]
pub fn TimeHint(#[prop(into)] id: String) -> impl IntoView {
    let i18n = use_i18n();
    let text = crate::domain::text::fill(
        t_string!(i18n, time_input_hint),
        &[("zone", &crate::domain::time::zone_name())],
    );
    view! { <p class="hint" id=id>{text}</p> }
}
