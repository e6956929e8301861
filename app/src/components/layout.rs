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
    // Logging in or signing up comes back to this page.
    let location = use_location();
    let here = move || {
        let search = location.search.get();
        let search = search.trim_start_matches('?');
        match search.is_empty() {
            true => location.pathname.get(),
            false => format!("{}?{search}", location.pathname.get()),
        }
    };
    view! {
        <header class="site-header">
            <a class="brand" href="/">{t!(i18n, site_name)}</a>
            // Wide screens: everything in one row. Phones: the name and a menu (a
            // `<details>`, so it opens with or without JavaScript, by keyboard too).
            <div class="nav-wide">
                <NavContent me=me logout=logout here=here/>
            </div>
            <details class="nav-menu">
                <summary>{t!(i18n, nav_menu)}</summary>
                <div class="nav-panel">
                    <NavContent me=me logout=logout here=here/>
                </div>
            </details>
        </header>
    }
}

/// The site's links, the language switch and the account menu (shown in the header's row
/// on wide screens and in its menu on phones).
#[component]
fn NavContent(
    me: crate::components::session::SessionResource,
    logout: ServerAction<Logout>,
    here: impl Fn() -> String + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let with_next = crate::domain::redirect::with_next;
    view! {
        <div class="bar">
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
                                        <li><a href="/queue">{t!(i18n, nav_queue)}</a></li>
                                        <li><a href="/moderation">{t!(i18n, nav_moderation)}</a></li>
                                    })}
                                    {is_coordinator.then(|| view! {
                                        <li><a href="/admin/users">{t!(i18n, nav_admin)}</a></li>
                                        <li><a href="/dashboard">{t!(i18n, dashboard_title)}</a></li>
                                        <li><a href="/admin/audit">{t!(i18n, nav_audit)}</a></li>
                                        <li><a href="/admin/rolls">{t!(i18n, nav_rolls)}</a></li>
                                        <li><a href="/admin/settings">{t!(i18n, nav_settings)}</a></li>
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
                                <li><a href=move || with_next("/login", &here())>{t!(i18n, nav_login)}</a></li>
                                <li><a class="button small" href=move || with_next("/signup", &here())>{t!(i18n, nav_signup)}</a></li>
                            </ul>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </nav>
    }
    .into_any()
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
