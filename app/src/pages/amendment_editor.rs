//! Writing an amendment: the whole section rewritten, or one selected passage replaced, and
//! editing one's amendment later. With JavaScript the word-level diff updates as one types
//! (the `LiveDiff` island);
//! without it, saving the draft leads to its page, which shows the diff before publishing.

use crate::api::amendments::{get_amendment, CreateAmendment, EditAmendment};
use crate::api::sections::get_section;
use crate::components::diff::Formatted;
use crate::components::forms::id_param;
use crate::components::forms::textarea_text;
use crate::components::forms::{error_of, FormError};
use crate::components::status::ErrorPage;
use crate::components::trail::SectionTrail;
use crate::domain::amendment::{replace_passage, JUSTIFICATION_MAX, TITLE_MAX};
use crate::domain::ids::AmendmentId;
use crate::domain::text::fill;
use crate::error::AppError;
use crate::i18n::*;
use crate::islands::format_bar::{FormatBar, FormatLabels, FormatStart};
use crate::islands::live_diff::{DiffLabels, DiffStart, LiveDiff, SimilarLabels, SimilarStart};
use crate::islands::start;
use crate::views::sections::SectionRef;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;

/// What the editor starts from.
#[derive(Clone)]
struct Draft {
    section: SectionRef,
    /// The text the amendment is written on.
    base: String,
    base_number: i32,
    title: String,
    text: String,
    justification: String,
    /// Passage mode: byte offsets of the passage in `base`.
    passage: Option<(usize, usize)>,
    /// Editing this amendment (else a new one).
    amendment: Option<AmendmentId>,
}

