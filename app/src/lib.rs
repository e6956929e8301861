//! Redacta: residents co-write a municipal program. This crate holds everything but the
//! binary: the pure domain, the operations (services), read models (views), request context
//! (web) and entities (server), the server functions, and
//! the Leptos pages that render on the server and hydrate in the browser.
#![recursion_limit = "256"]

/// Translations, generated at compile time from `app/locales/{en,ca,es}.json`; a key missing
/// from a locale is a build error. (The macro is marked deprecated in favour of a build
/// script generator; it is the same code generator, and keeps the build simpler.)
#[allow(deprecated)]
mod locales {
    leptos_i18n::load_locales!();
}
pub use locales::i18n;

pub mod api;
pub mod app;
pub mod components;
pub mod domain;
pub mod error;
pub mod islands;
pub mod pages;
pub mod views;
#[cfg(feature = "ssr")]
pub mod web;

#[cfg(feature = "ssr")]
pub mod entities;
#[cfg(feature = "ssr")]
pub mod services;

/// The cookie that remembers the language chosen in the header (leptos_i18n's name).
pub const LOCALE_COOKIE: &str = "i18n_pref_locale";

/// The browser entry point. Pages are server HTML; only the islands (`islands/`) are
/// hydrated: the ranker, the live diffs, the passage picker and the live thread. The
/// loader (`app::IslandLoader`) calls this, then hydrates each `<leptos-island>`.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    leptos::mount::hydrate_islands();
}
