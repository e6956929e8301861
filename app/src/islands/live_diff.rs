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

labels! {
    /// The words of the list of near-duplicates (`alike`: "%pct% % alike").
    pub struct SimilarLabels { pub heading, pub hint, pub alike }
}

/// The amendment editor asks, as one types, which open amendments of the section propose
/// nearly the same change (`/api/amendments/similar`); the meeting's adopted text does not.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "ssr", derive(serde::Serialize))]
pub struct SimilarStart {
    pub section_id: i64,
    pub base_number: i64,
    pub labels: SimilarLabels,
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
    pub similar: Option<SimilarStart>,
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
            similar: {
                let s = json.get("similar");
                if s.is_null() {
                    None
                } else {
                    Some(SimilarStart {
                        section_id: s.get("section_id").int()?,
                        base_number: s.get("base_number").int()?,
                        labels: SimilarLabels::read(&s.get("labels"))?,
                    })
                }
            },
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
        similar,
    }: DiffStart,
) -> impl IntoView {
    let text = RwSignal::new(initial);
    let shown = RwSignal::new(shown_without_js);
    // Near-duplicates: (id, title, percent), asked for once typing pauses.
    let found: RwSignal<Vec<(i64, String, i64)>> = RwSignal::new(Vec::new());
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
    #[cfg(feature = "hydrate")]
    if let Some(sim) = similar.clone() {
        let asked = StoredValue::new(0u64);
        Effect::new(move |_| {
            let written = text.get();
            let proposed = base.with_value(|base| match passage {
                Some((s, e)) => replace_passage(base, s, e, &written).unwrap_or_default(),
                None => written,
            });
            asked.update_value(|n| *n += 1);
            let mine = asked.get_value();
            let sim = sim.clone();
            set_timeout(
                move || {
                    if asked.get_value() != mine {
                        return;
                    }
                    leptos::task::spawn_local(async move {
                        if let Some(list) = ask_similar(&sim, &proposed).await {
                            if asked.get_value() == mine {
                                found.set(list);
                            }
                        }
                    });
                },
                std::time::Duration::from_millis(700),
            );
        });
    }
    let similar_labels = StoredValue::new(similar.map(|s| s.labels));
    let heading_id = StoredValue::new(format!("{field}-preview"));
    let near = move || {
        let list = found.get();
        let labels = similar_labels.get_value()?;
        (!list.is_empty()).then(|| {
            view! {
                <section class="similar" aria-live="polite">
                    <h2>{labels.heading.clone()}</h2>
                    <p class="hint">{labels.hint.clone()}</p>
                    <ul>
                        {list.into_iter().map(|(id, title, pct)| view! {
                            <li>
                                <a href=format!("/amendments/{id}")>{format!("#{id} {title}")}</a>
                                " · "{crate::domain::text::fill(&labels.alike, &[("pct", &pct.to_string())])}
                            </li>
                        }).collect_view()}
                    </ul>
                </section>
            }
        })
    };
    let diff_view = move || {
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
    };
    view! { {diff_view} {near} }.into_any()
}

/// The open amendments nearly like `proposed` (the section's whole proposed text), from the
/// server; `None` when it cannot answer (then the list stays as it was).
#[cfg(feature = "hydrate")]
async fn ask_similar(sim: &SimilarStart, proposed: &str) -> Option<Vec<(i64, String, i64)>> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let body = format!(
        "section_id={}&base_number={}&text={}",
        sim.section_id,
        sim.base_number,
        String::from(js_sys::encode_uri_component(proposed))
    );
    let headers = web_sys::Headers::new().ok()?;
    headers
        .set("content-type", "application/x-www-form-urlencoded")
        .ok()?;
    headers.set("accept", "application/json").ok()?;
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    init.set_body(&wasm_bindgen::JsValue::from_str(&body));
    let response: web_sys::Response =
        JsFuture::from(window().fetch_with_str_and_init("/api/amendments/similar", &init))
            .await
            .ok()?
            .dyn_into()
            .ok()?;
    if !response.ok() {
        return None;
    }
    let json = super::Json(JsFuture::from(response.json().ok()?).await.ok()?);
    json.list()?
        .into_iter()
        .map(|x| {
            Some((
                x.get("id").int()?,
                x.get("title").str()?,
                x.get("percent").int()?,
            ))
        })
        .collect()
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
