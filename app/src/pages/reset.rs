use crate::api::auth::ResetPassword;
use crate::components::forms::{error_of, query_value, FormError, NewPasswordFields};
use crate::i18n::*;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ResetPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<ResetPassword>::new();
    let token = query_value("token");
    view! {
        <Title text=t_string!(i18n, reset_title).to_string()/>
        <section class="page narrow">
            <h1>{t!(i18n, reset_title)}</h1>
            <FormError error=error_of(action.value())/>
            <ActionForm action=action attr:class="stack" attr:novalidate="true">
                <input type="hidden" name="token" value=move || token.get()/>
                <NewPasswordFields id_prefix="reset"/>
                <button type="submit" disabled=move || action.pending().get()>{t!(i18n, reset_submit)}</button>
            </ActionForm>
        </section>
    }
}
