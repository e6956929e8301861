//! The editor's formatting buttons (bold, italic, link, list) above a Markdown text field.
//! They appear once the page is interactive; without JavaScript the field's hint says how
//! to type the same formatting. The field stays the page's own form field.

use super::{labels, take, Start};
use crate::domain::text::format::Format;
use leptos::prelude::*;

labels! {
    /// The buttons' words.
    pub struct FormatLabels { pub toolbar, pub bold, pub italic, pub link, pub list }
}

/// What the buttons start from.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "ssr", derive(serde::Serialize))]
pub struct FormatStart {
    /// The id of the text field.
    pub field: String,
    pub labels: FormatLabels,
}

impl Start for FormatStart {
    const ELEMENT: &'static str = "format-bar-start";
    #[cfg(feature = "hydrate")]
    fn read(json: &super::Json) -> Option<Self> {
        Some(Self {
            field: json.get("field").str()?,
            labels: FormatLabels::read(&json.get("labels"))?,
        })
    }
}

#[island]
pub fn FormatBar() -> impl IntoView {
    take::<FormatStart>().map(bar)
}

fn bar(FormatStart { field, labels }: FormatStart) -> impl IntoView {
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let field = StoredValue::new(field);
    let button = move |format: Format, text: String, class: &'static str| {
        view! {
            <button type="button" class=format!("small secondary {class}") aria-controls=field.get_value()
                on:click=move |_| field.with_value(|f| press(f, format))>{text}</button>
        }
    };
    let FormatLabels {
        toolbar,
        bold,
        italic,
        link,
        list,
    } = labels;
    view! {
        <Show when=move || hydrated.get()>
            <div class="format-bar" role="toolbar" aria-label=toolbar.clone()>
                {button(Format::Bold, bold.clone(), "format-bold")}
                {button(Format::Italic, italic.clone(), "format-italic")}
                {button(Format::Link, link.clone(), "format-link")}
                {button(Format::List, list.clone(), "format-list")}
            </div>
        </Show>
    }
}

/// Applies a button to the field's selection, tells the page the text changed (the live
/// diff listens) and gives the field its focus back with the formatted words selected.
#[cfg(feature = "hydrate")]
fn press(field: &str, format: Format) {
    use wasm_bindgen::JsCast;
    let Some(area) =
        super::element(field).and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
    else {
        return;
    };
    let text = area.value();
    // The browser counts in UTF-16 units; the text engine in bytes.
    let to_byte = |units: u32| {
        let mut seen = 0u32;
        for (i, c) in text.char_indices() {
            if seen >= units {
                return i;
            }
            seen += c.len_utf16() as u32;
        }
        text.len()
    };
    let start = to_byte(area.selection_start().ok().flatten().unwrap_or(0));
    let end = to_byte(area.selection_end().ok().flatten().unwrap_or(0));
    let (new, s, e) = crate::domain::text::format::apply(&text, start, end, format);
    let units = |b: usize| new[..b].encode_utf16().count() as u32;
    area.set_value(&new);
    let _ = area.focus();
    let _ = area.set_selection_range(units(s), units(e));
    if let Ok(event) = web_sys::Event::new("input") {
        let _ = area.dispatch_event(&event);
    }
}

#[cfg(not(feature = "hydrate"))]
fn press(field: &str, format: Format) {
    let _ = (field, format);
}
