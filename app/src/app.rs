//! The document shell and the routes.

use crate::components::layout::{Footer, Header};
use crate::i18n::*;
use crate::pages;
use leptos::nonce::use_nonce;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Html, MetaTags, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

/// The HTML document around the app. The hydration script carries the per-request nonce
/// that the server's security layer puts in the Content-Security-Policy header.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <link rel="stylesheet" href="/pkg/redacta.css"/>
                <IslandLoader options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// Loads the browser code and hydrates the page's islands (`crate::islands`), only on
/// pages that have one: a page of plain HTML downloads no JavaScript or WebAssembly at
/// all. (Leptos's `HydrationScripts` would preload both on every page.) Module scripts run
/// once the document is parsed, so every island is in it by then. Tests wait for
/// `data-hydrated` on `<body>` before they click.
#[component]
fn IslandLoader(options: LeptosOptions) -> impl IntoView {
    // Islands mode: resources outside islands are not serialized into the page.
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    let pkg = format!("/{}", options.site_pkg_dir);
    let js = format!("{pkg}/{}.js", options.output_name);
    // cargo-leptos names the wasm like the JavaScript when LEPTOS_OUTPUT_NAME is set.
    let wasm = if option_env!("LEPTOS_OUTPUT_NAME").is_some() {
        format!("{pkg}/{}.wasm", options.output_name)
    } else {
        format!("{pkg}/{}_bg.wasm", options.output_name)
    };
    let script = format!(
        "(async () => {{\
           const islands = document.querySelectorAll('leptos-island');\
           if (islands.length) {{\
             const code = await import({js:?});\
             await code.default({{ module_or_path: {wasm:?} }});\
             code.hydrate();\
             for (const island of islands) {{\
               const hydrate = code[island.dataset.component];\
               if (hydrate) hydrate(island);\
             }}\
           }}\
           document.body.setAttribute('data-hydrated', 'true');\
         }})();"
    );
    view! { <script type="module" nonce=use_nonce()>{script}</script> }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // The `<html lang>` is set below from a plain value: the provider's own attributes are
    // closures that leptos_meta would call while writing the document head, outside the
    // request's reactive owner (a panic under load, see `AppInner`).
    view! {
        <I18nContextProvider set_lang_attr_on_html=false set_dir_attr_on_html=false>
            <AppInner/>
        </I18nContextProvider>
    }
}

