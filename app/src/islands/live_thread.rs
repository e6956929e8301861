//! Live comment threads: new comments appear on an open page as they are posted. The
//! thread itself is server HTML; when the thread's event stream says a comment arrived,
//! this island fetches the page again and swaps in the new thread (the server renders it
//! for the reader, with their rights and sort). While the reader is typing in the thread,
//! it waits and offers the new comments instead; whatever was typed survives the swap.
//! A comment already on the page (one's own, which the post that made it shows) is not
//! news: it is neither fetched again nor announced.

use super::{labels, take, Start};
use leptos::prelude::*;

/// The id of the element holding the thread's comments and forms (what is swapped).
pub const THREAD_BODY: &str = "thread-body";

labels! {
    /// The live thread's words (`{n}` is filled in).
    pub struct LiveLabels { pub arrived, pub held, pub held_one }
}

/// What the live thread starts from: whose comments to follow.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "ssr", derive(serde::Serialize))]
pub struct LiveStart {
    /// "section" or "amendment".
    pub target: String,
    pub id: i32,
    pub labels: LiveLabels,
}

impl Start for LiveStart {
    const ELEMENT: &'static str = "live-thread-start";
    #[cfg(feature = "hydrate")]
    fn read(json: &super::Json) -> Option<Self> {
        Some(Self {
            target: json.get("target").str()?,
            id: i32::try_from(json.get("id").int()?).ok()?,
            labels: LiveLabels::read(&json.get("labels"))?,
        })
    }
}

#[island]
pub fn LiveThread() -> impl IntoView {
    take::<LiveStart>().map(live_thread)
}

fn live_thread(LiveStart { target, id, labels }: LiveStart) -> impl IntoView {
    // `fresh` counts the swaps (announced); `held` the comments waiting while one types.
    let fresh = RwSignal::new(0usize);
    let held = RwSignal::new(0usize);
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        listen(&target, id, fresh, held);
        #[cfg(not(feature = "hydrate"))]
        let _ = (&target, id);
    });
    let show_held = move |_| {
        held.set(0);
        #[cfg(feature = "hydrate")]
        refresh(fresh);
    };
    let LiveLabels {
        arrived,
        held: held_text,
        held_one,
    } = labels;
    view! {
        <p class="visually-hidden" aria-live="polite">
            {move || (fresh.get() > 0).then(|| arrived.clone())}
        </p>
        {move || (held.get() > 0).then(|| view! {
            <p class="notice" role="status">
                <button type="button" class="small" on:click=show_held>
                    {crate::domain::text::count_text(&held.get().to_string(), &held_one, &held_text)}
                </button>
            </p>
        })}
    }
}

#[cfg(feature = "hydrate")]
use wasm_bindgen::{closure::Closure, JsCast};

/// The thread's text fields (with what is typed in them), by id.
#[cfg(feature = "hydrate")]
fn typed() -> Vec<(String, String)> {
    let Ok(fields) = document().query_selector_all("#comments textarea") else {
        return Vec::new();
    };
    (0..fields.length())
        .filter_map(|i| fields.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
        .map(|f| (f.id(), f.value()))
        .filter(|(id, value)| !id.is_empty() && !value.trim().is_empty())
        .collect()
}

/// Opens the thread's event stream; marks the thread `data-live="open"` while connected.
#[cfg(feature = "hydrate")]
fn listen(target: &str, id: i32, fresh: RwSignal<usize>, held: RwSignal<usize>) {
    let Ok(source) = web_sys::EventSource::new(&format!("/live/comments/{target}/{id}")) else {
        return;
    };
    let mark = |open: bool| {
        if let Some(thread) = super::element("comments") {
            let _ = if open {
                thread.set_attribute("data-live", "open")
            } else {
                thread.remove_attribute("data-live")
            };
        }
    };
    let on_comment =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            // Already on the page (one's own comment, shown by the post that made it): nothing
            // is new. "0" means "something, unknown": reload.
            let id = e.data().as_string().unwrap_or_default();
            if id != "0" && super::element(&format!("comment-{id}")).is_some() {
                return;
            }
            if typed().is_empty() {
                refresh(fresh);
            } else {
                held.update(|n| *n += 1);
            }
        });
    let _ = source.add_event_listener_with_callback("comment", on_comment.as_ref().unchecked_ref());
    let on_open = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| mark(true));
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| mark(false));
    source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    // The stream and its handlers live as long as the page.
    on_comment.forget();
    on_open.forget();
    on_error.forget();
    std::mem::forget(source);
}

/// Fetches this page again and swaps in its thread, keeping what was typed.
#[cfg(feature = "hydrate")]
fn refresh(fresh: RwSignal<usize>) {
    leptos::task::spawn_local(async move {
        if swap().await.is_some() {
            fresh.update(|n| *n += 1);
        }
    });
}

#[cfg(feature = "hydrate")]
async fn swap() -> Option<()> {
    use wasm_bindgen_futures::JsFuture;
    let href = window().location().href().ok()?;
    // Past any cache: the page as it is now (a proxy in front revalidates with the server).
    let init = web_sys::RequestInit::new();
    init.set_cache(web_sys::RequestCache::NoCache);
    let response: web_sys::Response =
        JsFuture::from(window().fetch_with_str_and_init(&href, &init))
            .await
            .ok()?
            .dyn_into()
            .ok()?;
    if !response.ok() {
        return None;
    }
    let html = JsFuture::from(response.text().ok()?)
        .await
        .ok()?
        .as_string()?;
    let parsed = web_sys::DomParser::new()
        .ok()?
        .parse_from_string(&html, web_sys::SupportedType::TextHtml)
        .ok()?;
    let fresh_body = parsed.get_element_by_id(THREAD_BODY)?;
    let body = super::element(THREAD_BODY)?;
    let kept = typed();
    let passage = super::element(super::passage::COMMENT_PASSAGE_SLOT).map(|s| s.inner_html());
    body.set_inner_html(&fresh_body.inner_html());
    for (id, value) in kept {
        if let Some(field) =
            super::element(&id).and_then(|f| f.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
        {
            field.set_value(&value);
            // A reply or edit field is inside a closed `<details>`: open it again.
            if let Some(details) = field.closest("details").ok().flatten() {
                let _ = details.set_attribute("open", "");
            }
        }
    }
    if let (Some(html), Some(slot)) = (
        passage.filter(|h| !h.is_empty()),
        super::element(super::passage::COMMENT_PASSAGE_SLOT),
    ) {
        slot.set_inner_html(&html);
    }
    Some(())
}
