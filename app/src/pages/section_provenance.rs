//! Provenance of a section's current text, like `git blame`: each passage with the revision,
//! amendment and author that put it there.

use crate::api::sections::section_provenance;
use crate::components::diff::Formatted;
use crate::components::forms::id_param;
use crate::components::status::ErrorPage;
use crate::components::trail::SectionTrail;
use crate::domain::text::fill;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SectionProvenancePage() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param();
    let page = Resource::new(move || id.get(), section_provenance);
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => {
                        let title = fill(t_string!(i18n, provenance_title), &[("title", &p.section.title)]);
                        view! {
                            <Title text=title.clone()/>
                            <article class="page">
                                <SectionTrail section=p.section.clone()/>
                                <h1>{title}</h1>
                                <p class="hint">{t!(i18n, provenance_lead)}</p>
                                <ol class="provenance">
                                    {p.passages.into_iter().map(|row| {
                                        let origin = match (&row.amendment, &row.author) {
                                            (Some(l), Some(a)) => fill(t_string!(i18n, provenance_amendment_by), &[("title", &l.title), ("name", a), ("n", &row.revision.to_string())]),
                                            (Some(l), None) => fill(t_string!(i18n, provenance_amendment), &[("title", &l.title), ("n", &row.revision.to_string())]),
                                            _ => fill(t_string!(i18n, provenance_original), &[("n", &row.revision.to_string())]),
                                        };
                                        let origin = if row.credited.is_empty() {
                                            origin
                                        } else {
                                            format!("{origin} · {}", fill(t_string!(i18n, provenance_merged), &[("names", &row.credited.join(", "))]))
                                        };
                                        let class = if row.amendment.is_some() { "passage amended" } else { "passage original" };
                                        view! {
                                            <li class=class>
                                                <span class="passage-text"><Formatted text=row.text.clone()/></span>
                                                <span class="passage-origin">
                                                    {match row.amendment {
                                                        Some(crate::views::Link { id: aid, .. }) => view! { <a href=format!("/amendments/{aid}")>{origin}</a> }.into_any(),
                                                        None => view! { <span>{origin}</span> }.into_any(),
                                                    }}
                                                </span>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ol>
                            </article>
                        }.into_any()
                    }
                    Err(err) => view! { <ErrorPage error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
