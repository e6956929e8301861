use crate::api::auth::ActivateAccount;
use crate::components::forms::{error_of, query_value, FormError};
use crate::i18n::*;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

/// The page an activation e-mail links to. Activation itself is a POST (a button), so link
/// scanners that open e-mailed links do not use the token up.
#[component]
pub fn ActivatePage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<ActivateAccount>::new();
    let token = query_value("token");
    let next = query_value("next");
    view! {
        <Title text=t_string!(i18n, activate_title).to_string()/>
        <section class="page narrow">
            <h1>{t!(i18n, activate_title)}</h1>
            <p>{t!(i18n, activate_lead)}</p>
            <FormError error=error_of(action.value())/>
            <ActionForm action=action attr:class="stack">
                <input type="hidden" name="token" value=move || token.get()/>
                <input type="hidden" name="next" value=move || next.get()/>
                <button type="submit" disabled=move || action.pending().get()>{t!(i18n, activate_submit)}</button>
            </ActionForm>
        </section>
    }
}
