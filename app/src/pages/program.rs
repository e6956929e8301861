use crate::api::programs::{get_program, AdvanceProgram, ScheduleProgram, SetProgramState};
use crate::components::forms::phase_name;
use crate::components::forms::{error_of, query_value, FormError, Notice};
use crate::components::forms::{time_value, TimeHint};
use crate::components::phase::{NowCard, PhaseBanner};
use crate::components::status::ErrorPage;
use crate::domain::phase::Phase;
use crate::domain::text::fill;
use crate::i18n::*;
use crate::views::programs::SectionView;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// Chapters are h2, sections h3, measures h4 and deeper (the program title is the h1).
fn section_heading(section: &SectionView) -> AnyView {
    let id = format!("s-{}", section.id);
    let title = view! { <a href=format!("/sections/{}", section.id)>{section.title.clone()}</a> };
    match section.level {
        1 => view! { <h2 id=id>{title}</h2> }.into_any(),
        2 => view! { <h3 id=id>{title}</h3> }.into_any(),
        3 => view! { <h4 id=id>{title}</h4> }.into_any(),
        4 => view! { <h5 id=id>{title}</h5> }.into_any(),
        _ => view! { <h6 id=id>{title}</h6> }.into_any(),
    }
}

/// "3 open amendments · 1 comment".
fn section_counts(i18n: leptos_i18n::I18nContext<Locale>, s: &SectionView) -> String {
    use crate::domain::text::count_text;
    format!(
        "{} · {}",
        count_text(
            &s.open_amendments.to_string(),
            t_string!(i18n, count_open_amendments_one),
            t_string!(i18n, count_open_amendments)
        ),
        count_text(
            &s.comments.to_string(),
            t_string!(i18n, comments_count_one),
            t_string!(i18n, comments_count)
        ),
    )
}

