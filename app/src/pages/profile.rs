use crate::api::auth::{ChangePassword, UpdateProfile};
use crate::api::notifications::{notice_preferences, SetNoticeDelivery};
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
    let changed = query_value("changed");
    let set_delivery = ServerAction::<SetNoticeDelivery>::new();
    let prefs = Resource::new(
        move || set_delivery.version().get(),
        |_| notice_preferences(),
    );
    let prefs_saved =
        move || changed.get() == "notices" || matches!(set_delivery.value().get(), Some(Ok(())));
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
                            <h2 id="notices">{t!(i18n, prefs_heading)}</h2>
                            <p class="hint">{t!(i18n, prefs_hint)}</p>
                            <Show when=prefs_saved>
                                <Notice text=Signal::derive(move || t_string!(i18n, prefs_saved).to_string())/>
                            </Show>
                            <FormError error=error_of(set_delivery.value())/>
                            <Suspense fallback=|| ()>
                                {move || Suspend::new(async move {
                                    let chosen = prefs.await.unwrap_or_default();
                                    view! { <NoticeChoices action=set_delivery chosen=chosen/> }
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

/// One choice per kind of notice (a select each, one Save), and "no e-mail at all".
#[component]
fn NoticeChoices(
    action: ServerAction<SetNoticeDelivery>,
    chosen: Vec<(
        crate::domain::notice::NoticeKind,
        crate::domain::notice::Delivery,
    )>,
) -> impl IntoView {
    use crate::components::labels::{delivery_name, notice_kind_name};
    use crate::domain::notice::{Delivery, NoticeGroup};
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    view! {
        <ActionForm action=action attr:class="notice-choices">
            {NoticeGroup::ALL.into_iter().map(|group| {
                let legend = match group {
                    NoticeGroup::Mine => t_string!(i18n, prefs_group_mine),
                    NoticeGroup::Followed => t_string!(i18n, prefs_group_followed),
                    NoticeGroup::Calendar => t_string!(i18n, prefs_group_calendar),
                };
                view! {
                    <fieldset>
                        <legend>{legend}</legend>
                        <ul>
                            {chosen.iter().filter(|(kind, _)| kind.group() == group).map(|(kind, how)| {
                                let (kind, how) = (*kind, *how);
                                let id = format!("notice-{}", kind.as_str());
                                view! {
                                    <li>
                                        <label for=id.clone()>{notice_kind_name(locale, kind)}</label>
                                        <select id=id name=format!("choices[{}]", kind.as_str())>
                                            {Delivery::ALL.into_iter().map(|d| view! {
                                                <option value=d.as_str() selected=d == how>{delivery_name(locale, d)}</option>
                                            }).collect_view()}
                                        </select>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </fieldset>
                }
            }).collect_view()}
            <button type="submit">{t!(i18n, prefs_save)}</button>
        </ActionForm>
        <ActionForm action=action attr:class="inline-form">
            <input type="hidden" name="all" value="app"/>
            <button type="submit" class="secondary">{t!(i18n, prefs_no_email)}</button>
        </ActionForm>
    }
}
