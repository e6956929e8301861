//! Eligibility rolls: `/admin/rolls`, where coordinators import census or membership lists
//! (a multipart form posted to `/rolls/import`, with or without JavaScript), free an entry
//! and delete a roll; and `/rolls/:id`, where a person verifies themselves on a roll once.

use crate::api::rolls::{get_roll, list_rolls, DeleteRoll, ReleaseRollEntry, VerifyOnRoll};
use crate::components::confirm::ConfirmDialog;
use crate::components::forms::{error_of, error_text, id_param, query_value, FormError, Notice};
use crate::components::status::ErrorPage;
use crate::domain::roll::{Factor, LABEL_MAX, NAME_MAX, VALUE_MAX};
use crate::domain::text::{count_text, fill};
use crate::domain::time::format_time;
use crate::error::AppError;
use crate::i18n::*;
use crate::views::rolls::{RollPage as RollView, RollRow};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;

fn factor_name(i18n: I18nContext<Locale>, factor: Factor, label: &str) -> String {
    match factor {
        Factor::BirthDate => t_string!(i18n, roll_factor_birth_date).to_string(),
        Factor::Text => label.to_string(),
    }
}

#[component]
pub fn RollsAdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let release = ServerAction::<ReleaseRollEntry>::new();
    let delete = ServerAction::<DeleteRoll>::new();
    let data = Resource::new(
        move || (release.version().get(), delete.version().get()),
        |_| list_rolls(),
    );
    view! {
        <Title text=t_string!(i18n, rolls_title).to_string()/>
        <section class="page narrow rolls">
            <h1>{t!(i18n, rolls_title)}</h1>
            <p>{t!(i18n, rolls_intro)}</p>
            <ImportOutcome/>
            <Show when=move || matches!(release.value().get(), Some(Ok(()))) || query_value("done").get() == "released">
                <Notice text=Signal::derive(move || t_string!(i18n, rolls_released).to_string())/>
            </Show>
            <Show when=move || matches!(delete.value().get(), Some(Ok(()))) || query_value("done").get() == "deleted">
                <Notice text=Signal::derive(move || t_string!(i18n, rolls_deleted).to_string())/>
            </Show>
            <FormError error=error_of(release.value())/>
            <FormError error=error_of(delete.value())/>
            <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(page) => view! {
                            {(!page.enabled).then(|| view! { <p class="notice error">{t!(i18n, error_roll_no_key)}</p> })}
                            {if page.rolls.is_empty() {
                                view! { <p class="empty">{t!(i18n, rolls_none)}</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="cards roll-list">
                                        {page.rolls.into_iter().map(|r| view! { <RollItem r=r release=release delete=delete/> }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                            {page.enabled.then(|| view! { <ImportForm/> })}
                        }.into_any(),
                        Err(AppError::LoginRequired) => view! { <Redirect path="/login?next=/admin/rolls"/> }.into_any(),
                        Err(err) => view! { <ErrorPage error=err/> }.into_any(),
                    }
                })}
            </Suspense>
            <ConfirmDialog/>
        </section>
    }
}

/// What the last import did (the upload comes back here with its report or its error).
#[component]
fn ImportOutcome() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    move || {
        let q = query.read();
        if let Some(err) = q
            .get("error")
            .and_then(|e| serde_json::from_str::<AppError>(&e).ok())
        {
            return Some(
                view! { <p class="notice error" role="alert">{error_text(i18n, &err)}</p> }
                    .into_any(),
            );
        }
        q.get("imported")?;
        let n = |k: &str| q.get(k).unwrap_or_default();
        let bad_lines = n("bad_lines");
        let count = |k: &str, one: &str, other: &str| count_text(&n(k), one, other);
        let summary = fill(
            t_string!(i18n, rolls_imported),
            &[
                (
                    "entries",
                    &count(
                        "added",
                        t_string!(i18n, count_entries_one),
                        t_string!(i18n, count_entries),
                    ),
                ),
                (
                    "lines",
                    &count(
                        "lines",
                        t_string!(i18n, count_lines_one),
                        t_string!(i18n, count_lines),
                    ),
                ),
                (
                    "repeated",
                    &count(
                        "duplicates",
                        t_string!(i18n, count_repeated_one),
                        t_string!(i18n, count_repeated),
                    ),
                ),
                (
                    "unreadable",
                    &count(
                        "bad",
                        t_string!(i18n, count_unreadable_one),
                        t_string!(i18n, count_unreadable),
                    ),
                ),
            ],
        );
        Some(view! {
            <div class="notice success" role="status">
                <p>{summary}</p>
                {(!bad_lines.is_empty()).then(|| view! {
                    <p>{fill(t_string!(i18n, rolls_bad_lines), &[("lines", &bad_lines.replace(',', ", "))])}</p>
                })}
            </div>
        }.into_any())
    }
}

