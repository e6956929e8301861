use crate::api::auth::Signup;
use crate::components::forms::{error_of, query_flag, FormError, Notice};
use crate::domain::account::{EMAIL_MAX, NAME_MAX, PASSWORD_MAX, PASSWORD_MIN};
use crate::i18n::*;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SignupPage() -> impl IntoView {
    let i18n = use_i18n();
    // Typed values come back in the URL after a failed post without JavaScript.
    let typed_email = crate::components::forms::kept_value("email");
    let typed_name = crate::components::forms::kept_value("display_name");
    let action = ServerAction::<Signup>::new();
    let sent_by_redirect = query_flag("sent");
    let next = crate::components::forms::query_value("next");
    let sent = move || sent_by_redirect.get() || matches!(action.value().get(), Some(Ok(())));
    let min = PASSWORD_MIN.to_string();
    view! {
        <Title text=t_string!(i18n, signup_title).to_string()/>
        <section class="page narrow">
            <h1>{t!(i18n, signup_title)}</h1>
            <Show
                when=sent
                fallback=move || {
                    let min = min.clone();
                    let (typed_email, typed_name) = (typed_email.clone(), typed_name.clone());
                    view! {
                        <p>{t!(i18n, signup_lead)}</p>
                        <FormError error=error_of(action.value())/>
                        <ActionForm action=action attr:class="stack" attr:novalidate="true">
                            <input type="hidden" name="next" value=move || next.get()/>
                            <label for="signup-name">{t!(i18n, field_display_name)}</label>
                            <input id="signup-name" type="text" name="display_name" value=typed_name autocomplete="name" required maxlength=NAME_MAX/>
                            <label for="signup-email">{t!(i18n, field_email)}</label>
                            <input id="signup-email" type="email" name="email" value=typed_email autocomplete="email" required maxlength=EMAIL_MAX/>
                            <label for="signup-password">{t!(i18n, field_new_password)}</label>
                            <input id="signup-password" type="password" name="password" autocomplete="new-password"
                                required minlength=PASSWORD_MIN maxlength=PASSWORD_MAX aria-describedby="signup-password-hint"/>
                            <p id="signup-password-hint" class="hint">{t!(i18n, password_hint, min = min.clone())}</p>
                            <button type="submit" disabled=move || action.pending().get()>{t!(i18n, signup_submit)}</button>
                        </ActionForm>
                        <p>{t!(i18n, signup_have_account)}" "<a href=move || crate::domain::redirect::with_next("/login", &next.get())>{t!(i18n, nav_login)}</a></p>
                    }
                }
            >
                <Notice text=Signal::derive(move || t_string!(i18n, signup_sent).to_string())/>
            </Show>
        </section>
    }
}
