//! Selecting words in a section's text to amend just that passage, or to comment on it.
//! The buttons appear once the page is interactive (selection needs JavaScript; without it,
//! the whole-section editor and the plain comment form remain).

use super::{labels, take, Start};
use crate::domain::ids::SectionId;
use crate::domain::text::{locate_passage, without_markers};
use leptos::prelude::*;

labels! {
    /// The picker's words.
    pub struct PassageLabels {
        pub amend, pub comment, pub hint, pub select_first, pub not_found,
        /// Above the chosen words in the comment form.
        pub on_passage,
    }
}

/// What the picker starts from: the section's text as stored (selections are found in it).
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "ssr", derive(serde::Serialize))]
pub struct PassageStart {
    pub section_id: SectionId,
    pub revision: i32,
    pub source: String,
    pub can_amend: bool,
    pub can_comment: bool,
    pub labels: PassageLabels,
}

impl Start for PassageStart {
    const ELEMENT: &'static str = "passage-picker-start";
    #[cfg(feature = "hydrate")]
    fn read(json: &super::Json) -> Option<Self> {
        Some(Self {
            section_id: SectionId(i32::try_from(json.get("section_id").int()?).ok()?),
            revision: i32::try_from(json.get("revision").int()?).ok()?,
            source: json.get("source").str()?,
            can_amend: json.get("can_amend").bool()?,
            can_comment: json.get("can_comment").bool()?,
            labels: PassageLabels::read(&json.get("labels"))?,
        })
    }
}

/// The id of the slot in the section's comment form that receives the chosen passage.
pub const COMMENT_PASSAGE_SLOT: &str = "comment-passage";

#[island]
pub fn PassagePicker() -> impl IntoView {
    take::<PassageStart>().map(picker)
}

fn picker(
    PassageStart {
        section_id,
        revision,
        source,
        can_amend,
        can_comment,
        labels,
    }: PassageStart,
) -> impl IntoView {
    let message = RwSignal::new(None::<String>);
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let labels = StoredValue::new(labels);
    let source = StoredValue::new(source);
    let selection = move || -> Result<(usize, usize, String), String> {
        #[cfg(feature = "hydrate")]
        let selected = window()
            .get_selection()
            .ok()
            .flatten()
            .and_then(|s| s.to_string().as_string())
            .unwrap_or_default();
        #[cfg(not(feature = "hydrate"))]
        let selected = String::new();
        source.with_value(|source| match locate_passage(source, &selected) {
            Some((start, end)) => Ok((start, end, without_markers(&source[start..end]))),
            None if selected.trim().is_empty() => {
                Err(labels.with_value(|l| l.select_first.clone()))
            }
            None => Err(labels.with_value(|l| l.not_found.clone())),
        })
    };
    let comment = move |_| match selection() {
        Ok((start, end, words)) => {
            message.set(None);
            #[cfg(feature = "hydrate")]
            labels.with_value(|l| choose(revision, start, end, &words, &l.on_passage));
            #[cfg(not(feature = "hydrate"))]
            let _ = (start, end, words, revision);
        }
        Err(m) => message.set(Some(m)),
    };
    let pick = move |_| match selection() {
        Ok((start, end, _)) => {
            #[cfg(feature = "hydrate")]
            let _ = window().location().set_href(&format!(
                "/sections/{section_id}/amend?start={start}&end={end}"
            ));
            #[cfg(not(feature = "hydrate"))]
            let _ = (start, end, section_id);
        }
        Err(m) => message.set(Some(m)),
    };
    let l = move |f: fn(&PassageLabels) -> &String| labels.with_value(|l| f(l).clone());
    view! {
        <Show when=move || hydrated.get() && (can_amend || can_comment)>
            <p class="passage-picker">
                {can_amend.then(|| view! {
                    <button type="button" class="small secondary" on:click=pick>{l(|l| &l.amend)}</button>" "
                })}
                {can_comment.then(|| view! {
                    <button type="button" class="small secondary" on:click=comment>{l(|l| &l.comment)}</button>" "
                })}
                <span class="hint">{l(|l| &l.hint)}</span>
            </p>
            {move || message.get().map(|m| view! { <p class="notice error" role="alert">{m}</p> })}
        </Show>
    }
}

/// Puts the chosen passage in the comment form (its anchor fields and the quoted words)
/// and moves to the comment field.
#[cfg(feature = "hydrate")]
fn choose(revision: i32, start: usize, end: usize, words: &str, lead: &str) {
    use wasm_bindgen::JsCast;
    let Some(slot) = super::element(COMMENT_PASSAGE_SLOT) else {
        return;
    };
    let doc = document();
    slot.set_inner_html("");
    let fields = [
        ("anchor_revision", revision.to_string()),
        ("anchor_start", start.to_string()),
        ("anchor_end", end.to_string()),
    ];
    for (name, value) in fields {
        if let Ok(input) = doc.create_element("input") {
            let _ = input.set_attribute("type", "hidden");
            let _ = input.set_attribute("name", name);
            let _ = input.set_attribute("value", &value);
            let _ = slot.append_child(&input);
        }
    }
    for (tag, class, text) in [("p", "hint", lead), ("blockquote", "passage", words)] {
        if let Ok(el) = doc.create_element(tag) {
            el.set_class_name(class);
            el.set_text_content(Some(text));
            let _ = slot.append_child(&el);
        }
    }
    if let Some(field) = super::element("new-comment-section")
        .and_then(|f| f.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = field.focus();
    }
}