#[component]
fn RollItem(
    r: RollRow,
    release: ServerAction<ReleaseRollEntry>,
    delete: ServerAction<DeleteRoll>,
) -> impl IntoView {
    let i18n = use_i18n();
    let ask =
        crate::components::confirm::words(i18n, crate::domain::confirm::Irreversible::DeleteRoll);
    let id = r.id;
    let release_id = format!("roll-release-{id}");
    let state = match (r.ready_at, r.other_key) {
        (None, _) => t_string!(i18n, rolls_state_importing).to_string(),
        (Some(_), true) => t_string!(i18n, error_roll_key_changed).to_string(),
        (Some(t), false) => fill(
            t_string!(i18n, rolls_state_ready),
            &[("when", &format_time(t))],
        ),
    };
    view! {
        <li class="card">
            <h2><a href=format!("/rolls/{id}")>{r.name.clone()}</a></h2>
            <dl class="facts">
                <dt>{t!(i18n, rolls_second_factor)}</dt><dd>{factor_name(i18n, r.factor, &r.factor_label)}</dd>
                <dt>{t!(i18n, rolls_entries)}</dt><dd>{r.entries.to_string()}</dd>
                <dt>{t!(i18n, rolls_verified)}</dt><dd>{r.verified.to_string()}</dd>
                <dt>{t!(i18n, rolls_votes)}</dt><dd>{r.votes.to_string()}</dd>
                <dt>{t!(i18n, rolls_state)}</dt><dd>{state}</dd>
            </dl>
            {(r.ready_at.is_some() && !r.other_key).then(|| view! {
                <ActionForm action=release attr:class="row-form">
                    <input type="hidden" name="id" value=id/>
                    <label for=release_id.clone()>{t!(i18n, rolls_release_label)}</label>
                    <input id=release_id type="text" name="identifier" required maxlength=VALUE_MAX autocomplete="off"/>
                    <button type="submit" class="secondary">{t!(i18n, rolls_release)}</button>
                </ActionForm>
            })}
            {(r.votes == 0).then(|| view! {
                <ActionForm action=delete attr:class="inline-form" attr:data-confirm=ask.question.clone() attr:data-confirm-detail=ask.detail.clone() attr:data-confirm-yes=ask.yes.clone()>
                    <input type="hidden" name="id" value=id/>
                    <button type="submit" class="danger">{t!(i18n, rolls_delete)}</button>
                </ActionForm>
            })}
        </li>
    }
}

#[component]
fn ImportForm() -> impl IntoView {
    let i18n = use_i18n();
    let name = use_query_map()
        .read_untracked()
        .get("name")
        .unwrap_or_default();
    view! {
        <h2 id="roll-import-heading">{t!(i18n, rolls_import)}</h2>
        <p class="hint">{t!(i18n, rolls_import_hint)}</p>
        <form class="stack" method="post" action="/rolls/import" enctype="multipart/form-data" aria-labelledby="roll-import-heading">
            <label for="roll-name">{t!(i18n, rolls_name)}</label>
            <input id="roll-name" type="text" name="name" required maxlength=NAME_MAX value=name/>
            <label for="roll-factor">{t!(i18n, rolls_second_factor)}</label>
            <select id="roll-factor" name="factor">
                <option value="birth-date">{t!(i18n, roll_factor_birth_date)}</option>
                <option value="text">{t!(i18n, roll_factor_text)}</option>
            </select>
            <label for="roll-label">{t!(i18n, rolls_factor_label)}</label>
            <p class="hint" id="roll-label-hint">{t!(i18n, rolls_factor_label_hint)}</p>
            <input id="roll-label" type="text" name="factor_label" maxlength=LABEL_MAX aria-describedby="roll-label-hint"/>
            <label for="roll-file">{t!(i18n, rolls_file)}</label>
            <input id="roll-file" type="file" name="file" accept=".csv,.txt,text/csv,text/plain"/>
            <label for="roll-list">{t!(i18n, rolls_list)}</label>
            <p class="hint" id="roll-list-hint">{t!(i18n, rolls_list_hint)}</p>
            <textarea id="roll-list" name="list" rows="6" aria-describedby="roll-list-hint" autocomplete="off" spellcheck="false"></textarea>
            <button type="submit">{t!(i18n, rolls_import_submit)}</button>
        </form>
    }
}