#[component]
fn AppInner() -> impl IntoView {
    let i18n = use_i18n();
    crate::components::session::provide_session();
    let lang = i18n.get_locale_untracked().as_str();
    view! {
        // leptos_meta writes the page title into the HTML unescaped (a title holding
        // "</title><script>" would break out of the element): every title goes through
        // this formatter, on the server and in the browser alike.
        //
        // Every `<Title text=...>` (and `<Html>` attribute) in the app is a plain string,
        // never a closure: leptos_meta calls the text while it writes the document head,
        // after the body has rendered and outside the request's reactive owner, so a
        // closure reading a signal (a translation reads the locale) panicked whenever the
        // owner was already gone (a client that gave up) or another request's arena was
        // active on that thread: thousands of dropped connections under load.
        <Html attr:lang=lang attr:dir="ltr"/>
        <Title formatter=crate::domain::safe_html::safe_title text=t_string!(i18n, site_name).to_string()/>
        <Router>
            <a class="skip-link" href="#main">{t!(i18n, skip_to_content)}</a>
            <Header/>
            <main id="main" tabindex="-1">
                <Routes fallback=pages::not_found::NotFound>
                    <Route path=path!("/") view=pages::home::HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/login") view=pages::login::LoginPage ssr=SsrMode::Async/>
                    <Route path=path!("/signup") view=pages::signup::SignupPage ssr=SsrMode::Async/>
                    <Route path=path!("/account/activate") view=pages::activate::ActivatePage ssr=SsrMode::Async/>
                    <Route path=path!("/account/claim") view=pages::claim::ClaimPage ssr=SsrMode::Async/>
                    <Route path=path!("/password/forgot") view=pages::forgot::ForgotPage ssr=SsrMode::Async/>
                    <Route path=path!("/password/reset") view=pages::reset::ResetPage ssr=SsrMode::Async/>
                    <Route path=path!("/profile") view=pages::profile::ProfilePage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/users") view=pages::admin_users::AdminUsersPage ssr=SsrMode::Async/>
                    <Route path=path!("/dashboard") view=pages::dashboard::DashboardPage ssr=SsrMode::Async/>
                    <Route path=path!("/queue") view=pages::work_queue::WorkQueuePage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/audit") view=pages::admin_audit::AdminAuditPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/settings") view=pages::admin_settings::AdminSettingsPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/rolls") view=pages::rolls::RollsAdminPage ssr=SsrMode::Async/>
                    <Route path=path!("/rolls/:id") view=pages::rolls::RollPage ssr=SsrMode::Async/>
                    <Route path=path!("/moderation") view=pages::moderation::ModerationPage ssr=SsrMode::Async/>
                    <Route path=path!("/notifications") view=pages::notifications::NotificationsPage ssr=SsrMode::Async/>
                    <Route path=path!("/unsubscribe") view=pages::unsubscribe::UnsubscribePage ssr=SsrMode::Async/>
                    <Route path=path!("/programs/new") view=pages::program_new::NewProgramPage ssr=SsrMode::Async/>
                    <Route path=path!("/programs/:slug") view=pages::program::ProgramPage ssr=SsrMode::Async/>
                    <Route path=path!("/programs/:slug/amendments") view=pages::program_amendments::ProgramAmendmentsPage ssr=SsrMode::Async/>
                    <Route path=path!("/programs/:slug/committees") view=pages::committees::CommitteesPage ssr=SsrMode::Async/>
                    <Route path=path!("/sections/:id") view=pages::section::SectionPage ssr=SsrMode::Async/>
                    <Route path=path!("/sections/:id/history") view=pages::section_history::SectionHistoryPage ssr=SsrMode::Async/>
                    <Route path=path!("/sections/:id/compare") view=pages::section_compare::SectionComparePage ssr=SsrMode::Async/>
                    <Route path=path!("/sections/:id/provenance") view=pages::section_provenance::SectionProvenancePage ssr=SsrMode::Async/>
                    <Route path=path!("/sections/:id/amend") view=pages::amendment_editor::NewAmendmentPage ssr=SsrMode::Async/>
                    <Route path=path!("/sections/:id/merge") view=pages::section_merge::SectionMergePage ssr=SsrMode::Async/>
                    <Route path=path!("/amendments/:id") view=pages::amendment::AmendmentPage ssr=SsrMode::Async/>
                    <Route path=path!("/amendments/:id/edit") view=pages::amendment_editor::EditAmendmentPage ssr=SsrMode::Async/>
                    <Route path=path!("/amendments/:id/resolve") view=pages::amendment_resolve::ResolveConflictPage ssr=SsrMode::Async/>
                    <Route path=path!("/assemblies") view=pages::assemblies::AssembliesPage ssr=SsrMode::Async/>
                    <Route path=path!("/assemblies/:slug") view=pages::assembly::AssemblyPage ssr=SsrMode::Async/>
                    <Route path=path!("/assemblies/:slug/meetings/new") view=pages::meeting_form::NewMeetingPage ssr=SsrMode::Async/>
                    <Route path=path!("/meetings/:id") view=pages::meeting::MeetingPage ssr=SsrMode::Async/>
                    <Route path=path!("/meetings/:id/edit") view=pages::meeting_form::EditMeetingPage ssr=SsrMode::Async/>
                    <Route path=path!("/meetings/:id/adopt") view=pages::meeting_adopt::AdoptAmendmentPage ssr=SsrMode::Async/>
                    <Route path=path!("/meetings/:id/pack") view=pages::meeting_pack::MeetingPackPage ssr=SsrMode::Async/>
                    <Route path=path!("/meetings/:id/room") view=pages::meeting_room::MeetingRoomPage ssr=SsrMode::Async/>
                    <Route path=path!("/meetings/:id/accounts") view=pages::meeting_accounts::MeetingAccountsPage ssr=SsrMode::Async/>
                    <Route path=path!("/search") view=pages::search::SearchPage ssr=SsrMode::Async/>
                    <Route path=path!("/confirm") view=crate::components::confirm::ConfirmPage ssr=SsrMode::Async/>
                    <Route path=path!("/votes") view=pages::votes::VotesPage ssr=SsrMode::Async/>
                    <Route path=path!("/votes/new") view=pages::vote_new::NewVotePage ssr=SsrMode::Async/>
                    <Route path=path!("/votes/:id") view=pages::vote::VotePage ssr=SsrMode::Async/>
                    <Route path=path!("/votes/:id/review") view=pages::vote_review::VoteReviewPage ssr=SsrMode::Async/>
                    <Route path=path!("/votes/:id/results") view=pages::vote_results::VoteResultsPage ssr=SsrMode::Async/>
                    <Route path=path!("/votes/:id/receipt") view=pages::vote_receipt::VoteReceiptPage ssr=SsrMode::Async/>
                    <Route path=path!("/votes/:id/voters") view=pages::vote_voters::VoteVotersPage ssr=SsrMode::Async/>
                </Routes>
            </main>
            <Footer/>
        </Router>
    }
}
