//! The word diff of a text being written, updated as one types: the amendment editor (the
//! whole section, or one passage of it) and a meeting's adopted text. The text field is
//! the page's (a plain form field that works without JavaScript); this island listens to it.

use super::{labels, take, Start};
use crate::components::diff::segments_view;
use crate::domain::amendment::replace_passage;
use crate::domain::text::diff;
use leptos::prelude::*;

labels! {
    /// The diff's words.
    pub struct DiffLabels { pub heading, pub deleted, pub inserted }
}

/// What the live diff starts from.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "ssr", derive(serde::Serialize))]
pub struct DiffStart {
    /// The id of the text field to follow.
    pub field: String,
    /// The text the change is written on.
    pub base: String,
    /// Passage mode: the byte offsets in `base` that the field's text replaces.
    pub passage: Option<(usize, usize)>,
    /// The field's text when the page was made.
    pub initial: String,
    /// Show the diff before the page is interactive (a meeting's text starts changed); the
    /// editor's appears once the page is interactive.
    pub shown_without_js: bool,
    pub labels: DiffLabels,
}

impl Start for DiffStart {
    const ELEMENT: &'static str = "live-diff-start";
    #[cfg(feature = "hydrate")]
    fn read(json: &super::Json) -> Option<Self> {
        let passage = json.get("passage");
        let passage = if passage.is_null() {
            None
        } else {
            let pair = passage.list()?;
            let at = |i: usize| pair.get(i)?.int().and_then(|n| usize::try_from(n).ok());
            Some((at(0)?, at(1)?))
        };
        Some(Self {
            field: json.get("field").str()?,
            base: json.get("base").str()?,
            passage,
            initial: json.get("initial").str()?,
            shown_without_js: json.get("shown_without_js").bool()?,
            labels: DiffLabels::read(&json.get("labels"))?,
        })
    }
}

#[island]
pub fn LiveDiff() -> impl IntoView {
    take::<DiffStart>().map(live_diff)
}

fn live_diff(
    DiffStart {
        field,
        base,
        passage,
        initial,
        shown_without_js,
        labels,
    }: DiffStart,
) -> impl IntoView {
    let text = RwSignal::new(initial);
    let shown = RwSignal::new(shown_without_js);
    Effect::new({
        let field = field.clone();
        move |_| {
            #[cfg(feature = "hydrate")]
            follow(&field, text);
            #[cfg(not(feature = "hydrate"))]
            let _ = &field;
            shown.set(true);
        }
    });
    let base = StoredValue::new(base);
    let labels = StoredValue::new(labels);
    let segments = move || {
        let written = text.get();
        base.with_value(|base| {
            let proposed = match passage {
                Some((s, e)) => replace_passage(base, s, e, &written).unwrap_or_default(),
                None => written,
            };
            diff(base, &proposed)
        })
    };
    let heading_id = StoredValue::new(format!("{field}-preview"));
    move || {
        shown.get().then(|| {
            let (heading, deleted, inserted) =
                labels.with_value(|l| (l.heading.clone(), l.deleted.clone(), l.inserted.clone()));
            view! {
                <section class="preview" aria-live="polite" aria-labelledby=heading_id.get_value()>
                    <h2 id=heading_id.get_value()>{heading}</h2>
                    <div class="diff inline-diff">
                        {move || segments_view(segments(), &deleted, &inserted)}
                    </div>
                </section>
            }
        })
    }
}

/// Follows the field's text as it changes (and takes what was typed before this ran).
#[cfg(feature = "hydrate")]
fn follow(field: &str, text: RwSignal<String>) {
    use wasm_bindgen::{closure::Closure, JsCast};
    let Some(area) =
        super::element(field).and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
    else {
        return;
    };
    text.set(area.value());
    let on_input = Closure::<dyn FnMut(web_sys::Event)>::new({
        let area = area.clone();
        move |_| text.set(area.value())
    });
    let _ = area.add_event_listener_with_callback("input", on_input.as_ref().unchecked_ref());
    // The page lives as long as the listener: nothing to clean up.
    on_input.forget();
}
