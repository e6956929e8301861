//! The caller's notifications, newest first, with "mark all as read".

use crate::api::notifications::{list_notifications, MarkRead};
use crate::components::status::ErrorPage;
use crate::domain::time::format_time;
use crate::error::AppError;
use crate::i18n::*;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let read = ServerAction::<MarkRead>::new();
    let page = crate::components::forms::query_value("page");
    let items = Resource::new(move || page.get().parse::<u64>().ok(), list_notifications);
    view! {
        <Title text=t_string!(i18n, notifications_title).to_string()/>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match items.await {
                    Ok(crate::views::notifications::NotificationList { items: list, pages }) => {
                        let unread = list.iter().any(|n| n.unread);
                        view! {
                            <section class="page">
                                <h1>{t!(i18n, notifications_title)}</h1>
                                {unread.then(|| view! {
                                    <ActionForm action=read attr:class="inline-form">
                                        <button type="submit" class="small secondary">{t!(i18n, notifications_mark_read)}</button>
                                    </ActionForm>
                                })}
                                {if list.is_empty() {
                                    view! { <p>{t!(i18n, notifications_none)}</p> }.into_any()
                                } else {
                                    view! {
                                        <ul class="notifications">
                                            {list.into_iter().map(|n| {
                                                let who = n.actor.clone().unwrap_or_default();
                                                let text = crate::components::labels::notice_text(i18n.get_locale(), n.kind, &who);
                                                view! {
                                                    <li class=if n.unread { "unread" } else { "" }>
                                                        {n.unread.then(|| view! { <span class="badge">{t!(i18n, notifications_new)}</span>" " })}
                                                        <a href=n.link.clone()>{text}</a>
                                                        <span class="meta">{format!(" · {} · ", format_time(n.created_at))}<q>{n.detail.clone()}</q></span>
                                                    </li>
                                                }
                                            }).collect_view()}
                                        </ul>
                                    }.into_any()
                                }}
                                {crate::components::pager::pager(pages, t_string!(i18n, notifications_pages).to_string(), |n| format!("/notifications?page={n}"))}
                            </section>
                        }.into_any()
                    }
                    Err(AppError::LoginRequired) => view! { <Redirect path="/login?next=/notifications"/> }.into_any(),
                    Err(err) => view! { <ErrorPage error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
