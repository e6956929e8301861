//! The audit page (coordinators): the event log filtered by person, kind of action and
//! subject. A GET form, so every filtered view is a link one can share.

use crate::api::admin::audit_log;
use crate::components::status::ErrorPage;
use crate::domain::event::Event;
use crate::domain::text::fill;
use crate::domain::time::format_time;
use crate::i18n::*;
use crate::views::admin::AuditRow;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AdminAuditPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let filters = move || {
        query.with(|q| {
            (
                q.get("person").unwrap_or_default(),
                q.get("kind").unwrap_or_default(),
                q.get("subject").unwrap_or_default(),
                q.get("assembly").unwrap_or_default(),
                q.get("page")
                    .and_then(|p| p.parse::<u64>().ok())
                    .unwrap_or(1),
            )
        })
    };
    let log = Resource::new(filters, |(person, kind, subject, assembly, page)| {
        audit_log(person, kind, subject, assembly, page)
    });
    view! {
        <Title text=t_string!(i18n, audit_title).to_string()/>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                let (person, kind, subject, assembly, _) = filters();
                match log.await {
                    Ok(p) => {
                        let link = {
                            let (person, kind, subject, assembly) = (person.clone(), kind.clone(), subject.clone(), assembly.clone());
                            move |page: u64| {
                                let page = page.to_string();
                                let pairs: Vec<(&str, &str)> = [("person", person.as_str()), ("kind", kind.as_str()), ("subject", subject.as_str()), ("assembly", assembly.as_str()), ("page", page.as_str())]
                                    .into_iter()
                                    .filter(|(_, v)| !v.is_empty())
                                    .collect();
                                format!("/admin/audit?{}", crate::domain::text::url::query_string(&pairs))
                            }
                        };
                        view! {
                            <section class="page">
                                <h1>{t!(i18n, audit_title)}</h1>
                                <form class="row-form" method="get" action="/admin/audit">
                                    <label for="audit-person">{t!(i18n, audit_person)}</label>
                                    <input id="audit-person" name="person" type="search" value=person.clone()/>
                                    <label for="audit-kind">{t!(i18n, audit_kind)}</label>
                                    <select id="audit-kind" name="kind">
                                        <option value="" selected=kind.is_empty()>{t!(i18n, audit_any)}</option>
                                        {p.kinds.iter().map(|k| view! { <option value=k.clone() selected=*k == kind>{k.clone()}</option> }).collect_view()}
                                    </select>
                                    <label for="audit-subject">{t!(i18n, audit_subject)}</label>
                                    <input id="audit-subject" name="subject" type="search" value=subject.clone() placeholder="amendment:12"/>
                                    <label for="audit-assembly">{t!(i18n, audit_assembly)}</label>
                                    <select id="audit-assembly" name="assembly">
                                        <option value="" selected=assembly.is_empty()>{t!(i18n, audit_any)}</option>
                                        {p.assemblies.iter().map(|(slug, name)| view! { <option value=slug.clone() selected=*slug == assembly>{name.clone()}</option> }).collect_view()}
                                    </select>
                                    <button type="submit" class="small">{t!(i18n, audit_filter)}</button>
                                </form>
                                <p>{crate::domain::text::count_text(&p.total.to_string(), t_string!(i18n, audit_count_one), t_string!(i18n, audit_count))}</p>
                                <div class="table-scroll">
                                    <table class="audit">
                                        <caption class="visually-hidden">{t!(i18n, audit_title)}</caption>
                                        <thead>
                                            <tr>
                                                <th scope="col">{t!(i18n, audit_when)}</th>
                                                <th scope="col">{t!(i18n, audit_event)}</th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {p.rows.into_iter().map(|r| view! {
                                                <tr>
                                                    <td class="nowrap">{format_time(r.at)}</td>
                                                    <td>{event_view(i18n, r)}</td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                                {(p.pages > 1).then(|| view! {
                                    <nav class="pages" aria-label=t_string!(i18n, audit_pages).to_string()>
                                        {(p.page > 1).then(|| view! { <a href=link(p.page - 1)>{t!(i18n, audit_newer)}</a>" " })}
                                        {fill(t_string!(i18n, audit_page_of), &[("n", &p.page.to_string()), ("m", &p.pages.to_string())])}
                                        {(p.page < p.pages).then(|| view! { " "<a href=link(p.page + 1)>{t!(i18n, audit_older)}</a> })}
                                    </nav>
                                })}
                            </section>
                        }.into_any()
                    }
                    Err(crate::error::AppError::LoginRequired) => view! {
                        <leptos_router::components::Redirect path="/login?next=/admin/audit"/>
                    }.into_any(),
                    Err(err) => view! { <ErrorPage error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// An event as a sentence: who did what to which subject (a link to it when it has a page),
/// with its recorded details folded under it and its technical name for filtering.
fn event_view(i18n: leptos_i18n::I18nContext<Locale>, r: AuditRow) -> impl IntoView {
    let who = r
        .actor
        .clone()
        .unwrap_or_else(|| t_string!(i18n, audit_system).to_string());
    let number = r
        .subject
        .split_once(':')
        .map(|(_, n)| n.to_string())
        .unwrap_or_default();
    let what = match (r.subject.split_once(':').map(|(k, _)| k), &r.subject_title) {
        (Some("amendment"), Some(title)) => fill(
            t_string!(i18n, audit_subject_amendment),
            &[("title", title)],
        ),
        (Some("amendment"), None) => fill(
            t_string!(i18n, audit_subject_amendment),
            &[("title", &format!("#{number}"))],
        ),
        (Some("comment"), _) => fill(t_string!(i18n, audit_subject_comment), &[("n", &number)]),
        (Some("program" | "poll" | "meeting" | "assembly"), Some(title)) => format!("“{title}”"),
        (_, Some(title)) => title.clone(),
        (_, None) => r.subject.clone(),
    };
    let template = match Event::ALL.into_iter().find(|e| e.as_str() == r.kind) {
        Some(e) => sentence(i18n, e).to_string(),
        None => format!("%who%: {} %what%", r.kind),
    };
    let template = template.replace("%who%", &who);
    let (before, after) = template
        .split_once("%what%")
        .unwrap_or((template.as_str(), ""));
    // A sentence that starts with its subject starts with a capital.
    let what = if before.is_empty() {
        capitalised(&what)
    } else {
        what
    };
    let subject = match r.link.clone() {
        Some(href) => view! { <a href=href>{what}</a> }.into_any(),
        None => view! { <span>{what}</span> }.into_any(),
    };
    let details = r.details.clone();
    view! {
        <p class="event">{before.to_string()}{subject}{format!("{after}.")}</p>
        <p class="meta"><code>{r.kind.clone()}</code>" · "<code>{r.subject.clone()}</code></p>
        {(!details.is_empty()).then(|| view! {
            <details class="event-details">
                <summary>{t!(i18n, audit_details)}</summary>
                <dl>
                    {details.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
                </dl>
            </details>
        })}
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The sentence that tells an event, with `%who%` and `%what%` to fill.
fn sentence(i18n: leptos_i18n::I18nContext<Locale>, e: Event) -> &'static str {
    match e {
        Event::AmendmentCreate => t_string!(i18n, event_amendment_create),
        Event::AmendmentEdit => t_string!(i18n, event_amendment_edit),
        Event::AmendmentPublish => t_string!(i18n, event_amendment_publish),
        Event::AmendmentWithdraw => t_string!(i18n, event_amendment_withdraw),
        Event::AmendmentSupport => t_string!(i18n, event_amendment_support),
        Event::AmendmentUnsupport => t_string!(i18n, event_amendment_unsupport),
        Event::AmendmentResolve => t_string!(i18n, event_amendment_resolve),
        Event::AmendmentConflict => t_string!(i18n, event_amendment_conflict),
        Event::AmendmentRebase => t_string!(i18n, event_amendment_rebase),
        Event::AmendmentAccept => t_string!(i18n, event_amendment_accept),
        Event::AmendmentReject => t_string!(i18n, event_amendment_reject),
        Event::AmendmentRecommend => t_string!(i18n, event_amendment_recommend),
        Event::AmendmentMergePropose => t_string!(i18n, event_amendment_merge_propose),
        Event::AmendmentMergeAnswer => t_string!(i18n, event_amendment_merge_answer),
        Event::AmendmentMergePublish => t_string!(i18n, event_amendment_merge_publish),
        Event::AssemblyCreate => t_string!(i18n, event_assembly_create),
        Event::AssemblyUpdate => t_string!(i18n, event_assembly_update),
        Event::AssemblyJoin => t_string!(i18n, event_assembly_join),
        Event::AssemblyLeave => t_string!(i18n, event_assembly_leave),
        Event::AssemblyFacilitatorAdd => t_string!(i18n, event_assembly_facilitator_add),
        Event::AssemblyFacilitatorRemove => t_string!(i18n, event_assembly_facilitator_remove),
        Event::CommentPost => t_string!(i18n, event_comment_post),
        Event::CommentEdit => t_string!(i18n, event_comment_edit),
        Event::CommentDelete => t_string!(i18n, event_comment_delete),
        Event::CommentReport => t_string!(i18n, event_comment_report),
        Event::CommentHide => t_string!(i18n, event_comment_hide),
        Event::CommentUnhide => t_string!(i18n, event_comment_unhide),
        Event::CommentDismiss => t_string!(i18n, event_comment_dismiss),
        Event::CommitteeSet => t_string!(i18n, event_committee_set),
        Event::CommitteeRemove => t_string!(i18n, event_committee_remove),
        Event::DigestUnsubscribe => t_string!(i18n, event_digest_unsubscribe),
        Event::SettingsTimeZone => t_string!(i18n, event_settings_time_zone),
        Event::MeetingCreate => t_string!(i18n, event_meeting_create),
        Event::MeetingUpdate => t_string!(i18n, event_meeting_update),
        Event::MeetingRecord => t_string!(i18n, event_meeting_record),
        Event::MeetingAdopt => t_string!(i18n, event_meeting_adopt),
        Event::MeetingRoomVote => t_string!(i18n, event_meeting_room_vote),
        Event::MeetingPriorities => t_string!(i18n, event_meeting_priorities),
        Event::MeetingOutcomeRemove => t_string!(i18n, event_meeting_outcome_remove),
        Event::PollCreate => t_string!(i18n, event_poll_create),
        Event::PollClose => t_string!(i18n, event_poll_close),
        Event::PollApply => t_string!(i18n, event_poll_apply),
        Event::PollRoomBallots => t_string!(i18n, event_poll_room_ballots),
        Event::RollImport => t_string!(i18n, event_roll_import),
        Event::RollVerify => t_string!(i18n, event_roll_verify),
        Event::RollRelease => t_string!(i18n, event_roll_release),
        Event::RollDelete => t_string!(i18n, event_roll_delete),
        Event::ProgramImport => t_string!(i18n, event_program_import),
        Event::ProgramState => t_string!(i18n, event_program_state),
        Event::ProgramSchedule => t_string!(i18n, event_program_schedule),
        Event::ProgramPhase => t_string!(i18n, event_program_phase),
        Event::SeedCity => t_string!(i18n, event_seed_city),
        Event::UserSignup => t_string!(i18n, event_user_signup),
        Event::UserCreate => t_string!(i18n, event_user_create),
        Event::UserPaperAccount => t_string!(i18n, event_user_paper_account),
        Event::UserActivate => t_string!(i18n, event_user_activate),
        Event::UserPasswordChange => t_string!(i18n, event_user_password_change),
        Event::UserPasswordReset => t_string!(i18n, event_user_password_reset),
        Event::UserRoleChange => t_string!(i18n, event_user_role_change),
    }
}
