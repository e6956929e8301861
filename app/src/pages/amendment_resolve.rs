//! Resolving a conflict: for each passage where the section changed under the amendment,
//! its author keeps the current wording, keeps theirs, or writes it anew.

use crate::api::amendments::{get_amendment, ResolveConflict};
use crate::components::diff::Formatted;
use crate::components::forms::textarea_text;
use crate::components::forms::{error_of, FormError};
use crate::components::status::ErrorPage;
use crate::components::trail::SectionTrail;
use crate::domain::text::{fill, MergeChunk};
use crate::error::AppError;
use crate::i18n::*;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ResolveConflictPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = crate::components::forms::id_param();
    let resolve = ServerAction::<ResolveConflict>::new();
    let page = Resource::new(move || id.get(), get_amendment);
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) if p.rights.can_resolve => {
                        let (head, chunks) = p.conflict.clone().unwrap_or_default();
                        let title = fill(t_string!(i18n, resolve_title), &[("title", &p.title)]);
                        let mut index = 0usize;
                        let parts = chunks.into_iter().map(|chunk| match chunk {
                            MergeChunk::Clean(text) => view! { <p class="merged"><Formatted text=text/></p> }.into_any(),
                            MergeChunk::Conflict { base, ours, theirs } => {
                                let i = index;
                                index += 1;
                                let name = format!("choices[{i}]");
                                let legend = fill(t_string!(i18n, resolve_passage), &[("n", &(i + 1).to_string())]);
                                view! {
                                    <fieldset class="conflict">
                                        <legend>{legend}</legend>
                                        <p class="hint">{t!(i18n, resolve_was)}" "<q><Formatted text=base/></q></p>
                                        <label class="choice">
                                            <input type="radio" name=name.clone() value="current" required/>
                                            <span>{fill(t_string!(i18n, resolve_current), &[("n", &head.to_string())])}</span>
                                            <q class="ours"><Formatted text=ours.clone()/></q>
                                        </label>
                                        <label class="choice">
                                            <input type="radio" name=name.clone() value="mine" checked/>
                                            <span>{t!(i18n, resolve_mine)}</span>
                                            <q class="theirs"><Formatted text=theirs.clone()/></q>
                                        </label>
                                        <label class="choice">
                                            <input type="radio" name=name value="custom"/>
                                            <span>{t!(i18n, resolve_custom)}</span>
                                        </label>
                                        <label class="visually-hidden" for=format!("custom-{i}")>{t!(i18n, resolve_custom)}</label>
                                        <textarea id=format!("custom-{i}") name=format!("customs[{i}]") rows="2">{textarea_text(theirs)}</textarea>
                                    </fieldset>
                                }.into_any()
                            }
                        }).collect_view();
                        view! {
                            <Title text=title.clone()/>
                            <article class="page resolve-page">
                                <SectionTrail section=p.section.clone()/>
                                <h1>{title}</h1>
                                <p>{fill(t_string!(i18n, resolve_lead), &[("from", &p.base_number.to_string()), ("to", &head.to_string())])}</p>
                                <FormError error=error_of(resolve.value())/>
                                <ActionForm action=resolve attr:class="stack">
                                    <input type="hidden" name="id" value=p.id/>
                                    <input type="hidden" name="head" value=head/>
                                    <div class="merge">{parts}</div>
                                    <button type="submit">{t!(i18n, resolve_submit)}</button>
                                </ActionForm>
                            </article>
                        }.into_any()
                    }
                    Ok(p) if !p.rights.logged_in => view! { <leptos_router::components::Redirect path=format!("/login?next=/amendments/{}/resolve", p.id)/> }.into_any(),
                    Ok(_) => view! { <ErrorPage error=AppError::WrongState/> }.into_any(),
                    Err(err) => view! { <ErrorPage error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
