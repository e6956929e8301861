//! The moderation queue: hidden and reported comments, with the reasons given, and the
//! decision form (hide, show again, dismiss the reports; a reason is required and logged).

use crate::api::comments::{moderation_queue, ModerateComment};
use crate::components::forms::{error_of, FormError};
use crate::components::status::ErrorPage;
use crate::domain::time::format_time;
use crate::error::AppError;
use crate::i18n::*;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

#[component]
pub fn ModerationPage() -> impl IntoView {
    let i18n = use_i18n();
    let moderate = ServerAction::<ModerateComment>::new();
    let items = Resource::new(|| (), |_| moderation_queue());
    view! {
        <Title text=t_string!(i18n, moderation_title).to_string()/>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match items.await {
                    Ok(list) => view! {
                        <section class="page">
                            <h1>{t!(i18n, moderation_title)}</h1>
                            <p>{t!(i18n, moderation_lead)}</p>
                            <FormError error=error_of(moderate.value())/>
                            {if list.is_empty() {
                                view! { <p>{t!(i18n, moderation_empty)}</p> }.into_any()
                            } else {
                                view! {
                                    <ol class="comments queue">
                                        {list.into_iter().map(|item| {
                                            let cid = item.id;
                                            view! {
                                                <li class="comment card" id=format!("queued-{cid}")>
                                                    <p class="meta">
                                                        <strong>{item.author.clone()}</strong>" · "{format_time(item.created_at)}
                                                        {item.hidden.then(|| view! { " · "<span class="badge">{t!(i18n, moderation_hidden)}</span> })}
                                                        " · "<a href=item.location.clone()>{t!(i18n, moderation_open)}</a>
                                                    </p>
                                                    <div class="prose" inner_html=item.body.as_str().to_string()></div>
                                                    {(!item.reasons.is_empty()).then(|| view! {
                                                        <p>{t!(i18n, moderation_reasons)}</p>
                                                        <ul>{item.reasons.iter().map(|r| view! { <li>{r.clone()}</li> }).collect_view()}</ul>
                                                    })}
                                                    <ActionForm action=moderate attr:class="stack">
                                                        <input type="hidden" name="id" value=cid/>
                                                        <input type="hidden" name="back" value="/moderation"/>
                                                        <fieldset>
                                                            <legend>{t!(i18n, comment_moderate)}</legend>
                                                            <label class="choice"><input type="radio" name="action" value="hide" checked=!item.hidden/>" "{t!(i18n, moderate_hide)}</label>
                                                            <label class="choice"><input type="radio" name="action" value="unhide" checked=item.hidden/>" "{t!(i18n, moderate_unhide)}</label>
                                                            <label class="choice"><input type="radio" name="action" value="dismiss"/>" "{t!(i18n, moderate_dismiss)}</label>
                                                        </fieldset>
                                                        <label for=format!("queue-why-{cid}")>{t!(i18n, moderate_why)}</label>
                                                        <input id=format!("queue-why-{cid}") type="text" name="why" required maxlength="1000"/>
                                                        <button type="submit" class="small">{t!(i18n, save)}</button>
                                                    </ActionForm>
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ol>
                                }.into_any()
                            }}
                        </section>
                    }.into_any(),
                    Err(AppError::LoginRequired) => view! { <Redirect path="/login?next=/moderation"/> }.into_any(),
                    Err(err) => view! { <ErrorPage error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