#[component]
pub fn ProgramPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let set_state = ServerAction::<SetProgramState>::new();
    let advance = ServerAction::<AdvanceProgram>::new();
    let schedule = ServerAction::<ScheduleProgram>::new();
    let done = query_value("done");
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
                                {p.summary.published.then(|| view! { <crate::components::follow::FollowButton kind="program" id=p.summary.id.get()/> })}
                                <NowCard summary=p.summary.clone() on_program=true/>
                                {move || match done.get().as_str() {
                                    "imported" => Some(view! { <Notice text=t_string!(i18n, program_imported).to_string()/> }),
                                    "state" | "phase" | "schedule" => Some(view! { <Notice text=t_string!(i18n, program_state_saved).to_string()/> }),
                                    _ => None,
                                }}
                                {p.summary.published.then(|| view! {
                                    <PhaseBanner phase=p.summary.phase ends=p.summary.phase_ends schedule=p.summary.schedule.clone()/>
                                })}
                                {p.can_open_votes.then(|| view! {
                                    <p><a class="button secondary" href=format!("/votes/new?program={}", p.summary.slug)>{t!(i18n, program_open_vote)}</a></p>
                                })}
                                {p.can_manage.then(|| {
                                    let slug = p.summary.slug.clone();
                                    let published = p.summary.published;
                                    view! {
                                        <section class="manage card" aria-labelledby="manage-heading">
                                            <h2 id="manage-heading">{t!(i18n, program_manage)}</h2>
                                            <FormError error=error_of(set_state.value())/>
                                            <div class="row-form">
                                                {(!published).then(|| { let slug = slug.clone(); view! {
                                                    <ActionForm action=set_state attr:class="inline-form">
                                                        <input type="hidden" name="slug" value=slug.clone()/>
                                                        <input type="hidden" name="publish" value="true"/>
                                                        <input type="hidden" name="amendments_open" value="true"/>
                                                        <button type="submit">{t!(i18n, program_publish_open)}</button>
                                                    </ActionForm>
                                                }})}

                                            </div>
                                            {published.then(|| {
                                                let next = p.summary.phase.next();
                                                let ask_phase = crate::components::confirm::words(i18n, crate::domain::confirm::Irreversible::StartPhase);
                                                let plan = p.summary.schedule.clone();
                                                let start = move |ph: Phase| plan.iter().find(|(q, _)| *q == ph).map(|(_, t)| time_value(i18n, *t)).unwrap_or_default();
                                                let slug_next = slug.clone();
                                                view! {
                                                    <FormError error=error_of(advance.value())/>
                                                    {next.map(|n| view! {
                                                        <crate::components::confirm::ConfirmDialog/>
                                                        <ActionForm action=advance attr:class="inline-form" attr:data-confirm=ask_phase.question.clone() attr:data-confirm-detail=ask_phase.detail.clone() attr:data-confirm-yes=ask_phase.yes.clone()>
                                                            <input type="hidden" name="slug" value=slug_next.clone()/>
                                                            <input type="hidden" name="phase" value=n.as_str()/>
                                                            <button type="submit" class="secondary">{fill(t_string!(i18n, program_start_phase_now), &[("phase", &phase_name(i18n, n))])}</button>
                                                        </ActionForm>
                                                    }.into_any())}
                                                    <h3>{t!(i18n, program_schedule)}</h3>
                                                    <FormError error=error_of(schedule.value())/>
                                                    <ActionForm action=schedule attr:class="stack schedule-form">
                                                        <input type="hidden" name="slug" value=slug.clone()/>
                                                        {[Phase::Amendments, Phase::Deliberation, Phase::Voting, Phase::Closed].into_iter().map(|ph| {
                                                            let field = format!("schedule-{}", ph.as_str());
                                                            view! {
                                                                <label for=field.clone()>{fill(t_string!(i18n, program_phase_starts), &[("phase", &phase_name(i18n, ph))])}</label>
                                                                <input id=field type="text" name=ph.as_str() autocomplete="off" aria-describedby="schedule-times-hint" value=start(ph)/>
                                                            }
                                                        }).collect_view()}
                                                        <TimeHint id="schedule-times-hint"/>
                                                        <button type="submit" class="secondary">{t!(i18n, program_schedule_save)}</button>
                                                    </ActionForm>
                                                }
                                            })}
                                        </section>
                                    }.into_any()
                                })}
                                <p class="downloads">
                                    {t!(i18n, program_download)}" "
                                    <a href=format!("/programs/{}/export/md", p.summary.slug) download>{t!(i18n, program_download_md)}</a>
                                    " · "
                                    <a href=format!("/programs/{}/export/html", p.summary.slug)>{t!(i18n, program_download_html)}</a>
                                </p>
                                <p class="lead">{p.summary.summary.clone()}</p>
                                <div class="prose" inner_html=p.preamble.as_str().to_string()></div>
                                <nav class="toc" aria-labelledby="toc-heading">
                                    <h2 id="toc-heading">{t!(i18n, program_contents)}</h2>
                                    <ol>
                                        {toc.into_iter().map(|s| view! {
                                            <li class=format!("toc-level-{}", s.level.min(4))>
                                                <a href=format!("#s-{}", s.id)>{s.title.clone()}</a>
                                                {(s.open_amendments > 0 || s.comments > 0).then(|| view! {
                                                    " "<span class="count">{section_counts(i18n, &s)}</span>
                                                })}
                                            </li>
                                        }).collect_view()}
                                    </ol>
                                </nav>
                                <p class="all-amendments"><a href=format!("/programs/{}/amendments", p.summary.slug)>{t!(i18n, program_amendments_link)}</a>" · "<a href=format!("/programs/{}/committees", p.summary.slug)>{t!(i18n, committees_link)}</a></p>
                                {p.sections.into_iter().map(|s| view! {
                                    <section class=format!("program-section level-{}", s.level.min(4)) aria-labelledby=format!("s-{}", s.id)>
                                        {section_heading(&s)}
                                        <div class="prose" inner_html=s.body.as_str().to_string()></div>
                                        {(s.open_amendments > 0 || s.comments > 0).then(|| view! {
                                            <p class="section-links meta">{section_counts(i18n, &s)}</p>
                                        })}
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
