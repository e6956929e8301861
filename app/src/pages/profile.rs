use crate::api::auth::{ChangePassword, UpdateProfile};
use crate::api::notifications::{digest_state, SetDigest};
use crate::components::forms::{error_of, query_value, FormError, NewPasswordFields, Notice};
use crate::components::labels::role_label;
use crate::components::session::use_session;
use crate::components::status::ErrorPage;
use crate::domain::account::NAME_MAX;
use crate::i18n::*;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

#[component]
pub fn ProfilePage() -> impl IntoView {
    let i18n = use_i18n();
    let me = use_session();
    let update = ServerAction::<UpdateProfile>::new();
    let change = ServerAction::<ChangePassword>::new();
    let set_digest = ServerAction::<SetDigest>::new();
    let digest = Resource::new(|| (), |_| digest_state());
    let changed = query_value("changed");
    let name_saved =
        move || changed.get() == "name" || matches!(update.value().get(), Some(Ok(())));
    let password_saved =
        move || changed.get() == "password" || matches!(change.value().get(), Some(Ok(())));
    view! {
        <Title text=t_string!(i18n, profile_title).to_string()/>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || {
                Suspend::new(async move {
                match me.await {
                    Ok(Some(user)) => view! {
                        <section class="page narrow">
                            <h1>{t!(i18n, profile_title)}</h1>
                            <dl class="facts">
                                <dt>{t!(i18n, field_email)}</dt><dd>{user.email.clone()}</dd>
                                <dt>{t!(i18n, profile_role)}</dt><dd>{role_label(i18n, user.role)}</dd>
                            </dl>
                            <h2>{t!(i18n, profile_name_heading)}</h2>
                            <Show when=name_saved>
                                <Notice text=Signal::derive(move || t_string!(i18n, profile_name_saved).to_string())/>
                            </Show>
                            <FormError error=error_of(update.value())/>
                            <ActionForm action=update attr:class="stack" attr:novalidate="true">
                                <label for="profile-name">{t!(i18n, field_display_name)}</label>
                                <input id="profile-name" type="text" name="display_name" autocomplete="name"
                                    required maxlength=NAME_MAX value=user.display_name.clone()/>
                                <button type="submit">{t!(i18n, save)}</button>
                            </ActionForm>
                            <h2>{t!(i18n, digest_heading)}</h2>
                            <Suspense fallback=|| ()>
                                {move || Suspend::new(async move {
                                    let on = digest.await.unwrap_or(false);
                                    view! {
                                        <p>{if on { t_string!(i18n, digest_on) } else { t_string!(i18n, digest_off) }}</p>
                                        <ActionForm action=set_digest attr:class="inline-form">
                                            <input type="hidden" name="on" value=if on { "false" } else { "true" }/>
                                            <button type="submit" class="secondary">{if on { t_string!(i18n, digest_turn_off) } else { t_string!(i18n, digest_turn_on) }}</button>
                                        </ActionForm>
                                    }
                                })}
                            </Suspense>
                            <h2>{t!(i18n, profile_password_heading)}</h2>
                            <Show when=password_saved>
                                <Notice text=Signal::derive(move || t_string!(i18n, profile_password_saved).to_string())/>
                            </Show>
                            <FormError error=error_of(change.value())/>
                            <ActionForm action=change attr:class="stack" attr:novalidate="true">
                                <label for="profile-current">{t!(i18n, field_current_password)}</label>
                                <input id="profile-current" type="password" name="current_password" autocomplete="current-password" required/>
                <NewPasswordFields id_prefix="profile"/>
                                <button type="submit">{t!(i18n, profile_password_submit)}</button>
                            </ActionForm>
                        </section>
                    }.into_any(),
                    Ok(None) => view! { <Redirect path="/login?next=/profile"/> }.into_any(),
                    Err(err) => view! { <ErrorPage error=err/> }.into_any(),
                }
            })}}
        </Suspense>
    }
}
