//! The interactive parts of the pages: the only components the browser runs. Everything
//! else is HTML rendered on the server, with plain links and forms (Leptos's islands mode),
//! so the browser downloads and starts just this code, and only on pages that have an
//! island (the loader in `app::IslandLoader`).
//!
//! What an island starts from (its `Start`: data and words already translated) is not
//! passed as Leptos island props, which would put a JSON deserializer and the derived code
//! for every prop type into the browser's download (a third of it, measured). The page's
//! server component calls [`start`]: the island reads the value from context while the
//! server renders it, and the browser reads it back from a JSON data block in the page
//! with the browser's own JSON parser ([`Json`]). There is at most one island of a kind
//! per page, so each kind has a fixed element id. The island reaches the rest of the page,
//! which it does not render (form fields, the thread), through element ids.

use leptos::prelude::*;

pub mod ballot;
pub mod confirm;
pub mod format_bar;
pub mod live_diff;
pub mod live_thread;
pub mod passage;

/// What an island of one kind starts from.
pub trait Start: Clone + Send + Sync + 'static {
    /// The id of the page's data block for this kind.
    const ELEMENT: &'static str;
    /// Reads the value back from its JSON form (what `serde::Serialize` wrote).
    #[cfg(feature = "hydrate")]
    fn read(json: &Json) -> Option<Self>;
}

/// Gives an island its start (call it right before the island in the page's view): the
/// data block for the browser, and the value for the server render.
#[cfg(feature = "ssr")]
pub fn start<T: Start + serde::Serialize>(value: T) -> impl IntoView {
    // Inside `<script>` only `</` could end the block: escape every `<`.
    let json = serde_json::to_string(&value)
        .unwrap_or_default()
        .replace('<', "\\u003c");
    provide_context(value);
    view! { <script type="application/json" id=T::ELEMENT inner_html=json></script> }
}

/// The browser never renders a page's server components.
#[cfg(not(feature = "ssr"))]
pub fn start<T: Start>(value: T) -> impl IntoView {
    let _ = value;
}

/// In an island: what it starts from.
pub fn take<T: Start>() -> Option<T> {
    #[cfg(feature = "hydrate")]
    {
        let text = element(T::ELEMENT)?.text_content()?;
        T::read(&Json(js_sys::JSON::parse(&text).ok()?))
    }
    #[cfg(not(feature = "hydrate"))]
    {
        use_context::<T>()
    }
}

/// A value parsed by the browser's `JSON.parse`, read field by field.
#[cfg(feature = "hydrate")]
pub struct Json(pub wasm_bindgen::JsValue);

#[cfg(feature = "hydrate")]
impl Json {
    pub fn get(&self, key: &str) -> Json {
        Json(
            js_sys::Reflect::get(&self.0, &wasm_bindgen::JsValue::from_str(key))
                .unwrap_or(wasm_bindgen::JsValue::UNDEFINED),
        )
    }
    pub fn str(&self) -> Option<String> {
        self.0.as_string()
    }
    pub fn int(&self) -> Option<i64> {
        self.0
            .as_f64()
            .filter(|n| n.fract() == 0.0 && n.abs() < 9e15)
            .map(|n| n as i64)
    }
    pub fn bool(&self) -> Option<bool> {
        self.0.as_bool()
    }
    pub fn is_null(&self) -> bool {
        self.0.is_null() || self.0.is_undefined()
    }
    pub fn list(&self) -> Option<Vec<Json>> {
        js_sys::Array::is_array(&self.0)
            .then(|| js_sys::Array::from(&self.0).iter().map(Json).collect())
    }
}

/// A struct of translated words for an island, read back field by field.
macro_rules! labels {
    ($(#[$meta:meta])* pub struct $name:ident { $($(#[$fmeta:meta])* pub $field:ident),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq)]
        #[cfg_attr(feature = "ssr", derive(serde::Serialize))]
        pub struct $name { $($(#[$fmeta])* pub $field: String),* }

        #[cfg(feature = "hydrate")]
        impl $name {
            pub fn read(json: &$crate::islands::Json) -> Option<Self> {
                Some(Self { $($field: json.get(stringify!($field)).str()?),* })
            }
        }
    };
}
pub(crate) use labels;

/// The element with `id`, in the browser.
#[cfg(feature = "hydrate")]
pub(crate) fn element(id: &str) -> Option<web_sys::Element> {
    document().get_element_by_id(id)
}
