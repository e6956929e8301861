//! Irreversible actions ask first (`domain::confirm`): the words of each question, the
//! attributes that mark a form for the dialog, the dialog itself (the `ConfirmDialog`
//! island, once per page) and the confirmation page for browsers without JavaScript.

use crate::domain::confirm::{Irreversible, ACTION_FIELD, BACK_FIELD, CONFIRMED_FIELD};
use crate::domain::redirect::safe_next;
use crate::i18n::*;
use crate::islands::confirm::{ConfirmDialog as Dialog, ConfirmLabels, ConfirmStart};
use crate::islands::start;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Title;

/// The question, what it does, and the confirming button, in the reader's language.
pub struct Words {
    pub question: String,
    pub detail: String,
    pub yes: String,
}

pub fn words(i18n: I18nContext<Locale>, action: Irreversible) -> Words {
    let (q, d, y) = match action {
        Irreversible::Accept => (
            t_string!(i18n, confirm_accept_q),
            t_string!(i18n, confirm_accept_detail),
            t_string!(i18n, confirm_accept_yes),
        ),
        Irreversible::AcceptWithChanges => (
            t_string!(i18n, confirm_accept_changed_q),
            t_string!(i18n, confirm_accept_changed_detail),
            t_string!(i18n, confirm_accept_changed_yes),
        ),
        Irreversible::Reject => (
            t_string!(i18n, confirm_reject_q),
            t_string!(i18n, confirm_reject_detail),
            t_string!(i18n, confirm_reject_yes),
        ),
        Irreversible::Withdraw => (
            t_string!(i18n, confirm_withdraw_q),
            t_string!(i18n, confirm_withdraw_detail),
            t_string!(i18n, confirm_withdraw_yes),
        ),
        Irreversible::CloseVote => (
            t_string!(i18n, confirm_close_vote_q),
            t_string!(i18n, confirm_close_vote_detail),
            t_string!(i18n, confirm_close_vote_yes),
        ),
        Irreversible::StartPhase => (
            t_string!(i18n, confirm_start_phase_q),
            t_string!(i18n, confirm_start_phase_detail),
            t_string!(i18n, confirm_start_phase_yes),
        ),
        Irreversible::ApplyResult => (
            t_string!(i18n, confirm_apply_result_q),
            t_string!(i18n, confirm_apply_result_detail),
            t_string!(i18n, confirm_apply_result_yes),
        ),
        Irreversible::DeleteComment => (
            t_string!(i18n, confirm_delete_comment_q),
            t_string!(i18n, confirm_delete_comment_detail),
            t_string!(i18n, confirm_delete_comment_yes),
        ),
        Irreversible::DeleteRoll => (
            t_string!(i18n, confirm_delete_roll_q),
            t_string!(i18n, confirm_delete_roll_detail),
            t_string!(i18n, confirm_delete_roll_yes),
        ),
    };
    Words {
        question: q.to_string(),
        detail: d.to_string(),
        yes: y.to_string(),
    }
}

/// The dialog that asks on this page (render once per page that has such forms).
#[component]
pub fn ConfirmDialog() -> impl IntoView {
    let i18n = use_i18n();
    let first = ConfirmStart {
        labels: ConfirmLabels {
            cancel: t_string!(i18n, confirm_dialog_cancel).to_string(),
        },
    };
    view! {
        {start(first)}
        <Dialog/>
    }
    .into_any()
}

/// `/confirm?__form=TOKEN`: what an irreversible plain form post asked to do, the question,
/// and the same form again with `confirmed`, or the way back.
#[component]
pub fn ConfirmPage() -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    let kept = crate::web::kept_all();
    #[cfg(not(feature = "ssr"))]
    let kept: Vec<(String, String)> = Vec::new();
    let field = |k: &str| {
        kept.iter()
            .find(|(name, _)| name == k)
            .map(|(_, v)| v.clone())
    };
    let back = safe_next(&field(BACK_FIELD).unwrap_or_default());
    let Some(action) = field(ACTION_FIELD).and_then(|k| Irreversible::parse(&k)) else {
        return view! {
            <Title text=t_string!(i18n, confirm_title).to_string()/>
            <section class="page narrow">
                <h1>{t!(i18n, confirm_title)}</h1>
                <p>{t!(i18n, confirm_expired)}</p>
                <p><a href=back>{t!(i18n, confirm_cancel)}</a></p>
            </section>
        }
        .into_any();
    };
    let w = words(i18n, action);
    // The confirmed action failed (the redirect came back here with its error).
    let failed: Option<crate::error::AppError> = leptos_router::hooks::use_query_map()
        .read_untracked()
        .get("__err")
        .map(|e| {
            leptos::server_fn::error::ServerFnUrlError::<crate::error::AppError>::decode_err(&e)
        });
    let hidden: Vec<(String, String)> = kept
        .iter()
        .filter(|(k, _)| !k.starts_with("__"))
        .cloned()
        .collect();
    view! {
        <Title text=w.question.clone()/>
        <section class="page narrow confirm-page">
            <h1>{w.question.clone()}</h1>
            {failed.map(|e| view! { <p class="notice error" role="alert">{crate::components::forms::error_text(i18n, &e)}</p> })}
            <p>{w.detail.clone()}</p>
            <form method="post" action=action.endpoint() class="actions">
                {hidden.into_iter().map(|(k, v)| view! { <input type="hidden" name=k value=v/> }).collect_view()}
                <input type="hidden" name=CONFIRMED_FIELD value="1"/>
                <button type="submit" class="danger">{w.yes.clone()}</button>
                " "
                <a class="button secondary" href=back>{t!(i18n, confirm_cancel)}</a>
            </form>
        </section>
    }
    .into_any()
}
