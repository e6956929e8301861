//! Merging amendments of a section (its committee, coordinators): near-duplicate clusters
//! and competing groups, each with "merge these"; a choice of amendments; the drafted
//! merged text, where the sources overlap shown side by side, for the facilitator to edit
//! and propose. Plain forms throughout: a GET form chooses, a POST form proposes.

use crate::api::amendments::{get_merge_draft, ProposeMerge};
use crate::components::forms::{error_text, id_param, kept_or, textarea_text};
use crate::components::status::ErrorPage;
use crate::components::trail::SectionTrail;
use crate::domain::ids::{AmendmentId, SectionId};
use crate::domain::text::fill;
use crate::i18n::*;
use crate::views::amendments::{MergeCandidate, MergeDraft};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SectionMergePage() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param::<SectionId>();
    let query = use_query_map();
    // Checkboxes send `ids` once per amendment; links send "3,5,8".
    let ids = Memo::new(move |_| query.read().get_all("ids").unwrap_or_default().join(","));
    let page = Resource::new(
        move || (id.get(), ids.get()),
        |(id, ids)| get_merge_draft(id, ids),
    );
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => view! { <MergeView page=p/> }.into_any(),
                    Err(err) => view! { <ErrorPage error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn label(c: &MergeCandidate) -> String {
    format!("#{} {}", c.id, c.title)
}

#[component]
fn MergeView(page: MergeDraft) -> impl IntoView {
    let i18n = use_i18n();
    let propose = ServerAction::<ProposeMerge>::new();
    let section_id = page.section.id;
    let title_of = {
        let c = page.candidates.clone();
        move |id: AmendmentId| {
            c.iter()
                .find(|x| x.id == id)
                .map(label)
                .unwrap_or_else(|| format!("#{id}"))
        }
    };
    let chosen: Vec<AmendmentId> = page.sources.iter().map(|s| s.id).collect();
    let merge_link = move |ids: &[AmendmentId]| {
        let ids: Vec<String> = ids
            .iter()
            .take(crate::domain::synthesis::MERGE_MAX)
            .map(|i| i.to_string())
            .collect();
        format!(
            "/sections/{section_id}/merge?ids={}#draft-heading",
            ids.join(",")
        )
    };
    let group_list = {
        let title_of = title_of.clone();
        move |groups: Vec<Vec<AmendmentId>>| {
            let title_of = title_of.clone();
            view! {
                <ul class="merge-groups">
                    {groups.into_iter().map(|g| {
                        let href = merge_link(&g);
                        view! {
                            <li class="card">
                                <ul>
                                    {g.iter().map(|a| view! { <li><a href=format!("/amendments/{a}")>{title_of(*a)}</a></li> }).collect_view()}
                                </ul>
                                <a class="button secondary" href=href>{t!(i18n, merge_these)}</a>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }
        }
    };
    let ids_value = chosen
        .iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(",");
    let default_title = fill(
        t_string!(i18n, merge_default_title),
        &[(
            "list",
            &chosen
                .iter()
                .map(|i| format!("#{i}"))
                .collect::<Vec<_>>()
                .join(", "),
        )],
    );
    let default_why = page
        .sources
        .iter()
        .map(|s| format!("#{} {} ({})", s.id, s.title, s.author))
        .collect::<Vec<_>>()
        .join("\n");
    let default_why = format!("{}\n\n{}", t_string!(i18n, merge_default_why), default_why);
    let sources = page.sources.clone();
    let error = move || propose.value().get().and_then(Result::err);
    let more = page.total.saturating_sub(page.candidates.len() as u64);
    view! {
        <Title text=t_string!(i18n, merge_title).to_string()/>
        <article class="page merge-page">
            <SectionTrail section=page.section.clone()/>
            <h1>{t!(i18n, merge_title)}</h1>
            <p class="hint">{t!(i18n, merge_lead)}</p>
            {(!page.clusters.is_empty()).then(|| view! {
                <section aria-labelledby="clusters-heading">
                    <h2 id="clusters-heading">{t!(i18n, merge_clusters_heading)}</h2>
                    <p class="hint">{fill(t_string!(i18n, merge_clusters_measure), &[
                        ("threshold", &format!("{:.0}", crate::domain::text::similar::THRESHOLD * 100.0)),
                        ("near", &crate::domain::text::similar::NEAR.to_string()),
                    ])}</p>
                    {group_list.clone()(page.clusters.clone())}
                </section>
            })}
            {(!page.groups.is_empty()).then(|| view! {
                <section aria-labelledby="competing-heading">
                    <h2 id="competing-heading">{t!(i18n, merge_groups_heading)}</h2>
                    {group_list.clone()(page.groups.clone())}
                </section>
            })}
            <section aria-labelledby="choose-heading">
                <h2 id="choose-heading">{t!(i18n, merge_choose_heading)}</h2>
                {page.candidates.is_empty().then(|| view! { <p>{t!(i18n, merge_none_open)}</p> })}
                {(more > 0).then(|| view! { <p class="hint">{crate::domain::text::count_text(&more.to_string(), t_string!(i18n, merge_more_one), t_string!(i18n, merge_more))}</p> })}
                <form method="get" action=format!("/sections/{section_id}/merge") class="stack">
                    <fieldset>
                        <legend>{t!(i18n, merge_choose_legend)}</legend>
                        {page.candidates.iter().map(|c| {
                            let field = format!("merge-{}", c.id);
                            view! {
                                <div class="check">
                                    <input type="checkbox" id=field.clone() name="ids" value=c.id.to_string() checked=chosen.contains(&c.id)/>
                                    <label for=field>{label(c)}" · "{c.author.clone()}" · "{crate::domain::text::count_text(&c.supports.to_string(), t_string!(i18n, amendment_supports_current_one), t_string!(i18n, amendment_supports_current))}</label>
                                </div>
                            }
                        }).collect_view()}
                    </fieldset>
                    <button type="submit" class="secondary">{t!(i18n, merge_draft_button)}</button>
                </form>
            </section>
            {(!sources.is_empty()).then(move || view! {
                <section aria-labelledby="draft-heading">
                    <h2 id="draft-heading">{t!(i18n, merge_draft_heading)}</h2>
                    {page.problem.clone().map(|e| view! { <p class="notice error" role="alert">{error_text(i18n, &e)}</p> })}
                    {move || error().map(|e| view! { <p class="notice error" role="alert">{error_text(i18n, &e)}</p> })}
                    {page.combined.clone().map(|combined| {
                        let overlaps = combined.overlaps.clone();
                        let sources = sources.clone();
                        view! {
                            {overlaps.is_empty().then(|| view! { <p class="notice success">{t!(i18n, merge_no_overlap)}</p> })}
                            {(!overlaps.is_empty()).then(|| view! {
                                <div class="notice">
                                    <p>{crate::domain::text::count_text(&overlaps.len().to_string(), t_string!(i18n, merge_overlaps_one), t_string!(i18n, merge_overlaps))}</p>
                                    {overlaps.iter().enumerate().map(|(k, o)| view! {
                                        <div class="overlap" role="group" aria-label=fill(t_string!(i18n, merge_overlap_n), &[("k", &(k + 1).to_string())])>
                                            <p class="meta">{fill(t_string!(i18n, merge_overlap_n), &[("k", &(k + 1).to_string())])}
                                                {(!o.base.trim().is_empty()).then(|| view! { " · "{t!(i18n, merge_overlap_now)}" “"{o.base.clone()}"”" })}
                                            </p>
                                            <div class="side-by-side">
                                                {o.wordings.iter().map(|(who, text)| {
                                                    let names = who.iter().filter_map(|i| sources.get(*i)).map(|s| format!("#{} {}", s.id, s.author)).collect::<Vec<_>>().join(", ");
                                                    view! {
                                                        <figure class="wording">
                                                            <figcaption>{names}</figcaption>
                                                            <blockquote>{text.clone()}</blockquote>
                                                        </figure>
                                                    }
                                                }).collect_view()}
                                            </div>
                                        </div>
                                    }).collect_view()}
                                    <p class="hint">{t!(i18n, merge_overlap_hint)}</p>
                                </div>
                            })}
                            <ActionForm action=propose attr:class="stack">
                                <input type="hidden" name="section_id" value=section_id.to_string()/>
                                <input type="hidden" name="ids" value=ids_value.clone()/>
                                <label for="merge-title">{t!(i18n, field_amendment_title)}</label>
                                <input id="merge-title" type="text" name="title" required maxlength=crate::domain::amendment::TITLE_MAX value=kept_or("title", default_title.clone())/>
                                <label for="merge-text">{t!(i18n, merge_text_label)}</label>
                                <textarea id="merge-text" name="text" rows="14" required>{textarea_text(kept_or("text", combined.text.clone()))}</textarea>
                                <label for="merge-why">{t!(i18n, field_justification)}</label>
                                <textarea id="merge-why" name="justification" rows="5" maxlength=crate::domain::amendment::JUSTIFICATION_MAX>{textarea_text(kept_or("justification", default_why.clone()))}</textarea>
                                <label for="merge-deadline">{t!(i18n, merge_deadline_label)}</label>
                                <p class="hint" id="merge-deadline-hint">{t!(i18n, merge_deadline_hint)}</p>
                                <input id="merge-deadline" type="text" name="deadline" required aria-describedby="merge-deadline-hint" value=kept_or("deadline", page.deadline.clone())/>
                                <button type="submit">{t!(i18n, merge_propose)}</button>
                            </ActionForm>
                        }
                    })}
                </section>
            })}
        </article>
    }
}
