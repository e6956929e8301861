//! Header (site name, navigation, language switch, account menu) and footer.

use crate::api::auth::Logout;
use crate::components::session::use_session;
use crate::domain::role::Role;
use crate::i18n::*;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let me = use_session();
    let logout = ServerAction::<Logout>::new();
    view! {
        <header class="site-header">
            <div class="bar">
                <a class="brand" href="/">{t!(i18n, site_name)}</a>
                <a class="nav-votes" href="/votes">{t!(i18n, votes_title)}</a>
                <a class="nav-assemblies" href="/assemblies">{t!(i18n, assemblies_title)}</a>
                <a class="nav-search" href="/search">{t!(i18n, search_title)}</a>
                <LanguageSwitch/>
            </div>
            <nav class="account" aria-label=move || t_string!(i18n, nav_account)>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        match me.await {
                            Ok(Some(user)) => {
                                let is_coordinator = user.role == Role::Coordinator;
                                let moderates = user.role.can_decide_amendments();
                                view! {
                                    <ul>
                                        <li><a href="/profile">{user.display_name.clone()}</a></li>
                                        <li>
                                            <a href="/notifications">
                                                {t!(i18n, nav_notifications)}
                                                {(user.unread > 0).then(|| view! {
                                                    " "<span class="count-badge">{user.unread.to_string()}<span class="visually-hidden">{format!(" {}", t_string!(i18n, nav_unread))}</span></span>
                                                })}
                                            </a>
                                        </li>
                                        {moderates.then(|| view! {
                                            <li><a href="/moderation">{t!(i18n, nav_moderation)}</a></li>
                                        })}
                                        {is_coordinator.then(|| view! {
                                            <li><a href="/admin/users">{t!(i18n, nav_admin)}</a></li>
                                            <li><a href="/dashboard">{t!(i18n, dashboard_title)}</a></li>
                                            <li><a href="/admin/audit">{t!(i18n, nav_audit)}</a></li>
                                        })}
                                        <li>
                                            <ActionForm action=logout attr:class="inline-form">
                                                <button type="submit" class="link-button">{t!(i18n, nav_logout)}</button>
                                            </ActionForm>
                                        </li>
                                    </ul>
                                }.into_any()
                            }
                            _ => view! {
                                <ul>
                                    <li><a href="/login">{t!(i18n, nav_login)}</a></li>
                                    <li><a class="button small" href="/signup">{t!(i18n, nav_signup)}</a></li>
                                </ul>
                            }.into_any(),
                        }
                    })}
                </Suspense>
            </nav>
        </header>
    }
}

/// Links that set the language cookie on the server and come back: works without JS.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let here = move || {
        let path = location.pathname.get();
        let search = location.search.get();
        let target = if search.is_empty() {
            path
        } else {
            format!("{path}?{search}")
        };
        js_encode(&target)
    };
    let current = move || i18n.get_locale();
    let languages = [
        (Locale::ca, "ca", "Català"),
        (Locale::es, "es", "Español"),
        (Locale::en, "en", "English"),
    ];
    view! {
        <nav class="languages" aria-label=move || t_string!(i18n, nav_language)>
            <ul>
                {languages.into_iter().map(|(locale, code, name)| view! {
                    <li>
                        <a
                            href=move || format!("/lang/{code}?next={}", here())
                            hreflang=code
                            lang=code
                            rel="external"
                            aria-current=move || (current() == locale).then_some("true")
                        >{name}</a>
                    </li>
                }).collect_view()}
            </ul>
        </nav>
    }
}

/// Percent-encodes a path for use as a query value.
fn js_encode(raw: &str) -> String {
    raw.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[component]
pub fn Footer() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <footer class="site-footer">
            <p>{t!(i18n, footer_text)}</p>
        </footer>
    }
}
