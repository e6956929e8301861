//! An amendment: what it changes (inline and side by side), why, its supports, versions and
//! status; the actions the viewer may take (the server checks each again).

use crate::api::amendments::{
    get_amendment, AcceptAmendment, AcceptChanged, AnswerMerge, PublishAmendment,
    RecommendDecision, RejectAmendment, SupportAmendment, UnsupportAmendment, WithdrawAmendment,
};
use crate::components::amendment::StatusBadge;
use crate::components::diff::{InlineDiff, SideBySideDiff};
use crate::components::follow::FollowButton;
use crate::components::forms::{error_text, query_value, textarea_text, Notice};
use crate::components::status::ErrorPage;
use crate::components::thread::Thread;
use crate::components::trail::SectionTrail;
use crate::domain::amendment::AmendmentStatus;
use crate::domain::text::fill;
use crate::domain::time::format_time;
use crate::error::AppError;
use crate::i18n::*;
use crate::views::amendments::AmendmentDetail as Page;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

/// The actions of the amendment page; their versions reload the page's data.
#[derive(Clone, Copy)]
struct Actions {
    publish: ServerAction<PublishAmendment>,
    withdraw: ServerAction<WithdrawAmendment>,
    support: ServerAction<SupportAmendment>,
    unsupport: ServerAction<UnsupportAmendment>,
    accept: ServerAction<AcceptAmendment>,
    accept_changed: ServerAction<AcceptChanged>,
    reject: ServerAction<RejectAmendment>,
    recommend: ServerAction<RecommendDecision>,
    answer: ServerAction<AnswerMerge>,
}

impl Actions {
    fn new() -> Self {
        Actions {
            publish: ServerAction::new(),
            withdraw: ServerAction::new(),
            support: ServerAction::new(),
            unsupport: ServerAction::new(),
            accept: ServerAction::new(),
            accept_changed: ServerAction::new(),
            reject: ServerAction::new(),
            recommend: ServerAction::new(),
            answer: ServerAction::new(),
        }
    }
    /// The error of whichever action failed last.
    fn error(&self) -> Option<AppError> {
        [
            self.publish.value().get(),
            self.withdraw.value().get(),
            self.support.value().get(),
            self.unsupport.value().get(),
            self.accept.value().get().map(|r| r.map(|_| ())),
            self.accept_changed.value().get().map(|r| r.map(|_| ())),
            self.reject.value().get(),
            self.recommend.value().get(),
            self.answer.value().get(),
        ]
        .into_iter()
        .flatten()
        .find_map(Result::err)
    }
}

