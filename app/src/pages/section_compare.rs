//! Two revisions of a section compared word by word, inline and side by side.

use crate::api::sections::compare_revisions;
use crate::components::diff::{InlineDiff, SideBySideDiff};
use crate::components::forms::id_param;
use crate::components::status::ErrorPage;
use crate::components::trail::SectionTrail;
use crate::domain::text::fill;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SectionComparePage() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param();
    let query = use_query_map();
    let number = move |key: &str| -> i32 {
        query
            .read()
            .get(key)
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    let page = Resource::new(
        move || (id.get(), number("from"), number("to")),
        |(id, from, to)| compare_revisions(id, from, to),
    );
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => {
                        let title = fill(t_string!(i18n, compare_title), &[("from", &p.from.to_string()), ("to", &p.to.to_string())]);
                        let segments = p.segments.clone();
                        view! {
                            <Title text=title.clone()/>
                            <article class="page">
                                <SectionTrail section=p.section.clone()/>
                                <h1>{title}</h1>
                                <p><a href=format!("/sections/{}/history", p.section.id)>{t!(i18n, section_history)}</a></p>
                                <h2>{t!(i18n, diff_inline_heading)}</h2>
                                <InlineDiff segments=Signal::derive(move || segments.clone())/>
                                <h2>{t!(i18n, diff_side_heading)}</h2>
                                <SideBySideDiff segments=p.segments before=format!("r{}", p.from) after=format!("r{}", p.to)/>
                            </article>
                        }.into_any()
                    }
                    Err(err) => view! { <ErrorPage error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
