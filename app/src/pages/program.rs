use crate::api::programs::get_program;
use crate::api::SectionView;
use crate::components::forms::AmendmentsBadge;
use crate::components::status::ErrorPage;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// Chapters are h2, sections h3, measures h4 and deeper (the program title is the h1).
fn section_heading(section: &SectionView) -> AnyView {
    let id = format!("s-{}", section.id);
    let title = section.title.clone();
    match section.level {
        1 => view! { <h2 id=id>{title}</h2> }.into_any(),
        2 => view! { <h3 id=id>{title}</h3> }.into_any(),
        3 => view! { <h4 id=id>{title}</h4> }.into_any(),
        4 => view! { <h5 id=id>{title}</h5> }.into_any(),
        _ => view! { <h6 id=id>{title}</h6> }.into_any(),
    }
}

#[component]
pub fn ProgramPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let program = Resource::new(
        move || params.read().get("slug").unwrap_or_default(),
        get_program,
    );
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match program.await {
                    Ok(p) => {
                        let toc = p.sections.clone();
                        view! {
                            <Title text=p.summary.title.clone()/>
                            <article class="page program">
                                <h1>{p.summary.title.clone()}</h1>
                                <AmendmentsBadge open=p.summary.amendments_open/>
                                <p class="lead">{p.summary.summary.clone()}</p>
                                <div class="prose" inner_html=p.preamble.as_str().to_string()></div>
                                <nav class="toc" aria-labelledby="toc-heading">
                                    <h2 id="toc-heading">{t!(i18n, program_contents)}</h2>
                                    <ol>
                                        {toc.into_iter().map(|s| view! {
                                            <li class=format!("toc-level-{}", s.level.min(4))>
                                                <a href=format!("#s-{}", s.id)>{s.title}</a>
                                            </li>
                                        }).collect_view()}
                                    </ol>
                                </nav>
                                {p.sections.into_iter().map(|s| view! {
                                    <section class=format!("program-section level-{}", s.level.min(4)) aria-labelledby=format!("s-{}", s.id)>
                                        {section_heading(&s)}
                                        <div class="prose" inner_html=s.body.as_str().to_string()></div>
                                    </section>
                                }).collect_view()}
                            </article>
                        }.into_any()
                    }
                    Err(err) => view! { <ErrorPage error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
