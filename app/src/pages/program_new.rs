//! A coordinator creates a program: uploads a Markdown file or writes it here. A plain
//! multipart form (works with or without JavaScript) posted to `/programs/import`, which
//! comes back here with the error, the title kept.

use crate::components::forms::error_text;
use crate::components::session::use_session;
use crate::components::status::ErrorPage;
use crate::domain::program_md::MAX_TITLE_CHARS;
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;

#[component]
pub fn NewProgramPage() -> impl IntoView {
    let i18n = use_i18n();
    let me = use_session();
    let query = use_query_map();
    view! {
        <Title text=t_string!(i18n, program_new_title).to_string()/>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match me.await {
                    Ok(Some(u)) if u.role.can_manage_programs() => {
                        let q = query.read_untracked();
                        let error: Option<AppError> = q.get("error").and_then(|e| serde_json::from_str(&e).ok());
                        let title = q.get("title").unwrap_or_default();
                        view! {
                            <section class="page narrow">
                                <h1>{t!(i18n, program_new_title)}</h1>
                                <p>{t!(i18n, program_new_lead)}</p>
                                {error.map(|e| view! { <p class="notice error" role="alert">{error_text(i18n, &e)}</p> })}
                                <form class="stack" method="post" action="/programs/import" enctype="multipart/form-data">
                                    <label for="program-title">{t!(i18n, field_program_title)}</label>
                                    <input id="program-title" type="text" name="title" required maxlength=MAX_TITLE_CHARS value=title/>
                                    <label for="program-file">{t!(i18n, field_program_file)}</label>
                                    <input id="program-file" type="file" name="file" accept=".md,.markdown,text/markdown,text/plain"/>
                                    <label for="program-markdown">{t!(i18n, field_program_markdown)}</label>
                                    <p id="program-markdown-hint" class="hint">{t!(i18n, program_new_markdown_hint)}</p>
                                    <textarea id="program-markdown" name="markdown" rows="10" aria-describedby="program-markdown-hint"></textarea>
                                    <button type="submit">{t!(i18n, program_new_submit)}</button>
                                </form>
                            </section>
                        }.into_any()
                    }
                    Ok(None) => view! { <Redirect path="/login?next=/programs/new"/> }.into_any(),
                    Ok(Some(_)) => view! { <ErrorPage error=AppError::Forbidden/> }.into_any(),
                    Err(err) => view! { <ErrorPage error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
