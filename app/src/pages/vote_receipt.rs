//! A receipt looked up in a vote's ballot log: whether its ballot is there, and while the
//! vote is open the ranking recorded and whether a later ballot replaced it.

use crate::api::votes::lookup_receipt;
use crate::components::ballot::BallotMarks;
use crate::components::forms::{id_param, query_value};
use crate::components::status::ErrorPage;
use crate::components::trail::VoteTrail;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn VoteReceiptPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param();
    let code = query_value("code");
    let found = Resource::new(
        move || (id.get(), code.get()),
        |(id, code)| lookup_receipt(id, code),
    );
    view! {
        <Title text=t_string!(i18n, receipt_title).to_string()/>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match found.await {
                    Ok(v) => {
                        let id = v.poll.summary.id;
                        view! {
                            <article class="page vote-receipt">
                                <VoteTrail summary=v.poll.summary.clone()/>
                                <h1>{t!(i18n, receipt_title)}</h1>
                                <p><code class="receipt">{code.get_untracked()}</code></p>
                                {match v.entry {
                                    Some(e) => view! {
                                        <p class="notice success" role="status">{t!(i18n, receipt_found)}</p>
                                        {match e.replaced {
                                            Some(true) => view! { <p class="notice">{t!(i18n, receipt_replaced)}</p> }.into_any(),
                                            Some(false) => view! { <p>{t!(i18n, receipt_current)}</p> }.into_any(),
                                            None => view! { <p>{t!(i18n, receipt_closed)}</p> }.into_any(),
                                        }}
                                        {e.ballot.map(|ballot| view! {
                                            <h2>{t!(i18n, receipt_ranking)}</h2>
                                            <BallotMarks ballot=ballot blocks=v.poll.blocks.clone() options=v.poll.options.clone()/>
                                        })}
                                    }.into_any(),
                                    None => view! { <p class="notice error" role="alert">{t!(i18n, receipt_not_found)}</p> }.into_any(),
                                }}
                                <p><a href=format!("/votes/{id}")>{t!(i18n, receipt_back)}</a></p>
                            </article>
                        }.into_any()
                    }
                    Err(err) => view! { <ErrorPage error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
