//! `/meetings/:id/accounts`: its assembly's facilitator makes an account for a present
//! resident without an e-mail address and prints the slip: the login name and a one-time
//! code with which they set a password at home (`/account/claim`).

use crate::api::meetings::{get_paper_slip, MakePaperAccount};
use crate::components::forms::{error_of, id_param, kept_value, FormError};
use crate::components::status::ErrorPage;
use crate::domain::account::NAME_MAX;
use crate::i18n::*;
use crate::views::PaperSlip;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn MeetingAccountsPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param();
    let data = Resource::new(move || id.get(), get_paper_slip);
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((title, slip)) => view! { <Accounts id=id.get_untracked() title=title slip=slip/> }.into_any(),
                    Err(err) => view! { <ErrorPage error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Accounts(
    id: crate::domain::ids::MeetingId,
    title: String,
    slip: Option<PaperSlip>,
) -> impl IntoView {
    let i18n = use_i18n();
    let make = ServerAction::<MakePaperAccount>::new();
    // With JavaScript the slip comes back from the action; without, from the page.
    let shown = move || {
        make.value()
            .get()
            .and_then(Result::ok)
            .or_else(|| slip.clone())
    };
    view! {
        <Title text=t_string!(i18n, paper_title).to_string()/>
        <article class="page narrow paper-accounts">
            <p class="no-print"><a href=format!("/meetings/{id}")>{title}</a></p>
            <h1 class="no-print">{t!(i18n, paper_title)}</h1>
            <p class="hint no-print">{t!(i18n, paper_intro)}</p>
            <FormError error=error_of(make.value())/>
            <ActionForm action=make attr:class="stack no-print">
                <input type="hidden" name="id" value=id/>
                <label for="paper-name">{t!(i18n, paper_name)}</label>
                <input id="paper-name" type="text" name="display_name" required maxlength=NAME_MAX value=kept_value("display_name")/>
                <button type="submit">{t!(i18n, paper_make)}</button>
            </ActionForm>
            {move || shown().map(|s| view! {
                <section class="slip" id="slip" aria-labelledby="slip-heading">
                    <h2 id="slip-heading">{t!(i18n, paper_slip_heading)}</h2>
                    <dl class="facts">
                        <dt>{t!(i18n, paper_name)}</dt><dd>{s.display_name.clone()}</dd>
                        <dt>{t!(i18n, claim_login)}</dt><dd><code class="receipt">{s.login.clone()}</code></dd>
                        <dt>{t!(i18n, claim_code)}</dt><dd><code class="receipt">{s.code.clone()}</code></dd>
                    </dl>
                    <p>{t!(i18n, paper_slip_how)}</p>
                    <p class="hint no-print">{t!(i18n, paper_slip_once)}</p>
                </section>
            })}
        </article>
    }
}
