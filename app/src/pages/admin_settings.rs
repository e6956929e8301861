//! Coordinators' platform settings: the time zone every time is shown and typed in.

use crate::api::admin::{time_zone, SetTimeZone};
use crate::components::forms::{error_of, kept_or, query_flag, FormError, Notice};
use crate::components::status::ErrorPage;
use crate::error::AppError;
use crate::i18n::*;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

/// Zones offered as suggestions (any IANA name is accepted).
const SUGGESTED: [&str; 8] = [
    "Europe/Madrid",
    "Atlantic/Canary",
    "Europe/Lisbon",
    "Europe/Paris",
    "Europe/London",
    "America/Mexico_City",
    "America/Bogota",
    "UTC",
];

#[component]
pub fn AdminSettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let set = ServerAction::<SetTimeZone>::new();
    let current = Resource::new(move || set.version().get(), |_| time_zone());
    let saved_flag = query_flag("saved");
    let saved = move || saved_flag.get() || matches!(set.value().get(), Some(Ok(())));
    view! {
        <Title text=t_string!(i18n, settings_title).to_string()/>
        <section class="page narrow">
            <h1>{t!(i18n, settings_title)}</h1>
            <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match current.await {
                        Ok(zone) => view! {
                            <h2>{t!(i18n, settings_time_zone)}</h2>
                            <Show when=saved>
                                <Notice text=Signal::derive(move || t_string!(i18n, settings_saved).to_string())/>
                            </Show>
                            <FormError error=error_of(set.value())/>
                            <ActionForm action=set attr:class="stack" attr:novalidate="true">
                                <label for="settings-zone">{t!(i18n, settings_time_zone_label)}</label>
                                <input id="settings-zone" type="text" name="zone" list="zones" required maxlength="64"
                                    autocomplete="off" aria-describedby="settings-zone-hint" value=kept_or("zone", zone.clone())/>
                                <datalist id="zones">
                                    {SUGGESTED.iter().map(|z| view! { <option value=*z/> }).collect_view()}
                                </datalist>
                                <p class="hint" id="settings-zone-hint">{t!(i18n, settings_time_zone_hint)}</p>
                                <button type="submit">{t!(i18n, save)}</button>
                            </ActionForm>
                        }.into_any(),
                        Err(AppError::LoginRequired) => view! { <Redirect path="/login?next=/admin/settings"/> }.into_any(),
                        Err(err) => view! { <ErrorPage error=err/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