/// `/sections/:id/amend`, optionally `?start=&end=` for a passage.
#[component]
pub fn NewAmendmentPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param();
    let query = use_query_map();
    let page = Resource::new(
        move || id.get(),
        |id| get_section(id, None, None, None, None),
    );
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) if !p.section.program_open => view! { <ErrorPage error=AppError::ProgramClosed/> }.into_any(),
                    // Before writing anything: log in or sign up first, and come back here.
                    Ok(p) if !p.logged_in => view! { <LogInFirst section=p.section/> }.into_any(),
                    Ok(p) => {
                        let q = query.read_untracked();
                        let offsets = q.get("start").and_then(|s| s.parse::<usize>().ok())
                            .zip(q.get("end").and_then(|e| e.parse::<usize>().ok()));
                        let passage = offsets.filter(|(s, e)| replace_passage(&p.source, *s, *e, "").is_some() && s < e);
                        let text = match passage {
                            Some((s, e)) => p.source[s..e].to_string(),
                            None => p.source.clone(),
                        };
                        let draft = Draft {
                            base_number: p.section.head,
                            section: p.section,
                            base: p.source,
                            title: String::new(),
                            text,
                            justification: String::new(),
                            passage,
                            amendment: None,
                        };
                        view! { <Editor draft=draft/> }.into_any()
                    }
                    Err(err) => view! { <ErrorPage error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// What an anonymous visitor sees instead of the editor: why, and the way back here
/// through log-in or sign-up (and activation), so nothing typed is ever lost to it.
#[component]
fn LogInFirst(section: SectionRef) -> impl IntoView {
    use crate::domain::redirect::with_next;
    let i18n = use_i18n();
    let location = leptos_router::hooks::use_location();
    let here = {
        let search = location.search.get_untracked();
        let search = search.trim_start_matches('?');
        match search.is_empty() {
            true => location.pathname.get_untracked(),
            false => format!("{}?{search}", location.pathname.get_untracked()),
        }
    };
    let heading = fill(
        t_string!(i18n, editor_new_title),
        &[("title", &section.title)],
    );
    view! {
        <Title text=heading.clone()/>
        <article class="page narrow">
            <SectionTrail section=section.clone()/>
            <h1>{heading}</h1>
            <p>{t!(i18n, editor_login_first)}</p>
            <p class="actions">
                <a class="button" href=with_next("/login", &here)>{t!(i18n, nav_login)}</a>
                " "
                <a class="button secondary" href=with_next("/signup", &here)>{t!(i18n, nav_signup)}</a>
            </p>
            <p><a href=format!("/sections/{}", section.id)>{t!(i18n, editor_back_to_section)}</a></p>
        </article>
    }
}

/// `/amendments/:id/edit`.
#[component]
pub fn EditAmendmentPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param();
    let page = Resource::new(move || id.get(), get_amendment);
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) if p.rights.can_edit => {
                        let draft = Draft {
                            section: p.section,
                            base: p.base_text,
                            base_number: p.base_number,
                            title: p.title,
                            text: p.text,
                            justification: p.justification_source,
                            passage: None,
                            amendment: Some(p.id),
                        };
                        view! { <Editor draft=draft/> }.into_any()
                    }
                    Ok(p) if !p.rights.logged_in => view! { <Redirect path=format!("/login?next=/amendments/{}/edit", p.id)/> }.into_any(),
                    Ok(_) => view! { <ErrorPage error=AppError::Forbidden/> }.into_any(),
                    Err(err) => view! { <ErrorPage error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Editor(draft: Draft) -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateAmendment>::new();
    let edit = ServerAction::<EditAmendment>::new();
    let error = Signal::derive(move || {
        error_of(create.value())
            .get()
            .or_else(|| error_of(edit.value()).get())
    });
    let title = crate::components::forms::kept_or("title", draft.title.clone());
    let initial_text = crate::components::forms::kept_or("text", draft.text.clone());
    let justification =
        crate::components::forms::kept_or("justification", draft.justification.clone());
    let passage = draft.passage;
    let initial_for_diff = initial_text.clone();
    let labels = DiffLabels {
        heading: t_string!(i18n, editor_preview).to_string(),
        deleted: t_string!(i18n, diff_deleted).to_string(),
        inserted: t_string!(i18n, diff_inserted).to_string(),
    };
    let heading = match (draft.amendment, passage) {
        (Some(_), _) => t_string!(i18n, editor_edit_title).to_string(),
        (None, Some(_)) => fill(
            t_string!(i18n, editor_passage_title),
            &[("title", &draft.section.title)],
        ),
        (None, None) => fill(
            t_string!(i18n, editor_new_title),
            &[("title", &draft.section.title)],
        ),
    };
    let text_label = if passage.is_some() {
        t_string!(i18n, field_passage_text)
    } else {
        t_string!(i18n, field_amendment_text)
    };
    let fields = move || {
        view! {
            <input type="hidden" name="base_number" value=draft.base_number/>
            {passage.map(|(s, e)| view! {
                <input type="hidden" name="passage_start" value=s/>
                <input type="hidden" name="passage_end" value=e/>
            })}
            <label for="amendment-title">{t!(i18n, field_amendment_title)}</label>
            <input id="amendment-title" type="text" name="title" required maxlength=TITLE_MAX value=title.clone()/>
            <label for="amendment-text">{text_label}</label>
            <p id="amendment-text-hint" class="hint">{t!(i18n, editor_text_hint)}</p>
            {start(FormatStart {
                field: "amendment-text".to_string(),
                labels: FormatLabels {
                    toolbar: t_string!(i18n, format_toolbar).to_string(),
                    bold: t_string!(i18n, format_bold).to_string(),
                    italic: t_string!(i18n, format_italic).to_string(),
                    link: t_string!(i18n, format_link).to_string(),
                    list: t_string!(i18n, format_list).to_string(),
                },
            })}
            <FormatBar/>
            <textarea id="amendment-text" name="text" rows=if passage.is_some() { 4 } else { 14 }
                aria-describedby="amendment-text-hint">{textarea_text(initial_text.clone())}</textarea>
            <label for="amendment-justification">{t!(i18n, field_justification)}</label>
            <p id="amendment-justification-hint" class="hint">{fill(t_string!(i18n, editor_justification_hint), &[("max", &JUSTIFICATION_MAX.to_string())])}</p>
            <textarea id="amendment-justification" name="justification" rows="5" maxlength=JUSTIFICATION_MAX
                aria-describedby="amendment-justification-hint">{textarea_text(justification.clone())}</textarea>
            <button type="submit">{t!(i18n, editor_save_draft)}</button>
        }
    };
    view! {
        <Title text=heading.clone()/>
        <article class="page editor-page">
            <SectionTrail section=draft.section.clone()/>
            <h1>{heading}</h1>
            {passage.map(|(s, e)| {
                let original = draft.base[s..e].to_string();
                view! {
                    <p>{t!(i18n, editor_passage_lead)}</p>
                    <blockquote class="passage"><Formatted text=original/></blockquote>
                    <p><a href=format!("/sections/{}/amend", draft.section.id)>{t!(i18n, editor_whole_section)}</a></p>
                }
            })}
            {(passage.is_none() && draft.amendment.is_none()).then(|| view! {
                <p class="hint">{t!(i18n, editor_whole_lead)}</p>
            })}
            <FormError error=error/>
            {match draft.amendment {
                Some(id) => view! {
                    <ActionForm action=edit attr:class="stack" attr:novalidate="true">
                        <input type="hidden" name="id" value=id/>
                        {fields.clone()}
                    </ActionForm>
                }.into_any(),
                None => view! {
                    <ActionForm action=create attr:class="stack" attr:novalidate="true">
                        <crate::components::forms::FormKey/>
                        <input type="hidden" name="section_id" value=draft.section.id/>
                        {fields.clone()}
                    </ActionForm>
                }.into_any(),
            }}
            {start(DiffStart {
                field: "amendment-text".to_string(),
                base: draft.base.clone(),
                passage,
                initial: initial_for_diff,
                shown_without_js: false,
                labels,
                similar: Some(SimilarStart {
                    section_id: draft.section.id.get().into(),
                    base_number: draft.base_number.into(),
                    labels: SimilarLabels {
                        heading: t_string!(i18n, similar_heading).to_string(),
                        hint: t_string!(i18n, similar_hint).to_string(),
                        alike: t_string!(i18n, similar_alike).to_string(),
                    },
                }),
            })}
            <LiveDiff/>
        </article>
    }
}