#[component]
pub fn AmendmentPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = crate::components::forms::id_param();
    let actions = Actions::new();
    // Pages are server HTML: every action is a form that posts and comes back here, and
    // the redirect's `done` parameter says what happened.
    let page = Resource::new(move || id.get(), get_amendment);
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => view! { <AmendmentView page=p actions=actions/> }.into_any(),
                    Err(err) => view! { <ErrorPage error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn done_text(i18n: leptos_i18n::I18nContext<Locale>, done: &str) -> Option<String> {
    Some(
        match done {
            "published" => t_string!(i18n, done_published),
            "withdrawn" => t_string!(i18n, done_withdrawn),
            "supported" => t_string!(i18n, done_supported),
            "unsupported" => t_string!(i18n, done_unsupported),
            "accepted" => t_string!(i18n, done_accepted),
            "accepted_changes" => t_string!(i18n, done_accepted_changes),
            "recommended" => t_string!(i18n, done_recommended),
            "rejected" => t_string!(i18n, done_rejected),
            "resolved" => t_string!(i18n, done_resolved),
            "saved" => t_string!(i18n, done_saved),
            "merge_proposed" => t_string!(i18n, done_merge_proposed),
            "merge_answered" => t_string!(i18n, done_merge_answered),
            _ => return None,
        }
        .to_string(),
    )
}

/// After Accept: the section's new revision, and exactly what happened to every other open
/// amendment on it (adapted to the new text, or now in conflict and waiting for its
/// author), from what the acceptance kept for this page (`services::forms`).
#[component]
fn AcceptedNotice() -> impl IntoView {
    use crate::components::forms::kept_value;
    /// Links shown per list; the rest are counted.
    const SHOWN: usize = 50;
    let i18n = use_i18n();
    let ids = |key: &str| -> Vec<String> {
        kept_value(key)
            .split(',')
            .filter(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .map(str::to_string)
            .collect()
    };
    let (revision, rebased, conflicted, superseded) = (
        kept_value("revision"),
        ids("rebased"),
        ids("conflicted"),
        ids("superseded"),
    );
    let links = move |list: Vec<String>| {
        let more = list.len().saturating_sub(SHOWN);
        view! {
            {list.into_iter().take(SHOWN).enumerate().map(|(k, a)| view! {
                {(k > 0).then_some(", ")}<a href=format!("/amendments/{a}")>{format!("#{a}")}</a>
            }).collect_view()}
            {(more > 0).then(|| format!(" {}", fill(t_string!(i18n, accepted_more), &[("n", &more.to_string())])))}
        }
    };
    let lead = if revision.is_empty() {
        t_string!(i18n, done_accepted_plain).to_string()
    } else {
        fill(t_string!(i18n, done_accepted_revision), &[("n", &revision)])
    };
    let nothing_else = rebased.is_empty()
        && conflicted.is_empty()
        && superseded.is_empty()
        && !revision.is_empty();
    view! {
        <div class="notice success" role="status">
            <p>{lead}</p>
            {(!rebased.is_empty()).then(|| view! {
                <p>{crate::domain::text::count_text(&rebased.len().to_string(), t_string!(i18n, accepted_rebased_one), t_string!(i18n, accepted_rebased))}" "{links(rebased.clone())}</p>
            })}
            {(!conflicted.is_empty()).then(|| view! {
                <p>{crate::domain::text::count_text(&conflicted.len().to_string(), t_string!(i18n, accepted_conflicted_one), t_string!(i18n, accepted_conflicted))}" "{links(conflicted.clone())}</p>
            })}
            {(!superseded.is_empty()).then(|| view! {
                <p>{crate::domain::text::count_text(&superseded.len().to_string(), t_string!(i18n, accepted_superseded_one), t_string!(i18n, accepted_superseded))}" "{links(superseded.clone())}</p>
            })}
            {nothing_else.then(|| view! { <p>{t!(i18n, accepted_no_others)}</p> })}
        </div>
    }
}

#[component]
fn AmendmentView(page: Page, actions: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let done = query_value("done");
    let saved = query_value("saved");
    let ask = |a| crate::components::confirm::words(i18n, a);
    use crate::domain::confirm::Irreversible;
    let ask_changed = ask(Irreversible::AcceptWithChanges);
    let (ask_accept, ask_reject, ask_withdraw) = (
        ask(Irreversible::Accept),
        ask(Irreversible::Reject),
        ask(Irreversible::Withdraw),
    );
    let id = page.id;
    let r = page.rights.clone();
    let segments = page.segments.clone();
    let status = page.status;
    let versions = page.versions.clone();
    let decided = page.decision.as_ref().map(|d| (d.kind, d.at));
    let head = page.section.head;
    let error = move || actions.error();

    view! {
        <Title text=page.title.clone()/>
        <article class="page amendment-page">
            <SectionTrail section=page.section.clone()/>
            <h1>{page.title.clone()}</h1>
            <FollowButton kind="amendment" id=id/>
            <p class="meta">
                <StatusBadge status=status/>
                " "{match page.assembly.clone() {
                    Some((slug, name)) => view! {
                        <a href=format!("/assemblies/{slug}")>{fill(t_string!(i18n, assembly_by), &[("name", &name)])}</a>
                    }.into_any(),
                    None => fill(t_string!(i18n, amendment_by), &[("name", &page.author)]).into_any(),
                }}
                " · "{fill(t_string!(i18n, amendment_on_revision), &[("n", &page.base_number.to_string())])}
                {(page.version > 0).then(|| view! { " · "{fill(t_string!(i18n, amendment_version), &[("n", &page.version.to_string())])} })}
                " · "<span class="supports">{crate::domain::text::count_text(&page.supports.to_string(), t_string!(i18n, amendment_supports_current_one), t_string!(i18n, amendment_supports_current))}</span>
                {(page.earlier_supports > 0).then(|| view! {
                    " "<span class="supports-earlier">{crate::domain::text::count_text(&page.earlier_supports.to_string(), t_string!(i18n, amendment_supports_earlier_one), t_string!(i18n, amendment_supports_earlier))}</span>
                })}
            </p>
            {page.decision.clone().map(|d| decision_view(i18n, d))}
            {page.recommendation.clone().map(|rec| view! {
                <section class="notice recommendation" id="recommendation" aria-labelledby="recommendation-heading">
                    <h2 id="recommendation-heading">{fill(t_string!(i18n, recommendation_heading), &[("what", crate::components::labels::decision_short(i18n, rec.kind))])}</h2>
                    <p class="meta">
                        {format_time(rec.at)}
                        {rec.by.clone().map(|(name, role)| view! { " · "{fill(t_string!(i18n, recommendation_by), &[("name", &name), ("role", &crate::components::labels::role_label(i18n, role))])} })}
                    </p>
                    <p class="decision-reason"><strong>{t!(i18n, decision_reason_label)}</strong>" "{rec.reason.clone()}</p>
                    <p class="hint">{t!(i18n, recommendation_hint)}</p>
                </section>
            })}
            {(!page.room_votes.is_empty()).then(|| view! {
                <section class="room-votes" aria-labelledby="room-votes-title">
                    <h2 id="room-votes-title">{t!(i18n, amendment_room_votes)}</h2>
                    <p class="hint">{t!(i18n, meeting_room_votes_hint)}</p>
                    <ul>
                        {page.room_votes.iter().map(|v| view! {
                            <li><a href=format!("/meetings/{}", v.meeting_id)>{fill(t_string!(i18n, amendment_room_vote_line), &[
                                ("assembly", &v.assembly),
                                ("date", &crate::domain::time::format_time(v.held_at)),
                                ("for", &v.votes_for.to_string()),
                                ("against", &v.votes_against.to_string()),
                                ("abstain", &v.votes_abstain.to_string()),
                            ])}</a></li>
                        }).collect_view()}
                    </ul>
                </section>
            })}
            {move || {
                let key = if saved.get().is_empty() { done.get() } else { "saved".to_string() };
                match key.as_str() {
                    "accepted" => Some(view! { <AcceptedNotice/> }.into_any()),
                    _ => done_text(i18n, &key).map(|text| view! { <Notice text=text/> }.into_any()),
                }
            }}
            {move || error().map(|e| view! { <p class="notice error" role="alert">{error_text(i18n, &e)}</p> })}
            {match page.merge.as_ref().filter(|m| m.pending) {
                Some(m) => Some(view! {
                    <p class="notice">{fill(t_string!(i18n, merge_pending_notice), &[("date", &format_time(m.deadline))])}</p>
                }.into_any()),
                None => (status == AmendmentStatus::Draft).then(|| view! {
                    <p class="notice">{t!(i18n, amendment_draft_notice)}</p>
                }.into_any()),
            }}
            {(!page.merge_proposals.is_empty()).then(|| view! {
                <div class="notice">
                    <p>{t!(i18n, merge_proposals_notice)}</p>
                    <ul>{page.merge_proposals.iter().map(|crate::views::Link { id: mid, title: t }| view! {
                        <li><a href=format!("/amendments/{mid}#merge-heading")>{format!("#{mid} {t}")}</a></li>
                    }).collect_view()}</ul>
                </div>
            })}
            {page.merge.clone().map(|m| merge_section(i18n, id, m, actions, r.can_support))}
            {(status == AmendmentStatus::Conflicted && r.supported_version.is_some()).then(|| view! {
                <p class="notice">{t!(i18n, amendment_conflicted_supporter)}</p>
            })}
            {(status == AmendmentStatus::Conflicted).then(|| view! {
                <p class="notice error">
                    {fill(t_string!(i18n, amendment_conflicted_notice), &[("n", &head.to_string())])}
                    {r.can_resolve.then(|| view! { " "<a href=format!("/amendments/{id}/resolve")>{t!(i18n, amendment_resolve_link)}</a> })}
                </p>
            })}
            {(!page.votes.is_empty()).then(|| view! {
                <div class="notice">
                    <p>{if status == AmendmentStatus::InVote { t!(i18n, amendment_in_vote).into_any() } else { t!(i18n, amendment_was_in_vote).into_any() }}</p>
                    <ul>{page.votes.iter().map(|crate::views::Link { id: vid, title: t }| view! { <li><a href=format!("/votes/{vid}")>{t.clone()}</a></li> }).collect_view()}</ul>
                </div>
            })}
            {page.changed_since_support.clone().map(|changes| view! {
                <section class="notice changed" aria-labelledby="changed-heading">
                    <h2 id="changed-heading">{t!(i18n, amendment_changed_since_support)}</h2>
                    <p>{t!(i18n, amendment_support_again_hint)}</p>
                    <InlineDiff segments=Signal::derive(move || changes.clone())/>
                    {r.can_support.then(|| view! {
                        <ActionForm action=actions.support attr:class="inline-form">
                            <input type="hidden" name="id" value=id/>
                            <button type="submit">{t!(i18n, amendment_support_again)}</button>
                        </ActionForm>
                    })}
                </section>
            })}

            <section aria-labelledby="diff-heading">
                <h2 id="diff-heading">{t!(i18n, amendment_changes)}</h2>
                <InlineDiff segments=Signal::derive(move || segments.clone())/>
                <details class="side">
                    <summary>{t!(i18n, diff_side_heading)}</summary>
                    <SideBySideDiff segments=page.segments.clone()
                        before=fill(t_string!(i18n, diff_current), &[("n", &page.base_number.to_string())])
                        after=t_string!(i18n, diff_proposed).to_string()/>
                </details>
            </section>

            // After its own diff: how many others compete, and where to compare them (a
            // busy passage has dozens; the list is the section page's, a page at a time).
            {(page.competing > 0).then(|| view! {
                <p class="notice">
                    {crate::domain::text::count_text(&page.competing.to_string(), t_string!(i18n, amendment_competes_one), t_string!(i18n, amendment_competes))}
                    " "<a href=format!("/sections/{}#groups-heading", page.section.id)>{t!(i18n, amendment_competes_link)}</a>
                </p>
            })}

            {(!page.similar.is_empty()).then(|| view! {
                <section class="similar" aria-labelledby="similar-heading">
                    <h2 id="similar-heading">{t!(i18n, similar_heading)}</h2>
                    <p class="hint">{t!(i18n, similar_hint)}</p>
                    <ul>
                        {page.similar.iter().map(|x| view! {
                            <li>
                                <a href=format!("/amendments/{}", x.id)>{format!("#{} {}", x.id, x.title)}</a>
                                " · "{fill(t_string!(i18n, similar_alike), &[("pct", &x.percent.to_string())])}
                                " · "{crate::domain::text::count_text(&x.supports.to_string(), t_string!(i18n, amendment_supports_current_one), t_string!(i18n, amendment_supports_current))}
                            </li>
                        }).collect_view()}
                    </ul>
                </section>
            })}

            {(!page.justification_source.is_empty()).then(|| view! {
                <section aria-labelledby="why-heading">
                    <h2 id="why-heading">{t!(i18n, field_justification)}</h2>
                    <div class="prose" inner_html=page.justification.as_str().to_string()></div>
                </section>
            })}

            <section class="actions" aria-labelledby="actions-heading">
                <h2 id="actions-heading" class="visually-hidden">{t!(i18n, amendment_actions)}</h2>
                {r.can_edit.then(|| view! { <a class="button secondary" href=format!("/amendments/{id}/edit")>{t!(i18n, amendment_edit)}</a> })}
                {r.can_publish.then(|| view! {
                    <ActionForm action=actions.publish attr:class="inline-form">
                        <input type="hidden" name="id" value=id/>
                        <button type="submit">{t!(i18n, amendment_publish)}</button>
                    </ActionForm>
                })}
                {(r.can_support || (r.supported_version.is_some() && page.section.phase.allows(crate::domain::phase::Activity::Support))).then(|| if r.supported_version.is_some() {
                    view! {
                        <ActionForm action=actions.unsupport attr:class="inline-form">
                            <input type="hidden" name="id" value=id/>
                            <button type="submit" class="secondary">{t!(i18n, amendment_unsupport)}</button>
                        </ActionForm>
                    }.into_any()
                } else {
                    view! {
                        <ActionForm action=actions.support attr:class="inline-form">
                            <input type="hidden" name="id" value=id/>
                            <button type="submit">{t!(i18n, amendment_support)}</button>
                        </ActionForm>
                    }.into_any()
                })}
                {(!r.logged_in && status == AmendmentStatus::Published).then(|| view! {
                    <a href=format!("/login?next=/amendments/{id}")>{t!(i18n, amendment_login_to_support)}</a>
                })}
                {r.can_accept.then(|| view! {
                    <ActionForm action=actions.accept attr:class="inline-form" attr:data-confirm=ask_accept.question.clone() attr:data-confirm-detail=ask_accept.detail.clone() attr:data-confirm-yes=ask_accept.yes.clone()>
                        <input type="hidden" name="id" value=id/>
                        <button type="submit">{t!(i18n, amendment_accept)}</button>
                    </ActionForm>
                })}
                {r.can_accept.then(|| view! {
                    <details class="accept-changed">
                        <summary>{t!(i18n, amendment_accept_changed)}</summary>
                        <ActionForm action=actions.accept_changed attr:class="stack" attr:data-confirm=ask_changed.question.clone() attr:data-confirm-detail=ask_changed.detail.clone() attr:data-confirm-yes=ask_changed.yes.clone()>
                            <input type="hidden" name="id" value=id/>
                            <label for="final-text">{t!(i18n, amendment_final_text)}</label>
                            <p class="hint" id="final-text-hint">{t!(i18n, amendment_final_text_hint)}</p>
                            <textarea id="final-text" name="text" rows="10" required aria-describedby="final-text-hint">{textarea_text(page.text.clone())}</textarea>
                            <label for="final-reason">{t!(i18n, amendment_reject_reason)}</label>
                            <textarea id="final-reason" name="reason" rows="3" maxlength=crate::domain::amendment::REASON_MAX required></textarea>
                            <button type="submit">{t!(i18n, amendment_accept_changed_submit)}</button>
                        </ActionForm>
                    </details>
                })}
                {r.can_reject.then(|| view! {
                    <details class="recommend">
                        <summary>{t!(i18n, recommend_open)}</summary>
                        <ActionForm action=actions.recommend attr:class="stack">
                            <input type="hidden" name="id" value=id/>
                            <label for="recommend-kind">{t!(i18n, recommend_kind)}</label>
                            <select id="recommend-kind" name="kind">
                                <option value="accepted">{t!(i18n, decision_accepted)}</option>
                                <option value="rejected">{t!(i18n, decision_rejected)}</option>
                                <option value="covered">{t!(i18n, decision_covered_short)}</option>
                            </select>
                            <label for="recommend-reason">{t!(i18n, amendment_reject_reason)}</label>
                            <textarea id="recommend-reason" name="reason" rows="3" maxlength=crate::domain::amendment::REASON_MAX required></textarea>
                            <button type="submit" class="secondary">{t!(i18n, recommend_submit)}</button>
                        </ActionForm>
                    </details>
                })}
                {r.can_reject.then(|| view! {
                    <ActionForm action=actions.reject attr:class="row-form reject-form" attr:data-confirm=ask_reject.question.clone() attr:data-confirm-detail=ask_reject.detail.clone() attr:data-confirm-yes=ask_reject.yes.clone()>
                        <input type="hidden" name="id" value=id/>
                        <label for="reject-kind">{t!(i18n, decision_how)}</label>
                        <select id="reject-kind" name="covered_by">
                            <option value="">{t!(i18n, decision_reject_option)}</option>
                            <option value="text">{t!(i18n, decision_covered_text_option)}</option>
                        </select>
                        <label for="reject-number">{t!(i18n, decision_covered_number)}</label>
                        <input id="reject-number" type="text" inputmode="numeric" name="covered_number" maxlength="12" autocomplete="off"/>
                        <label for="reject-reason">{t!(i18n, amendment_reject_reason)}</label>
                        <textarea id="reject-reason" name="reason" rows="3" maxlength=crate::domain::amendment::REASON_MAX required aria-describedby="reject-reason-hint"></textarea>
                        <p class="hint" id="reject-reason-hint">{t!(i18n, decision_reason_hint)}</p>
                        <button type="submit" class="danger">{t!(i18n, amendment_reject)}</button>
                    </ActionForm>
                })}
                {r.can_withdraw.then(|| view! {
                    <ActionForm action=actions.withdraw attr:class="row-form withdraw-form" attr:data-confirm=ask_withdraw.question.clone() attr:data-confirm-detail=ask_withdraw.detail.clone() attr:data-confirm-yes=ask_withdraw.yes.clone()>
                        <input type="hidden" name="id" value=id/>
                        <label for="withdraw-reason">{t!(i18n, withdraw_reason)}</label>
                        <input id="withdraw-reason" type="text" name="reason" maxlength=crate::domain::amendment::REASON_MAX required/>
                        <button type="submit" class="secondary">{t!(i18n, amendment_withdraw)}</button>
                    </ActionForm>
                })}
            </section>

            <Thread target="amendment" id=id/>
            {(!versions.is_empty()).then(|| view! {
                <section aria-labelledby="versions-heading">
                    <h2 id="versions-heading">{t!(i18n, amendment_versions)}</h2>
                    <ol class="versions">
                        {versions.into_iter().map(|v| {
                            use crate::domain::amendment::VersionKind;
                            let text = match (v.kind, v.previous_base) {
                                (VersionKind::Rebase, Some(from)) => fill(t_string!(i18n, version_rebased), &[("from", &from.to_string()), ("to", &v.base_number.to_string())]),
                                (VersionKind::Resolve, Some(from)) => fill(t_string!(i18n, version_resolved), &[("from", &from.to_string()), ("to", &v.base_number.to_string())]),
                                (VersionKind::Edit, _) => t_string!(i18n, version_edited).to_string(),
                                (VersionKind::Final, _) => t_string!(i18n, version_final).to_string(),
                                _ => t_string!(i18n, version_published).to_string(),
                            };
                            view! { <li>{format!("v{} · ", v.version)}{text}{format!(" · {}", format_time(v.created_at))}</li> }
                        }).collect_view()}
                        {decided.map(|(kind, at)| {
                            let what = crate::components::labels::decision_short(i18n, kind);
                            view! { <li class="decided">{fill(t_string!(i18n, version_decided), &[("what", what)])}{format!(" · {}", format_time(at))}</li> }
                        })}
                    </ol>
                </section>
            })}
        </article>
    }
}

/// What was decided, by whom (their role, or the vote), when and why: public.
fn decision_view(
    i18n: leptos_i18n::I18nContext<Locale>,
    d: crate::views::amendments::DecisionView,
) -> impl IntoView {
    use crate::domain::amendment::DecisionKind;
    let what = match (d.kind, &d.covered_by) {
        (DecisionKind::Accepted, _) => t_string!(i18n, decision_accepted).to_string(),
        (DecisionKind::AcceptedWithChanges, _) => {
            t_string!(i18n, decision_accepted_changes).to_string()
        }
        (DecisionKind::SentToVote, _) => t_string!(i18n, decision_sent_to_vote).to_string(),
        (DecisionKind::Rejected, _) => t_string!(i18n, decision_rejected).to_string(),
        (DecisionKind::Covered, None) => t_string!(i18n, decision_covered_text).to_string(),
        (DecisionKind::Covered, Some(_)) => t_string!(i18n, decision_covered_other).to_string(),
        (DecisionKind::Withdrawn, _) => t_string!(i18n, decision_withdrawn).to_string(),
        (DecisionKind::Merged, _) => t_string!(i18n, decision_merged).to_string(),
    };
    let by = match (&d.poll, &d.by) {
        (Some(p), Some((name, role))) if d.kind == DecisionKind::SentToVote => view! {
            {fill(t_string!(i18n, decision_sent_by), &[("name", name), ("role", &crate::components::labels::role_label(i18n, *role))])}" "<a href=format!("/votes/{}", p.id)>{p.title.clone()}</a>
        }.into_any(),
        (Some(p), _) => view! { {t!(i18n, decision_by_vote)}" "<a href=format!("/votes/{}", p.id)>{p.title.clone()}</a> }.into_any(),
        (None, Some((name, role))) => view! { {fill(t_string!(i18n, decision_by), &[("name", name), ("role", &crate::components::labels::role_label(i18n, *role))])} }.into_any(),
        (None, None) => ().into_any(),
    };
    view! {
        <section class="notice decision" aria-labelledby="decision-heading">
            <h2 id="decision-heading">{what}</h2>
            {d.covered_by.clone().map(|c| view! {
                <p><a href=format!("/amendments/{}", c.id)>{format!("#{} {}", c.id, c.title)}</a></p>
            })}
            <p class="meta">{format_time(d.at)}" · "{by}</p>
            {(!d.reason.is_empty()).then(|| view! {
                <p class="decision-reason"><strong>{t!(i18n, decision_reason_label)}</strong>" "{d.reason.clone()}</p>
            })}
            {d.final_changes.clone().map(|changes| view! {
                <h3>{t!(i18n, decision_final_wording)}</h3>
                <InlineDiff segments=Signal::derive(move || changes.clone())/>
            })}
            // Covered without a reason: closed by the platform when the covering one was
            // accepted (a facilitator must always say why).
            {(d.kind == DecisionKind::Covered && d.reason.is_empty() && d.covered_by.is_some()).then(|| view! {
                <p class="decision-reason">{t!(i18n, decision_superseded)}</p>
            })}
        </section>
    }
}

/// A merge on the merged amendment's page: its sources and their authors' answers (the
/// viewer's own with the diff and the two answers), the supporters still to confirm, and,
/// for a supporter of a merged source, the diff from what they supported.
fn merge_section(
    i18n: leptos_i18n::I18nContext<Locale>,
    id: crate::domain::ids::AmendmentId,
    m: crate::views::amendments::MergeView,
    actions: Actions,
    can_support: bool,
) -> impl IntoView {
    use crate::domain::synthesis::MergeAnswer;
    let pending = m.pending;
    view! {
        <section class="merge" aria-labelledby="merge-heading">
            <h2 id="merge-heading">{t!(i18n, merge_sources_heading)}</h2>
            <ul class="merge-sources" id="sources-heading">
                {m.sources.iter().map(|src| {
                    let answer = match src.answer {
                        Some(MergeAnswer::Consent) => t_string!(i18n, merge_answer_consent),
                        Some(MergeAnswer::Keep) => t_string!(i18n, merge_answer_keep),
                        None => t_string!(i18n, merge_answer_none),
                    };
                    let source = src.id;
                    view! {
                        <li>
                            <a href=format!("/amendments/{}", src.id)>{format!("#{} {}", src.id, src.title)}</a>
                            " · "{fill(t_string!(i18n, amendment_by), &[("name", &src.author)])}
                            " · "<StatusBadge status=src.status/>
                            " · "<span class="answer">{answer}</span>
                            {src.to_merged.clone().map(|changes| view! {
                                <div class="card your-source">
                                    <h3>{t!(i18n, merge_your_diff)}</h3>
                                    <InlineDiff segments=Signal::derive(move || changes.clone())/>
                                    {pending.then(|| view! {
                                        <ActionForm action=actions.answer attr:class="inline-form">
                                            <input type="hidden" name="id" value=id.to_string()/>
                                            <input type="hidden" name="source" value=source.to_string()/>
                                            <input type="hidden" name="answer" value="consent"/>
                                            <button type="submit">{t!(i18n, merge_consent)}</button>
                                        </ActionForm>
                                        <ActionForm action=actions.answer attr:class="inline-form">
                                            <input type="hidden" name="id" value=id.to_string()/>
                                            <input type="hidden" name="source" value=source.to_string()/>
                                            <input type="hidden" name="answer" value="keep"/>
                                            <button type="submit" class="secondary">{t!(i18n, merge_keep)}</button>
                                        </ActionForm>
                                        <p class="hint">{t!(i18n, merge_change_answer)}</p>
                                    })}
                                </div>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            {(m.unconfirmed > 0).then(|| view! {
                <p class="supports-unconfirmed">{crate::domain::text::count_text(&m.unconfirmed.to_string(), t_string!(i18n, merge_unconfirmed_one), t_string!(i18n, merge_unconfirmed))}</p>
            })}
            {m.supported.clone().map(|(source, changes)| view! {
                <div class="notice changed">
                    <h3>{t!(i18n, merge_supported_heading)}</h3>
                    <p><a href=format!("/amendments/{}", source.id)>{format!("#{} {}", source.id, source.title)}</a></p>
                    <p>{t!(i18n, merge_supported_hint)}</p>
                    <InlineDiff segments=Signal::derive(move || changes.clone())/>
                    {can_support.then(|| view! {
                        <ActionForm action=actions.support attr:class="inline-form">
                            <input type="hidden" name="id" value=id/>
                            <button type="submit">{t!(i18n, merge_support_merged)}</button>
                        </ActionForm>
                    })}
                </div>
            })}
        </section>
    }
}
