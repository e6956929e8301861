//! `/account/claim`: a person given an account at a meeting (no e-mail address) types the
//! login name and one-time code printed for them and chooses a password.

use crate::api::auth::ClaimAccount;
use crate::components::forms::{error_of, kept_value, FormError, NewPasswordFields};
use crate::i18n::*;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ClaimPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<ClaimAccount>::new();
    view! {
        <Title text=t_string!(i18n, claim_title).to_string()/>
        <section class="page narrow">
            <h1>{t!(i18n, claim_title)}</h1>
            <p>{t!(i18n, claim_intro)}</p>
            <FormError error=error_of(action.value())/>
            <ActionForm action=action attr:class="stack">
                <label for="claim-login">{t!(i18n, claim_login)}</label>
                <input id="claim-login" type="text" name="login" required maxlength="20" autocomplete="username" autocapitalize="none" spellcheck="false" placeholder="p-XXXXXXXX" value=kept_value("login")/>
                <label for="claim-code">{t!(i18n, claim_code)}</label>
                <input id="claim-code" type="text" name="code" required maxlength="40" autocomplete="one-time-code" autocapitalize="characters" spellcheck="false" placeholder="XXXX-XXXX-XXXX-XXXX"/>
                <NewPasswordFields id_prefix="claim"/>
                <button type="submit" disabled=move || action.pending().get()>{t!(i18n, claim_submit)}</button>
            </ActionForm>
        </section>
    }
}
