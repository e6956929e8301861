//! Entering an amendment adopted in the room: the section's current text to rewrite, a
//! title and the reasons. It becomes the assembly's amendment, published at once.

use crate::api::meetings::{get_meeting, AdoptAmendment};
use crate::api::sections::get_section;
use crate::components::forms::textarea_text;
use crate::components::forms::{error_of, id_param, FormError};
use crate::components::status::ErrorPage;
use crate::domain::amendment::{JUSTIFICATION_MAX, TITLE_MAX};
use crate::domain::ids::{MeetingId, SectionId};
use crate::error::AppError;
use crate::i18n::*;
use crate::islands::live_diff::{DiffLabels, DiffStart, LiveDiff};
use crate::islands::start;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `/meetings/:id/adopt?section=N`
#[component]
pub fn AdoptAmendmentPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param();
    let query = use_query_map();
    let section = Memo::new(move |_| {
        query.with(|q| {
            q.get("section")
                .and_then(|s| s.parse::<crate::domain::ids::SectionId>().ok())
                .unwrap_or_default()
        })
    });
    let data = Resource::new(
        move || (id.get(), section.get()),
        |(id, section)| async move {
            let meeting = get_meeting(id, None).await?;
            if !meeting.can_record {
                return Err(if !meeting.viewer {
                    AppError::LoginRequired
                } else if meeting.can_facilitate {
                    AppError::Assembly(crate::domain::assembly::AssemblyError::NotHeld)
                } else {
                    AppError::Forbidden
                });
            }
            let section = get_section(section, None, None, None, None).await?;
            Ok::<_, AppError>((meeting, section))
        },
    );
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((meeting, section)) => {
                        use crate::components::forms::{kept_or, kept_value};
                        let title = kept_value("title");
                        let text = kept_or("text", section.source.clone());
                        let justification = kept_value("justification");
                        view! {
                            <AdoptForm
                                meeting_id=meeting.id
                                meeting_title=meeting.title
                                section_id=section.section.id
                                section_title=section.section.title
                                base=section.source
                                base_number=section.section.head
                                title=title
                                text=text
                                justification=justification
                            />
                        }.into_any()
                    }
                    Err(err) => view! { <ErrorPage error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
#[allow(clippy::too_many_arguments)]
fn AdoptForm(
    meeting_id: MeetingId,
    meeting_title: String,
    section_id: SectionId,
    section_title: String,
    base: String,
    base_number: i32,
    title: String,
    text: String,
    justification: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let adopt = ServerAction::<AdoptAmendment>::new();
    let initial = text.clone();
    let labels = DiffLabels {
        heading: t_string!(i18n, meeting_adopt_preview).to_string(),
        deleted: t_string!(i18n, diff_deleted).to_string(),
        inserted: t_string!(i18n, diff_inserted).to_string(),
    };
    view! {
        <Title text=t_string!(i18n, meeting_adopt_title).to_string()/>
        <section class="page">
            <nav class="trail" aria-label=move || t_string!(i18n, trail_label)>
                <a href=format!("/meetings/{meeting_id}")>{meeting_title}</a>
            </nav>
            <h1>{t!(i18n, meeting_adopt_title)}</h1>
            <p>{t!(i18n, meeting_section)}": "<a href=format!("/sections/{section_id}")>{section_title}</a></p>
            <p class="hint">{t!(i18n, meeting_adopt_hint)}</p>
            <FormError error=error_of(adopt.value())/>
            <ActionForm action=adopt attr:class="stack">
                <input type="hidden" name="id" value=meeting_id/>
                <input type="hidden" name="section_id" value=section_id/>
                <input type="hidden" name="base_number" value=base_number/>
                <label for="adopt-title">{t!(i18n, field_amendment_title)}</label>
                <input id="adopt-title" type="text" name="title" required maxlength=TITLE_MAX value=title/>
                <label for="adopt-text">{t!(i18n, meeting_adopt_text)}</label>
                <textarea id="adopt-text" name="text" rows="14" required>{textarea_text(text.clone())}</textarea>
                <label for="adopt-justification">{t!(i18n, field_justification)}</label>
                <textarea id="adopt-justification" name="justification" rows="4" maxlength=JUSTIFICATION_MAX>{textarea_text(justification)}</textarea>
                <button type="submit">{t!(i18n, meeting_adopt_submit)}</button>
            </ActionForm>
            {start(DiffStart {
                field: "adopt-text".to_string(),
                base,
                passage: None,
                initial,
                shown_without_js: true,
                labels,
                similar: None,
            })}
            <LiveDiff/>
        </section>
    }
    .into_any()
}
