//! Irreversible actions ask first (`domain::confirm`). The forms are plain server HTML
//! marked `data-confirm` (the question), `data-confirm-detail` (what it does) and
//! `data-confirm-yes` (the button). Without JavaScript, the server answers such a post with
//! its confirmation page; with it, this island asks in a dialog on the page and, on "yes",
//! sends the same form with `confirmed=1`. One island per page handles all its forms.

use super::{labels, take, Start};
use leptos::prelude::*;

labels! {
    /// The dialog's own word (the rest comes from each form).
    pub struct ConfirmLabels { pub cancel }
}

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "ssr", derive(serde::Serialize))]
pub struct ConfirmStart {
    pub labels: ConfirmLabels,
}

impl Start for ConfirmStart {
    const ELEMENT: &'static str = "confirm-start";
    #[cfg(feature = "hydrate")]
    fn read(json: &super::Json) -> Option<Self> {
        Some(Self {
            labels: ConfirmLabels::read(&json.get("labels"))?,
        })
    }
}

/// The id of the dialog element.
pub const DIALOG: &str = "confirm-dialog";

#[island]
pub fn ConfirmDialog() -> impl IntoView {
    take::<ConfirmStart>().map(confirm_dialog)
}

fn confirm_dialog(ConfirmStart { labels }: ConfirmStart) -> impl IntoView {
    // What the dialog asks now, and the form that asked.
    let question = RwSignal::new(String::new());
    let detail = RwSignal::new(String::new());
    let yes = RwSignal::new(String::new());
    #[cfg(feature = "hydrate")]
    let pending: StoredValue<Option<web_sys::HtmlFormElement>, LocalStorage> =
        StoredValue::new_local(None);
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        watch_forms(question, detail, yes, pending);
    });
    let cancel = move |_| {
        #[cfg(feature = "hydrate")]
        {
            pending.set_value(None);
            close();
        }
    };
    let confirm = move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(form) = pending.get_value() {
            pending.set_value(None);
            close();
            submit_confirmed(&form);
        }
    };
    view! {
        <dialog id=DIALOG class="confirm-dialog" aria-labelledby="confirm-dialog-question" aria-describedby="confirm-dialog-detail">
            <p id="confirm-dialog-question" class="question">{move || question.get()}</p>
            <p id="confirm-dialog-detail">{move || detail.get()}</p>
            <div class="actions">
                <button type="button" class="danger" on:click=confirm>{move || yes.get()}</button>
                " "
                <button type="button" class="secondary" on:click=cancel>{labels.cancel.clone()}</button>
            </div>
        </dialog>
    }
}

#[cfg(feature = "hydrate")]
use wasm_bindgen::{closure::Closure, JsCast};

#[cfg(feature = "hydrate")]
fn dialog() -> Option<web_sys::HtmlDialogElement> {
    super::element(DIALOG)?.dyn_into().ok()
}

#[cfg(feature = "hydrate")]
fn close() {
    if let Some(d) = dialog() {
        d.close();
    }
}

/// Asks before every `form[data-confirm]` on the page is sent (one listener on the
/// document, so forms that arrive later, e.g. a refreshed thread, are covered too).
#[cfg(feature = "hydrate")]
fn watch_forms(
    question: RwSignal<String>,
    detail: RwSignal<String>,
    yes: RwSignal<String>,
    pending: StoredValue<Option<web_sys::HtmlFormElement>, LocalStorage>,
) {
    let on_submit = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
        let Some(form) = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
        else {
            return;
        };
        let Some(asked) = form.get_attribute("data-confirm") else {
            return;
        };
        let Some(d) = dialog() else {
            return;
        };
        e.prevent_default();
        question.set(asked);
        detail.set(
            form.get_attribute("data-confirm-detail")
                .unwrap_or_default(),
        );
        yes.set(form.get_attribute("data-confirm-yes").unwrap_or_default());
        pending.set_value(Some(form));
        let _ = d.show_modal();
    });
    let _ =
        document().add_event_listener_with_callback("submit", on_submit.as_ref().unchecked_ref());
    on_submit.forget();
}

/// Sends `form` as it is, plus `confirmed=1` (`submit()` does not ask again).
#[cfg(feature = "hydrate")]
fn submit_confirmed(form: &web_sys::HtmlFormElement) {
    if let Ok(input) = document().create_element("input") {
        let _ = input.set_attribute("type", "hidden");
        let _ = input.set_attribute("name", crate::domain::confirm::CONFIRMED_FIELD);
        let _ = input.set_attribute("value", "1");
        let _ = form.append_child(&input);
    }
    let _ = form.submit();
}
