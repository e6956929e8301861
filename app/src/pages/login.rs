use crate::api::auth::Login;
use crate::components::forms::{error_of, query_flag, query_value, FormError, Notice};
use crate::domain::account::EMAIL_MAX;
use crate::i18n::*;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    // Typed values come back in the URL after a failed post without JavaScript.
    let typed_email = crate::components::forms::kept_value("email");
    let action = ServerAction::<Login>::new();
    let next = query_value("next");
    let reset_done = query_flag("reset");
    view! {
        <Title text=t_string!(i18n, login_title).to_string()/>
        <section class="page narrow">
            <h1>{t!(i18n, login_title)}</h1>
            <Show when=move || reset_done.get()>
                <Notice text=Signal::derive(move || t_string!(i18n, reset_done).to_string())/>
            </Show>
            <FormError error=error_of(action.value())/>
            <ActionForm action=action attr:class="stack" attr:novalidate="true">
                <input type="hidden" name="next" value=move || next.get()/>
                <label for="login-email">{t!(i18n, field_email)}</label>
                <input id="login-email" type="email" name="email" value=typed_email.clone() autocomplete="username" required maxlength=EMAIL_MAX/>
                <label for="login-password">{t!(i18n, field_password)}</label>
                <input id="login-password" type="password" name="password" autocomplete="current-password" required/>
                <button type="submit" disabled=move || action.pending().get()>{t!(i18n, login_submit)}</button>
            </ActionForm>
            <p><a href="/password/forgot">{t!(i18n, login_forgot)}</a></p>
            <p><a href="/account/claim">{t!(i18n, login_have_code)}</a></p>
            <p>{t!(i18n, login_no_account)}" "<a href=move || crate::domain::redirect::with_next("/signup", &next.get())>{t!(i18n, nav_signup)}</a></p>
        </section>
    }
}