#[component]
pub fn RollPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param();
    let verify = ServerAction::<VerifyOnRoll>::new();
    let data = Resource::new(
        move || (id.get(), verify.version().get()),
        |(id, _)| get_roll(id),
    );
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) => view! { <RollVerify page=page verify=verify/> }.into_any(),
                    Err(err) => view! { <ErrorPage error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn RollVerify(page: RollView, verify: ServerAction<VerifyOnRoll>) -> impl IntoView {
    let i18n = use_i18n();
    let id = page.id;
    let next = crate::domain::redirect::safe_next(&query_value("next").get_untracked());
    let back = (next != "/").then(|| next.clone());
    let factor_label = factor_name(i18n, page.factor, &page.factor_label);
    let body = if let Some(at) = page.verified_at {
        view! {
            <p class="notice success" role="status">{fill(t_string!(i18n, roll_verified_since), &[("when", &format_time(at))])}</p>
            {back.map(|b| view! { <p><a href=b>{t!(i18n, roll_back_to_vote)}</a></p> })}
        }
        .into_any()
    } else if !page.ready {
        view! { <p class="notice">{t!(i18n, error_roll_importing)}</p> }.into_any()
    } else if !page.logged_in {
        let here = format!(
            "/rolls/{id}{}",
            back.as_ref()
                .map(|b| format!("?next={b}"))
                .unwrap_or_default()
        );
        view! {
            <p class="notice"><a href=crate::domain::redirect::with_next("/login", &here)>{t!(i18n, roll_login_first)}</a></p>
        }
        .into_any()
    } else {
        let date = page.factor == Factor::BirthDate;
        let factor_label = factor_label.clone();
        view! {
            <FormError error=error_of(verify.value())/>
            <ActionForm action=verify attr:class="stack">
                <input type="hidden" name="id" value=id/>
                <input type="hidden" name="next" value=next.clone()/>
                <label for="roll-identifier">{t!(i18n, roll_identifier)}</label>
                <p class="hint" id="roll-identifier-hint">{t!(i18n, roll_identifier_hint)}</p>
                <input id="roll-identifier" type="text" name="identifier" required maxlength=VALUE_MAX
                    autocomplete="off" autocapitalize="characters" spellcheck="false" aria-describedby="roll-identifier-hint"/>
                <label for="roll-factor-value">{factor_label}</label>
                {if date {
                    view! {
                        <input id="roll-factor-value" type="date" name="factor" required min="1850-01-01" max="2150-12-31"
                            autocomplete="bday"/>
                    }.into_any()
                } else {
                    view! {
                        <input id="roll-factor-value" type="text" name="factor" required maxlength=VALUE_MAX autocomplete="off" spellcheck="false"/>
                    }.into_any()
                }}
                <button type="submit">{t!(i18n, roll_verify_submit)}</button>
            </ActionForm>
        }
        .into_any()
    };
    view! {
        <Title text=page.name.clone()/>
        <article class="page narrow">
            <h1>{page.name.clone()}</h1>
            <p>{fill(t_string!(i18n, roll_lead), &[("factor", &factor_label)])}</p>
            <p class="hint">{t!(i18n, roll_privacy)}</p>
            {body}
        </article>
    }
}
