//! A comment thread (on a section or an amendment): sort, pages, the post form, and each
//! comment with its stance, passage, votes, replies, edit, delete, report and moderation.
//! Every action is a plain form; with JavaScript, new comments arrive as they are posted
//! (the `LiveThread` island).

use crate::api::comments::{
    get_thread, DeleteComment, EditComment, ModerateComment, PostComment, ReportComment,
    VoteComment,
};
use crate::components::diff::Formatted;
use crate::components::forms::error_text;
use crate::components::forms::{kept_value, textarea_text, FormKey};
use crate::domain::comment::{Sort, Stance, BODY_MAX};
use crate::domain::ids::CommentId;
use crate::domain::text::fill;
use crate::domain::time::format_time;
use crate::error::AppError;
use crate::i18n::*;
use crate::islands::live_thread::{LiveLabels, LiveStart, LiveThread, THREAD_BODY};
use crate::islands::passage::COMMENT_PASSAGE_SLOT;
use crate::islands::start;
use crate::views::comments::{CommentView, ThreadDetail};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_router::hooks::use_query_map;

#[derive(Clone, Copy)]
struct Actions {
    post: ServerAction<PostComment>,
    edit: ServerAction<EditComment>,
    delete: ServerAction<DeleteComment>,
    vote: ServerAction<VoteComment>,
    report: ServerAction<ReportComment>,
    moderate: ServerAction<ModerateComment>,
}

impl Actions {
    fn error(&self) -> Option<AppError> {
        self.post
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| self.edit.value().get().and_then(Result::err))
            .or_else(|| self.delete.value().get().and_then(Result::err))
            .or_else(|| self.vote.value().get().and_then(Result::err))
            .or_else(|| self.report.value().get().and_then(Result::err))
            .or_else(|| self.moderate.value().get().and_then(Result::err))
    }
}

/// What a failed post of the comment form (`parent`: the reply form under that comment)
/// had typed.
fn kept_body(parent: Option<CommentId>) -> String {
    let parent_kept = kept_value("parent_id");
    let mine = match parent {
        Some(p) => parent_kept == p.to_string(),
        None => parent_kept.is_empty(),
    };
    if mine {
        kept_value("body")
    } else {
        String::new()
    }
}

/// A comment's text field.
fn area(key: String, rows: &'static str, initial: String) -> impl IntoView {
    view! {
        <textarea id=key name="body" rows=rows required maxlength=BODY_MAX>{textarea_text(initial)}</textarea>
    }
}

fn stance_label(i18n: I18nContext<Locale>, stance: Stance) -> (&'static str, String) {
    match stance {
        Stance::For => ("✔", t_string!(i18n, stance_for).to_string()),
        Stance::Against => ("✖", t_string!(i18n, stance_against).to_string()),
        Stance::Neutral => ("●", t_string!(i18n, stance_neutral).to_string()),
    }
}

#[component]
pub fn Thread(
    target: &'static str,
    #[prop(into)] id: i32,
    /// The comment form can receive a passage chosen in the text (on sections).
    #[prop(optional)]
    passages: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let sort = move || query.read().get("sort").unwrap_or_default();
    let page = move || {
        query
            .read()
            .get("cpage")
            .and_then(|p| p.parse::<u64>().ok())
            .unwrap_or(1)
    };
    let conversation = move || {
        query
            .read()
            .get("conversation")
            .and_then(|p| p.parse::<CommentId>().ok())
    };
    // On the server, each action holds the error of a plain form post that came back here.
    let actions = Actions {
        post: ServerAction::new(),
        edit: ServerAction::new(),
        delete: ServerAction::new(),
        vote: ServerAction::new(),
        report: ServerAction::new(),
        moderate: ServerAction::new(),
    };
    let thread = Resource::new(
        move || (sort(), page(), conversation()),
        move |(sort, page, conversation)| {
            get_thread(target.to_string(), id, sort, page, conversation)
        },
    );
    let live = LiveStart {
        target: target.to_string(),
        id,
        labels: LiveLabels {
            arrived: t_string!(i18n, comments_arrived).to_string(),
            held: t_string!(i18n, comments_held).to_string(),
            held_one: t_string!(i18n, comments_held_one).to_string(),
        },
    };
    view! {
        <section class="thread" id="comments" aria-labelledby="comments-heading">
            <h2 id="comments-heading">{t!(i18n, comments_heading)}</h2>
            {start(live)}
            <LiveThread/>
            <crate::components::confirm::ConfirmDialog/>
            <div id=THREAD_BODY>
                <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
                    {move || Suspend::new(async move {
                        match thread.await {
                            Ok(t) => view! { <ThreadBody thread=t target=target id=id actions=actions passages=passages/> }.into_any(),
                            Err(err) => view! { <p class="notice error" role="alert">{error_text(i18n, &err)}</p> }.into_any(),
                        }
                    })}
                </Suspense>
            </div>
        </section>
    }
    .into_any()
}

