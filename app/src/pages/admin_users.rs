use crate::api::admin::{list_users, SetRole};
use crate::components::forms::{error_of, query_flag, FormError, Notice};
use crate::components::labels::role_label;
use crate::components::status::ErrorPage;
use crate::domain::role::Role;
use crate::error::AppError;
use crate::i18n::*;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

#[component]
pub fn AdminUsersPage() -> impl IntoView {
    let i18n = use_i18n();
    let set_role = ServerAction::<SetRole>::new();
    let query = leptos_router::hooks::use_query_map();
    let filters = move || {
        query.with(|q| {
            (
                q.get("search").unwrap_or_default(),
                q.get("role").unwrap_or_default(),
                q.get("page")
                    .and_then(|p| p.parse::<u64>().ok())
                    .unwrap_or(1),
            )
        })
    };
    let users = Resource::new(filters, |(search, role, page)| {
        list_users(search, role, page)
    });
    let changed = query_flag("changed");
    let saved = move || changed.get() || matches!(set_role.value().get(), Some(Ok(())));
    view! {
        <Title text=t_string!(i18n, admin_title).to_string()/>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                let (search, role, _) = filters();
                match users.await {
                    Ok(list) => {
                        let rows = list.rows;
                        let info = list.info;
                        let link = {
                            let (search, role) = (search.clone(), role.clone());
                            move |page: u64| {
                                let page = page.to_string();
                                let pairs: Vec<(&str, &str)> = [("search", search.as_str()), ("role", role.as_str()), ("page", page.as_str())]
                                    .into_iter()
                                    .filter(|(_, v)| !v.is_empty())
                                    .collect();
                                format!("/admin/users?{}", crate::domain::text::url::query_string(&pairs))
                            }
                        };
                        view! {
                        <section class="page">
                            <h1>{t!(i18n, admin_title)}</h1>
                            <p>{t!(i18n, admin_lead)}</p>
                            <Show when=saved>
                                <Notice text=Signal::derive(move || t_string!(i18n, admin_saved).to_string())/>
                            </Show>
                            <FormError error=error_of(set_role.value())/>
                            <form class="row-form" method="get" action="/admin/users" role="search">
                                <label for="users-search">{t!(i18n, admin_search)}</label>
                                <input id="users-search" name="search" type="search" value=search.clone() maxlength="200"/>
                                <label for="users-role">{t!(i18n, profile_role)}</label>
                                <select id="users-role" name="role">
                                    <option value="" selected=role.is_empty()>{t!(i18n, audit_any)}</option>
                                    {Role::ALL.into_iter().map(|r| view! {
                                        <option value=r.as_str() selected=r.as_str() == role>{role_label(i18n, r)}</option>
                                    }).collect_view()}
                                </select>
                                <button type="submit" class="small">{t!(i18n, audit_filter)}</button>
                            </form>
                            <p>{crate::domain::text::count_text(&info.total.to_string(), t_string!(i18n, admin_count_one), t_string!(i18n, admin_count))}</p>
                            <div class="table-scroll">
                            <table>
                                <caption class="visually-hidden">{t!(i18n, admin_title)}</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">{t!(i18n, field_display_name)}</th>
                                        <th scope="col">{t!(i18n, field_email)}</th>
                                        <th scope="col">{t!(i18n, admin_status)}</th>
                                        <th scope="col">{t!(i18n, profile_role)}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {rows.into_iter().map(|row| {
                                        let select_id = format!("role-{}", row.id);
                                        let label = crate::domain::text::fill(t_string!(i18n, admin_role_for), &[("name", &row.display_name)]);
                                        view! {
                                            <tr>
                                                <td>{row.display_name.clone()}</td>
                                                <td>{row.email.clone()}</td>
                                                <td>{if row.activated { t_string!(i18n, admin_active) } else { t_string!(i18n, admin_pending) }}</td>
                                                <td>
                                                    <ActionForm action=set_role attr:class="row-form">
                                                        <input type="hidden" name="user_id" value=row.id/>
                                                        <label class="visually-hidden" for=select_id.clone()>{label}</label>
                                                        <select id=select_id name="role">
                                                            {Role::ALL.into_iter().map(|r| view! {
                                                                <option value=r.as_str() selected=r == row.role>{role_label(i18n, r)}</option>
                                                            }).collect_view()}
                                                        </select>
                                                        <button type="submit" class="small">{t!(i18n, save)}</button>
                                                    </ActionForm>
                                                </td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                            </div>
                            {crate::components::pager::pager(info, t_string!(i18n, admin_pages).to_string(), link)}
                        </section>
                    }.into_any()
                    }
                    Err(AppError::LoginRequired) => view! { <Redirect path="/login?next=/admin/users"/> }.into_any(),
                    Err(err) => view! { <ErrorPage error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
