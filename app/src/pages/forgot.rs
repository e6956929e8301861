use crate::api::auth::RequestPasswordReset;
use crate::components::forms::{error_of, query_flag, FormError, Notice};
use crate::domain::account::EMAIL_MAX;
use crate::i18n::*;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ForgotPage() -> impl IntoView {
    let i18n = use_i18n();
    let typed_email = crate::components::forms::kept_value("email");
    let action = ServerAction::<RequestPasswordReset>::new();
    let sent_by_redirect = query_flag("sent");
    let sent = move || sent_by_redirect.get() || matches!(action.value().get(), Some(Ok(())));
    view! {
        <Title text=t_string!(i18n, forgot_title).to_string()/>
        <section class="page narrow">
            <h1>{t!(i18n, forgot_title)}</h1>
            <Show
                when=sent
                fallback=move || { let typed_email = typed_email.clone(); view! {
                    <p>{t!(i18n, forgot_lead)}</p>
                    <FormError error=error_of(action.value())/>
                    <ActionForm action=action attr:class="stack" attr:novalidate="true">
                        <label for="forgot-email">{t!(i18n, field_email)}</label>
                        <input id="forgot-email" type="email" name="email" value=typed_email autocomplete="email" required maxlength=EMAIL_MAX/>
                        <button type="submit" disabled=move || action.pending().get()>{t!(i18n, forgot_submit)}</button>
                    </ActionForm>
                }}
            >
                <Notice text=Signal::derive(move || t_string!(i18n, forgot_sent).to_string())/>
            </Show>
        </section>
    }
}