#[component]
fn ThreadBody(
    thread: ThreadDetail,
    target: &'static str,
    id: i32,
    actions: Actions,
    passages: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let here = if target == "section" {
        format!("/sections/{id}")
    } else {
        format!("/amendments/{id}")
    };
    let conversation = thread.conversation;
    let sort_link = |s: Sort, label: String, current: Sort| {
        let href = format!("{here}?sort={}#comments", s.as_str());
        view! {
            <a href=href aria-current=if s == current { Some("true") } else { None }>{label}</a>
        }
    };
    let current = thread.sort;
    let with_stance = thread.with_stance;
    let can_reply_depth = thread.max_depth;
    let pages = thread.pages;
    let page = thread.page;
    let total = thread.total;
    let logged_in = thread.logged_in;
    let can_moderate = thread.can_moderate;
    view! {
        <p class="meta">{crate::domain::text::count_text(&thread.count.to_string(), t_string!(i18n, comments_count_one), t_string!(i18n, comments_count))}</p>
        {match conversation {
            Some(_) => view! {
                <p><a href=format!("{here}?sort={}#comments", current.as_str())>{t!(i18n, comments_whole_thread)}</a></p>
                <p class="meta">{crate::domain::text::count_text(&total.to_string(), t_string!(i18n, comments_conversation_one), t_string!(i18n, comments_conversation))}</p>
            }.into_any(),
            None => view! {
                <nav class="sorts" aria-label=move || t_string!(i18n, comments_sort)>
                    {t!(i18n, comments_sort)}": "
                    {sort_link(Sort::Best, t_string!(i18n, sort_best).to_string(), current)}" · "
                    {sort_link(Sort::Newest, t_string!(i18n, sort_newest).to_string(), current)}" · "
                    {sort_link(Sort::Oldest, t_string!(i18n, sort_oldest).to_string(), current)}
                </nav>
            }.into_any(),
        }}
        {move || actions.error().map(|e| view! { <p class="notice error" role="alert">{error_text(i18n, &e)}</p> })}
        {if thread.can_post {
            view! {
                <ActionForm action=actions.post attr:class="stack comment-form">
                    <FormKey/>
                    <input type="hidden" name="target" value=target/>
                    <input type="hidden" name="id" value=id/>
                    {passages.then(|| view! { <div id=COMMENT_PASSAGE_SLOT></div> })}
                    {with_stance.then(|| view! {
                        <fieldset class="stances">
                            <legend>{t!(i18n, comments_stance)}</legend>
                            {Stance::ALL.into_iter().map(|s| {
                                let (icon, label) = stance_label(i18n, s);
                                view! {
                                    <label class=format!("choice stance-{}", s.as_str())>
                                        <input type="radio" name="stance" value=s.as_str() checked=s == Stance::Neutral/>
                                        <span aria-hidden="true">{icon}</span>" "{label}
                                    </label>
                                }
                            }).collect_view()}
                        </fieldset>
                    })}
                    <label for=format!("new-comment-{target}")>{t!(i18n, comments_new)}</label>
                    {area(format!("new-comment-{target}"), "4", kept_body(None))}
                    <p class="hint">{t!(i18n, comments_markdown_hint)}</p>
                    <button type="submit">{t!(i18n, comments_post)}</button>
                </ActionForm>
            }.into_any()
        } else if !logged_in {
            view! { <p><a href=format!("/login?next={here}")>{t!(i18n, comments_login)}</a></p> }.into_any()
        } else {
            ().into_any()
        }}
        {if thread.comments.is_empty() {
            view! { <p>{t!(i18n, comments_none)}</p> }.into_any()
        } else {
            // After each top-level comment's replies: a link to the ones this page leaves out.
            let more = |root: CommentId, n: u64| {
                let href = format!("{here}?conversation={root}#comment-{root}");
                view! {
                    <li class="more-replies">
                        <a href=href>{crate::domain::text::count_text(&n.to_string(), t_string!(i18n, comments_more_replies_one), t_string!(i18n, comments_more_replies))}</a>
                    </li>
                }
                .into_any()
            };
            let mut items = Vec::with_capacity(thread.comments.len() + 8);
            let mut pending: Option<(CommentId, u64)> = None;
            for c in thread.comments {
                if c.depth == 0 {
                    if let Some((root, n)) = pending.take() {
                        items.push(more(root, n));
                    }
                    pending = (c.more_replies > 0).then_some((c.id, c.more_replies));
                }
                items.push(view! {
                    <CommentItem c=c target=target id=id actions=actions logged_in=logged_in
                        can_moderate=can_moderate max_depth=can_reply_depth/>
                }.into_any());
            }
            if let Some((root, n)) = pending.take() {
                items.push(more(root, n));
            }
            view! { <ol class="comments">{items}</ol> }.into_any()
        }}
        {(pages > 1).then(|| view! {
            <nav class="pages" aria-label=move || t_string!(i18n, comments_pages)>
                {page_numbers(page, pages).into_iter().map(|n| {
                    let Some(n) = n else {
                        return view! { <span aria-hidden="true">"… "</span> }.into_any();
                    };
                    let href = match conversation {
                        Some(root) => format!("{here}?conversation={root}&cpage={n}#comments"),
                        None => format!("{here}?sort={}&cpage={n}#comments", current.as_str()),
                    };
                    view! { <a href=href aria-current=if n == page { Some("page") } else { None }>{n.to_string()}</a>" " }.into_any()
                }).collect_view()}
            </nav>
        })}
    }
}

/// The page links to show: the first, the last, and two either side of the current one;
/// `None` where numbers are skipped. A thousand pages make at most nine links.
pub(crate) fn page_numbers(page: u64, pages: u64) -> Vec<Option<u64>> {
    let mut out = Vec::new();
    let mut last = 0;
    for n in 1..=pages {
        let near = n + 2 >= page && n <= page + 2;
        if n == 1 || n == pages || near {
            if n > last + 1 {
                out.push(None);
            }
            out.push(Some(n));
            last = n;
        } else if n > page + 2 {
            // Jump straight to the last page instead of walking every number.
            if pages > last + 1 {
                out.push(None);
            }
            out.push(Some(pages));
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::page_numbers;

    #[test]
    fn page_links_stay_few() {
        assert_eq!(page_numbers(1, 1), vec![Some(1)]);
        assert_eq!(page_numbers(1, 3), vec![Some(1), Some(2), Some(3)]);
        assert_eq!(
            page_numbers(1, 1000),
            vec![Some(1), Some(2), Some(3), None, Some(1000)]
        );
        assert_eq!(
            page_numbers(500, 1000),
            vec![
                Some(1),
                None,
                Some(498),
                Some(499),
                Some(500),
                Some(501),
                Some(502),
                None,
                Some(1000)
            ]
        );
        assert_eq!(
            page_numbers(1000, 1000),
            vec![Some(1), None, Some(998), Some(999), Some(1000)]
        );
        assert_eq!(
            page_numbers(4, 6),
            vec![Some(1), Some(2), Some(3), Some(4), Some(5), Some(6)]
        );
    }
}

#[component]
fn CommentItem(
    c: CommentView,
    target: &'static str,
    id: i32,
    actions: Actions,
    logged_in: bool,
    can_moderate: bool,
    max_depth: i32,
) -> impl IntoView {
    let i18n = use_i18n();
    let ask_delete = crate::components::confirm::words(
        i18n,
        crate::domain::confirm::Irreversible::DeleteComment,
    );
    let cid = c.id;
    let stance = c.stance.map(|s| {
        let (icon, label) = stance_label(i18n, s);
        view! { <span class=format!("stance stance-{}", s.as_str())><span aria-hidden="true">{icon}</span>" "{label}</span> }
    });
    let anchor = c.anchor.clone().map(|a| {
        let note = match a.state.as_str() {
            "changed" => Some(t_string!(i18n, anchor_changed).to_string()),
            "removed" => Some(t_string!(i18n, anchor_removed).to_string()),
            _ => None,
        };
        view! {
            <blockquote class=format!("passage anchor-{}", a.state)>
                <Formatted text=a.current.clone().unwrap_or(a.quote.clone())/>
            </blockquote>
            {note.map(|n| view! { <p class="hint anchor-note">{n}" "<q><Formatted text=a.quote.clone()/></q></p> })}
        }
    });
    let body = if c.deleted {
        view! { <p class="placeholder">{t!(i18n, comment_deleted)}</p> }.into_any()
    } else if c.hidden && c.body.as_str().is_empty() {
        view! { <p class="placeholder">{t!(i18n, comment_hidden)}</p> }.into_any()
    } else {
        view! {
            {c.hidden.then(|| view! { <p class="notice">{t!(i18n, comment_hidden_you)}</p> })}
            <div class="prose" inner_html=c.body.as_str().to_string()></div>
        }
        .into_any()
    };
    let can_vote = logged_in && !c.mine && !c.deleted;
    let vote_form = move |value: i16, label: String, count: i32, pressed: bool| {
        let send = if pressed { 0 } else { value };
        view! {
            <ActionForm action=actions.vote attr:class="inline-form">
                <input type="hidden" name="id" value=cid/>
                <input type="hidden" name="value" value=send/>
                <button type="submit" class="small secondary" aria-pressed=if pressed { "true" } else { "false" }>
                    {format!("{label} {count}")}
                </button>
            </ActionForm>
        }
    };
    let up = t_string!(i18n, vote_up).to_string();
    let down = t_string!(i18n, vote_down).to_string();
    view! {
        <li id=format!("comment-{cid}") class=format!("comment depth-{}", c.depth.min(4))>
            <article aria-label=fill(t_string!(i18n, comment_by), &[("name", &c.author)])>
                <p class="meta">
                    <strong>{c.author.clone()}</strong>" · "{format_time(c.created_at)}
                    {c.edited.then(|| view! { " · "{t!(i18n, comment_edited)} })}
                    {stance.map(|s| view! { " · "{s} })}
                </p>
                {anchor}
                {body}
                <div class="comment-actions">
                    {if can_vote {
                        view! {
                            {vote_form(1, up.clone(), c.ups, c.my_vote == 1)}
                            {vote_form(-1, down.clone(), c.downs, c.my_vote == -1)}
                        }.into_any()
                    } else {
                        view! { <span class="meta">{format!("{up} {} · {down} {}", c.ups, c.downs)}</span> }.into_any()
                    }}
                    {(logged_in && !c.deleted && c.depth < max_depth).then(|| view! {
                        <details open=!kept_body(Some(cid)).is_empty()>
                            <summary>{t!(i18n, comment_reply)}</summary>
                            <ActionForm action=actions.post attr:class="stack">
                                <FormKey/>
                                <input type="hidden" name="target" value=target/>
                                <input type="hidden" name="id" value=id/>
                                <input type="hidden" name="parent_id" value=cid/>
                                <label for=format!("reply-{cid}")>{t!(i18n, comment_reply)}</label>
                                {area(format!("reply-{cid}"), "3", kept_body(Some(cid)))}
                                <button type="submit" class="small">{t!(i18n, comments_post)}</button>
                            </ActionForm>
                        </details>
                    })}
                    {c.source.clone().map(|source| view! {
                        <details>
                            <summary>{t!(i18n, comment_edit)}</summary>
                            <ActionForm action=actions.edit attr:class="stack">
                                <input type="hidden" name="id" value=cid/>
                                <label for=format!("edit-{cid}")>{t!(i18n, comment_edit)}</label>
                                {area(format!("edit-{cid}"), "3", source)}
                                <button type="submit" class="small">{t!(i18n, save)}</button>
                            </ActionForm>
                        </details>
                        <ActionForm action=actions.delete attr:class="inline-form" attr:data-confirm=ask_delete.question.clone() attr:data-confirm-detail=ask_delete.detail.clone() attr:data-confirm-yes=ask_delete.yes.clone()>
                            <input type="hidden" name="id" value=cid/>
                            <button type="submit" class="small secondary">{t!(i18n, comment_delete)}</button>
                        </ActionForm>
                    })}
                    {(logged_in && !c.mine && !c.deleted && !c.reported_by_me).then(|| view! {
                        <details>
                            <summary>{t!(i18n, comment_report)}</summary>
                            <ActionForm action=actions.report attr:class="stack">
                                <input type="hidden" name="id" value=cid/>
                                <label for=format!("report-{cid}")>{t!(i18n, comment_report_reason)}</label>
                                <input id=format!("report-{cid}") type="text" name="reason" required maxlength="500"/>
                                <button type="submit" class="small secondary">{t!(i18n, comment_report)}</button>
                            </ActionForm>
                        </details>
                    })}
                    {c.reported_by_me.then(|| view! { <span class="meta">{t!(i18n, comment_reported)}</span> })}
                    {(can_moderate && !c.deleted).then(|| view! {
                        <details>
                            <summary>{t!(i18n, comment_moderate)}</summary>
                            <ActionForm action=actions.moderate attr:class="stack">
                                <input type="hidden" name="id" value=cid/>
                                <fieldset>
                                    <legend>{t!(i18n, comment_moderate)}</legend>
                                    <label class="choice"><input type="radio" name="action" value="hide" checked=!c.hidden/>" "{t!(i18n, moderate_hide)}</label>
                                    <label class="choice"><input type="radio" name="action" value="unhide" checked=c.hidden/>" "{t!(i18n, moderate_unhide)}</label>
                                    <label class="choice"><input type="radio" name="action" value="dismiss"/>" "{t!(i18n, moderate_dismiss)}</label>
                                </fieldset>
                                <label for=format!("why-{cid}")>{t!(i18n, moderate_why)}</label>
                                <input id=format!("why-{cid}") type="text" name="why" required maxlength="1000"/>
                                <button type="submit" class="small">{t!(i18n, save)}</button>
                            </ActionForm>
                        </details>
                    })}
                </div>
            </article>
        </li>
    }
}
